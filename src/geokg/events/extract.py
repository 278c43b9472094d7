"""Events from the dependency parse: the extraction's entry point and its steps in order.

Rules declared in data/events.yaml find frames (geokg.events.roles fills each
frame's event roles, geokg.events.derive draws what they imply); this module turns
each frame into an event, asking geokg.events.stance for the status and the source
and geokg.events.dating for the date, merges the events of one happening
(geokg.events.merge), runs the passes over the merged events
(geokg.events.after_merge) and places undated diplomatic events in their scene
(geokg.events.situate). `extract` declares the order of these steps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Token

from geokg.events import merge
from geokg.events.after_merge import (
    abroad_only,
    counters_answer,
    counts_told_after,
    join_listings,
    listed_again,
    places_told_after,
    recipients_from_context,
    without_imposers,
)
from geokg.events.context import Context
from geokg.events.dating import past_tense, time_of
from geokg.events.derive import quantity_in
from geokg.events.roles import apply_rule
from geokg.events.rules import Frame, event_types, load_rules
from geokg.events.situate import situate
from geokg.events.stance import credited, stance
from geokg.language.frames import content_head, is_passive, lemma_key, role_tokens
from geokg.language.lexicon import lexicon
from geokg.language.memo import lower_lemmas
from geokg.language.sentences import sentence_of, sentence_text
from geokg.language.syntax import (
    free_adjunct_clause,
    gapped_amounts,
    gapped_clauses,
    host_verb,
    phrase,
    subject,
    trailing_report,
    word_class,
)
from geokg.model import (
    ORGANIZATION,
    PERSON,
    Article,
    Event,
    EventMention,
    Linked,
    Mention,
    Sentence,
)
from geokg.read.markdown import quoted_sentence


def _quote(text: str) -> str | None:
    """The first quotation in a sentence's text."""
    for open_mark, close_mark in (("\u201c", "\u201d"), ('"', '"')):
        start = text.find(open_mark)
        end = text.find(close_mark, start + 1) if start >= 0 else -1
        if start >= 0 and end > start + 1:
            return text[start + 1:end].strip()
    return None


def _describes_its_subject(trigger: Token) -> bool:
    """"Peru, which said ...", "officials who warned ...": a relative clause whose
    subject is its antecedent describes that speaker in passing, and "components that
    Washington says are ..." a standing position; "criticism the Kremlin said on
    Monday it rejected", a past act with a subject of its own, is a statement."""
    return trigger.dep_ == "relcl" and trigger.tag_ != "VBD"


def _is_speaker(trigger: Token, ctx: Context) -> bool:
    """A named person, body or state speaks; "officials" or "support for X" do not."""
    lex = lexicon()
    # "firms accused of ...", "it was announced": no speaker acts; "the plan was
    # criticised by Bolivia": the passive's agent does
    subjects = role_tokens(trigger, "agent") if is_passive(trigger) else subject(trigger)
    if not subjects or any(s.lemma_.lower() in lex["anonymous_sources"] for s in subjects):
        return False
    head = subjects[0]
    if _describes_its_subject(trigger) or any(
            c.dep_ == "dobj" and c.lemma_.lower() in lex["empty_speech"] for c in trigger.children):
        return False
    if trigger.lemma_.lower() in lex["clause_only_speech"] and not any(
            c.dep_ in ("ccomp", "parataxis") for c in trigger.children) and _quote(
            sentence_text(trigger)) is None:
        return False
    named = any(ctx.kind(m.entity) == PERSON for m in ctx.mentions_in(phrase(head)))
    return (bool(ctx.by_token.get(head.i)) or named
            or head.lemma_.lower() in lex["speaker_nouns"])


def to_event(frame: Frame, ctx: Context) -> Event | None:
    rule = frame.rule
    if rule.speaker and not _is_speaker(frame.trigger, ctx):
        return None
    how = stance(frame.trigger, ctx, fixed=rule.status, joint=event_types()[rule.type].symmetric)
    if not how.keep:
        return None
    actors = frame.roles.get("actor", []) + frame.roles.get("party", [])
    if rule.state_level:
        states = [ctx.country_of(a) for a in actors]
        actors = actors + list(dict.fromkeys(s for s in states if s and s not in actors))
    sources = credited(how, actors, ctx)
    status = how.status
    if status == "reported" and not sources and not how.unnamed_source:
        status = "asserted"
    if rule.speaker:  # a remark is reported only by someone other than its speaker
        sources = [s for s in sources if s not in actors]
        status = "reported" if sources else "asserted"
    sentence = sentence_of(frame.trigger)
    offset = ctx.article.body_start
    text = sentence_text(frame.trigger).rstrip()
    start = offset + sentence.start_char + (len(text) - len(text.lstrip()))
    end = start + len(text.strip())
    start, quoted = quoted_sentence(ctx.article.path, start, text.strip())
    mention = EventMention(
        sentence=Sentence(start, end, quoted),
        trigger=frame.trigger.text,
        trigger_start=offset + frame.trigger.idx,
        trigger_end=offset + frame.trigger.idx + len(frame.trigger.text),
    )
    cameo = rule.cameo
    if rule.speaker and frame.trigger.lemma_.lower() == "accuse":
        cameo = "112"
    targets = frame.roles.get("target", [])
    if event_types()[rule.type].organs_hit_state:
        targets = targets + _states_of_organs(targets, ctx)
    return Event(
        type=rule.type, actors=actors, targets=targets,
        place=frame.place, time=time_of(frame, ctx, status) or (
            time_of(replace(frame, trigger=frame.antecedent), ctx, status)
            if frame.antecedent is not None else None),
        quantity=frame.quantity, status=status, attributed_to=sources,
        mentions=[mention], quote=_quote(sentence_text(frame.trigger)) if rule.speaker else None,
        cameo=cameo, rule=rule.id,
        narrated=past_tense(host_verb(frame.trigger) or frame.trigger, perfect=False),
        nominal=rule.pos == "NOUN", separate=_marked_separate(frame.trigger),
    )


def _states_of_organs(targets: list[str], ctx: Context) -> list[str]:
    """"sanctioned Russian intelligence agencies", "measures on Iran's central bank":
    a measure on a state's bodies is a measure on the state, which is a target too."""
    states = (ctx.country_of(k) for k in targets if ctx.kind(k) == ORGANIZATION)
    return [s for s in dict.fromkeys(states) if s and s not in targets]


def _marked_separate(trigger: Token) -> bool:
    """"a separate bilateral meeting", "another round of talks", "in a separate
    decision": the article says this is not the happening it told before."""
    words = lexicon()["separate_words"]
    nodes = [trigger, *role_tokens(trigger, "patient"),
             *(g for c in trigger.children if c.dep_ == "prep" for g in c.children
               if g.dep_ == "pobj")]
    if trigger.dep_ == "pobj":  # "in a separate decision on Monday, ministers froze ..."
        nodes.append(trigger.head.head)
    clause = free_adjunct_clause(trigger)  # "In a separate decision, they used X, freezing"
    if clause is not None:
        nodes += [g for c in clause.children if c.dep_ == "prep"
                  for g in c.children if g.dep_ == "pobj"]
    return any(c.dep_ == "amod" and c.lower_ in words or c.dep_ == "det" and c.lower_ in words
               for node in nodes for c in node.children)


@cache
def _rule_words() -> frozenset[str]:
    """Every rule lemma and every word of one ("sign off", "test-fire"): a token whose
    own lemma is none of them and has no space or hyphen gives no `lemma_key` a rule
    names (the key is its lemma, the lemma after a hyphenated word, or the lemma and
    a particle), so `frames` skips it without computing the key."""
    return frozenset(part for lemma, _ in load_rules() for part in (
        lemma, *re.split(r"[ -]", lemma)))


def frames(doc: Doc, ctx: Context) -> Iterator[Frame]:
    rules = load_rules()
    words = _rule_words()
    for i, lemma in enumerate(lower_lemmas(doc)):
        if lemma not in words and " " not in lemma and "-" not in lemma:
            continue  # most words: no rule can take them (see _rule_words)
        token = doc[i]
        pos = "VERB" if token.pos_ == "AUX" and token.lemma_ != "be" else word_class(token)
        key = lemma_key(token)
        candidates = rules.get((key, pos), ())
        if not candidates and " " in key:  # a phrasal verb no rule names: its verb
            candidates = rules.get((lemma, pos), ())
        found: set[str] = set()  # one frame per token, unless a rule says the word also
        for rule in candidates:  # means another event ("X received Y": a visit and a meeting)
            if found and not found <= rule.also_after:
                continue
            frame = apply_rule(rule, token, ctx)
            if frame is not None:
                found.add(rule.type)
                yield frame


def _one_per_gapped_clause(frame: Frame, ctx: Context) -> list[Frame]:
    """"France will send troops to Romania, Italy to Bulgaria and Spain to Slovakia":
    each gapped clause is a frame of its own, its subject the actor and its object the
    destination (and the state it lies in the target); the first keeps what is left."""
    gaps = gapped_clauses(frame.trigger) if frame.trigger.pos_ == "VERB" else []
    agent = frame.rule.roles.get("agent")
    if not gaps or agent != "actor":
        return [frame]
    clauses = []
    for sender, prep in gaps:
        where = frame.rule.roles.get(f"prep:{prep.lower_}")
        places = [k for g in prep.children if g.dep_ == "pobj" for k in ctx.keys_in(phrase(g))]
        senders = ctx.keys_in(phrase(sender))
        if where not in ("destination", "target") or not places or not senders:
            return [frame]
        clauses.append((senders, where, places))
    every_sender = {k for senders, _, _ in clauses for k in senders}
    clauses = [(senders, where, [k for k in places if k not in every_sender])
               for senders, where, places in clauses]
    taken = {k for senders, _, places in clauses for k in senders + places}
    first = {r: [k for k in keys if k not in taken] for r, keys in frame.roles.items()}
    out = [replace(frame, roles=first)]
    for senders, where, places in clauses:
        roles = {r: list(keys) for r, keys in first.items()}
        roles.update({"actor": senders, where: places,
                      "target": [ctx.country_of(k) or k for k in places]})
        out.append(replace(frame, roles=roles, quantity=None))  # "Italy 200": not read
    return out


def _one_per_gapped_amount(frame: Frame, ctx: Context) -> list[Frame]:
    """"The EU promised €500 million and Germany €125 million": each gapped clause is
    a frame of its own, its subject the actor and its amount the quantity."""
    rule = frame.rule
    if (frame.trigger.pos_ != "VERB" or rule.roles.get("agent") != "actor"
            or rule.roles.get("patient") not in ("amount", "target_or_amount")):
        return [frame]
    clauses = [(ctx.keys_in(phrase(giver)), words)
               for giver, words in gapped_amounts(frame.trigger)]
    clauses = [(givers, words) for givers, words in clauses if givers]
    if not clauses:
        return [frame]
    taken = {k for givers, _ in clauses for k in givers}
    first = {r: [k for k in keys if k not in taken] for r, keys in frame.roles.items()}
    return [replace(frame, roles=first)] + [
        replace(frame, roles={**first, "actor": givers},
                quantity=quantity_in(words, words[-1], whole=True))
        for givers, words in clauses]


def _one_per_callee(frame: Frame) -> list[Frame]:
    """"Ana phoned Kenya and Ethiopia": a call is a conversation of two, so a pairwise
    rule's frame is one frame per callee, each with the caller as the other party."""
    callers = frame.roles.get("party", [])
    callees = [k for k in frame.roles.get("callee", []) if k not in callers]
    if not frame.rule.pairwise:
        return [frame]
    rest = {r: list(keys) for r, keys in frame.roles.items() if r not in ("party", "callee")}
    return [replace(frame, roles={**rest, "party": [*callers, callee]}) for callee in callees]


def _carried(event: Frame, speech: Frame) -> bool:
    """"X said Tehran had shipped missiles": a remark whose clause is itself the event
    (its verb, or the verb that carries its noun: "said Israel carried out a strike")
    only credits that event, whichever side the sayer stands on; one that goes on
    ("said it had seized the camp and denied harming civilians") says more."""
    clause = host_verb(event.trigger) or event.trigger
    more = any(c.dep_ == "conj" and c.pos_ == "VERB"
               for c in (*speech.trigger.children, *clause.children))
    return clause.dep_ == "ccomp" and clause.head.i == speech.trigger.i and not more


class _Remarks:
    """The frames of an article indexed by trigger, to tell which speech frames are
    remarks about another frame rather than events of their own.

    Each question looks only at the parse around one frame (the subtree of one
    of its clauses, or the chain of heads above it) and looks the frames up
    by token, so an article's frames cost in proportion to their number, not
    to its square. `inspected` counts the tokens and frames looked at
    (tests/test_extract_scale.py checks it grows with the article's length).
    """

    inspected = 0  # over the whole process: what the test reads

    def __init__(self, found: list[Frame], ctx: Context) -> None:
        self.ctx = ctx
        self.event_triggers = {f.trigger.i for f in found if not f.rule.speaker}
        self.by_clause: dict[int, list[Frame]] = {}  # event frames by the verb of their clause
        for f in found:
            if not f.rule.speaker:
                clause = host_verb(f.trigger) or f.trigger
                self.by_clause.setdefault(clause.i, []).append(f)
        self.speakers: dict[int, list[Frame]] = {}
        for f in found:
            if f.rule.speaker:
                self.speakers.setdefault(f.trigger.i, []).append(f)

    def is_remark(self, frame: Frame) -> bool:
        return frame.rule.speaker and (self.only_sources(frame) or self.announces(frame)
                                       or self.restated(frame))

    def _holds_event(self, clauses: list[Token]) -> bool:
        """Whether an event (not a speech) frame's trigger is in one of the clauses."""
        for clause in clauses:
            for token in clause.subtree:
                _Remarks.inspected += 1
                if token.i in self.event_triggers:
                    return True
        return False

    def only_sources(self, frame: Frame) -> bool:
        """"X happened, officials said": a speech verb after its content, when the
        content is itself an event, credits that event rather than being one; so does
        one whose clause only carries an event (see _carried)."""
        if self._holds_event([c for c in frame.trigger.children
                              if c.dep_ == "ccomp" and c.i < frame.trigger.i]):
            return True
        # "X met Y, the Kremlin said, without details" (a conjoined report, "X and Y
        # agreed, their ministers announced", stays a statement of both)
        content = frame.trigger.head
        if (frame.trigger.dep_ == "parataxis" and content.i in self.event_triggers
                and (sayer := trailing_report(content)) and sayer.i == frame.trigger.i):
            return True
        for clause in frame.trigger.children:
            if clause.dep_ == "ccomp":
                for event in self.by_clause.get(clause.i, ()):
                    _Remarks.inspected += 1
                    if _carried(event, frame):
                        return True
        return False

    def yields(self, frame: Frame) -> bool:
        """"The ministers agreed to expand cooperation": a decision whose complement
        clause holds another event plans that event and is none of its own."""
        return frame.rule.yields_to_complement and self._holds_event(
            [c for c in frame.trigger.children if c.dep_ == "xcomp"])

    def announces(self, frame: Frame) -> bool:
        """"Washington announced a package": the object is the event, not a remark."""
        return self._holds_event([c for c in frame.trigger.children if c.dep_ == "dobj"])

    def _states(self, frame: Frame) -> set[str]:
        return {self.ctx.country_of(k) or k for k in frame.roles.get("actor", [])}

    def restated(self, frame: Frame) -> bool:
        """"Its spokeswoman said Beijing firmly opposed the plans, calling them a threat":
        a remark inside what the same state's speaker said is that statement's content,
        not a second statement. (Inside: in the subtree of a ccomp of the speech's
        trigger, so that ccomp is the frame's trigger or one of its heads.)"""
        own = self._states(frame)
        if not own:
            return False
        for clause in (frame.trigger, *frame.trigger.ancestors):
            _Remarks.inspected += 1
            if clause.dep_ != "ccomp":
                continue
            for other in self.speakers.get(clause.head.i, ()):
                _Remarks.inspected += 1
                if other is not frame and own <= self._states(other):
                    return True
        return False


@dataclass
class Extraction:
    """The events of an article and the references that name their participants."""

    events: list[Event]
    # pronouns and descriptions resolved while reading the events ("the two
    # leaders" -> A, B), each inside a sentence of an event it is a participant of
    references: list[Mention]


def extract(article: Article, doc: Doc, linked: Linked) -> list[Event]:
    """All events of the article (`extraction`, without its references)."""
    return extraction(article, doc, linked).events


def extraction(article: Article, doc: Doc, linked: Linked) -> Extraction:
    """All events of the article, one per happening, each with its mentions.

    The steps, in their order: the frames the rules find (geokg.events.roles), less
    the remarks that only credit or restate another event; one event per frame; a
    clause describing an event noun folded into it; one event per happening
    (geokg.events.merge); the passes over the merged events
    (geokg.events.after_merge); undated diplomatic events placed in their scene
    (geokg.events.situate)."""
    ctx = Context.build(article, doc, linked)
    found = [one for f in frames(doc, ctx) for one in _one_per_callee(f)]
    found = [one for f in found for one in _one_per_gapped_clause(f, ctx)]
    found = [one for f in found for one in _one_per_gapped_amount(f, ctx)]
    remarks = _Remarks(found, ctx)
    kept = [f for f in found if not remarks.is_remark(f) and not remarks.yields(f)]
    pairs = [(f, e) for f in kept if (e := to_event(f, ctx)) is not None]
    events = merge.merge_events(_fold_described(pairs, linked), linked)
    events = join_listings(events, ctx)
    events = without_imposers(events, ctx)
    events = listed_again(events, ctx)
    events = recipients_from_context(events, ctx)
    events = counters_answer(places_told_after(counts_told_after(events, ctx), ctx), ctx)
    events = abroad_only(situate(events, ctx), ctx)
    return Extraction(events, _references_used(ctx.resolved, events))


def _references_used(resolved: list[tuple[int, Mention]], events: list[Event]) -> list[Mention]:
    """The resolved references read for a trigger whose event kept the entity they
    denote: the words that say why the event has that participant."""
    by_trigger: dict[int, list[Mention]] = {}
    for trigger, ref in resolved:
        by_trigger.setdefault(trigger, []).append(ref)
    used: dict[tuple[str, int, int], Mention] = {}
    for event in events:
        keys = {*event.actors, *event.targets, *event.attributed_to}
        for mention in event.mentions:
            for ref in by_trigger.get(mention.trigger_start, ()):
                if ref.entity in keys:
                    used.setdefault((ref.entity, ref.start, ref.end), ref)
    return sorted(used.values(), key=lambda m: (m.start, m.end, m.entity))


def _participle_of(trigger: Token) -> bool:
    """"An air strike destroyed the consulate, killing seven officers": a participle
    clause hung on an event's verb tells the same happening."""
    return trigger.dep_ == "advcl" and trigger.tag_ == "VBG"


def _fold_described(pairs: list[tuple[Frame, Event]], linked: Linked) -> list[Event]:
    """"security talks, at which the ministers met X and Y": a clause that describes
    an event noun tells the same happening, so its roles join the noun's event; so
    does a participle clause on an event's verb ("struck X, killing Y")."""
    events: list[Event | None] = [event for _, event in pairs]
    position = {frame.trigger.i: i for i, (frame, _) in enumerate(pairs)}
    for i, (frame, event) in enumerate(pairs):
        if frame.trigger.dep_ not in ("relcl", "acl") and not _participle_of(frame.trigger):
            continue
        described = content_head(frame.trigger.head)  # "the second round of talks, at which"
        j = position.get(described.i, position.get(frame.trigger.head.i))
        if j is not None and j != i and (noun := events[j]) is not None \
                and noun.type == event.type:
            events[j] = merge.combine(noun, event, linked)
            events[i] = None
    return [event for event in events if event is not None]
