"""Where and when diplomatic events happened, from their sentence and their context.

A place the act's own sentence or paragraph gives comes first: where a
participant is said to be, the gathering the act was told at, a place fronted
at the head of the paragraph. Failing that, a statement made by a visiting
minister is made at the visit; what the talks covered was discussed on the day
of the talks; a wire story's dateline names the city (or listed venue) it was
filed from; what a news story tells in the simple past without a date ("the
minister said ...") happened on the day the story is about. A continent is no
place of an act, and a host person's state hosts a visit too. This runs after
merging, over the article's events in text order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from geokg.events.context import PLACE_RANK, place_rank
from geokg.events.dating import own_time_clause, publication_day, reference_day
from geokg.events.derive import dateline_here
from geokg.events.merge import below_state
from geokg.events.rules import event_types, load_rules
from geokg.language.lexicon import lexicon
from geokg.language.sentences import SentenceIndex, sentence_of
from geokg.language.syntax import host_verb, phrase
from geokg.model import COUNTRY, PERSON, Event, TimeValue

if TYPE_CHECKING:
    from geokg.events.context import Context

# How each type is situated is declared once, in the registry (data/events.yaml):
# events that happen where and when their participants are; events that put people
# somewhere at some time (a signing too); acts the story's reference day dates when
# told in the past without a day of their own (diplomacy and the decisions announced
# at it, "the bloc promised EUR 50 million"; fighting, deployments and sanctions told
# that way are as often background, and stay undated).
SITUATED = tuple(n for n, t in event_types().items() if t.situated)
SCENES = tuple(n for n, t in event_types().items() if t.scene)
STORY_DATED = tuple(n for n, t in event_types().items() if t.story_dated)
HOSTED = tuple(n for n, t in event_types().items() if t.host_state)
SPOKEN = ("Statement",)
LOCATIVE = ("in", "at")
GATHERING_PREPS = ("at", "during")
DEFINITE = ("the", "that", "this")


def situate(events: list[Event], ctx: Context) -> list[Event]:
    """Place diplomatic events by their own sentence and paragraph first (own_place);
    give what is still undated or unplaced the time and place of the gathering it
    was told at, else of the visit or meeting its people were last seen at, then the
    dateline's place; then date what is still undated but narrated by the story's
    day, and add the host states of visits."""
    dateline = ctx.dateline
    ordered = sorted(events, key=lambda e: e.mentions[0].sentence.start)
    for i, event in enumerate(ordered):
        if event.time is None:
            event.time = _on_the_same_day(event, ordered, ctx)
        event.time = _same_day_as(event, ordered[:i], ctx) or event.time
        if event.time is None:
            event.time = _for_the_occasion(event, ordered[:i], ctx)
    for event in ordered:
        if event.type not in SITUATED:
            continue
        if event.place and not below_state(event.place, ctx.linked) \
                and ctx.kind(event.place) != COUNTRY:
            event.place = None  # "his first trip to Europe": a continent hosts no act
        if event.place is None or ctx.kind(event.place) == COUNTRY:
            event.place = own_place(event, ctx) or event.place
    for i, event in enumerate(ordered):
        if event.type in SITUATED and (during := _during_scene(event, ordered[:i], ctx)):
            event.place = event.place or during.place
            event.time = during.time or event.time
        if event.status == "discussed" and event.time is None:
            talks = scene_before(event, ordered[:i], ctx, anyone=True)
            event.time = talks.time if talks else None
        undated = event.time is None
        if undated and event.type in STORY_DATED and _narrated_act(event):
            event.time = story_day(event, ctx)
        if event.type not in SITUATED:
            continue
        scene = scene_before(event, ordered[:i], ctx) or _delegation_visit(
            event, ordered[:i], ctx)
        remote = _remote(event, ctx)  # a call takes place nowhere the story is
        if scene is not None and (undated or event.time == scene.time):
            if not remote:
                event.place = event.place or scene.place or _last_place(scene, ordered, ctx)
            event.time = event.time or scene.time
        if dateline is not None and event.status != "planned" and not remote and (
                ctx.country_of(dateline) == event.place
                or (event.place is None and _at_home(event, dateline, ctx))):
            event.place = dateline
    _date_by_story_day(ordered)
    for event in ordered:
        host_states(event, ctx)
    return events


def _remote(event: Event, ctx: Context) -> bool:
    """"spoke by telephone", "held a video call": a meeting at a distance has no place
    of its own, so neither the dateline nor the scene before gives it one."""
    words = lexicon()["remote_meeting_words"]
    return all((span := ctx.trigger_span(m)) is not None and _called(span[0], words)
               for m in event.mentions)


def _called(trigger: Token, words: frozenset[str]) -> bool:
    """The trigger is a call word, or a word told as one ("a telephone conversation",
    "spoke by phone")."""
    if trigger.lemma_.lower() in words:
        return True
    return any((c.dep_ in ("compound", "amod") and c.lemma_.lower() in words)
               or (c.dep_ == "prep" and c.lower_ in ("by", "over", "via")
                   and any(g.lemma_.lower() in words for g in c.children))
               for c in trigger.children)


def _on_the_same_day(event: Event, ordered: list[Event], ctx: Context) -> TimeValue | None:
    """"X arrived in China on the same day that Y signed an aid bill": an act told in a
    clause on "the same day" happened on the day of the act that clause times."""
    trigger = _trigger(event, ctx)
    clause = (host_verb(trigger) or trigger) if trigger is not None else None
    if clause is None or clause.dep_ != "relcl" or clause.head.lemma_.lower() != "day" or not any(
            c.dep_ == "amod" and c.lower_ == "same" for c in clause.head.children):
        return None
    day = clause.head
    main = day.head.head if day.dep_ == "pobj" else day.head
    starts = {ctx.article.body_start + t.idx for t in (main, *main.children)}
    return next((e.time for e in ordered if e is not event and e.time is not None
                 and any(m.trigger_start in starts for m in e.mentions)), None)


def _same_day_as(event: Event, earlier: list[Event], ctx: Context) -> TimeValue | None:
    """"On the same day as Chad's announcement, X said ...": the day of the act that
    noun names, told before (its verb the noun's stem, its doer the noun's owner)."""
    trigger = _trigger(event, ctx)
    if trigger is None:
        return None
    verb = host_verb(trigger) or trigger
    days = [g for p in verb.children if p.dep_ == "prep" and p.lower_ == "on"
            for g in p.children if g.dep_ == "pobj" and g.lemma_.lower() == "day"
            and any(c.dep_ == "amod" and c.lower_ == "same" for c in g.children)]
    nouns = [n for d in days for p in d.children if p.dep_ == "prep" and p.lower_ == "as"
             for n in p.children if n.dep_ == "pobj" and n.pos_ == "NOUN"]
    for noun in nouns:
        owners = {ctx.country_of(k) or k for k in ctx.keys_in(
            [t for c in noun.children if c.dep_ == "poss" for t in c.subtree])}
        for other in reversed(earlier):
            doers = {ctx.country_of(k) or k for k in other.actors}
            if other.time is not None and (not owners or owners & doers) and any(
                    _stem_of(m.trigger, noun.lemma_) for m in other.mentions):
                return other.time
    return None


def _for_the_occasion(event: Event, earlier: list[Event], ctx: Context) -> TimeValue | None:
    """"has dispatched several thousand Marines for the drills": what is sent for an
    occasion the story told before ("an exercise that began on Monday") happens then."""
    trigger = _trigger(event, ctx)
    if trigger is None or event.type in SITUATED:  # forces or goods sent, not a gathering
        return None
    verb = host_verb(trigger) or trigger
    nouns = [g for p in verb.children if p.dep_ == "prep" and p.lower_ == "for"
             for g in p.children if g.dep_ == "pobj" and g.pos_ == "NOUN"
             and [c.lower_ for c in g.children] == ["the"]]  # a bare "the drills": told before
    rules = load_rules()
    for noun in nouns:
        types = {r.type for r in rules.get((noun.lemma_.lower(), "NOUN"), ())}
        for other in reversed(earlier):
            if other.type in types and other.time is not None and other is not event:
                return other.time
    return None


def _stem_of(trigger: str, noun: str) -> bool:
    """"announced" and "announcement", "signed" and "signing": one word's stem."""
    stem = trigger.lower().rstrip("eds")
    return len(stem) >= 4 and noun.lower().startswith(stem)


def host_states(event: Event, ctx: Context) -> None:
    """"Orbán hosted him": a host person receives in his state (failing a known
    one, the state the visit took place in), which hosts too; never the visitor's
    own state."""
    if event.type not in HOSTED:
        return
    where = ctx.country_of(event.place) if event.place else None
    for key in list(event.targets):
        state = (ctx.country_of(key) or where) if ctx.kind(key) == PERSON else None
        if state in event.actors and not any(
                ctx.kind(k) == PERSON and ctx.country_of(k) == state for k in event.actors):
            event.actors.remove(state)  # the host's state, not a visitor's
        own = {ctx.country_of(k) for k in event.actors} | set(event.actors)
        if state and state not in own and state not in event.targets:
            event.targets.append(state)


def _narrated_act(event: Event) -> bool:
    """Told in the past as done, or as decided ("promised", "agreed to")."""
    return event.narrated and event.status in ("asserted", "reported", "planned")


def story_day(event: Event, ctx: Context) -> TimeValue | None:
    """The day the story has reached where the event is told: "At the talks on
    Tuesday ... Putin thanked his guest" was said on Tuesday, though the visit
    that brought the guest began on Monday. Before the story names a day, a
    gathering or a remark it tells is of the publication day (a readout's call and
    what was said in it); a pledge or a decision with no day stays undated."""
    trigger = _trigger(event, ctx)
    if trigger is None or own_time_clause(trigger):
        return None
    day = reference_day(trigger, ctx)
    if day is None and (event.type in SCENES or event.type in SPOKEN):
        day = publication_day(trigger, ctx)
    return day


def _trigger(event: Event, ctx: Context) -> Token | None:
    span = ctx.trigger_span(event.mentions[0])
    return span[0] if span is not None else None


def own_place(event: Event, ctx: Context) -> str | None:
    """Where the event's own sentence puts it, before any scene or dateline: where a
    participant is said to be ("Erdoğan, who was in Kazan for a summit, condemned",
    "X, speaking at the White House, said"), the place of the gathering the act took
    place at ("agreed at a meeting in Istanbul"), or the place a paragraph opens
    with ("In Abuja on Sunday, ... . Y warned that ..."). A place in a clause with a
    subject of its own ("as delegates gathered in London, X declared") is not the act's."""
    trigger = _trigger(event, ctx)
    if trigger is None:
        return None
    apposed = trigger.head if trigger.dep_ == "appos" else None  # "the first round of
    # talks in Istanbul, the first negotiations between the sides": one gathering
    return (dateline_here(trigger, ctx) or (apposed is not None and _located_by(apposed, ctx))
            or _whereabouts(trigger, event, ctx) or _arrival(trigger, ctx)
            or _purpose_of(trigger, ctx)
            or _at_gathering(trigger, ctx)
            or _seen_at(trigger, event, ctx) or _paragraph_place(trigger, ctx))


def _best_place(tokens: list[Token], ctx: Context) -> str | None:
    """The most precise place the words name: a city or venue before a region,
    a region before a state."""
    keys = [k for k in ctx.keys_in(tokens) if ctx.kind(k) in PLACE_RANK
            and (below_state(k, ctx.linked) or ctx.kind(k) == COUNTRY)]
    return min(keys, key=lambda k: place_rank(k, ctx), default=None)


def _owner(token: Token) -> bool:
    """"in Moscow's view": whose the thing is, not where."""
    return token.dep_ == "poss"


def _located_by(node: Token, ctx: Context, preps: tuple[str, ...] = LOCATIVE) -> str | None:
    """The place of a locative phrase on the node: "in the Russian city of Kazan", or
    on the noun an "of" hangs on it ("the first round of talks in Istanbul"); the
    most precise of several ("to the air base at Ramstein in western Germany")."""
    found = _best_place([t for prep in node.children
                         if prep.dep_ == "prep" and prep.lower_ in preps
                         for g in prep.children if g.dep_ == "pobj"
                         for t in phrase(g, _owner)], ctx)
    if found:
        return found
    if node.pos_ == "NOUN":
        for noun in (g for p in node.children if p.dep_ == "prep" and p.lower_ == "of"
                     for g in p.children if g.dep_ == "pobj"):
            if (found := _located_by(noun, ctx)):
                return found
    return None


def _whereabouts(trigger: Token, event: Event, ctx: Context) -> str | None:
    """A participant's own modifier says where they are: a relative clause or a
    participle on the name ("who was in X", "speaking in X")."""
    verb = host_verb(trigger) or trigger
    for clause in verb.children:  # "X, speaking at the White House, said": its subject's
        if clause.dep_ == "advcl" and clause.tag_ == "VBG" and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in clause.children) and (
                found := _located_by(clause, ctx)):
            return found
    people = set(event.actors)
    for token in sentence_of(trigger):
        if not any(m.entity in people for m in ctx.by_token.get(token.i, ())):
            continue
        for clause in token.children:
            if clause.dep_ in ("relcl", "acl") and _presence(clause) and (
                    found := _located_by(clause, ctx)):
                return found
    return None


def _arrival(trigger: Token, ctx: Context) -> str | None:
    """"X was greeted by Y when he arrived at the barracks on Z": an act told at the
    moment someone came or was somewhere took place there."""
    lex = lexicon()
    verb = host_verb(trigger) or trigger
    for clause in sentence_of(trigger):  # the parser may hang "when he arrived" on a name
        if clause.dep_ in ("advcl", "relcl") and _clause_of(clause.head) == verb and (
                clause.lemma_.lower() in lex["arrival_verbs"]) and any(
                c.dep_ in ("mark", "advmod") and c.lower_ in lex["moment_marks"]
                for c in clause.children) and (
                found := _located_by(clause, ctx, (*LOCATIVE, "on", "to"))):
            return found
    return None


def _clause_of(token: Token) -> Token:
    """The verb whose clause the token is in."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _presence(clause: Token) -> bool:
    """"who was in X", "speaking in X": where someone is while the act is told; not
    "who arrived in X on Wednesday", an earlier step of the trip."""
    return clause.lemma_ == "be" or clause.tag_ == "VBG"


def _purpose_of(trigger: Token, ctx: Context) -> str | None:
    """"X is due in Italy on Saturday to meet Y", "arrived in Kyiv to sign ...": an
    act that is the purpose of being somewhere happens there."""
    node = trigger
    while node.dep_ in ("xcomp", "advcl") and node.head.pos_ in ("VERB", "AUX", "ADJ") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        node = node.head
        for where in (node, *(c for c in node.children if c.dep_ == "acomp")):  # "is due in"
            if (found := _located_by(where, ctx, (*LOCATIVE, "to"))):  # "flew to X to urge"
                return found
    return None


def _at_gathering(trigger: Token, ctx: Context) -> str | None:
    """"agreed at a meeting in Istanbul", "signed during the summit in Doha": the act
    happened where the gathering it is told at was."""
    verb = host_verb(trigger) or trigger
    nodes = [trigger, verb, *(c for c in verb.children if c.dep_ == "xcomp")]
    for node in dict.fromkeys(nodes):  # "agreed to exchange prisoners at a meeting in X"
        for prep in node.children:
            if prep.dep_ != "prep" or prep.lower_ not in GATHERING_PREPS:
                continue
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in lexicon()["gathering_nouns"] \
                        and (found := _located_by(noun, ctx)):
                    return found
    return None


def _during_scene(event: Event, earlier: list[Event], ctx: Context) -> Event | None:
    """"During that visit Sweden agreed to sell ...", "At the summit, X and Y signed":
    an act told during or at a gathering named by a definite noun took place at the
    latest visit or meeting told before, on its day and in its place."""
    trigger = _trigger(event, ctx)
    if trigger is None:
        return None
    verb = host_verb(trigger) or trigger
    for node in dict.fromkeys((trigger, verb)):
        for prep in node.children:
            nouns = [g for g in prep.children if g.dep_ == "pobj"] if (
                prep.dep_ == "prep" and prep.lower_ in GATHERING_PREPS) else []
            if any(n.lemma_.lower() in lexicon()["gathering_nouns"] and any(
                    c.dep_ == "det" and c.lower_ in DEFINITE for c in n.children)
                    and _located_by(n, ctx) is None for n in nouns):
                return scene_before(event, earlier, ctx, anyone=True)
    return None


def _paragraph_place(trigger: Token, ctx: Context) -> str | None:
    """"In Abuja on Sunday, ECOWAS leaders re-elected X. Y warned that ...": a place
    fronted before the subject sets the scene for the rest of its paragraph."""
    for sentence in _paragraph_so_far(trigger, ctx):
        if (found := _fronted_place(sentence, ctx)):
            return found
    return None


def _paragraph_so_far(trigger: Token, ctx: Context) -> list[Span]:
    """The sentences of the trigger's paragraph up to its own, nearest first."""
    offset = ctx.article.body_start
    paragraph = ctx.article.text.rfind("\n\n", 0, offset + sentence_of(trigger).start_char)
    index = SentenceIndex.of(trigger.doc)
    found: list[Span] = []
    for sentence in reversed(index.sentences[:index.number(trigger) + 1]):
        if offset + sentence.start_char < paragraph:
            break
        found.append(sentence)
    return found


def _seen_at(trigger: Token, event: Event, ctx: Context) -> str | None:
    """"The deal was announced in Doha by Qatar's prime minister, Sheikh X. Sheikh X
    said ...": a person the sentence before (in the paragraph) put somewhere, as the
    doer of a clause placed there, speaks or acts there too."""
    people = {k for k in event.actors if ctx.kind(k) == PERSON}
    if not people:
        return None
    for sentence in _paragraph_so_far(trigger, ctx)[1:2]:  # the sentence just before
        for verb in sentence:
            if verb.pos_ not in ("VERB", "AUX") or not (where := _located_by(verb, ctx)):
                continue
            doers = [t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent")
                     for t in (c.subtree if c.dep_ == "agent" else phrase(c))]
            if people & set(ctx.keys_in(doers)):
                return where
    return None


def _fronted_place(sentence: Span, ctx: Context) -> str | None:
    """"In Abuja on Sunday, ...": the sentence opens with a locative phrase set off
    by a comma, or with a time phrase that holds one ("Hours earlier in Brussels, ...")."""
    first = next((t for t in sentence if not t.is_space), None)
    if first is not None and first.dep_ == "npadvmod" and first.head.dep_ == "advmod":
        first = first.head  # "Hours earlier in Brussels": the adverb the place hangs on
    if first is not None and first.dep_ == "advmod" and first.pos_ == "ADV":
        first = next((c for c in first.children if c.dep_ == "prep"), None)
    if first is None or first.dep_ != "prep" or first.lower_ not in LOCATIVE:
        return None
    end = max(t.i for t in first.subtree if not t.is_punct) + 1
    if end >= len(first.doc) or first.doc[end].text != ",":
        return None
    return _best_place([t for g in first.children if g.dep_ == "pobj"
                        for t in phrase(g, _owner)], ctx)


def _date_by_story_day(ordered: list[Event]) -> None:
    """A diplomatic act the article narrates in the simple past without a date of its
    own ("the minister said") happened on the story's day at that point: the day of
    the latest day-dated, done event before it (the narrative's reference time).
    Fighting and deployments told that way are as often background, and stay
    undated."""
    for i, event in enumerate(ordered):
        if (event.time is not None or not event.narrated or event.type not in SITUATED
                or event.status not in ("asserted", "reported")):
            continue
        day = next((e.time for e in reversed(ordered[:i]) if e.time is not None
                    and e.time.precision == "day" and e.status in ("asserted", "reported")), None)
        event.time = day


def _delegation_visit(event: Event, earlier: list[Event], ctx: Context) -> Event | None:
    """"A Chilean delegation led by X visited Lima. The delegation met Prime Minister
    Y": a visit told before in the same paragraph whose visitors are of a state that
    takes part in the act (the delegation named by its state) is where the act was."""
    states = {ctx.country_of(k) or k for k in event.actors if ctx.kind(k) in (
        COUNTRY, PERSON)}
    trigger = _trigger(event, ctx)
    if trigger is None or not states:
        return None
    offset = ctx.article.body_start
    paragraph = {offset + s.start_char for s in _paragraph_so_far(trigger, ctx)}
    for scene in reversed(earlier):
        if scene.type in HOSTED and scene.status != "planned" and scene.place and (
                scene.mentions[-1].sentence.start in paragraph) and states & {
                ctx.country_of(k) or k for k in scene.actors}:
            return scene
    return None


def _last_place(scene: Event, ordered: list[Event], ctx: Context) -> str | None:
    """Where the scene's people were last placed before it: a signing the article
    does not place happened where the visit that brought them was."""
    earlier = ordered[:ordered.index(scene)]
    while (before := scene_before(scene, earlier, ctx)) is not None:
        if before.place:
            return before.place
        earlier = earlier[:earlier.index(before)]
    return None


def _at_home(event: Event, dateline: str, ctx: Context) -> bool:
    """The dateline is where the story was filed: it places an event unless every
    party is known to belong to another state (a foreign ministry speaks at home)."""
    state = ctx.country_of(dateline)
    parties = event.actors + event.targets
    return any(ctx.country_of(k) in (state, None) for k in parties)


def scene_before(event: Event, earlier: list[Event], ctx: Context,
                  anyone: bool = False) -> Event | None:
    """The latest visit, meeting or signing that took place before the event, with one of
    its people (or, for what was only discussed, any: talks discuss things)."""
    people = {k for k in event.actors + event.targets if ctx.kind(k) == PERSON}
    for scene in reversed(earlier):
        if (scene.type in SCENES and scene.status != "planned" and (scene.place or scene.time)
                and (anyone or people & set(scene.actors + scene.targets))):
            return scene
    return None
