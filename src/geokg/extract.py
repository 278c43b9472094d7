"""Event frames from the dependency parse, by rules declared in data/events.yaml.

A rule (geokg.rules) names trigger lemmas and the role each syntactic slot
fills; this module turns the words in each slot (geokg.syntax) into linked
entities, a quantity and a date, asks geokg.stance for the status and the
source, merges the frames of one happening (geokg.merge) and places undated
diplomatic events in their scene (geokg.situate).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from geokg import merge
from geokg.dating import past_tense, time_of
from geokg.model import (
    COUNTRY,
    PERSON,
    Article,
    Event,
    EventMention,
    Linked,
    Mention,
    Quantity,
    Sentence,
)
from geokg.quantity import number_word, parse_quantity
from geokg.rules import Rule, lexicon, load_rules
from geokg.situate import situate
from geokg.stance import anonymous, same_state, stance
from geokg.syntax import (
    SUBJECT_DEPS,
    beside,
    conjuncts,
    host_verb,
    in_main_clause,
    participant_phrase,
    phrase,
    slot_tokens,
    subject,
)
from geokg.timex import Anchor, infer_anchor

PLACE_RANK = ("City", "Region", "Place", COUNTRY)
PLACE_KINDS = set(PLACE_RANK)


# ----------------------------------------------------------------- context


@dataclass
class Context:
    """What every rule application needs to see of the article."""

    article: Article
    doc: Doc
    linked: Linked
    anchor: Anchor | None
    by_token: dict[int, list[Mention]] = field(default_factory=dict)
    subjects: list[tuple[int, str]] = field(default_factory=list)  # (char, entity key)

    @classmethod
    def build(cls, article: Article, doc: Doc, linked: Linked) -> Context:
        ctx = cls(article, doc, linked, infer_anchor(article.published, article.text))
        offset = article.body_start
        for mention in linked.mentions:
            for token in doc.char_span(mention.start - offset, mention.end - offset,
                                       alignment_mode="expand") or ():
                ctx.by_token.setdefault(token.i, []).append(mention)
        for token in doc:
            if token.dep_ in SUBJECT_DEPS and in_main_clause(token):
                keys = ctx.keys_in(phrase(token)) or _resolve_pronoun(ctx, token)
                ctx.subjects.extend((token.idx, key) for key in keys)
        return ctx

    def char(self, token: Token) -> int:
        return self.article.body_start + token.idx

    def mentions_in(self, tokens: Iterable[Token]) -> list[Mention]:
        seen: dict[tuple[int, int], Mention] = {}
        for token in tokens:
            for mention in self.by_token.get(token.i, ()):
                seen.setdefault((mention.start, mention.end), mention)
        return sorted(seen.values(), key=lambda m: m.start)

    def keys_in(self, tokens: Iterable[Token]) -> list[str]:
        keys: list[str] = []
        for mention in self.mentions_in(tokens):
            if mention.entity not in keys:
                keys.append(mention.entity)
        return keys

    def kind(self, key: str) -> str:
        entity = self.linked.entities.get(key)
        return entity.type if entity else ""

    def places_as_states(self, keys: list[str]) -> list[str]:
        return states_for_places(keys, self)

    def country_of(self, key: str) -> str | None:
        """The state an entity belongs to, as an entity key, if it is linked."""
        entity = self.linked.entities.get(key)
        if entity is None or not entity.country:
            return None
        if entity.type == COUNTRY:
            return key
        country = f"country/{entity.country}"
        return country if country in self.linked.entities else None

    def previous_subject(self, before: int, kinds: set[str]) -> str | None:
        """The latest subject entity of a kind before a character offset ("it", "they")."""
        for start, key in reversed(self.subjects):
            if start < before and self.kind(key) in kinds:
                return key
        return None


# ----------------------------------------------------------------- slots


def _core(token: Token, ctx: Context, role: str = "") -> list[Token]:
    """A named head stands for itself: "Germany, the supplier of aid to Ukraine"
    is Germany. Only an unnamed head ("troops", "Minister") needs its modifiers."""
    if not ctx.by_token.get(token.i):
        if role in ("actor", "party", "target", "forces"):
            return participant_phrase(token)
        if role == "destination":  # "Israeli towns near Gaza" are Israel's
            return phrase(token, beside)
        return phrase(token)
    return [token, *(c for c in token.children
                     if c.dep_ in ("compound", "flat", "poss", "case", "amod", "nmod"))]


# ----------------------------------------------------------------- frames


@dataclass
class Frame:
    """Roles found for one trigger, before they become an Event."""

    rule: Rule
    trigger: Token
    roles: dict[str, list[str]] = field(default_factory=dict)
    quantity: Quantity | None = None
    place: str | None = None

    def add(self, role: str, keys: Iterable[str]) -> None:
        bucket = self.roles.setdefault(role, [])
        bucket.extend(k for k in keys if k not in bucket)


def _is_force(tokens: list[Token], equipment: bool = False) -> bool:
    """Troops and units; with `equipment`, armed equipment too."""
    words = lexicon()["force_nouns"] | (lexicon()["equipment_nouns"] if equipment else set())
    return any(t.lemma_.lower() in words or t.lower_ in words for t in tokens)


def _is_materiel(head: Token) -> bool:
    """Troops, weapons or aid as an object ("will host Russian nuclear weapons")."""
    return _is_force([head], equipment=True) or head.lemma_.lower() in lexicon()["aid_objects"]


def _resolve_pronoun(ctx: Context, token: Token) -> list[str]:
    if token.pos_ == "PRON" and token.lower_ in ("it", "they", "its", "their"):
        key = ctx.previous_subject(token.idx, {COUNTRY, "Organization"})
        return [key] if key else []
    return []


def _with_split_name(words: list[Token], ctx: Context) -> list[Token]:
    """Add a name the parser cut off a title ("Minister | Elena Soto")."""
    last = max(words, key=lambda t: t.i)
    doc = last.doc
    if last.pos_ != "PROPN" or last.i + 1 >= len(doc):
        return words
    following = doc[last.i + 1]
    people = [m for m in ctx.by_token.get(following.i, ()) if ctx.kind(m.entity) == PERSON]
    if not people or ctx.by_token.get(last.i):
        return words
    offset = ctx.article.body_start
    extra = [t for t in doc[last.i + 1:] if t.idx + offset < people[0].end]
    return words + extra


def _group_size(word: str) -> int:
    """2 for "both", N for a number word of two or more ("the four"), else 0."""
    size = 2 if word.lower() == "both" else number_word(word) or 0
    return size if size >= 2 else 0


def _pair_before(token: Token, ctx: Context) -> list[str]:
    """"between the two nations", "the two signed", "the four agreed": the people, or
    else the states, named last before the phrase: in its sentence, failing that in
    the sentence before (where "the four" were introduced)."""
    size = _group_size(token.lower_) or next(
        (n for c in token.children if (n := _group_size(c.lower_))), 0)
    if not size:
        return []
    doc = token.doc
    previous = doc[token.sent.start - 1].sent if token.sent.start > 0 else None
    scopes = [doc[token.sent.start: token.i]]
    if previous is not None:
        scopes.append(doc[previous.start: token.i])
    wanted = (COUNTRY,) if token.lemma_.lower() in lexicon()["state_nouns"] else (
        PERSON, COUNTRY)
    for scope in scopes:
        earlier = [m for tok in reversed(scope) for m in ctx.by_token.get(tok.i, ())]
        for kind in wanted:
            found = list(dict.fromkeys(m.entity for m in earlier if ctx.kind(m.entity) == kind))
            if len(found) >= size:
                return found[:size]
    return []


def _the_country(token: Token, ctx: Context, frame: Frame) -> list[str]:
    """"sent to the country": the state named last before, other than the actor's."""
    if token.lemma_.lower() not in ("country", "nation") or not any(
            c.lower_ == "the" for c in token.children):
        return []
    taken = set(frame.roles.get("actor", [])) | set(frame.roles.get("forces", []))
    taken |= {ctx.country_of(k) for k in taken}
    before = ctx.char(token)
    for mention in sorted(ctx.linked.mentions, key=lambda m: -m.start):
        if mention.start < before and ctx.kind(mention.entity) == COUNTRY \
                and mention.entity not in taken:
            return [mention.entity]
    return []


def _located_target(token: Token, role: str, ctx: Context) -> list[str]:
    """"struck a refinery in Russia's Ryazan region": a target named only by
    where it is belongs to that place's state."""
    return ctx.keys_in(phrase(token)) if role in ("target", "target_or_amount") else []


def _own_territory(token: Token) -> bool:
    """"to its border with Belarus": a destination that is the actor's own."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)


def _without_own_states(keys: list[str], ctx: Context) -> list[str]:
    """"Ukrainian minister X": the demonym says whose minister, not another party."""
    own = {ctx.linked.entities[k].country for k in keys
           if ctx.kind(k) in (PERSON, "Organization", "MilitaryUnit")
           and ctx.linked.entities[k].country}
    return [k for k in keys if not (ctx.kind(k) == COUNTRY and k.split("/")[-1] in own)]


def _fill(frame: Frame, ctx: Context, role: str, heads: list[Token]) -> None:
    for head in heads:
        for token in conjuncts(head):
            words = _with_split_name(_core(token, ctx, role), ctx)
            keys = _without_own_states(
                ctx.keys_in(words) or _resolve_pronoun(ctx, token) or _pair_before(token, ctx)
                or _the_country(token, ctx, frame) or _located_target(token, role, ctx), ctx)
            if role == "destination" and _own_territory(token):
                continue
            if role == "forces":
                kind = frame.rule.object_kind
                if kind in ("force", "force_or_equipment") and not _is_force(
                        words, equipment=kind == "force_or_equipment"):
                    continue
                frame.add("forces", keys)  # present, even when the forces have no nation
                frame.quantity = frame.quantity or _quantity(words, token)
            elif role == "destination":
                frame.add("destination", keys)
                frame.add("destination_head", [m.entity for m in ctx.by_token.get(token.i, ())])
            elif role == "target_or_amount":
                if keys:
                    frame.add("target", keys)
                frame.quantity = frame.quantity or _quantity(words + _worth(token), token,
                                                             whole=True)
            elif role == "amount":
                frame.quantity = frame.quantity or _quantity(words + _worth(token), token,
                                                             whole=True)
            elif role == "place":
                frame.add("place", [k for k in keys if ctx.kind(k) in PLACE_KINDS])
            else:
                frame.add(role, keys)


def _worth(token: Token) -> list[Token]:
    """"pledged 12 howitzers worth 150 million euros": the value, which the parser
    may hang on the verb rather than on the things it prices."""
    for node in (token, token.head):
        for child in node.children:
            if child.lower_ == "worth" and child.i > token.i:
                return phrase(child)
    return []


def _quantity(words: list[Token], head: Token, whole: bool = False) -> Quantity | None:
    """The amount in a phrase: before its head noun for forces ("12,000 troops"),
    anywhere in it for amounts ("12 howitzers worth 150 million euros")."""
    ordered = sorted(words, key=lambda t: t.i)
    end = ordered[-1].i + 1 if whole else head.i + 1
    span = head.doc[ordered[0].i: end]
    return parse_quantity(span.text, noun=head.lemma_.lower() if head.pos_ == "NOUN" else None)


def _has_modifier(trigger: Token, words: frozenset[str]) -> bool:
    if not words:
        return True
    mods = [c for c in trigger.children if c.dep_ in ("amod", "compound", "npadvmod", "nmod")]
    mods += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of"
             for g in c.children if g.dep_ == "pobj"]
    tokens = [t for m in mods for t in m.subtree]
    return any(t.lower_ in words or t.lemma_.lower() in words for t in tokens)


def apply_rule(rule: Rule, trigger: Token, ctx: Context) -> Frame | None:
    """Fill the rule's slots from the parse; None when a required role is empty."""
    if not _has_modifier(trigger, rule.modifier_any):
        return None
    host = host_verb(trigger)
    if rule.host_lemmas and host is not None and host.lemma_.lower() not in rule.host_lemmas:
        host = None
    if rule.needs_host and host is None:
        return None
    if rule.needs_host_or_prep and host is None and not any(
            c.dep_ in ("prep", "agent") for c in trigger.children):
        return None
    frame = Frame(rule, trigger)
    for slot, role in rule.slots.items():
        if slot.startswith("host_") and host is None:
            continue
        _fill(frame, ctx, role, slot_tokens(trigger, slot))
    return frame if _complete(frame, ctx) else None


def _complete(frame: Frame, ctx: Context) -> bool:
    rule = frame.rule
    roles = frame.roles
    objects = slot_tokens(frame.trigger, "dobj")
    if rule.object_kind == "not_force" and any(_is_force(phrase(t)) for t in objects):
        return False
    if rule.object_kind == "not_materiel" and any(_is_materiel(t) for t in objects):
        return False
    if (frame.trigger.lemma_.lower() in rule.destination_not_state
            and any(ctx.kind(k) == COUNTRY for k in roles.get("destination_head", []))):
        return False
    if rule.object_kind not in (None, "force", "force_or_equipment", "not_force",
                                "not_materiel"):
        words = (lexicon().get(f"{rule.object_kind}_objects")
                 or lexicon()[f"{rule.object_kind}_nouns"])
        if not any(t.lemma_.lower() in words for t in objects):
            return False
    _derive_actor_from_forces(frame, ctx)
    _place_from_where_clause(frame, ctx)
    _place_within_clause(frame, ctx)
    _derive_targets_from_destination(frame, ctx)
    _filter_kinds(frame, ctx)
    for role in rule.requires:
        if role == "party":
            if len(roles.get("party", [])) < rule.min_parties:
                return False
        elif role == "forces":
            if role not in roles:
                return False
        elif not roles.get(role):
            return False
    return True


def _derive_actor_from_forces(frame: Frame, ctx: Context) -> None:
    """"North Korean troops were sent": the forces' state is the sender."""
    forces = frame.roles.get("forces", [])
    if not forces:
        return
    states = [ctx.country_of(k) or k for k in forces]
    if not frame.roles.get("actor"):
        frame.add("actor", [s for s in states if s])
    else:
        frame.add("actor", [k for k in forces if ctx.kind(k) != COUNTRY])


def _place_from_where_clause(frame: Frame, ctx: Context) -> None:
    """"the region, where forces launched an offensive": the region is the place."""
    if frame.roles.get("destination") or frame.roles.get("place"):
        return
    clause = host_verb(frame.trigger) or frame.trigger
    while clause.dep_ not in ("relcl", "ROOT") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
        keys = [k for k in ctx.keys_in(phrase(clause.head)) if ctx.kind(k) in PLACE_KINDS]
        directed = "destination" in frame.rule.slots.values()
        frame.add("destination" if directed else "place", keys)


def _place_within_clause(frame: Frame, ctx: Context) -> None:
    """"met X, Y, in Tbilisi": a place the parser hung on an argument is still
    where the event happened (only cities and regions, never a state)."""
    wants_place = {"place", "destination"} & set(frame.rule.slots.values())
    if not wants_place or frame.roles.get("destination") or frame.roles.get("place"):
        return
    for token in phrase(frame.trigger):
        if token.dep_ == "pobj" and token.head.lower_ in ("in", "at"):
            keys = [k for k in ctx.keys_in(phrase(token)) if ctx.kind(k) in PLACE_KINDS]
            if keys:
                frame.add("place", keys)
                return


def _derive_targets_from_destination(frame: Frame, ctx: Context) -> None:
    """A destination is the place; its state is the target, unless it is the actor's own."""
    destinations = frame.roles.get("destination", [])
    # where a named place lies says whose it is ("a base at Ramstein in Germany" is
    # German, whatever "US" modifies); failing that, any state the phrase names
    located = [k for k in destinations
               if ctx.kind(k) in ("City", "Region", "Place") and ctx.country_of(k)]
    heads = [k for k in frame.roles.get("destination_head", []) if ctx.kind(k) != "Place"]
    for key in located + heads or destinations:
        state = ctx.country_of(key)
        if ctx.kind(key) == "Organization":
            frame.add("target", [key])
        elif state:
            frame.add("target", [state])
    places = frame.roles.get("place", []) + destinations
    ranked = sorted((k for k in places if ctx.kind(k) in PLACE_KINDS),
                    key=lambda k: PLACE_RANK.index(ctx.kind(k)))
    if ranked:
        frame.place = ranked[0]


def states_for_places(keys: list[str], ctx: Context) -> list[str]:
    """A city cannot act or be sanctioned: in those roles it stands for its state
    ("sanctions on Tehran"); a place with no known state is dropped."""
    out: list[str] = []
    for key in keys:
        if ctx.kind(key) in ("City", "Region", "Place"):
            key = ctx.country_of(key)
        if key and key not in out:
            out.append(key)
    return out


def _filter_kinds(frame: Frame, ctx: Context) -> None:
    rule = frame.rule
    if rule.actor_kinds:
        for role in ("actor", "party"):
            if role in frame.roles:
                frame.roles[role] = [k for k in frame.roles[role]
                                     if ctx.kind(k) in rule.actor_kinds]
    if rule.target_kinds and "target" in frame.roles:
        frame.roles["target"] = [k for k in frame.roles["target"]
                                 if ctx.kind(k) in rule.target_kinds]
    for role in ("actor", "party", "target"):
        if role in frame.roles:
            frame.roles[role] = states_for_places(frame.roles[role], ctx)
    actors = set(frame.roles.get("actor", []))
    if "target" in frame.roles:
        frame.roles["target"] = [k for k in frame.roles["target"] if k not in actors]


# ----------------------------------------------------------------- status


# ----------------------------------------------------------------- events


def _quote(sentence: Span) -> str | None:
    text = sentence.text
    for open_mark, close_mark in (("\u201c", "\u201d"), ('"', '"')):
        start = text.find(open_mark)
        end = text.find(close_mark, start + 1) if start >= 0 else -1
        if start >= 0 and end > start + 1:
            return text[start + 1:end].strip()
    return None


def _is_speaker(trigger: Token, ctx: Context) -> bool:
    """A named person, body or state speaks; "officials" or "support for X" do not."""
    lex = lexicon()
    subjects = subject(trigger)
    if not subjects or any(s.lemma_.lower() in lex["anonymous_sources"] for s in subjects):
        return False
    head = subjects[0]
    if trigger.dep_ == "relcl" or any(
            c.dep_ == "dobj" and c.lemma_.lower() in lex["empty_speech"] for c in trigger.children):
        return False
    named = any(ctx.kind(m.entity) == PERSON for m in ctx.mentions_in(phrase(head)))
    return (bool(ctx.by_token.get(head.i)) or named
            or head.lemma_.lower() in lex["speaker_nouns"])


def to_event(frame: Frame, ctx: Context) -> Event | None:
    rule = frame.rule
    if rule.speaker and not _is_speaker(frame.trigger, ctx):
        return None
    how = stance(frame.trigger, ctx, fixed=rule.status)
    if not how.keep:
        return None
    actors = frame.roles.get("actor", []) + frame.roles.get("party", [])
    if rule.state_level:
        states = [ctx.country_of(a) for a in actors]
        actors = actors + list(dict.fromkeys(s for s in states if s and s not in actors))
    sources = how.sources
    if not anonymous(how.source_how):
        sources = [s for s in sources if s not in actors and not same_state(ctx, s, actors)]
    status = how.status
    if status == "reported" and not sources:
        status = "asserted"
    if rule.speaker:
        status = "reported" if sources else "asserted"
    sentence = frame.trigger.sent
    offset = ctx.article.body_start
    text = sentence.text.rstrip()
    start = offset + sentence.start_char + (len(text) - len(text.lstrip()))
    mention = EventMention(
        sentence=Sentence(start, start + len(text.strip()), text.strip()),
        trigger=frame.trigger.text,
        trigger_start=offset + frame.trigger.idx,
        trigger_end=offset + frame.trigger.idx + len(frame.trigger.text),
    )
    cameo = rule.cameo
    if rule.speaker and frame.trigger.lemma_.lower() == "accuse":
        cameo = "112"
    return Event(
        type=rule.type, actors=actors, targets=frame.roles.get("target", []),
        place=frame.place, time=time_of(frame, ctx, status),
        quantity=frame.quantity, status=status, attributed_to=sources,
        mentions=[mention], quote=_quote(sentence) if rule.speaker else None,
        cameo=cameo, rule=rule.id,
        narrated=past_tense(host_verb(frame.trigger) or frame.trigger, perfect=False),
    )


def frames(doc: Doc, ctx: Context) -> Iterator[Frame]:
    rules = load_rules()
    for token in doc:
        pos = "VERB" if token.pos_ == "AUX" and token.lemma_ != "be" else token.pos_
        for rule in rules.get((token.lemma_.lower(), pos), ()):
            frame = apply_rule(rule, token, ctx)
            if frame is not None:
                yield frame
                break


def _only_sources(frame: Frame, others: list[Frame]) -> bool:
    """"X happened, officials said": a speech verb after its content, when the
    content is itself an event, credits that event rather than being one."""
    content = [c for c in frame.trigger.children if c.dep_ == "ccomp" and c.i < frame.trigger.i]
    inside = {t.i for c in content for t in c.subtree}
    return any(o.trigger.i in inside for o in others if not o.rule.speaker)


def _announces(frame: Frame, others: list[Frame]) -> bool:
    """"Washington announced a package": the object is the event, not a remark."""
    objects = {t.i for c in frame.trigger.children if c.dep_ == "dobj" for t in c.subtree}
    return any(o.trigger.i in objects for o in others if not o.rule.speaker)


def extract(article: Article, doc: Doc, linked: Linked) -> list[Event]:
    """All events of the article, one per happening, each with its mentions."""
    ctx = Context.build(article, doc, linked)
    found = list(frames(doc, ctx))
    kept = [f for f in found if not (f.rule.speaker and (_only_sources(f, found)
                                                         or _announces(f, found)))]
    events = [e for f in kept if (e := to_event(f, ctx)) is not None]
    return situate(merge.merge_events(events, linked), ctx)


# Events that happen where and when their participants are: a statement made
# by a visiting minister is made at the visit.
