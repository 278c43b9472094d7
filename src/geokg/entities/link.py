"""The link stage: spaCy entity spans -> one Entity per real-world thing.

Every mention (a name, a demonym, a capital used for its state, a surname, a
title or a pronoun) becomes a `Mention` with offsets into `Article.text`, and
points at one `Entity` whose key is stable across articles (docs/mapping.md):

    country/JP  city/703448  region/kursk  person/takeshi-iwaya  org/nato
    org/jp-foreign-ministry  region/europe  place/second-thomas-shoal

All look-up tables come from `geokg.entities.gazetteer.load()` (built once per
process); the rules here read only the dependency parse and those tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from geokg.entities import gazetteer as gz
from geokg.language.lexicon import lexicon
from geokg.language.nlp import DATELINE
from geokg.language.sentences import SentenceIndex
from geokg.language.syntax import LOCATIVE_PREPS
from geokg.model import (
    CITY,
    COUNTRY,
    ORGANIZATION,
    PERSON,
    PLACE,
    REGION,
    Article,
    ArticleResult,
    Entity,
    Linked,
    Mention,
    Post,
)

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
# A compass word right before a name, in lower case ("northern Iraq", not "North
# Korea"): the part of the country it names.
COMPASS = r"(?:(?:north|south)(?:-?(?:east|west))?|east|west|central)(?:ern)?"
DIRECTION_BEFORE = re.compile(rf"(?<![\w-])(?P<direction>{COMPASS})\s+$")
REGION_RE = re.compile(
    r"^(?P<name>.+?)(?: (?:border|frontier|western|southern|northern|eastern))?"
    r" (?:region|oblast|province|krai)$", re.IGNORECASE,
)


def mention_for_token(linked: Linked, article: Article, token: Token) -> Mention | None:
    """The mention covering a token of the body Doc (None if the token names nothing)."""
    start = article.body_start + token.idx
    found = linked.at(start, start + len(token.text))
    return found[0] if found else None


def entity_for_token(linked: Linked, article: Article, token: Token) -> Entity | None:
    """The entity a token refers to, through its mention."""
    mention = mention_for_token(linked, article, token)
    return linked.entities.get(mention.entity) if mention else None


def link(article: Article, doc: Doc) -> Linked:
    """Find every entity mention in the parsed body and link it (see module doc)."""
    builder = _Builder(article, doc, gz.load())
    builder.run()
    builder.linked.mentions.sort(key=lambda m: (m.start, m.end))
    return builder.linked


@dataclass
class _Builder:
    article: Article
    doc: Doc
    gaz: gz.Gazetteer
    linked: Linked = field(default_factory=Linked)
    by_token: dict[int, str] = field(default_factory=dict)  # token index -> entity key
    how_by_token: dict[int, str] = field(default_factory=dict)
    person_tokens: list[tuple[int, str]] = field(default_factory=list)  # (token i, key)
    # places only the words call so ("the border village of X"), located after linking
    described_places: list[tuple[str, Span]] = field(default_factory=list)

    # ---- bookkeeping -------------------------------------------------------
    def entity(self, key: str, label: str, type_: str, **kw) -> Entity:
        """Get or create the entity for a key (the first label wins)."""
        ent = self.linked.entities.get(key)
        if ent is None:
            ent = Entity(key=key, label=label, type=type_, **kw)
            self.linked.entities[key] = ent
        return ent

    def mention(self, key: str, start: int, end: int, how: str) -> None:
        """Record a mention over tokens [start, end) of the doc."""
        if any(i in self.by_token for i in range(start, end)):
            return
        span = self.doc[start:end]
        offset = self.article.body_start
        text = span.text
        ent = self.linked.entities[key]
        if text != ent.label and how == "name":
            ent.aliases.add(text)
        self.linked.mentions.append(
            Mention(key, offset + span.start_char, offset + span.end_char, text, how))
        for i in range(start, end):
            self.by_token[i] = key
            self.how_by_token[i] = how
        if key.startswith("person/"):
            self.person_tokens.append((span.root.i, key))

    def country_entity(self, code: str) -> str:
        country = self.gaz.countries[code]
        self.entity(f"country/{code}", country.label, COUNTRY, country=code,
                    geonames=country.geonames)
        return f"country/{code}"

    def city_entity(self, city: gz.City) -> str:
        key = f"city/{city.geonames}"
        self.entity(key, city.name, CITY, country=city.country, geonames=city.geonames)
        return key

    def known_entity(self, key: str) -> str:
        k = self.gaz.known[key]
        ent = self.entity(key, k.label, k.type, country=k.country, wikidata=k.wikidata)
        city = self.gaz.city(k.city) if k.city else None
        if city is not None:
            ent.located_in = self.city_entity(city)
        return key

    # ---- the passes --------------------------------------------------------
    def run(self) -> None:
        venues = self.link_venue_phrases()
        ministries = [(span, kind) for span, kind in self.find_ministries()
                      if not self.inside_org_name(span)]
        persons = self.names_with_org_words()
        persons += [e for e in self.doc.ents if e.label_ == "PERSON"] + self.unlabelled_names()
        for span in sorted(persons, key=lambda s: -len(s)):
            self.link_person_name(span)
        self.link_named_armed_groups()  # before the NER's guesses: "the Lobos gang"
        self.link_qualified_countries()
        for span in self.doc.ents:
            if span.label_ == "PERSON" or _overlaps(span, ministries):
                continue
            self.link_other(span)
        for span, kind in ministries:
            self.link_ministry(span, kind)
        self.link_described_capitals()
        self.link_anaphora()
        self.assign_posts()
        self.link_surnames()
        self.link_descriptions()
        self.link_pronouns()
        self.link_byline()
        self.link_dateline()
        self.place_venues(venues)
        self.locate_described_places()
        self.add_home_countries()

    def link_venue_phrases(self) -> list[tuple[str, Span]]:
        """"at the Mariinsky Palace", "the Adji Kossei base": capitalised names before a
        venue noun (metonymy.yaml) make a Place named as written; a listed venue or a
        state's "US air base" is left to the other passes. Returns (key, span) pairs."""
        found: list[tuple[str, Span]] = []
        for head in self.doc:
            if head.lower_ not in self.gaz.metonymy.venue_nouns or head.i in self.by_token:
                continue
            start = head.i
            while start > 0 and self.doc[start - 1].lower_ == "air":
                start -= 1
            names = start
            while names > 0 and self.is_venue_name_part(self.doc[names - 1]):
                names -= 1
            if names == start:
                continue
            span = self.doc[names:head.i + 1]
            if self.gaz.venues.get(span.text) or self.gaz.known_names.get(span.text):
                continue
            key = f"place/{gz.slug(span.text)}"
            self.entity(key, span.text, PLACE)
            self.mention(key, span.start, span.end, "name")
            found.append((key, span))
        return found

    def is_venue_name_part(self, tok: Token) -> bool:
        gaz = self.gaz
        return tok.pos_ == "PROPN" and tok.text[:1].isupper() and not (
            gaz.country_of_name(tok.text) or gaz.country_of_demonym(tok.text)
            or tok.lower_ in self._role_words())

    def place_venues(self, venues: list[tuple[str, Span]]) -> None:
        """A venue found in the text lies in a city its sentence names, else in the
        dateline's city; it takes that city's country."""
        dateline = next((m.entity for m in self.linked.mentions if m.how == "dateline"), None)
        for key, span in venues:
            sent = span.sent
            cities = [self.by_token[t.i] for t in sent
                      if self.by_token.get(t.i, "").startswith("city/")]
            city = cities[0] if cities else dateline
            venue = self.linked.entities[key]
            if city and city.startswith("city/"):
                venue.located_in = city
                venue.country = venue.country or self.linked.entities[city].country

    def link_described_capitals(self) -> None:
        """"the Nigerien capital", "Qatar's capital", "the capital of Chad": a capital
        described by its state is that state's capital city (an alias mention)."""
        for tok in self.doc:
            if tok.lemma_.lower() != "capital" or tok.pos_ != "NOUN" or tok.i in self.by_token:
                continue
            owners = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss")]
            owners += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"]
            states = {self.by_token[o.i] for o in owners
                      if self.by_token.get(o.i, "").startswith("country/")}
            definite = any(c.dep_ in ("det", "poss") for c in tok.children)
            if len(states) != 1 or not definite:
                continue
            code = self.linked.entities[next(iter(states))].country
            cities = [gid for gid, c in self.gaz.capitals.items() if c == code]
            city = self.gaz.cities.get(cities[0]) if len(cities) == 1 else None
            if city is not None:
                self.mention(self.city_entity(city), tok.i, tok.i + 1, "alias")

    def locate_described_places(self) -> None:
        """"the border village of X": a place the gazetteer does not know lies in the
        state of a city its sentence names, else in the dateline's state when the
        sentence names that state too ("YEREVAN — ... the border village of X ... to
        help Armenia"); it lies in no city."""
        dateline = next((m.entity for m in self.linked.mentions if m.how == "dateline"), None)
        home = self.linked.entities[dateline].country if dateline else None
        for key, span in self.described_places:
            named = [self.linked.entities[self.by_token[t.i]].country for t in span.sent
                     if self.by_token.get(t.i, "").startswith(("city/", "country/"))]
            cities = [self.linked.entities[self.by_token[t.i]].country for t in span.sent
                      if self.by_token.get(t.i, "").startswith("city/")]
            place = self.linked.entities[key]
            if place.country is None:
                place.country = cities[0] if cities else (home if home in named else None)

    def link_dateline(self) -> None:
        """"MANILA —" names where the story was filed: a City mention of its own
        (how="dateline"), since the parser never sees the blanked dateline."""
        body = self.article.body
        match = DATELINE.match(body)
        if not match:
            return
        words = re.split(r"[,/]", match.group("place"))  # the first city of "A/B" filed
        for part in words:
            name = part.strip()
            venue = self.gaz.venues.get(name.title())  # "RAMSTEIN AIR BASE, Germany —"
            city = self.gaz.city(name.title()) or self.gaz.city(name)
            if venue is None and city is None:
                continue
            key = self.known_entity(venue) if venue else self.city_entity(city)
            start = self.article.body_start + body.index(part.strip())
            self.linked.mentions.append(
                Mention(key, start, start + len(name), name, "dateline"))
            return

    def add_home_countries(self) -> None:
        """Every place, body and person's state is an entity too, mentioned or not:
        "arrived in Nairobi" makes Kenya the host even if the article never names it."""
        for entity in list(self.linked.entities.values()):
            if entity.country and entity.type != COUNTRY and entity.country in self.gaz.countries:
                self.country_entity(entity.country)

    # ---- people ------------------------------------------------------------
    def link_person_name(self, span: Span) -> None:
        """A PERSON span: a full name creates a person, a single name finds one."""
        tokens = [t for t in span if t.text not in POSSESSIVE]
        while len(tokens) > 1 and tokens[0].lower_ in self._role_words():
            tokens = tokens[1:]
        if not tokens:
            return
        start, end = tokens[0].i, tokens[-1].i + 1
        while end < len(self.doc) and self.is_name_part(self.doc[end]):
            end += 1  # "Choe Son" + "Hui" that NER split off as NORP
        name = self.doc[start:end].text
        if " " not in name:  # one word, or hyphenated: "Amir-Abdollahian"
            key = self.person_by_part(name) or self.office_holder(name, short=True)
            if key:
                self.mention(key, start, end, "surname")
                return
        key = self.office_holder(name)
        if key is None and self.names_place(name, self.doc[start:end]):
            return
        key = key or f"person/{gz.slug(name)}"
        self.entity(key, name, PERSON)
        self.mention(key, start, end, "name")

    def names_place(self, name: str, span: Span) -> bool:
        """A PERSON span that is a place: one the gazetteer knows ("Stepanakert"), or
        one the words call a place ("the village of X", "near X", "X, a camp", "the X
        district"). Linked as that place here; a known person's name never is one."""
        if self.person_by_part(name):
            return False
        if self.gazetteer_place(name) and self.link_known_name(name, span, span.start, span.end):
            return True
        if not self.place_cue(span):
            return False
        sub = self.gaz.subdivision(name)
        key = self.subdivision_entity(*sub) if sub else f"place/{gz.slug(name)}"
        self.entity(key, name, PLACE)
        self.mention(key, span.start, span.end, "name")
        return True

    def gazetteer_place(self, name: str) -> bool:
        """A name the gazetteer knows as a place by its own name (not an alternate
        spelling, not a city name that is as often a person's: ambiguous_city_names)."""
        gaz = self.gaz
        if name in gaz.ambiguous:
            return False
        city = gaz.city(name)
        return bool(gaz.country_of_name(name) or gaz.seats.get(name) or (
            (known := gaz.known_names.get(name)) and not known.startswith("org/")) or (
            city and gz.norm(city.name) == gz.norm(name)))

    def place_cue(self, span: Span, by_preposition: bool = True) -> bool:
        """Do the words around a name say it is a place? (cue words: metonymy.yaml)
        Without `by_preposition` only place nouns count ("the region of X", "the X
        valley"): "in X" makes no place of a name the NER called an organisation."""
        nouns = self.gaz.metonymy.place_nouns
        tok = span.root
        if any(c.dep_ == "appos" and c.lemma_.lower() in self.gaz.roles.heads
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

    def office_holder(self, name: str, short: bool = False) -> str | None:
        """The entity of a listed office-holder (people.yaml) this name spells, so
        that "Zelensky" and "Volodymyr Zelenskyy" are one person in every article
        (the person's state still comes from the article's post)."""
        known = self.gaz.person_by_short(name) if short else self.gaz.person(name)
        if known is None:
            return None
        self.entity(known.key, known.label, PERSON)
        return known.key

    def unlabelled_names(self) -> list[Span]:
        """Names the statistical NER missed where a role word vouches for them:
        "The acting governor, Alexei Smirnov," and "Alexei Smirnov, the governor,"
        (two to four capitalised proper nouns, in apposition to a role head)."""
        heads = self.gaz.roles.heads
        taken = {t.i for ent in self.doc.ents for t in ent}
        found: list[Span] = []
        for tok in self.doc:
            if tok.dep_ == "appos" and tok.head.lemma_.lower() in heads:
                last = tok  # role, NAME
            elif tok.pos_ == "PROPN" and any(
                    c.dep_ == "appos" and c.lemma_.lower() in heads for c in tok.children):
                last = tok  # NAME, role
            else:
                continue
            first = min((c for c in last.children if c.dep_ == "compound"),
                        key=lambda c: c.i, default=last)
            span = self.doc[first.i: last.i + 1]
            if (2 <= len(span) <= 4 and all(self.is_name_part(t) for t in span)
                    and not any(t.i in taken for t in span)):
                found.append(Span(self.doc, span.start, span.end, label="PERSON"))
        return found

    def names_with_org_words(self) -> list[Span]:
        """Person names that end in an organisation's one-word name: the gazetteer
        ruler marks "Wagner" of "Klaus Wagner" or "Nato" of "Laura Nato" as the
        organisation, but a first name right before it makes the whole a person."""
        found: list[Span] = []
        for ent in self.doc.ents:
            if (ent.label_ != "ORG" or len(ent) != 1 or not ent.text.istitle()
                    or self.gaz.known_names.get(ent.text) is None or ent.start == 0):
                continue
            first = ent.start
            while first > 0 and self.doc[first - 1].ent_type_ in ("", "PERSON") \
                    and self.is_name_part(self.doc[first - 1]):
                first -= 1
            if first < ent.start:
                found.append(Span(self.doc, first, ent.end, label="PERSON"))
        return found

    def is_name_part(self, tok: Token) -> bool:
        """A capitalised proper noun glued to a name that the gazetteer does not know."""
        gaz = self.gaz
        text = tok.text
        return tok.pos_ == "PROPN" and text.istitle() and text.isalpha() and not (
            gaz.country_of_name(text) or gaz.country_of_demonym(text) or gaz.city(text)
            or gaz.known_names.get(text) or text.lower() in self._role_words())

    def person_by_part(self, word: str) -> str | None:
        """The known person one of whose names is this word (surname first)."""
        people = [e for e in self.linked.entities.values() if e.type == PERSON]
        for pos in (-1, 0):
            for ent in people:
                parts = ent.label.split()
                if len(parts) > 1 and parts[pos] == word:
                    return ent.key
        for ent in people:
            if word in ent.label.split()[1:-1]:
                return ent.key
        return None

    def link_surnames(self) -> None:
        """Proper nouns NER missed that repeat a known person's name."""
        for tok in self.doc:
            if tok.i in self.by_token or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
                continue
            key = self.person_by_part(tok.text) or self.office_holder(tok.text, short=True)
            if key:
                self.mention(key, tok.i, tok.i + 1, "surname")

    def _role_words(self) -> frozenset[str]:
        roles = self.gaz.roles
        return roles.heads | roles.modifiers

    # ---- places, demonyms, organisations ----------------------------------
    def link_other(self, span: Span) -> None:
        label = span.label_
        text = _clean(span.text)
        start, end = _trim(span)
        if start >= end:
            return
        if label == "NORP":
            code = self.gaz.country_of_demonym(span.text)
            if code and code in self.gaz.countries:
                self.mention(self.country_entity(code), start, end, "demonym")
                return
            if not self.gazetteer_place(text):
                return
            label = "GPE"  # a place the NER took for a nationality: "to Asuncion"
        if label not in {"GPE", "LOC", "FAC", "ORG"}:
            return
        if self.link_office_holder(text, start, end):
            return  # "President [Mahamat Idriss Déby]" that the NER called an ORG
        if self.link_known_name(text, span, start, end):
            return  # before the role check: "White House" is a seat, not a title
        if all(t.lower_ in self._role_words() for t in span):
            return  # "Defense" of "Defense Secretary Lloyd Austin" mislabelled ORG
        key = (self.person_by_part(text) or self.office_holder(text, short=True)
               if len(span) == 1 else None)
        if key:
            self.mention(key, start, end, "surname")
        elif label == "ORG" and not self.place_cue(span, by_preposition=False):
            self.link_unknown_org(text, start, end)
        elif (sub := self.gaz.subdivision(text)) is not None:
            self.mention(self.subdivision_entity(*sub), start, end, "name")
        else:
            key = self.gaz.unlisted_key("place", text, PLACE)
            if key:
                self.entity(key, text, PLACE)
                self.mention(key, start, end, "name")
                if self.place_cue(span, by_preposition=False):
                    self.described_places.append((key, span))

    def link_named_armed_groups(self) -> None:
        """"ELN rebels", "Arakan Army fighters": a name before a noun for armed men
        names an armed group, whether or not the gazetteer lists it, so that a
        clash with it has two sides and "the rebels" later can refer to it."""
        nouns = lexicon()["armed_name_heads"]
        for tok in self.doc:
            if tok.lemma_.lower() not in nouns or tok.pos_ != "NOUN" or tok.dep_ == "compound":
                continue  # not "the Kaan fighter jet"
            words = _name_run_before(tok)
            if not words:
                continue
            start, end = words[0].i, words[-1].i + 1
            name = _clean(self.doc[start:end].text)
            if (self.gaz.country_of_demonym(name) or self.gaz.country_of_name(name)
                    or self.gazetteer_place(name) or not gz.slug(name)):
                continue  # "Kurdish militants", "Gaza militants": no group's name
            known = self.gaz.known_names.get(name)
            key = (self.known_entity(known) if known
                   else self.gaz.unlisted_key("org", name, ORGANIZATION))
            if not known:
                self.entity(key, name, ORGANIZATION)
            self.mention(key, start, end, "name")
            if key.startswith("org/"):
                self.linked.armed_groups.add(key)

    def link_qualified_countries(self) -> None:
        """A country's name with a word before it that makes it a part of the country:
        a compass word makes a region ("northern Iraq", "north-east Syria"), a
        landform's title a place ("Lake Chad", "Mount Lebanon"). Either is where an
        act happened; its state is still the country for targets and hosts."""
        text, titles = self.doc.text, self.gaz.metonymy.landform_titles
        for ent in self.doc.ents:
            code = self.gaz.country_of_name(_clean(ent.text))
            if ent.label_ not in ("GPE", "LOC") or not code or code not in self.gaz.countries:
                continue
            before = text[max(0, ent.start_char - 24):ent.start_char]
            compass = DIRECTION_BEFORE.search(before)
            if compass:
                label = f"{compass.group('direction')} {self.gaz.countries[code].label}"
                key, kind, first = f"region/{gz.slug(label)}", REGION, ent.start_char - (
                    len(before) - compass.start())
            elif ent.start > 0 and self.doc[ent.start - 1].text in titles:
                label = f"{self.doc[ent.start - 1].text} {_clean(ent.text)}"
                key, kind, first = f"place/{gz.slug(label)}", PLACE, self.doc[
                    ent.start - 1].idx
            else:
                continue
            span = self.doc.char_span(first, ent.end_char)
            if span is not None:
                self.entity(key, label, kind, country=code)
                self.mention(key, span.start, span.end, "name")

    def link_office_holder(self, text: str, start: int, end: int) -> bool:
        """A non-PERSON span that is a person's name: a listed office-holder's full
        name, or two to four unknown name words right after a title ("President X")."""
        key = self.office_holder(text) if end - start > 1 else None
        if key is None and 2 <= end - start <= 4 and self.role_left(start) is not None \
                and all(self.is_name_part(t) for t in self.doc[start:end]):
            key = f"person/{gz.slug(text)}"
            self.entity(key, text, PERSON)
        if key is None:
            return False
        self.mention(key, start, end, "name")
        return True

    def link_known_name(self, text: str, span: Span, start: int, end: int) -> bool:
        """Countries, seats of power, curated names, regions, cities, in that order."""
        gaz = self.gaz
        code = gaz.country_of_name(text)
        if code and code in gaz.countries:
            key = self.country_entity(code)
            how = "name" if text == gaz.countries[code].label else "alias"
            self.mention(key, start, end, how)
            return True
        seat = gaz.seats.get(text)
        if seat:
            venue = gaz.venues.get(text)
            if venue and self.is_literal_venue(span):
                self.mention(self.known_entity(venue), start, end, "name")
            else:
                self.mention(self.country_entity(seat), start, end, "metonym")
            return True
        known = gaz.known_names.get(text)
        if known:
            self.mention(self.known_entity(known), start, end, "name")
            return True
        region = REGION_RE.match(text)
        if region and (city := gaz.city(region.group("name"))):
            self.mention(self.region_entity(city), start, end, "name")
            return True
        city = gaz.city(text)
        if city is None or (span.label_ == "ORG"
                            and not _city_not_org(city, text, span, gaz.metonymy)):
            return False
        region_key = f"region/{gz.slug(city.name)}"
        if region_key in self.linked.entities:
            self.mention(region_key, start, end, "alias")
        elif city.geonames in gaz.capitals and self.is_metonym(span):
            target = gaz.capital_metonyms.get(city.geonames)
            key = self.known_entity(target) if target else self.country_entity(city.country)
            self.mention(key, start, end, "metonym")
        else:
            how = "name" if text == city.name else "alias"
            self.mention(self.city_entity(city), start, end, how)
        return True

    def is_literal_venue(self, span: Span) -> bool:
        """Is a seat of power the building here? "talks at the Kremlin", "an address
        from the White House" (a literal head); not "officials at the Kremlin"."""
        cues = self.gaz.metonymy
        tok = span.root
        if tok.dep_ != "pobj":
            return False
        prep, governor = tok.head.lower_, tok.head.head
        if prep in cues.place_preps:
            return not (governor.lower_ in cues.attitude_heads
                        or governor.lemma_ in cues.attitude_heads)
        return prep == "from" and _is_literal_head(governor, cues)

    def subdivision_entity(self, name: str, code: str) -> str:
        """A province or state of a country ("Borno", "Rakhine")."""
        key = f"region/{code.lower()}-{gz.slug(name)}"
        self.entity(key, name, REGION, country=code)
        return key

    def region_entity(self, city: gz.City) -> str:
        key = f"region/{gz.slug(city.name)}"
        self.entity(key, f"{city.name} region", REGION, country=city.country)
        return key

    def link_unknown_org(self, text: str, start: int, end: int) -> None:
        code, _ = self.qualifier_before(start)
        code = code or self.country_prefix(text)
        key = self.gaz.unlisted_key("org", text, ORGANIZATION)
        if key:
            self.entity(key, text, ORGANIZATION, country=code)
            self.mention(key, start, end, "name")

    def country_prefix(self, name: str) -> str | None:
        """The state an organisation's own name starts with: "US Army", "Chinese Navy"."""
        words = name.split()
        for size in (2, 1):
            if len(words) > size:
                head = " ".join(words[:size])
                code = self.gaz.country_of_name(head) or self.gaz.country_of_demonym(head)
                if code:
                    return code
        return None

    def is_metonym(self, span: Span) -> bool:
        """Does this capital stand for its state here? (rules in data/metonymy.yaml)"""
        cues = self.gaz.metonymy
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

    # ---- ministries and anaphora ------------------------------------------
    def find_ministries(self) -> list[tuple[Span, str]]:
        matcher = _ministry_matcher(self.doc.vocab)
        spans = [(self.doc[s:e], self.doc.vocab.strings[m]) for m, s, e in matcher(self.doc)]
        spans.sort(key=lambda x: (x[0].start, -len(x[0])))
        kept: list[tuple[Span, str]] = []
        for span, kind in spans:
            if not kept or span.start >= kept[-1][0].end:
                kept.append((span, kind))
        return kept

    def inside_org_name(self, span: Span) -> bool:
        """"Army" of "the Arakan Army": a ministry or force word that ends a name the
        NER found, after words that are no state's ("the Kachin Independence Army"),
        is part of that organisation's own name, not some state's army."""
        for ent in self.doc.ents:
            if ent.label_ == "ORG" and ent.start <= span.start and span.end <= ent.end \
                    and self.gaz.known_names.get(_clean(ent.text)):
                return True  # a curated name: "the US Treasury"
            if ent.label_ == "ORG" and ent.start < span.start and span.end <= ent.end:
                words = [t for t in self.doc[ent.start:span.start] if t.pos_ == "PROPN"]
                return bool(words) and not any(
                    self.gaz.country_of_name(t.text) or self.gaz.country_of_demonym(t.text)
                    for t in words)
        return False

    def link_ministry(self, span: Span, kind: str) -> None:
        """'Japan's Foreign Ministry' -> org/jp-foreign-ministry 'Japanese Foreign Ministry'."""
        code, _ = self.qualifier_before(span.start)
        if code is None:
            earlier = [k for k in self.linked.entities if k.endswith(f"-{kind}")]
            if not earlier:
                return
            key = earlier[-1]
        else:
            override = self.gaz.ministry_overrides.get(code, {}).get(kind)
            if override:
                key = self.known_entity(override)
            else:
                key = f"org/{code.lower()}-{kind}"
                self.entity(key, self.gaz.ministry_label(code, kind), ORGANIZATION, country=code)
        self.mention(key, span.start, span.end, "name")

    def link_anaphora(self) -> None:
        """'the alliance' -> NATO, only once NATO itself is named in the article."""
        for phrase, key in self.gaz.anaphora.items():
            if key not in self.linked.entities:
                continue
            words = phrase.split()
            for tok in self.doc:
                j = tok.i + len(words)
                if j <= len(self.doc) and [t.lower_ for t in self.doc[tok.i:j]] == words:
                    self.mention(key, tok.i, j, "title")

    def qualifier_before(self, i: int) -> tuple[str | None, str | None]:
        """(country code, org key) of a demonym/possessive just before token i."""
        j = i - 1
        if j >= 0 and self.doc[j].lower_ in {"the", "a", "an"}:
            j -= 1
        if j >= 0 and self.doc[j].text in POSSESSIVE:
            j -= 1
        if j < 0 or j not in self.by_token:
            return None, None
        key = self.by_token[j]
        ent = self.linked.entities[key]
        if key.startswith("country/"):
            return ent.country, None
        if ent.type in (ORGANIZATION, "MilitaryUnit"):
            return ent.country, key
        return None, None

    # ---- posts ---------------------------------------------------------------
    def assign_posts(self) -> None:
        """Titles next to a person's name become Posts; the post's country is theirs."""
        for tok_i, key in list(self.person_tokens):
            if self.how_by_token.get(tok_i) != "name":
                continue
            span = self._mention_span(tok_i)
            post = self.post_before(span.start) or self.post_after(span.end)
            person = self.linked.entities[key]
            if post and post not in person.posts:
                person.posts.append(post)
            if post and post.country and person.country is None:
                person.country = post.country

    def _mention_span(self, tok_i: int) -> Span:
        key = self.by_token[tok_i]
        start = end = tok_i
        while start > 0 and self.by_token.get(start - 1) == key:
            start -= 1
        while end < len(self.doc) and self.by_token.get(end) == key:
            end += 1
        return self.doc[start:end]

    def role_left(self, end: int) -> tuple[int, str] | None:
        """A role phrase ending just before token `end`: (start, 'Deputy Foreign Minister')."""
        roles = self.gaz.roles
        i = end - 1
        words: list[Token] = []
        while i >= 0 and i not in self.by_token:
            low = self.doc[i].lower_
            if low in roles.heads or low in roles.modifiers or low in roles.tails or (
                    low in roles.inner and words):
                words.insert(0, self.doc[i])
            else:
                break
            i -= 1
        while words and words[0].lower_ in roles.inner:
            words.pop(0)
        if not words or not any(w.lower_ in roles.heads for w in words):
            return None
        return words[0].i, self.role_label(words)

    def role_right(self, start: int) -> tuple[int, str] | None:
        """A role phrase starting at token `start`: (end, role label)."""
        roles = self.gaz.roles
        words: list[Token] = []
        i = start
        while i < len(self.doc) and i not in self.by_token:
            low = self.doc[i].lower_
            if low in roles.heads or low in roles.modifiers or low in roles.tails or (
                    low in roles.inner and words):
                words.append(self.doc[i])
            else:
                break
            i += 1
        while words and (words[-1].lower_ in roles.inner or words[-1].lower_ in {"the"}):
            words.pop()
        if not words or not any(w.lower_ in roles.heads for w in words):
            return None
        return words[-1].i + 1, self.role_label(words)

    def role_label(self, words: list[Token]) -> str:
        low = self.gaz.roles.lowercase
        return " ".join(w.lower_ if w.lower_ in low else w.text[:1].upper() + w.text[1:].lower()
                        for w in words)

    def post_before(self, start: int) -> Post | None:
        """'Japan's Foreign Minister, X', 'Ukrainian Deputy Foreign Minister X', 'President X'."""
        end = start - 1 if start > 0 and self.doc[start - 1].text == "," else start
        found = self.role_left(end)
        if found is None:
            return None
        role_start, role = found
        if role.lower().endswith("counterpart"):
            return self.counterpart_post(role_start)
        code, org = self.qualifier_before(role_start)
        return Post(role, code, org)

    def post_after(self, end: int) -> Post | None:
        """'X, the Philippine defence secretary', 'X, an adviser to President Y'."""
        if end >= len(self.doc) or self.doc[end].text != ",":
            return None
        i = end + 1
        if i < len(self.doc) and self.doc[i].lower_ in {"the", "a", "an"}:
            i += 1
        code, org = None, None
        if i < len(self.doc) and i in self.by_token:
            key = self.by_token[i]
            while i < len(self.doc) and self.by_token.get(i) == key:
                i += 1
            if i < len(self.doc) and self.doc[i].text in POSSESSIVE:
                i += 1
            code, org = self.qualifier_before(i)
        found = self.role_right(i)
        if found is None:
            return None
        role_end, role = found
        if code is None and role_end + 1 < len(self.doc) and self.doc[role_end].lower_ in {
                "to", "of"}:
            key = self.by_token.get(role_end + 1)
            if key is None and role_end + 2 < len(self.doc):
                key = self.by_token.get(role_end + 2)
            ent = self.linked.entities.get(key) if key else None
            if ent is not None:
                code = ent.country
                org = key if ent.type == ORGANIZATION else None
        return Post(role, code, org)

    def counterpart_post(self, role_start: int) -> Post | None:
        """'her Russian counterpart, X': X holds the possessor's role for that country."""
        code, _ = self.qualifier_before(role_start)
        possessor = None
        i = role_start - 1
        if i >= 0 and code is not None:
            i -= 1
        if i >= 0 and self.doc[i].lower_ in PERSON_PRONOUNS:
            possessor = self.antecedent(self.doc[i])
        if possessor is None:
            return None
        posts = self.linked.entities[possessor].posts
        if not posts:
            return None
        return Post(posts[0].role, code, posts[0].organization if code is None else None)

    # ---- descriptions and pronouns ------------------------------------------
    def link_descriptions(self) -> None:
        """'the minister', 'The defence secretary', 'his Ukrainian counterpart'."""
        for tok in self.doc:
            if tok.i in self.by_token or tok.lower_ not in {"the", "his", "her", "their"}:
                continue
            j = tok.i + 1
            code = None
            if j < len(self.doc) and self.by_token.get(j, "").startswith("country/") \
                    and self.how_by_token.get(j) == "demonym":
                code = self.linked.entities[self.by_token[j]].country
                while self.by_token.get(j, "").startswith("country/"):
                    j += 1
            found = self.role_right(j)
            if found is None:
                continue
            end, role = found
            if end < len(self.doc) and (self.doc[end].pos_ == "PROPN"
                                        or self.doc[end].text in {",", "of"} | POSSESSIVE):
                continue
            key = self.describe(tok.i, role, code)
            if key:
                self.mention(key, tok.i, end, "title")

    def describe(self, at: int, role: str, code: str | None) -> str | None:
        """The person a description refers to: matching role (and country), most recent."""
        head = role.split()[-1].lower()
        people = [e for e in self.linked.entities.values() if e.type == PERSON]
        if head == "counterpart":
            candidates = [e.key for e in people if code and e.country == code]
        else:
            candidates = [
                e.key for e in people
                if any(p.role.lower().endswith(role.lower()) and (code is None or p.country == code)
                       for p in e.posts)
            ]
        if not candidates:
            return None
        before = [(i, k) for i, k in self.person_tokens if i < at and k in candidates]
        if before:
            return max(before)[1]
        return candidates[0] if len(candidates) == 1 else None

    def link_pronouns(self) -> None:
        for tok in self.doc:
            if tok.i in self.by_token or tok.lower_ not in PERSON_PRONOUNS or tok.pos_ != "PRON":
                continue
            key = self.antecedent(tok)
            if key:
                self.mention(key, tok.i, tok.i + 1, "pronoun")

    def antecedent(self, pronoun: Token) -> str | None:
        """Most recent person subject: any in this sentence, main-clause ones in the two
        before; never the subject of an object pronoun's own verb ("Putin received him"
        is not Putin receiving Putin)."""
        index = SentenceIndex.of(self.doc)
        idx = index.number(pronoun)
        window_start = index.sentences[max(0, idx - 2)].start
        own_verb = pronoun.head if pronoun.dep_ in ("dobj", "dative", "pobj") else None
        best: tuple[int, str] | None = None
        for tok_i, key in self.person_tokens:
            tok = self.doc[tok_i]
            if not (window_start <= tok_i < pronoun.i):
                continue
            if tok.dep_ in {"compound", "appos"}:
                tok = tok.head
            # Subjects of a sentence's main verb only: not "Putin" in '"I think Putin wants..."'.
            sentence = index.sentence(tok)
            if _inside_quote(tok, sentence):
                continue  # a name inside a quotation is not who says it
            same_sentence = sentence.start == index.sentences[idx].start
            if own_verb is not None and tok.head.i == own_verb.i:
                continue
            if tok.dep_ in SUBJECT_DEPS and (same_sentence or tok.head == sentence.root):
                best = max(best or (tok_i, key), (tok_i, key))
        return best[1] if best else None

    # ---- byline ----------------------------------------------------------------
    def link_byline(self) -> None:
        """The byline author is a person (mention offset in the text, after the body)."""
        byline = self.article.byline
        if not byline:
            return
        name = re.sub(r"^\s*by\s+", "", byline, flags=re.IGNORECASE).strip()
        if not name:
            return
        key = f"person/{gz.slug(name)}"
        self.entity(key, name, PERSON)
        pos = self.article.text.find(name, self.article.body_end)
        if pos < 0:
            pos = self.article.text.find(name)
        if pos >= 0:
            self.linked.mentions.append(Mention(key, pos, pos + len(name), name, "name"))


def _inside_quote(tok: Token, sentence: Span) -> bool:
    before = tok.doc[sentence.start:tok.i].text
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


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


def _name_run_before(head: Token) -> list[Token]:
    """The proper-name words right before a head noun, as its compounds:
    "ELN" of "ELN rebels", "Arakan Army" of "Arakan Army fighters"."""
    words: list[Token] = []
    for tok in reversed(head.doc[max(head.i - 4, 0):head.i]):
        if tok.head.i not in {head.i, *(w.i for w in words)} or tok.dep_ not in {
                "compound", "nmod", "amod"}:
            break
        if not (tok.pos_ == "PROPN" or (tok.text.isupper() and len(tok) > 1)):
            break
        words.insert(0, tok)
    return words


def _clean(text: str) -> str:
    text = text.replace("\u2019", "'").strip()
    text = re.sub(r"^(the|The) ", "", text)
    return re.sub(r"('s|')$", "", text).strip()


def _trim(span: Span) -> tuple[int, int]:
    """Token range of a span without a leading 'the' and a trailing possessive."""
    start, end = span.start, span.end
    if start < end and span.doc[start].lower_ == "the":
        start += 1
    if end > start and span.doc[end - 1].text in POSSESSIVE:
        end -= 1
    return start, end


def _overlaps(span: Span, others: list[tuple[Span, str]]) -> bool:
    return any(span.start < o.end and o.start < span.end for o, _ in others)


_MATCHERS: dict[int, PhraseMatcher] = {}


def _ministry_matcher(vocab) -> PhraseMatcher:  # noqa: ANN001
    """One PhraseMatcher per vocab (i.e. per loaded pipeline), built on first use."""
    matcher = _MATCHERS.get(id(vocab))
    if matcher is None:
        matcher = PhraseMatcher(vocab, attr="LOWER")
        for kind, ministry in gz.load().ministries.items():
            matcher.add(kind, [Doc(vocab, words=p.split()) for p in ministry.phrases])
        _MATCHERS[id(vocab)] = matcher
    return matcher



# ---- across articles ---------------------------------------------------------


@dataclass(frozen=True)
class PersonName:
    """A person as one article names it: what unifying people across articles reads."""

    key: str
    label: str
    country: str | None = None


def people_of(result: ArticleResult) -> list[PersonName]:
    """The people an article links, sorted by key."""
    return sorted((PersonName(e.key, e.label, e.country)
                   for e in result.linked.entities.values() if e.type == PERSON),
                  key=lambda p: p.key)


def unify_people(results: list[ArticleResult]) -> dict[str, str]:
    """Articles processed together share their people (see people_moves). Re-keys in
    place; returns {old key: new key} of the people given another key."""
    moves = people_moves([people_of(result) for result in results])
    renamed: dict[str, str] = {}
    for result, article_moves in zip(results, moves, strict=True):
        move_people(result, article_moves)
        renamed.update({old: new.key for old, new in article_moves.items() if old != new.key})
    return renamed


def people_moves(people: list[list[PersonName]]) -> list[dict[str, PersonName]]:
    """For each article, {key: the person it becomes}, from the people of every article
    of a run: one IRI per person across the run.

    - Full names of one person: the same given name and surname, accents and letters
      folded ("Selin Aydın", "Selin Aydin"), middle names agreeing where both have
      them, of one state where both have one, become one person, named by the
      office-holder list (people.yaml) if it lists one of them, else by the
      fullest name (then the most told, then the one that keeps its accents).
    - A bare name that an article leaves on its own ("Okafor said") is the person
      another article names in full ("Daniel Okafor") when exactly one full name of
      the run ends in it (of the same state, where both have one).
    """
    gaz = gz.load()
    canonical = _full_name_owners(people, gaz)
    by_surname: dict[str, set[PersonName]] = {}
    for person in canonical.values():
        by_surname.setdefault(_name_parts(person.label, gaz)[-1], set()).add(person)
    moves: list[dict[str, PersonName]] = []
    for article in people:
        article_moves: dict[str, PersonName] = {}
        for person in article:
            parts = _name_parts(person.label, gaz)
            if len(parts) > 1:
                target = canonical.get(person)
            else:
                owners = {f for f in by_surname.get(parts[0] if parts else "", ())
                          if None in (person.country, f.country) or person.country == f.country}
                target = next(iter(owners)) if len({f.key for f in owners}) == 1 else None
            if target is not None and (target.key, target.label) != (person.key, person.label):
                article_moves[person.key] = target
        moves.append(article_moves)
    return moves


def _full_name_owners(people: list[list[PersonName]], gaz: gz.Gazetteer
                      ) -> dict[PersonName, PersonName]:
    """Every full name of the run -> the person it names (itself, or a fuller spelling)."""
    seen: dict[PersonName, int] = {}  # full name -> number of articles naming it
    for article in people:
        for person in set(article):
            if len(_name_parts(person.label, gaz)) > 1:
                seen[person] = seen.get(person, 0) + 1
    clusters: dict[tuple[str, str], list[PersonName]] = {}
    for person in seen:
        parts = _name_parts(person.label, gaz)
        clusters.setdefault((parts[0], parts[-1]), []).append(person)
    owners: dict[PersonName, PersonName] = {}
    for members in clusters.values():
        middles = {_name_parts(p.label, gaz)[1:-1] for p in members} - {()}
        countries = {p.country for p in members} - {None}
        if len(middles) > 1 or len(countries) > 1:
            owners.update({p: p for p in members})  # two people, or no telling which
            continue
        best = min(members, key=lambda p: (  # listed, fullest, most told, accents kept
            p.key not in gaz.people, -len(p.label.split()), -seen[p],
            -sum(not c.isascii() for c in p.label), p.key, p.label))
        named = PersonName(best.key, best.label, best.country or next(iter(countries), None))
        owners.update({p: named for p in members})
    return owners


def _name_parts(label: str, gaz: gz.Gazetteer) -> tuple[str, ...]:
    """The folded words of a name, without a trailing "Jr." or "III"."""
    parts = [part for part in (gz.slug(word) for word in label.split()) if part]
    while len(parts) > 2 and parts[-1] in gaz.name_suffixes:
        parts.pop()
    return tuple(parts)


def move_people(result: ArticleResult, moves: dict[str, PersonName]) -> None:
    """Re-key and rename people of one article: entity, mentions and event roles. A
    person moved onto one the article already has adds its names and posts to it."""
    if not moves:
        return
    linked = result.linked
    for old, new in moves.items():
        ent = linked.entities.pop(old)
        if ent.label != new.label:
            ent.aliases.add(ent.label)
        ent.key, ent.label, ent.country = new.key, new.label, ent.country or new.country
        kept = linked.entities.setdefault(new.key, ent)
        if kept is not ent:
            kept.aliases |= ent.aliases - {kept.label}
            kept.posts.extend(p for p in ent.posts if p not in kept.posts)
            kept.country = kept.country or ent.country
    keys = {old: new.key for old, new in moves.items()}
    linked.mentions = [Mention(keys.get(m.entity, m.entity), m.start, m.end, m.text, m.how)
                       for m in linked.mentions]
    for event in result.events:
        event.actors = _renamed(event.actors, keys)
        event.targets = _renamed(event.targets, keys)
        event.attributed_to = _renamed(event.attributed_to, keys)


def _renamed(keys: list[str], moves: dict[str, str]) -> list[str]:
    out: list[str] = []
    for key in keys:
        key = moves.get(key, key)
        if key not in out:
            out.append(key)
    return out
