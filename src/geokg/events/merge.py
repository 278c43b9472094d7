"""One event per happening: merge the frames that report the same one.

An article names a deployment as "the deployment of thousands of troops"
and again as "as many as 12,000 troops have been sent"; GDELT keeps one
event with two mentions, and so does geokg. Two frames are the same event
when their type agrees and their participants are compatible; the merged
event keeps the most specific value of each field.
"""

from __future__ import annotations

from datetime import date

from geokg.events.rules import event_types
from geokg.language.lexicon import lexicon
from geokg.model import PERSON, Event, Linked, Quantity, certainty

# When mentions disagree, the more certain status describes the event.
STATUS_ORDER = ("asserted", "reported", "alleged", "planned", "discussed", "denied")
PRECISION_ORDER = {"day": 0, "month": 1, "year": 2}
PLACE_ORDER = {"City": 0, "Region": 1, "Place": 2, "Country": 3}


def _expanded(keys: list[str], linked: Linked) -> set[str]:
    """Entity keys plus the states they belong to (a minister stands for a state)."""
    out = set(keys)
    for key in keys:
        entity = linked.entities.get(key)
        if entity is not None and entity.country:
            out.add(f"country/{entity.country}")
    return out


def same_happening(a: Event, b: Event, linked: Linked) -> bool:
    """Whether two frames of one article describe one real-world event."""
    if a.type != b.type:
        return False
    if b.separate and a.mentions[-1].sentence != b.mentions[0].sentence:
        return False  # "a separate meeting" is not the one told before
    if _one_stay(a, b, linked):
        return True
    if a.time and b.time and a.time.iso != b.time.iso:
        return False  # two days, two happenings (a speaker's remarks too)
    if a.type == "Statement":
        return bool(set(a.actors) & set(b.actors))
    if certainty(a.status) != certainty(b.status) or _accused_apart(a, b):
        return False
    if _apart(a.place, b.place, linked):
        return False
    ea, eb = _expanded(a.actors, linked), _expanded(b.actors, linked)
    if event_types()[a.type].symmetric:
        return bool(ea and eb) and (ea <= eb or eb <= ea)
    if not (ea & eb):
        return not a.actors and not b.actors and bool(
            _expanded(a.targets, linked) & _expanded(b.targets, linked))
    ta, tb = _expanded(a.targets, linked), _expanded(b.targets, linked)
    return not ta or not tb or bool(ta & tb) or _one_site(a.place, b.place, linked)


def _one_site(a: str | None, b: str | None, linked: Linked) -> bool:
    """One actor's acts in one named city or site are one act, whoever each mention
    says was hit ("struck a militant stronghold in X" and "the strike on a house in
    X"): a target is often told only by where it lies."""
    return a is not None and a == b and below_state(a, linked)


# A stay spans days: the arrival and the host's welcome the next day are one visit.
STAY_DAYS = 2


def _one_stay(a: Event, b: Event, linked: Linked) -> bool:
    """"X arrived in Budapest late on Wednesday, and Y hosted him on Thursday": a
    type whose happening lasts (a visit) is one stay when the same visitors are told
    in one sentence, or in one place, on days close together."""
    if not event_types()[a.type].host_state or set(a.actors) != set(b.actors) or (
            certainty(a.status) != certainty(b.status)):
        return False  # a type with hosts is a stay somewhere
    if a.time is None or b.time is None or {a.time.precision, b.time.precision} != {"day"}:
        return False
    gap = date.fromisoformat(a.time.iso) - date.fromisoformat(b.time.iso)
    close = abs(gap.days) <= STAY_DAYS
    one_sentence = a.mentions[-1].sentence == b.mentions[0].sentence
    return close and not _apart(a.place, b.place, linked) and (
        one_sentence or (a.place is not None and a.place == b.place))


def _accused_apart(a: Event, b: Event) -> bool:
    """"Iran blamed Israel for that attack" beside "Israel struck Iran, officials
    said": what one party only accuses another of is not the deed told as fact."""
    return (a.status == "alleged") != (b.status == "alleged")


def _apart(a: str | None, b: str | None, linked: Linked) -> bool:
    """Two different named places below the state (cities, regions, bases) cannot
    host one happening: "flew to Ramstein ... then travelled to Frankfurt" are two
    visits on one day. A city and its country, or a place and no place, can; so can
    a place and a region that lies in no state ("Paris ... his first trip to Europe")."""
    if a is None or b is None or a == b:
        return False
    return below_state(a, linked) and below_state(b, linked)


def below_state(key: str, linked: Linked) -> bool:
    """A city, base or region inside a state, not a continent or sea spanning many."""
    entity = linked.entities.get(key)
    if entity is None or entity.type not in ("City", "Region", "Place"):
        return False
    return entity.type != "Region" or entity.country is not None


def _union(first: list[str], second: list[str]) -> list[str]:
    return first + [k for k in second if k not in first]


def _better_place(a: str | None, b: str | None, linked: Linked) -> str | None:
    if a is None or b is None:
        return a or b

    def rank(key: str) -> int:
        entity = linked.entities.get(key)
        return PLACE_ORDER.get(entity.type, 9) if entity else 9

    return b if rank(b) < rank(a) else a


def _clausal(event: Event) -> bool:
    return bool(event.rule) and not event.nominal


def _merged_status(a: Event, b: Event) -> str:
    """A mention stated as a clause says more about certainty than a noun phrase
    that only names the event; among equals the more certain status wins."""
    if _clausal(a) != _clausal(b):
        return a.status if _clausal(a) else b.status
    return min(a.status, b.status, key=STATUS_ORDER.index)


def _counts_arms(quantity: Quantity) -> bool:
    """"dropped two bombs": a count of munitions or weapons is an attack's quantity only
    while no other mention gives its toll ("the strike killed 8 civilians")."""
    return quantity.unit in lexicon()["equipment_nouns"]


def combine(a: Event, b: Event, linked: Linked) -> Event:
    """`a` enriched by `b`: unions of participants, the most specific values."""
    time = a.time
    if b.time and (time is None or PRECISION_ORDER[b.time.precision]
                   < PRECISION_ORDER[time.precision]):
        time = b.time
    quantity = a.quantity
    if b.quantity and (quantity is None or (quantity.value is None
                                            and b.quantity.value is not None)
                       or _counts_arms(quantity) and not _counts_arms(b.quantity)):
        quantity = b.quantity
    status = _merged_status(a, b)
    return Event(
        type=a.type, actors=_union(a.actors, b.actors), targets=_union(a.targets, b.targets),
        place=_better_place(a.place, b.place, linked), time=time, quantity=quantity,
        status=status, attributed_to=_union(a.attributed_to, b.attributed_to),
        mentions=a.mentions + b.mentions, quote=a.quote or b.quote, cameo=a.cameo,
        rule=a.rule, narrated=a.narrated or b.narrated, nominal=a.nominal,
        separate=a.separate,
    )


def merge_events(events: list[Event], linked: Linked) -> list[Event]:
    """Fold frames in text order into events; each keeps every mention."""
    merged: list[Event] = []
    for event in events:
        for i, existing in enumerate(merged):
            if same_happening(existing, event, linked):
                merged[i] = combine(existing, event, linked)
                break
        else:
            merged.append(event)
    return [_drop_person_duplicates(e, linked) for e in merged]


def _drop_person_duplicates(event: Event, linked: Linked) -> Event:
    """Targets never repeat an actor, whether named as a person or a state."""
    actors = set(event.actors)
    event.targets = [t for t in event.targets if t not in actors]
    if event.type != "Statement":
        return event
    people = [a for a in event.actors
              if (e := linked.entities.get(a)) is not None and e.type == PERSON]
    if people:
        event.actors = people + [a for a in event.actors if a not in people]
    return event
