"""Passes over the merged events of one article, each from (events, context) to events.

Once geokg.events.merge has made one event of each happening, some roles can be
read only across events: the measure a listing that names no one belongs to, the
entities "the two producers" stands for, the recipient of aid told before, a count
told in a clause after its attack. These passes run in the order
geokg.events.extract declares; each reads the article's Context and the events
handed to it, and never calls back into the extractor.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Token

from geokg.events import merge
from geokg.events.context import PLACE_RANK, Context, place_rank, states_for_places
from geokg.events.derive import quantity_in
from geokg.events.participants import definite_group_size
from geokg.events.roles import is_force
from geokg.events.rules import event_types
from geokg.language.frames import is_passive, role_tokens
from geokg.language.lexicon import lexicon
from geokg.language.memo import lower_lemmas
from geokg.language.syntax import phrase, prep_objects, subject
from geokg.model import COUNTRY, Event, Quantity


def join_listings(events: list[Event], ctx: Context) -> list[Event]:
    """"Washington followed up with sanctions on Iran. The Treasury blacklisted 16 people
    and two companies": a listing that names no one is part of the measure told before
    it. Without an imposer of its own it joins that measure; with another imposer it
    is aimed at the same target; told as a separate one, it is another measure by the
    same imposer on the same target; with no measure before it, it is no event."""
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: e.mentions[0].sentence.start):
        if event.targets or event_types()[event.type].counts != "listed":
            kept.append(event)
            continue
        before = [i for i, e in enumerate(kept) if e.type == event.type and e.targets]
        if not before:
            continue
        if event.separate:  # "in a separate decision, they froze the assets of 16 people"
            event.actors = event.actors or list(kept[before[-1]].actors)
            event.targets = list(kept[before[-1]].targets)
            kept.append(event)
        elif event.actors:
            event.targets = [k for k in kept[before[-1]].targets if k not in event.actors]
            if event.targets:
                kept.append(event)
        else:
            kept[before[-1]] = merge.combine(kept[before[-1]], event, ctx.linked)
    return kept


def abroad_only(events: list[Event], ctx: Context) -> list[Event]:
    """A type that crosses a border (a visit) is no event when every state it reaches
    is the own state of every actor: a president touring a town of his own country,
    or attending a conference in his capital, visits no one."""
    kept = []
    for event in events:
        reached = [k for k in event.targets if ctx.kind(k) == COUNTRY]
        homes = {ctx.country_of(k) if ctx.kind(k) != COUNTRY else k for k in event.actors}
        at_home = (event_types()[event.type].abroad and reached
                   and len(event.targets) == len(reached) and homes == set(reached))
        if not at_home:
            kept.append(event)
    return kept


def without_imposers(events: list[Event], ctx: Context) -> list[Event]:
    """A state body that imposes measures in the article (a treasury, a ministry) is
    not among those listed: "took matching action against the two producers" after
    "the Treasury designated ..." does not list the Treasury."""
    listing = [e for e in events if event_types()[e.type].counts == "listed"]
    imposers = {k for e in listing for k in e.actors
                if (entity := ctx.linked.entities.get(k)) is not None
                and entity.type == "Organization" and entity.country}
    for event in listing:
        event.targets = [k for k in event.targets if k not in imposers]
    return [e for e in events if e.targets or e not in listing]


def listed_again(events: list[Event], ctx: Context) -> list[Event]:
    """"The Treasury designated X and Y ... Britain took matching action against the
    two producers": a group of N told before, in a listing, is the N entities the
    listing before it named."""
    before: Event | None = None
    for event in sorted(events, key=lambda e: e.mentions[0].sentence.start):
        if event_types()[event.type].counts != "listed":
            continue
        size = max((definite_group_size(t) for t in _listed_tokens(event, ctx)), default=0)
        if size and before is not None and len(before.targets) == size:
            event.targets = list(before.targets)
        if event.targets:
            before = event
    return events


def _listed_tokens(event: Event, ctx: Context) -> list[Token]:
    """The words a listing's triggers aim at ("against the two producers")."""
    found: list[Token] = []
    for mention in event.mentions:
        if (span := ctx.trigger_span(mention)) is not None:
            found += [t for role in ("prep:against", "prep:on", "patient")
                      for t in role_tokens(span.root, role)]
    return found


def recipients_from_context(events: list[Event], ctx: Context) -> list[Event]:
    """"Britain pledged aid for Sudan ... The EU promised EUR 500 million": aid whose
    recipient goes unsaid goes where the aid told before it went or, with none before,
    to the one state the article names as receiving aid ("military support for Kyiv").
    An aid denied or alleged ("Iran denied supplying drones") is about another flow."""
    named = _named_recipients(ctx)
    before: list[str] = []
    for event in sorted(events, key=lambda e: e.mentions[0].sentence.start):
        if not event_types()[event.type].recipient_in_context:
            continue
        if event.targets:
            before = event.targets
            continue
        if (backed := _operation_backed(event, events, ctx)):
            event.targets = backed
            continue
        if _recipient_said(event, ctx) or event.status in ("denied", "alleged"):
            continue  # "supplies no weapons to either side"; a denial is of another flow
        own = {s for k in event.actors if (s := ctx.country_of(k))} | set(event.actors)
        given = before or (named if len(named) == 1 else []) or _talks_partner(
            event, events, own, ctx)
        event.targets = [k for k in given if k not in own]
    return events


# The types of the talks or trips at which aid is announced to the other side.
SCENE_TYPES = ("Meeting", "Visit")


def _talks_partner(event: Event, events: list[Event], own: set[str], ctx: Context) -> list[str]:
    """"In the meeting with X's prime minister, the delegation outlined steps ... The
    United States will deliver vaccines": aid announced after talks or a visit goes
    to the one state other than its provider's at the latest of them."""
    start = event.mentions[0].sentence.start
    scenes = [e for e in events if e.type in SCENE_TYPES and e.status != "planned"
              and e.mentions[0].sentence.start < start]
    for scene in sorted(scenes, key=lambda e: e.mentions[0].sentence.start, reverse=True):
        sides = {ctx.country_of(k) or k for k in scene.actors + scene.targets}
        others = {k for k in sides - own if ctx.kind(k) == COUNTRY}
        if others:
            return list(others) if len(others) == 1 else []
    return []


def _operation_backed(event: Event, events: list[Event], ctx: Context) -> list[str]:
    """"providing logistical support for the operation": aid for an act the article
    tells by that noun goes to the states that carry the act out."""
    for mention in event.mentions:
        if (span := ctx.trigger_span(mention)) is None:
            continue
        nouns = [t for t in role_tokens(span.root, "prep:for") if t.pos_ == "NOUN"
                 and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)]
        for noun in nouns:
            for other in events:
                if other is not event and other.type != event.type and any(
                        m.trigger.lower() == noun.lower_ for m in other.mentions):
                    own = set(event.actors)
                    return [k for k in other.actors
                            if ctx.kind(k) == COUNTRY and k not in own]
    return []


def _recipient_said(event: Event, ctx: Context) -> bool:
    """Whether a trigger of the event has a recipient phrase ("to X", "for X", "gave X")."""
    for mention in event.mentions:
        if (span := ctx.trigger_span(mention)) is not None and any(role_tokens(span.root, role)
                                    for role in ("prep:to", "prep:for", "recipient")):
            return True
    return False


def _named_recipients(ctx: Context) -> list[str]:
    """The states the article names after an aid word with "for" or "to"
    ("military support for Kyiv", "the largest supplier of arms to Ukraine")."""
    aid = lexicon()["aid_objects"]
    states: list[str] = []
    for token in ctx.doc:
        if token.dep_ != "pobj" or token.head.lower_ not in ("for", "to"):
            continue
        noun = token.head.head
        given = [noun, *(g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj")]  # "supplier of aid to X"
        if any(t.lemma_.lower() in aid for t in given):
            keys = states_for_places(ctx.keys_in([token]), ctx)
            states += [k for k in keys if ctx.kind(k) == COUNTRY and k not in states]
    return states


def counts_told_after(events: list[Event], ctx: Context) -> list[Event]:
    """A count told after an attack, in a clause of its own, is the quantity of the
    attack told before it, when it has none:
    - an agentless count of the dead, of what was fired or destroyed, in the next
      sentences ("Azerbaijani troops stormed ... Officials said at least 200 people had
      been killed", "... launched the missiles. The ministry said 19 had been fired");
    - the forces counted as taking part in "the attack" ("up to 1,000 Ukrainian
      soldiers had taken part in the attack")."""
    starts = [ctx.article.body_start + s.start_char for s in ctx.doc.sents]
    counted = lexicon()["counted_passives"]
    for i, lemma in enumerate(lower_lemmas(ctx.doc)):
        if lemma not in counted and lemma not in ("participate", "take"):
            continue  # neither count can be told by it (_agentless_count, _takes_part)
        verb = ctx.doc[i]
        found, within = _agentless_count(verb), 2
        if found is None:
            found, within = _participant_count(verb), len(starts)
        if found is None:
            continue
        here = bisect_right(starts, ctx.char(verb)) - 1
        near = [e for e in events if event_types()[e.type].target == "owner"
                and any(here - within <= bisect_right(starts, m.sentence.start) - 1 < here
                        for m in e.mentions)]
        if near:  # the last attack told that has no count yet ("left five dead" has)
            near = [e for e in near if e.quantity is None] or near
            attack = max(near, key=lambda e: max(m.sentence.start for m in e.mentions))
            attack.quantity = attack.quantity or found
    return events


def _agentless_count(verb: Token) -> Quantity | None:
    """"200 people had been killed", "19 had been fired": no one said to do it."""
    if (verb.lemma_.lower() not in lexicon()["counted_passives"] or not is_passive(verb)
            or any(c.dep_ in ("agent", "neg") for c in verb.children)):
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if verb.dep_ == "ccomp":  # "said 32 targets, among them X, had been destroyed": a
        # long subject the parser split, taking its head for the object of "said"
        subjects += [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
    return next((q for c in subjects
                 if (q := quantity_in(phrase(c), c)) and q.value is not None), None)


def _participant_count(verb: Token) -> Quantity | None:
    """"1,000 soldiers had taken part in the attack": forces joining an attack told
    before (a definite "the attack")."""
    if not _takes_part(verb) or not any(
            c.lower_ in ("the", "that", "this")
            for t in prep_objects(verb, "in", depth=0) for c in t.children):
        return None
    return next((q for c in subject(verb) if (q := quantity_in(phrase(c), c))
                 and q.value is not None and is_force([c])), None)


def _takes_part(verb: Token) -> bool:
    """"took part in", "participated in"."""
    lemma = verb.lemma_.lower()
    return lemma == "participate" or (lemma == "take" and any(
        c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children))


def places_told_after(events: list[Event], ctx: Context) -> list[Event]:
    """"Israel carried out a strike inside Iran. ... Explosions were reported near
    Isfahan": where the blasts of an attack placed only in a state are told, in the
    next sentence of its paragraph, is where it struck (a place in that state, the
    most precise first; `impact_nouns`)."""
    sentences = list(ctx.doc.sents)
    starts = [ctx.article.body_start + s.start_char for s in sentences]
    impact = lexicon()["impact_nouns"]
    for event in events:
        if event_types()[event.type].target != "owner" or (
                event.place is not None and ctx.kind(event.place) != COUNTRY):
            continue
        last = max(bisect_right(starts, m.sentence.start) - 1 for m in event.mentions)
        if not 0 <= last < len(sentences) - 1:
            continue
        after = sentences[last + 1]
        if "\n" in ctx.doc.text[sentences[last].start_char:after.start_char] or not any(
                t.lemma_.lower() in impact for t in after):
            continue
        states = {event.place} if event.place else set(event.targets)
        places = [m.entity for t in after for m in ctx.by_token.get(t.i, ())
                  if ctx.kind(m.entity) in PLACE_RANK[:-1] and ctx.country_of(m.entity) in states]
        if places:
            event.place = min(places, key=lambda k: place_rank(k, ctx))
    return events


def counters_answer(events: list[Event], ctx: Context) -> list[Event]:
    """"an assault that prompted X to launch a counter-offensive": a counter-attack
    (`counter_attack_words`) with no target named hits whoever made the attack on its
    side (or, its side unknown, the attack) told before it in its sentence; it came
    after that attack, so, undated, it takes that attack's year."""
    words = lexicon()["counter_attack_words"]
    for event in events:
        if event.type != "Offensive" or event.targets or not any(  # "counter-" is a token
                ctx.article.text[max(0, m.trigger_start - 8):m.trigger_end].lower().endswith(w)
                for m in event.mentions for w in words):
            continue
        own = set(event.actors) | {s for k in event.actors if (s := ctx.state_of(k))}
        first = min(m.trigger_start for m in event.mentions)
        sentence = next(m.sentence for m in event.mentions if m.trigger_start == first)
        stateless = own == set(event.actors)  # "prompted Déby to launch": his state unknown
        answered = [e for e in events if e is not event and e.type == "Offensive"
                    and not set(e.actors) & own and (stateless or set(e.targets) & own) and any(
                        m.sentence.start == sentence.start and m.trigger_start < first
                        for m in e.mentions)]
        if answered:
            attack = answered[-1]
            event.targets = [k for k in attack.actors if k not in own]
            if event.time is None and attack.time is not None:
                event.time = replace(attack.time, iso=attack.time.iso[:4], precision="year")
    return events
