"""Linking places: venues, datelines, capitals described by their state, regions,
a country qualified by the word before it, and where places found only by the
words around them lie.

Also the questions the other concerns ask about a name before they claim it: is
it a place the gazetteer knows (`gazetteer_place`, `link_known_name`), do the
words around it make it one (`place_cue`), does a capital stand for its state
(`is_metonym`). Nothing here asks the people or organisation modules anything,
so they can ask these questions without an import circle.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from geokg.entities import gazetteer as gz
from geokg.entities.state import POSSESSIVE, LinkState, clean_name
from geokg.language.lexicon import lexicon
from geokg.language.memo import doc_text, entities, lower_lemmas, lower_words
from geokg.language.nlp import DATELINE
from geokg.language.syntax import LOCATIVE_PREPS
from geokg.model import CITY, COUNTRY, PLACE, REGION, Mention

# A compass word right before a name, in lower case ("northern Iraq", not "North
# Korea"): the part of the country it names.
COMPASS = r"(?:(?:north|south)(?:-?(?:east|west))?|east|west|central)(?:ern)?"
DIRECTION_BEFORE = re.compile(rf"(?<![\w-])(?P<direction>{COMPASS})\s+$")
REGION_RE = re.compile(
    r"^(?P<name>.+?)(?: (?:border|frontier|western|southern|northern|eastern))?"
    r" (?:region|oblast|province|krai)$", re.IGNORECASE,
)


def link_venue_phrases(state: LinkState) -> list[tuple[str, Span]]:
    """"at the Mariinsky Palace", "the Adji Kossei base": capitalised names before a
    venue noun (metonymy.yaml) make a Place named as written; a listed venue or a
    state's "US air base" is left to the other passes. Returns (key, span) pairs."""
    found: list[tuple[str, Span]] = []
    for i, lower in enumerate(lower_words(state.doc)):
        if lower not in state.gaz.metonymy.venue_nouns or i in state.by_token:
            continue
        head = state.doc[i]
        start = head.i
        while start > 0 and state.doc[start - 1].lower_ == "air":
            start -= 1
        names = start
        while names > 0 and is_venue_name_part(state, state.doc[names - 1]):
            names -= 1
        if names == start:
            continue
        span = state.doc[names:head.i + 1]
        if state.gaz.venues.get(span.text) or state.gaz.known_names.get(span.text):
            continue
        key = f"place/{gz.slug(span.text)}"
        state.entity(key, span.text, PLACE)
        state.mention(key, span.start, span.end, "name")
        found.append((key, span))
    return found


def is_venue_name_part(state: LinkState, tok: Token) -> bool:
    gaz = state.gaz
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and not (
        gaz.country_of_name(tok.text) or gaz.country_of_demonym(tok.text)
        or tok.lower_ in state.role_words())


def place_venues(state: LinkState, venues: list[tuple[str, Span]]) -> None:
    """A venue found in the text lies in a city its sentence names, else in the
    dateline's city; it takes that city's country."""
    dateline = next((m.entity for m in state.linked.mentions if m.how == "dateline"), None)
    for key, span in venues:
        sent = span.sent
        cities = [state.by_token[t.i] for t in sent
                  if state.by_token.get(t.i, "").startswith("city/")]
        city = cities[0] if cities else dateline
        venue = state.linked.entities[key]
        if city and city.startswith("city/"):
            venue.located_in = city
            venue.country = venue.country or state.linked.entities[city].country


def link_described_capitals(state: LinkState) -> None:
    """"the Nigerien capital", "Qatar's capital", "the capital of Chad": a capital
    described by its state is that state's capital city (an alias mention)."""
    for i, lemma in enumerate(lower_lemmas(state.doc)):
        if lemma != "capital":
            continue
        tok = state.doc[i]
        if tok.pos_ != "NOUN" or tok.i in state.by_token:
            continue
        owners = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss")]
        owners += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]
        states = {state.by_token[o.i] for o in owners
                  if state.by_token.get(o.i, "").startswith("country/")}
        definite = any(c.dep_ in ("det", "poss") for c in tok.children)
        if not owners and _bare_definite(tok):
            if named := _named_after(state, tok):
                state.mention(named, tok.i, tok.i + 1, "alias")
                continue
            # "Forces in Mali retook a hotel in the capital": the state named last
            named = _named_before(state, tok, COUNTRY, sentences=1)
            states = {named} if named else set()
        if len(states) != 1 or not definite:
            continue
        code = state.linked.entities[next(iter(states))].country
        cities = [gid for gid, c in state.gaz.capitals.items() if c == code]
        city = state.gaz.cities.get(cities[0]) if len(cities) == 1 else None
        if city is not None:
            state.mention(state.city_entity(city), tok.i, tok.i + 1, "alias")


def _named_after(state: LinkState, tok: Token) -> str | None:
    """"the capital, Port-au-Prince", "the capital Bamako": the city named beside a
    bare "the capital" is the one meant, whatever state was named before."""
    after = tok.i + 1
    if after < len(state.doc) and state.doc[after].text == ",":
        after += 1
    key = state.by_token.get(after, "")
    return key if key.startswith("city/") else None


def link_definite_towns(state: LinkState) -> None:
    """"driving the militants from the city", "the rebels' advance toward the town": a
    bare definite town noun (`town_nouns`) is the city named last before it, in its
    sentence or the three before (an alias mention, as a pronoun would refer)."""
    nouns = lexicon()["town_nouns"]
    for tok in state.doc:
        if (tok.lemma_.lower() in nouns and tok.pos_ == "NOUN" and tok.tag_ == "NN"
                and tok.i not in state.by_token and _bare_definite(tok)
                and not any(c.dep_ in ("prep", "appos", "relcl", "acl") for c in tok.children)):
            city = _named_before(state, tok, CITY, sentences=3)
            if city is not None:
                state.mention(city, tok.i, tok.i + 1, "alias")


def _named_before(state: LinkState, tok: Token, kind: str, sentences: int) -> str | None:
    """The entity of a kind mentioned last before the token, within its sentence and
    up to `sentences` sentences before it."""
    start = tok.sent.start
    for _ in range(sentences):
        if start == 0:
            break
        start = tok.doc[start - 1].sent.start
    for i in range(tok.i - 1, start - 1, -1):
        key = state.by_token.get(i, "")
        entity = state.linked.entities.get(key)
        if entity is not None and entity.type == kind:
            return key
    return None


def _bare_definite(tok: Token) -> bool:
    """"the capital", with no word saying whose."""
    return [c.lower_ for c in tok.children if c.dep_ in ("det", "amod", "compound")] == ["the"]


def locate_described_places(state: LinkState, described: list[tuple[str, Span]]) -> None:
    """"the border village of X": a place the gazetteer does not know lies in the
    state of a city its sentence names, else in the dateline's state when the
    sentence names that state too ("YEREVAN — ... the border village of X ... to
    help Armenia"); it lies in no city."""
    dateline = next((m.entity for m in state.linked.mentions if m.how == "dateline"), None)
    home = state.linked.entities[dateline].country if dateline else None
    for key, span in described:
        named = [state.linked.entities[state.by_token[t.i]].country for t in span.sent
                 if state.by_token.get(t.i, "").startswith(("city/", "country/"))]
        cities = [state.linked.entities[state.by_token[t.i]].country for t in span.sent
                  if state.by_token.get(t.i, "").startswith("city/")]
        place = state.linked.entities[key]
        if place.country is None:
            place.country = cities[0] if cities else (home if home in named else None)


def link_dateline(state: LinkState) -> None:
    """"MANILA —" names where the story was filed: a City mention of its own
    (how="dateline"), since the parser never sees the blanked dateline."""
    body = state.article.body
    match = DATELINE.match(body)
    if not match:
        return
    words = re.split(r"[,/]", match.group("place"))  # the first city of "A/B" filed
    for part in words:
        name = part.strip()
        venue = state.gaz.venues.get(name.title())  # "RAMSTEIN AIR BASE, Germany —"
        city = state.gaz.city(name.title()) or state.gaz.city(name)
        if venue is None and city is None:
            continue
        key = state.known_entity(venue) if venue else state.city_entity(city)
        start = state.article.body_start + body.index(part.strip())
        state.linked.mentions.append(
            Mention(key, start, start + len(name), name, "dateline"))
        return


def link_this_country(state: LinkState) -> None:
    """"captured more than half this country": in a story filed under a dateline,
    "this country" is the dateline city's state (deixis, as "here" is the city)."""
    dateline = next((m.entity for m in state.linked.mentions if m.how == "dateline"), None)
    entity = state.linked.entities.get(dateline or "")
    if entity is None or not entity.country or entity.country not in state.gaz.countries:
        return
    for tok in state.doc:
        if (tok.lemma_.lower() in ("country", "nation") and tok.i not in state.by_token
                and [c.lower_ for c in tok.children if c.dep_ == "det"] == ["this"]):
            state.mention(state.country_entity(entity.country), tok.i, tok.i + 1, "alias")


def add_home_countries(state: LinkState) -> None:
    """Every place, body and person's state is an entity too, mentioned or not:
    "arrived in Nairobi" makes Kenya the host even if the article never names it."""
    for entity in list(state.linked.entities.values()):
        if entity.country and entity.type != COUNTRY and entity.country in state.gaz.countries:
            state.country_entity(entity.country)


def gazetteer_place(state: LinkState, name: str) -> bool:
    """A name the gazetteer knows as a place by its own name (not an alternate
    spelling, not a city name that is as often a person's: ambiguous_city_names)."""
    gaz = state.gaz
    if name in gaz.ambiguous:
        return False
    city = gaz.city(name)
    return bool(gaz.country_of_name(name) or gaz.seats.get(name) or (
        (known := gaz.known_names.get(name)) and not known.startswith("org/")) or (
        city and gz.norm(city.name) == gz.norm(name)))


def place_cue(state: LinkState, span: Span, by_preposition: bool = True) -> bool:
    """Do the words around a name say it is a place? (cue words: metonymy.yaml)
    Without `by_preposition` only place nouns count ("the region of X", "the X
    valley"): "in X" makes no place of a name the NER called an organisation."""
    nouns = state.gaz.metonymy.place_nouns
    tok = span.root
    if any(c.dep_ == "appos" and c.lemma_.lower() in state.gaz.roles.heads
           for c in tok.children):
        return False  # "X, commander of the forces,"
    while tok.dep_ == "conj" and any(c.dep_ == "cc" for c in tok.head.children):
        tok = tok.head  # "the towns of X and Y" (not "In Syria, X, ...")
    head = tok.head
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.text in POSSESSIVE:
        return False  # "near Putin's residence"
    if tok.dep_ == "pobj" and head.lower_ == "of":
        return head.head.lemma_.lower() in nouns or head.head.lower_ in nouns
    if tok.dep_ == "pobj":
        return by_preposition and head.lower_ in LOCATIVE_PREPS
    if tok.dep_ in {"compound", "nmod"}:
        return head.lemma_.lower() in nouns and head.i == span.end
    return any(c.dep_ == "appos" and c.lemma_.lower() in nouns for c in tok.children)


def link_qualified_countries(state: LinkState) -> None:
    """A country's name with a word before it that makes it a part of the country:
    a compass word makes a region ("northern Iraq", "north-east Syria"), a
    landform's title a place ("Lake Chad", "Mount Lebanon"). Either is where an
    act happened; its state is still the country for targets and hosts."""
    text, titles = doc_text(state.doc), state.gaz.metonymy.landform_titles
    for ent in entities(state.doc):
        code = state.gaz.country_of_name(clean_name(ent.text))
        if ent.label_ not in ("GPE", "LOC") or not code or code not in state.gaz.countries:
            continue
        before = text[max(0, ent.start_char - 24):ent.start_char]
        compass = DIRECTION_BEFORE.search(before)
        if compass:
            label = f"{compass.group('direction')} {state.gaz.countries[code].label}"
            key, kind, first = f"region/{gz.slug(label)}", REGION, ent.start_char - (
                len(before) - compass.start())
        elif ent.start > 0 and state.doc[ent.start - 1].text in titles:
            label = f"{state.doc[ent.start - 1].text} {clean_name(ent.text)}"
            key, kind, first = f"place/{gz.slug(label)}", PLACE, state.doc[
                ent.start - 1].idx
        else:
            continue
        span = state.doc.char_span(first, ent.end_char)
        if span is not None:
            state.entity(key, label, kind, country=code)
            state.mention(key, span.start, span.end, "name")


def link_known_name(state: LinkState, text: str, span: Span, start: int, end: int) -> bool:
    """Countries, seats of power, curated names, regions, cities, in that order."""
    gaz = state.gaz
    code = gaz.country_of_name(text)
    if code and code in gaz.countries:
        key = state.country_entity(code)
        how = "name" if text == gaz.countries[code].label else "alias"
        state.mention(key, start, end, how)
        return True
    seat = gaz.seats.get(text)
    if seat:
        venue = gaz.venues.get(text)
        if venue and is_literal_venue(state, span):
            state.mention(state.known_entity(venue), start, end, "name")
        else:
            state.mention(state.country_entity(seat), start, end, "metonym")
        return True
    known = gaz.known_names.get(text)
    if known:
        state.mention(state.known_entity(known), start, end, "name")
        return True
    region = REGION_RE.match(text)
    if region and (city := gaz.city(region.group("name"))):
        state.mention(region_entity(state, city), start, end, "name")
        return True
    city = gaz.city(text)
    if city is None or (span.label_ == "ORG"
                        and not _city_not_org(city, text, span, gaz.metonymy)):
        return False
    region_key = f"region/{gz.slug(city.name)}"
    if region_key in state.linked.entities:
        state.mention(region_key, start, end, "alias")
    elif city.geonames in gaz.capitals and is_metonym(state, span):
        target = gaz.capital_metonyms.get(city.geonames)
        key = state.known_entity(target) if target else state.country_entity(city.country)
        state.mention(key, start, end, "metonym")
    else:
        how = "name" if text == city.name else "alias"
        state.mention(state.city_entity(city), start, end, how)
    return True


def is_literal_venue(state: LinkState, span: Span) -> bool:
    """Is a seat of power the building here? "talks at the Kremlin", "an address
    from the White House" (a literal head); not "officials at the Kremlin"."""
    cues = state.gaz.metonymy
    tok = span.root
    if tok.dep_ != "pobj":
        return False
    prep, governor = tok.head.lower_, tok.head.head
    if prep in cues.place_preps:
        return not (governor.lower_ in cues.attitude_heads
                    or governor.lemma_ in cues.attitude_heads)
    return prep == "from" and _is_literal_head(governor, cues)


def subdivision_entity(state: LinkState, name: str, code: str) -> str:
    """A province or state of a country ("Borno", "Rakhine")."""
    key = f"region/{code.lower()}-{gz.slug(name)}"
    state.entity(key, name, REGION, country=code)
    return key


def region_entity(state: LinkState, city: gz.City) -> str:
    key = f"region/{gz.slug(city.name)}"
    state.entity(key, f"{city.name} region", REGION, country=city.country)
    return key


def is_metonym(state: LinkState, span: Span) -> bool:
    """Does this capital stand for its state here? (rules in data/metonymy.yaml)"""
    cues = state.gaz.metonymy
    tok = span.root
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    dep, gov = tok.dep_, tok.head
    if dep in cues.subject_deps:
        return True
    if dep == "dobj":
        return not _is_literal_head(gov, cues)
    if dep != "pobj":
        return False
    prep = gov.lower_
    governor = gov.head
    if prep in cues.place_preps:
        return governor.lower_ in cues.attitude_heads or governor.lemma_ in cues.attitude_heads
    if _is_literal_head(governor, cues) or (prep in ("to", "into")
                                             and _moves_forces(governor)):
        return False
    return prep in cues.metonym_preps or gov.dep_ == "agent"


# An ORG span is taken for a city only when it is the city's own name and the
# city is large or the words say it is a place ("in Poltava", "the city of Poltava").
ORG_CITY_MIN_POPULATION = 100_000


def _city_not_org(city: gz.City, text: str, span: Span, cues: gz.MetonymyCues) -> bool:
    """A city the statistical NER labelled ORG ("Poltava"); never an organisation
    that shares a town's alternate name ("Hamas", "Hamm")."""
    if gz.norm(city.name) != gz.norm(text):
        return False
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ == "of" and before.i > 0:
        before = span.doc[before.i - 1]
    cued = before is not None and (before.lower_ in LOCATIVE_PREPS
                                   or before.lower_ in cues.place_nouns)
    return cued or city.population >= ORG_CITY_MIN_POPULATION


def _is_literal_head(tok: Token, cues: gz.MetonymyCues) -> bool:
    return tok.lower_ in cues.literal_heads or tok.lemma_.lower() in cues.literal_heads


def _moves_forces(verb: Token) -> bool:
    """"dispatched special forces to Juba", "troops were sent to Riga": armed men go
    to the city itself; weapons or money sent to a capital are aid to its state."""
    movers = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "personnel dispatched to X"
        movers.append(verb.head)
    return any(m.lemma_.lower() in lexicon()["force_nouns"] for m in movers)
