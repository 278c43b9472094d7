"""The statistical NER's spans other than people's (NORP, GPE, LOC, FAC, ORG): each
goes to the first concern that claims it.

A demonym is its country; then a listed office-holder or a name after a title
(people), a place or body the gazetteer knows (places), a known person's surname
(people), an organisation the gazetteer does not know (organisations), a province
of a country, else a place named as written. Separate from each of those
modules because it asks all of them, in this order.
"""

from __future__ import annotations

from spacy.tokens import Span

from geokg.entities import organisations, people, places
from geokg.entities.state import POSSESSIVE, LinkState, clean_name
from geokg.language.memo import entities
from geokg.model import PLACE


def link_other_spans(state: LinkState, ministries: list[tuple[Span, str]]
                     ) -> list[tuple[str, Span]]:
    """Every span of the NER that is not a person's nor over a ministry, in the
    text's order. Returns the places only the words call so ("the border village
    of X") as (key, span), to be located once everything else is linked."""
    described: list[tuple[str, Span]] = []
    taken = {i for span, _ in ministries for i in range(span.start, span.end)}
    for span in _whole_names(list(entities(state.doc))):
        if span.label_ == "PERSON" or _overlaps(span, taken):
            continue
        link_other(state, span, described)
    return described


def _whole_names(ents: list[Span]) -> list[Span]:
    """"the Islamic Resistance in | Iraq", "al Qaeda in | the Islamic Maghreb": the NER
    may end an organisation's name at a preposition and call what follows a place; a
    name cannot end in a preposition, so the two (and the capitalised words still
    after them: "Alliance of | Sahel | States") are one organisation."""
    whole: list[Span] = []
    skip = False
    for i, span in enumerate(ents):
        after = ents[i + 1] if i + 1 < len(ents) else None
        if skip:
            skip = False
            continue
        last = span[-1]
        if (span.label_ == "ORG" and after is not None and last.pos_ == "ADP"
                and after.start in (span.end, span.end + 1)
                and (after.start == span.end or span.doc[span.end].lower_ == "the")):
            end = after.end
            while end < len(span.doc) and span.doc[end].pos_ == "PROPN" \
                    and not span.doc[end].ent_type_:
                end += 1  # "Confederation of | Sahel | States"
            whole.append(Span(span.doc, span.start, end, label="ORG"))
            skip = True
        else:
            whole.append(span)
    return whole


def link_other(state: LinkState, span: Span, described: list[tuple[str, Span]]) -> None:
    label = span.label_
    text = clean_name(span.text)
    start, end = _trim(span)
    if start >= end:
        return
    if label == "NORP":
        code = state.gaz.country_of_demonym(span.text)
        if code and code in state.gaz.countries:
            state.mention(state.country_entity(code), start, end, "demonym")
            return
        if not places.gazetteer_place(state, text):
            return
        label = "GPE"  # a place the NER took for a nationality: "to Asuncion"
    if label not in {"GPE", "LOC", "FAC", "ORG"}:
        return
    if people.link_office_holder(state, text, start, end):
        return  # "President [Mahamat Idriss Déby]" that the NER called an ORG
    if places.link_known_name(state, text, span, start, end):
        return  # before the role check: "White House" is a seat, not a title
    if all(t.lower_ in state.role_words() for t in span):
        return  # "Defense" of "Defense Secretary Lloyd Austin" mislabelled ORG
    key = (people.person_by_part(state, text) or people.office_holder(state, text, short=True)
           if len(span) == 1 else None)
    if key:
        state.mention(key, start, end, "surname")
    elif label == "ORG" and not places.place_cue(state, span, by_preposition=False):
        organisations.link_unknown_org(state, text, start, end)
    elif (sub := state.gaz.subdivision(text)) is not None:
        state.mention(places.subdivision_entity(state, *sub), start, end, "name")
    else:
        key = state.gaz.unlisted_key("place", text, PLACE)
        if key:
            state.entity(key, text, PLACE)
            state.mention(key, start, end, "name")
            if places.place_cue(state, span, by_preposition=False):
                described.append((key, span))


def _trim(span: Span) -> tuple[int, int]:
    """Token range of a span without a leading 'the' and a trailing possessive."""
    start, end = span.start, span.end
    if start < end and span.doc[start].lower_ == "the":
        start += 1
    if end > start and span.doc[end - 1].text in POSSESSIVE:
        end -= 1
    return start, end


def _overlaps(span: Span, taken: set[int]) -> bool:
    """Whether the span shares a token with the ministries (`taken`: their tokens)."""
    return any(i in taken for i in range(span.start, span.end))
