"""Linking people within one article: full names, the bare surnames and listed
office-holders' short names that refer back to them, names the NER missed, and
the byline's author.

A name the NER calls a person may be a place ("Stepanakert", "the village of
X"): `names_place` asks geokg.entities.places and links it as one. Titles and
what they say of a person (posts, descriptions) are geokg.entities.posts;
people across articles are geokg.entities.link.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from geokg.entities import gazetteer as gz
from geokg.entities import places
from geokg.entities.posts import role_left
from geokg.entities.state import POSSESSIVE, LinkState
from geokg.language.memo import entities, indices_where
from geokg.language.timex import MONTHS, WEEKDAYS
from geokg.model import PERSON, PLACE, Mention


def link_person_names(state: LinkState) -> None:
    """Every name a person may bear: the NER's PERSON spans, names that end in an
    organisation's one-word name, and names a role word vouches for; longest first,
    so that a full name is a person before its surname alone looks for one."""
    persons = names_with_org_words(state)
    persons += [e for e in entities(state.doc) if e.label_ == "PERSON"] + unlabelled_names(state)
    for span in sorted(persons, key=lambda s: -len(s)):
        link_person_name(state, span)


def link_person_name(state: LinkState, span: Span) -> None:
    """A PERSON span: a full name creates a person, a single name finds one."""
    tokens = [t for t in span if t.text not in POSSESSIVE]
    while len(tokens) > 1 and tokens[0].lower_ in state.role_words():
        tokens = tokens[1:]
    while len(tokens) > 1 and is_date_word(tokens[-1]):
        tokens = tokens[:-1]  # "said spokesman Wang Lei Thursday": the name stops at the day
    if not tokens:
        return
    start, end = tokens[0].i, tokens[-1].i + 1
    while end < len(state.doc):
        if is_name_part(state, state.doc[end]):
            end += 1  # "Choe Son" + "Hui" that NER split off as NORP
        elif _title_inside_name(state, end):
            end += 2  # "Abdi" + "Sheikh Omar": a name may repeat an honorific
        else:
            break
    name = state.doc[start:end].text
    if " " not in name:  # one word, or hyphenated: "Amir-Abdollahian"
        key = person_by_part(state, name) or office_holder(state, name, short=True)
        if key:
            state.mention(key, start, end, "surname")
            return
        if end - start == 1 and _common_noun(state.doc[start]):
            return
    key = office_holder(state, name)
    if key is None and names_place(state, name, state.doc[start:end]):
        return
    key = key or f"person/{gz.slug(name)}"
    state.entity(key, name, PERSON)
    state.mention(key, start, end, "name")


def _common_noun(tok: Token) -> bool:
    """"Gangs attacked ...": a word that opens a sentence, and that the article also
    writes in lower case ("armed gangs"), is a common noun the NER took for a name."""
    if tok.pos_ == "NOUN":
        return True
    low = tok.lower_
    return tok.is_sent_start and any(t.text == low for t in tok.doc)


def names_place(state: LinkState, name: str, span: Span) -> bool:
    """A PERSON span that is a place: one the gazetteer knows ("Stepanakert"), or
    one the words call a place ("the village of X", "near X", "X, a camp", "the X
    district"). Linked as that place here; a known person's name never is one."""
    if person_by_part(state, name):
        return False
    if places.gazetteer_place(state, name) and places.link_known_name(
            state, name, span, span.start, span.end):
        return True
    if not places.place_cue(state, span):
        return False
    sub = state.gaz.subdivision(name)
    key = places.subdivision_entity(state, *sub) if sub else f"place/{gz.slug(name)}"
    state.entity(key, name, PLACE)
    state.mention(key, span.start, span.end, "name")
    return True


def office_holder(state: LinkState, name: str, short: bool = False) -> str | None:
    """The entity of a listed office-holder (people.yaml) this name spells, so
    that "Zelensky" and "Volodymyr Zelenskyy" are one person in every article
    (the person's state still comes from the article's post)."""
    known = state.gaz.person_by_short(name) if short else state.gaz.person(name)
    if known is None:
        return None
    state.entity(known.key, known.label, PERSON)
    return known.key


def unlabelled_names(state: LinkState) -> list[Span]:
    """Names the statistical NER missed where a role word vouches for them:
    "The acting governor, Alexei Smirnov," and "Alexei Smirnov, the governor,"
    (two to four capitalised proper nouns, in apposition to a role head)."""
    heads = state.gaz.roles.heads
    taken = {i for ent in entities(state.doc) for i in range(ent.start, ent.end)}
    found: list[Span] = []
    appositions = indices_where(state.doc, "DEP", "appos")  # each case has one
    for i in sorted({*appositions, *(state.doc[i].head.i for i in appositions)}):
        tok = state.doc[i]
        if tok.dep_ == "appos" and tok.head.lemma_.lower() in heads:
            last = tok  # role, NAME
        elif tok.pos_ == "PROPN" and any(
                c.dep_ == "appos" and c.lemma_.lower() in heads for c in tok.children):
            last = tok  # NAME, role
        else:
            continue
        first = min((c for c in last.children if c.dep_ == "compound"),
                    key=lambda c: c.i, default=last)
        span = state.doc[first.i: last.i + 1]
        if (2 <= len(span) <= 4 and all(is_name_part(state, t) for t in span)
                and not any(t.i in taken for t in span)):
            found.append(Span(state.doc, span.start, span.end, label="PERSON"))
    return found


def names_with_org_words(state: LinkState) -> list[Span]:
    """Person names that end in an organisation's one-word name: the gazetteer
    ruler marks "Wagner" of "Klaus Wagner" or "Nato" of "Laura Nato" as the
    organisation, but a first name right before it makes the whole a person."""
    found: list[Span] = []
    for ent in entities(state.doc):
        if (ent.label_ != "ORG" or len(ent) != 1 or not ent.text.istitle()
                or state.gaz.known_names.get(ent.text) is None or ent.start == 0):
            continue
        first = ent.start
        while first > 0 and state.doc[first - 1].ent_type_ in ("", "PERSON") \
                and is_name_part(state, state.doc[first - 1]):
            first -= 1
        if first < ent.start:
            found.append(Span(state.doc, first, ent.end, label="PERSON"))
    return found


def is_date_word(tok: Token) -> bool:
    """A weekday or month name: wire copy puts the day right after a name ("said
    spokesman Wang Lei Thursday"), and it is never part of the name."""
    return tok.lower_ in WEEKDAYS or (tok.lower_ in MONTHS and len(tok.text) > 3)


def _title_inside_name(state: LinkState, i: int) -> bool:
    """"Sheikh Abdi Sheikh Omar": an honorific between name words of one compound
    name (the parser chains them all to the last) belongs to the name, where after
    a name it would start another one ("Abdi, Sheikh Omar")."""
    doc = state.doc
    if i + 1 >= len(doc):
        return False
    title, after = doc[i], doc[i + 1]
    return (title.lower_ in state.role_words() and title.dep_ == "compound"
            and title.head.i > i and doc[i - 1].dep_ == "compound"
            and is_name_part(state, after))


def is_name_part(state: LinkState, tok: Token) -> bool:
    """A capitalised proper noun glued to a name that the gazetteer does not know."""
    gaz = state.gaz
    text = tok.text
    return tok.pos_ == "PROPN" and text.istitle() and text.isalpha() and not is_date_word(
        tok) and not (
        gaz.country_of_name(text) or gaz.country_of_demonym(text) or gaz.city(text)
        or gaz.known_names.get(text) or text.lower() in state.role_words())


def person_by_part(state: LinkState, word: str) -> str | None:
    """The known person one of whose names is this word (surname first); never an
    honorific some names repeat ("Sheikh" of "Abdi Sheikh Omar")."""
    if word.lower() in state.role_words():
        return None
    people = [e for e in state.linked.entities.values() if e.type == PERSON]
    for pos in (-1, 0):
        for ent in people:
            parts = ent.label.split()
            if len(parts) > 1 and parts[pos] == word:
                return ent.key
    for ent in people:
        if word in ent.label.split()[1:-1]:
            return ent.key
    return None


def link_surnames(state: LinkState) -> None:
    """Proper nouns NER missed that repeat a known person's name."""
    for i in indices_where(state.doc, "POS", "PROPN"):
        tok = state.doc[i]
        if tok.i in state.by_token or not tok.text[:1].isupper():
            continue
        key = person_by_part(state, tok.text) or office_holder(state, tok.text, short=True)
        if key:
            state.mention(key, tok.i, tok.i + 1, "surname")


def link_office_holder(state: LinkState, text: str, start: int, end: int) -> bool:
    """A non-PERSON span that is a person's name: a listed office-holder's full
    name, or two to four unknown name words right after a title ("President X"),
    with the first names the NER left out of the span ("President Ana [Wambui]")."""
    if (first := _first_names_before(state, start)) < start:
        start, text = first, state.doc[first:end].text
    key = office_holder(state, text) if end - start > 1 else None
    if key is None and 2 <= end - start <= 4 and role_left(state, start) is not None \
            and all(is_name_part(state, t) for t in state.doc[start:end]):
        key = f"person/{gz.slug(text)}"
        state.entity(key, text, PERSON)
    if key is None:
        return False
    state.mention(key, start, end, "name")
    return True


def _first_names_before(state: LinkState, start: int) -> int:
    """Where a name begins when up to two untagged name words stand between a title
    and the span: "President Ana Wambui" with only "Wambui" tagged."""
    i = start
    while i > 0 and start - i < 2 and not state.doc[i - 1].ent_type_ \
            and is_name_part(state, state.doc[i - 1]):
        i -= 1
    return i if i < start and role_left(state, i) is not None else start


def link_byline(state: LinkState) -> None:
    """The byline author is a person (mention offset in the text, after the body)."""
    byline = state.article.byline
    if not byline:
        return
    name = re.sub(r"^\s*by\s+", "", byline, flags=re.IGNORECASE).strip()
    if not name:
        return
    key = f"person/{gz.slug(name)}"
    state.entity(key, name, PERSON)
    pos = state.article.text.find(name, state.article.body_end)
    if pos < 0:
        pos = state.article.text.find(name)
    if pos >= 0:
        state.linked.mentions.append(Mention(key, pos, pos + len(name), name, "name"))
