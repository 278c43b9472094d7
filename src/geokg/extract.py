"""Event frames from the dependency parse, by rules declared in data/events.yaml.

A rule names trigger lemmas and the role each syntactic slot fills; this
module only knows how to find slots in a parse, turn the words in a slot
into linked entities, and read the status a frame gets from the words that
govern it ("said", "believe", "plans to", "talks covered"). Mentions of one
happening are merged into one event, as GDELT keeps events and mentions
apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Span, Token

from geokg import merge
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
    TimeValue,
)
from geokg.quantity import parse_quantity
from geokg.timex import Anchor, infer_anchor, resolve

# Dependents that open a clause of their own: their words are not part of the
# phrase they hang from ("troops [to assist Moscow]").
CLAUSE_DEPS = {"relcl", "acl", "ccomp", "advcl", "xcomp", "parataxis", "csubj"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
PLACE_RANK = ("City", "Region", "Place", COUNTRY)
PLACE_KINDS = set(PLACE_RANK)


@dataclass(frozen=True)
class Rule:
    """One declared trigger family member (see data/events.yaml)."""

    id: str
    type: str
    cameo: str
    pos: str
    lemmas: frozenset[str]
    slots: dict[str, str]
    requires: tuple[str, ...] = ()
    min_parties: int = 1
    actor_kinds: frozenset[str] = frozenset()
    target_kinds: frozenset[str] = frozenset()
    object_kind: str | None = None
    modifier_any: frozenset[str] = frozenset()
    host_lemmas: frozenset[str] = frozenset()
    needs_host_or_prep: bool = False
    status: str | None = None
    speaker: bool = False
    state_level: bool = False


@cache
def _data(name: str) -> dict:
    return yaml.safe_load(resources.files("geokg.data").joinpath(name).read_text("utf-8"))


@cache
def load_rules() -> dict[tuple[str, str], tuple[Rule, ...]]:
    """Rules indexed by (lemma, part of speech) for one lookup per token."""
    index: dict[tuple[str, str], list[Rule]] = {}
    for event_type, family in _data("events.yaml").items():
        for spec in family["rules"]:
            rule = Rule(
                id=spec["id"], type=event_type, cameo=str(spec.get("cameo", family["cameo"])),
                pos=spec["pos"], lemmas=frozenset(spec["lemmas"]), slots=dict(spec["slots"]),
                requires=tuple(spec.get("requires", ())),
                min_parties=int(spec.get("min_parties", 1)),
                actor_kinds=frozenset(spec.get("actor_kinds", ())),
                target_kinds=frozenset(spec.get("target_kinds", ())),
                object_kind=spec.get("object_kind"),
                modifier_any=frozenset(spec.get("modifier_any", ())),
                host_lemmas=frozenset(spec.get("host_lemmas", ())),
                needs_host_or_prep=bool(spec.get("needs_host_or_prep", False)),
                status=spec.get("status"), speaker=bool(spec.get("speaker", False)),
                state_level=bool(family.get("state_level", False)),
            )
            for lemma in rule.lemmas:
                index.setdefault((lemma, rule.pos), []).append(rule)
    return {key: tuple(rules) for key, rules in index.items()}


@cache
def lexicon() -> dict[str, frozenset[str]]:
    data = _data("lexicon.yaml")
    return {key: frozenset(value) for key, value in data.items()}


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
            if token.dep_ in SUBJECT_DEPS and _in_main_clause(token):
                keys = ctx.keys_in(_phrase(token)) or _resolve_pronoun(ctx, token)
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


def _in_main_clause(token: Token) -> bool:
    """A subject of the sentence's main verb or of a verb coordinated with it:
    the referent that "it" in the next clause most likely continues."""
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT" or verb.head.i == verb.i


def _phrase(token: Token) -> list[Token]:
    """The words of the phrase headed by `token`, without embedded clauses."""
    words = [token]
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS and child.dep_ not in ("punct", "cc"):
            words.extend(_phrase(child))
    return words


LOCATIVE_PREPS = {"in", "at", "near", "around", "inside", "outside", "along"}


def _participant_phrase(token: Token) -> list[Token]:
    """The phrase without locative modifiers: "his counterpart in Singapore"
    names a counterpart, not Singapore."""
    words = [token]
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS or child.dep_ in ("punct", "cc"):
            continue
        if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
            continue
        words.extend(_participant_phrase(child))
    return words


def _core(token: Token, ctx: Context, role: str = "") -> list[Token]:
    """A named head stands for itself: "Germany, the supplier of aid to Ukraine"
    is Germany. Only an unnamed head ("troops", "Minister") needs its modifiers."""
    if not ctx.by_token.get(token.i):
        if role in ("actor", "party", "target", "forces"):
            return _participant_phrase(token)
        return _phrase(token)
    return [token, *(c for c in token.children
                     if c.dep_ in ("compound", "flat", "poss", "case", "amod", "nmod"))]


def _conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _subject(token: Token) -> list[Token]:
    """The subject of a verb, looking through control ("expected to arrive")
    and relative clauses ("Japan, which has supplied")."""
    node = token
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            subject = subjects[0]
            if subject.tag_ in ("WDT", "WP") and node.dep_ == "relcl":
                return [node.head]
            return [subject]
        if node.dep_ == "relcl":
            return [node.head]
        if node.dep_ == "pcomp" and node.head.lower_ == "of":
            accused = [c for c in node.head.head.children if c.dep_ == "dobj"]
            if accused:
                return accused
        if node.dep_ in ("xcomp", "conj", "advcl", "acomp") and node.head.i != node.i:
            node = node.head
            continue
        break
    return []


def _host(token: Token) -> Token | None:
    """The verb that governs a noun trigger ("launched an offensive"), looking
    through containers ("approve a package of sanctions", "held hours of talks")."""
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    while (node.dep_ == "pobj" and node.head.lower_ == "of"
           and node.head.head.pos_ in ("NOUN", "NUM")):
        node = node.head.head
    if node.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "pobj", "dative"):
        head = node.head
        if head.dep_ == "prep" and node.dep_ == "pobj":
            head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
    return None


def _prep_objects(token: Token, prep: str, depth: int = 1) -> list[Token]:
    """Objects of a preposition on the token; failing that, on its own
    prepositional objects, where the parser often hangs them ("a visit by
    X to Lima" parsed as "X to Lima")."""
    objects: list[Token] = []
    inner: list[Token] = []
    for child in token.children:
        if child.dep_ not in ("prep", "dative", "agent"):
            continue
        found = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
        if child.lower_ == prep:
            objects.extend(found)
        else:
            inner.extend(found)
    if not objects and depth > 0:
        for obj in inner:
            objects.extend(_prep_objects(obj, prep, depth - 1))
    return objects


def slot_tokens(trigger: Token, slot: str) -> list[Token]:
    """The head tokens that fill a slot of the trigger (see data/events.yaml)."""
    if slot.startswith("host_"):
        host = _host(trigger)
        if host is None:
            return []
        inside = {t.i for t in trigger.subtree}
        return [t for t in slot_tokens(host, slot[5:].replace("subj", "nsubj"))
                if t.i not in inside and t.i != trigger.i]
    if slot.startswith("relcl_"):
        clauses = [c for c in trigger.children if c.dep_ in ("relcl", "acl")]
        inner = slot[6:].replace("subj", "nsubj")
        return [t for clause in clauses for t in slot_tokens(clause, inner)]
    if slot == "nsubj":
        return _subject(trigger)
    if slot == "self":
        return [trigger]
    if slot.startswith("prep:"):
        return _prep_objects(trigger, slot[5:])
    if slot == "agent":
        # "were rammed and boarded by X": coordinated verbs share their agent
        for verb in (trigger, *trigger.conjuncts):
            agents = [g for c in verb.children if c.dep_ == "agent"
                      for g in c.children if g.dep_ == "pobj"]
            if agents:
                return agents
        return []
    if slot == "relcl_dobj":
        clauses = [c for c in trigger.children if c.dep_ in ("relcl", "acl")]
        return [g for clause in clauses for g in clause.children if g.dep_ == "dobj"]
    if slot == "xcomp_dobj":
        purpose = lexicon()["purpose_verbs"]
        clauses = [t for t in trigger.subtree if t.dep_ in ("acl", "xcomp", "advcl", "relcl")
                   and t.lemma_.lower() in purpose]
        return [g for clause in clauses for g in clause.children if g.dep_ == "dobj"]
    return [c for c in trigger.children if c.dep_ == slot]


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


def _is_force(tokens: list[Token]) -> bool:
    forces = lexicon()["force_nouns"]
    return any(t.lemma_.lower() in forces or t.lower_ in forces for t in tokens)


def _resolve_pronoun(ctx: Context, token: Token) -> list[str]:
    if token.pos_ == "PRON" and token.lower_ in ("it", "they", "its", "their"):
        key = ctx.previous_subject(token.idx, {COUNTRY, "Organization"})
        return [key] if key else []
    return []


def _with_split_name(words: list[Token], ctx: Context) -> list[Token]:
    """Add a name the parser cut off a title ("Minister | Andrii Sybiha")."""
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


def _pair_before(token: Token, ctx: Context) -> list[str]:
    """"between the two nations": the two states named last before the phrase."""
    if not any(c.lower_ in ("two", "both") for c in token.children) and token.lower_ != "both":
        return []
    states: list[str] = []
    for previous in reversed(token.doc[token.sent.start: token.i]):
        for mention in ctx.by_token.get(previous.i, ()):
            if ctx.kind(mention.entity) == COUNTRY and mention.entity not in states:
                states.append(mention.entity)
    return states[:2] if len(states) >= 2 else []


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
    return ctx.keys_in(_phrase(token)) if role in ("target", "target_or_amount") else []


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
        for token in _conjuncts(head):
            words = _with_split_name(_core(token, ctx, role), ctx)
            keys = _without_own_states(
                ctx.keys_in(words) or _resolve_pronoun(ctx, token) or _pair_before(token, ctx)
                or _the_country(token, ctx, frame) or _located_target(token, role, ctx), ctx)
            if role == "destination" and _own_territory(token):
                continue
            if role == "forces":
                if frame.rule.object_kind == "force" and not _is_force(words):
                    continue
                frame.add("forces", keys)  # present, even when the forces have no nation
                frame.quantity = frame.quantity or _quantity(words, token)
            elif role == "destination":
                frame.add("destination", keys)
                frame.add("destination_head", [m.entity for m in ctx.by_token.get(token.i, ())])
            elif role == "target_or_amount":
                if keys:
                    frame.add("target", keys)
                frame.quantity = frame.quantity or _quantity(words, token, whole=True)
            elif role == "amount":
                frame.quantity = frame.quantity or _quantity(words, token, whole=True)
            elif role == "place":
                frame.add("place", [k for k in keys if ctx.kind(k) in PLACE_KINDS])
            else:
                frame.add(role, keys)


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
    host = _host(trigger)
    if rule.host_lemmas and host is not None and host.lemma_.lower() not in rule.host_lemmas:
        host = None
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
    if rule.object_kind == "not_force" and any(_is_force(_phrase(t)) for t in objects):
        return False
    if rule.object_kind not in (None, "force", "not_force") and not any(
            t.lemma_.lower() in lexicon()[f"{rule.object_kind}_objects"] for t in objects):
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
    clause = _host(frame.trigger) or frame.trigger
    while clause.dep_ not in ("relcl", "ROOT") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
        keys = [k for k in ctx.keys_in(_phrase(clause.head)) if ctx.kind(k) in PLACE_KINDS]
        directed = "destination" in frame.rule.slots.values()
        frame.add("destination" if directed else "place", keys)


def _place_within_clause(frame: Frame, ctx: Context) -> None:
    """"met X, Y, in Tbilisi": a place the parser hung on an argument is still
    where the event happened (only cities and regions, never a state)."""
    wants_place = {"place", "destination"} & set(frame.rule.slots.values())
    if not wants_place or frame.roles.get("destination") or frame.roles.get("place"):
        return
    for token in _phrase(frame.trigger):
        if token.dep_ == "pobj" and token.head.lower_ in ("in", "at"):
            keys = [k for k in ctx.keys_in(_phrase(token)) if ctx.kind(k) in PLACE_KINDS]
            if keys:
                frame.add("place", keys)
                return


def _derive_targets_from_destination(frame: Frame, ctx: Context) -> None:
    """A destination is the place; its state is the target, unless it is the actor's own."""
    destinations = frame.roles.get("destination", [])
    located = [k for k in destinations if ctx.kind(k) in ("City", "Region", "Place")]
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


def _states_for_places(keys: list[str], ctx: Context) -> list[str]:
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
            frame.roles[role] = _states_for_places(frame.roles[role], ctx)
    actors = set(frame.roles.get("actor", []))
    if "target" in frame.roles:
        frame.roles["target"] = [k for k in frame.roles["target"] if k not in actors]


# ----------------------------------------------------------------- status


@dataclass
class Stance:
    """How the article holds a frame: its status, who it credits, and whether to keep it."""

    status: str = "asserted"
    sources: list[str] = field(default_factory=list)
    source_how: list[str] = field(default_factory=list)  # how each source was mentioned
    keep: bool = True


def _modal_status(token: Token) -> str | None:
    lex = lexicon()
    deps = {(c.dep_, c.lower_) for c in token.children}
    if any(dep == "mark" and word in lex["hypothetical_marks"] for dep, word in deps):
        return "hypothetical"
    if any(dep == "neg" for dep, _ in deps):
        return "denied"
    if any(dep in ("aux", "auxpass") and word in ("will", "shall", "'ll") for dep, word in deps):
        return "planned"
    if any(dep == "aux" and word in ("could", "might", "may", "would") for dep, word in deps):
        return "discussed"
    return None


def stance(trigger: Token, ctx: Context, fixed: str | None = None) -> Stance:
    """Walk from the trigger up the parse: the nearest governing word decides."""
    lex = lexicon()
    result = Stance(status=fixed or "asserted")
    node = _host(trigger) or trigger
    own = _modal_status(node)
    if own == "hypothetical":
        return Stance(keep=False)
    if own and not fixed:
        result.status = own if own != "denied" else "denied"
    decided = own is not None or fixed is not None
    child = trigger
    verbs_left = 2 if trigger.pos_ == "NOUN" else 99
    while child.head.i != child.i and verbs_left > 0:
        head = child.head
        if head.pos_ in ("VERB", "AUX"):
            verbs_left -= 1
        lemma = head.lemma_.lower()
        modal = _modal_status(head) if child.dep_ in ("xcomp", "ccomp", "advcl") else None
        if modal == "hypothetical" or (child.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in lex["hypothetical_marks"]
                for c in child.children)):
            return Stance(keep=False)
        if modal in ("planned", "discussed") and not decided:
            result.status = modal
            decided = True
        if child.dep_ in ("ccomp", "xcomp", "dobj", "advcl", "pobj", "prep", "conj") and (
                not decided):
            status = _status_of_governor(lemma, child.dep_)
            if status and trigger.pos_ == "NOUN" and status in ("reported", "alleged"):
                status = None
            if status:
                result.status = status
                decided = True
                if status in ("reported", "alleged", "denied"):
                    subjects = _subject(head)
                    words = [w for s in subjects for w in _phrase(s)]
                    result.sources = _states_for_places(ctx.keys_in(words), ctx)
                    result.source_how = [m.how for m in ctx.mentions_in(words)]
                    if any(s.lemma_.lower() in lex["anonymous_sources"] for s in subjects):
                        result.source_how = ["demonym"]  # "a source in Kyiv": anonymous
        child = head
    if not result.sources and trigger.pos_ != "NOUN":
        according = _according_to(trigger.sent, ctx)
        if according:
            result.sources = according
            result.source_how = ["according"]
            if result.status == "asserted":
                result.status = "reported"
    return result


def _status_of_governor(lemma: str, dep: str) -> str | None:
    lex = lexicon()
    if lemma in lex["denying_verbs"]:
        return "denied"
    if lemma in lex["alleging_verbs"]:
        return "alleged"
    if lemma in lex["reporting_verbs"] and dep in ("ccomp", "conj"):
        return "reported"
    if lemma in lex["planning_words"] and dep in ("xcomp", "ccomp"):
        return "planned"
    if lemma in lex["commitment_verbs"] and dep in ("dobj", "prep", "pobj"):
        return "planned"
    if lemma in lex["discussing_words"] and dep in ("dobj", "xcomp", "ccomp", "pobj", "prep",
                                                    "advcl"):
        return "discussed"
    return None


def _according_to(sentence: Span, ctx: Context) -> list[str]:
    for token in sentence:
        if token.lower_ == "according" and token.dep_ == "prep":
            objects = [g for c in token.children if c.lower_ == "to"
                       for g in c.children if g.dep_ == "pobj"]
            return [k for o in objects for k in ctx.keys_in(_phrase(o))]
    return []


# ----------------------------------------------------------------- time


def _time_of(frame: Frame, ctx: Context, future: bool) -> TimeValue | None:
    """The date expression attached to the trigger's own clause, resolved."""
    anchors = {frame.trigger.i}
    host = _host(frame.trigger)
    if host is not None:
        anchors.add(host.i)
    best: tuple[int, Span] | None = None
    for ent in frame.trigger.sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        distance = _distance_to(ent.root, anchors)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, ent)
    if best is None:
        governor = _governing_verb(frame.trigger)
        if governor is None:
            return None
        for ent in frame.trigger.sent.ents:
            if ent.label_ in ("DATE", "TIME") and _distance_to(ent.root, {governor.i}) is not None:
                best = (0, ent)
                break
        if best is None:
            return None
        future = False  # the governing clause (a decision, a report) is not the plan
    ent = best[1]
    prep = ent.root.head.lower_ + " " if ent.root.head.dep_ == "prep" else ""
    return resolve(prep + ent.text, ctx.anchor, future=future)


def _governing_verb(trigger: Token) -> Token | None:
    """The reporting or governing verb whose clause contains the trigger's clause."""
    node = _host(trigger) or trigger
    if node.dep_ in ("ccomp", "xcomp", "advcl") and node.head.pos_ in ("VERB", "AUX"):
        return node.head
    return None


def _distance_to(token: Token, anchors: set[int], limit: int = 4) -> int | None:
    node = token
    for steps in range(limit + 1):
        if node.i in anchors:
            return steps
        if node.head.i == node.i or node.pos_ in ("VERB",) and steps > 0:
            return None
        node = node.head
    return None


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
    subjects = _subject(trigger)
    if not subjects or any(s.lemma_.lower() in lex["anonymous_sources"] for s in subjects):
        return False
    head = subjects[0]
    if trigger.dep_ == "relcl" or any(
            c.dep_ == "dobj" and c.lemma_.lower() in lex["empty_speech"] for c in trigger.children):
        return False
    named = any(ctx.kind(m.entity) == PERSON for m in ctx.mentions_in(_phrase(head)))
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
    if not _anonymous(how.source_how):
        sources = [s for s in sources if s not in actors and not _same_state(ctx, s, actors)]
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
        place=frame.place, time=_time_of(frame, ctx, future=status == "planned"),
        quantity=frame.quantity, status=status, attributed_to=sources,
        mentions=[mention], quote=_quote(sentence) if rule.speaker else None,
        cameo=cameo, rule=rule.id,
    )


def _anonymous(hows: list[str]) -> bool:
    """Sources named only by nationality ("Ukrainian officials") are not the actor speaking."""
    return bool(hows) and all(h in ("demonym", "according") for h in hows)


def _same_state(ctx: Context, source: str, actors: list[str]) -> bool:
    """A state reporting its own act asserts it ("China said it was freezing")."""
    state = ctx.country_of(source)
    return state is not None and state in {ctx.country_of(a) for a in actors}


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
SITUATED = ("Meeting", "Statement", "Agreement", "Visit")
SCENES = ("Visit", "Meeting")


def situate(events: list[Event], ctx: Context) -> list[Event]:
    """Give undated, unplaced diplomatic events the time and place of the visit or
    meeting their people were last seen at, then the dateline's city."""
    dateline = next((m.entity for m in ctx.linked.mentions if m.how == "dateline"), None)
    ordered = sorted(events, key=lambda e: e.mentions[0].sentence.start)
    for i, event in enumerate(ordered):
        if event.status == "discussed" and event.time is None:
            talks = _scene_before(event, ordered[:i], ctx, anyone=True)
            event.time = talks.time if talks else None
        if event.type not in SITUATED:
            continue
        scene = _scene_before(event, ordered[:i], ctx)
        if scene is not None and (event.time is None or event.time == scene.time):
            event.place = event.place or scene.place
            event.time = event.time or scene.time
        if dateline is not None and event.status != "planned" and (
                event.place is None or ctx.country_of(dateline) == event.place):
            event.place = dateline
    return events


def _scene_before(event: Event, earlier: list[Event], ctx: Context,
                  anyone: bool = False) -> Event | None:
    """The latest visit or meeting that took place before the event, with one of
    its people (or, for what was only discussed, any: talks discuss things)."""
    people = {k for k in event.actors + event.targets if ctx.kind(k) == PERSON}
    for scene in reversed(earlier):
        if (scene.type in SCENES and scene.status != "planned" and (scene.place or scene.time)
                and (anyone or people & set(scene.actors + scene.targets))):
            return scene
    return None
