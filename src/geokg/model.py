"""Typed values that flow between the pipeline stages.

Each stage takes the values of the stage before it and returns new ones; no
stage mutates what it was given after handing it on. Keeping these types in
one module is what lets every stage be tested and replaced on its own:

    read    -> Article
    nlp     -> spacy Doc (over Article.body, offsets shifted by body_start)
    link    -> Linked (entities and their mentions)
    extract -> list[Event]
    map     -> rdflib Dataset / Graph
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# Entity types, as named in the events JSON and the ontology.
PERSON = "Person"
COUNTRY = "Country"
ORGANIZATION = "Organization"
MILITARY_UNIT = "MilitaryUnit"
CITY = "City"
REGION = "Region"
PLACE = "Place"
ENTITY_TYPES = (PERSON, COUNTRY, ORGANIZATION, MILITARY_UNIT, CITY, REGION, PLACE)

# Event types (one OWL class each) and statuses (one SKOS concept each).
EVENT_TYPES = (
    "Visit", "Meeting", "Deployment", "Sanction", "Clash",
    "Offensive", "Agreement", "Cooperation", "Aid", "Statement",
)
STATUSES = ("asserted", "reported", "planned", "discussed", "denied", "alleged")
QUALIFIERS = ("exact", "approx", "upTo", "atLeast", "range", "vague")


def certainty(status: str) -> str:
    """What was done, however sourced, is another event than what was only
    planned, discussed or denied: the class an event's identity keeps."""
    return "happened" if status in ("asserted", "reported", "alleged") else status


@dataclass(frozen=True)
class Article:
    """One news article as read from disk.

    `text` is the file's content after the YAML front matter is removed; every
    offset in the pipeline refers to it, so `text[start:end]` cuts a sentence
    back out. The body is `text[body_start:body_end]` (headline and byline
    excluded).
    """

    path: Path
    doc_id: str  # file stem, e.g. "000_8fdbe4dfb0182242"
    text: str
    headline: str
    body_start: int
    body_end: int
    byline: str | None = None
    published: date | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    author: str | None = None
    sha256: str = ""

    @property
    def body(self) -> str:
        return self.text[self.body_start:self.body_end]


@dataclass(frozen=True)
class Post:
    """A post as the article states it: "Foreign Minister" of Japan."""

    role: str  # "Foreign Minister", as written, title-cased
    country: str | None = None  # ISO 3166 alpha-2 of the state the post belongs to
    organization: str | None = None  # entity key of the organisation, if not a state


@dataclass
class Entity:
    """One real-world thing, however many times and ways it is mentioned.

    `key` is stable across articles ("country/JP", "city/703448",
    "person/takeshi-iwaya", "org/nato"): the mapper mints the IRI from it, so
    the same thing in two articles becomes one node.
    """

    key: str
    label: str
    type: str  # one of ENTITY_TYPES
    country: str | None = None  # ISO alpha-2: the country itself, or the one it belongs to
    geonames: int | None = None
    wikidata: str | None = None
    aliases: set[str] = field(default_factory=set)
    posts: list[Post] = field(default_factory=list)
    located_in: str | None = None  # a venue's city (Entity.key): the Kremlin lies in Moscow


@dataclass(frozen=True)
class Mention:
    """A span of the article text that refers to an entity."""

    entity: str  # Entity.key
    start: int  # offsets into Article.text
    end: int
    text: str
    how: str  # "name", "alias", "demonym", "metonym", "surname", "title", "pronoun"


@dataclass
class Linked:
    """The link stage's result: entities by key and every mention found."""

    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    # Organisations the article itself calls armed ("ELN rebels"), beside the
    # gazetteer's list: what "the rebels" may refer to and who may fight.
    armed_groups: set[str] = field(default_factory=set)

    def at(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping the character range [start, end)."""
        return [m for m in self.mentions if m.start < end and start < m.end]


@dataclass(frozen=True)
class TimeValue:
    """A date at the precision the text supports, with what the text said."""

    iso: str  # "2024-11-16", "2024-11" or "2024"
    precision: str  # "day", "month", "year"
    text: str  # the original expression, "on November 16"
    year_inferred: bool = False  # True when the year came from context, not `published`
    # the date expression a story-relative date counts from ("on Monday" for "the
    # following day"); None when it counts from the publication date or is absolute
    relative_to: str | None = None
    # Where the expression stands and, for a date counted from another date of the
    # story, where that one stands (offsets into the body): the mapper points such a
    # date at the event the other date belongs to. Positions, not part of the value.
    start: int | None = field(default=None, compare=False)
    anchor_start: int | None = field(default=None, compare=False)
    # counted from the publication date ("on Saturday", "yesterday", "last week"),
    # directly or through the date it counts from
    from_published: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Quantity:
    """An amount with its qualifier: "as many as 12,000" is upTo 12000."""

    value: int | None  # None for vague amounts ("thousands")
    qualifier: str  # one of QUALIFIERS
    text: str  # "as many as 12,000"
    low: int | None = None  # lower bound of a range
    unit: str | None = None  # "troops", "USD", "EUR", "people", ...


@dataclass(frozen=True)
class Sentence:
    """The supporting sentence of an event mention."""

    start: int  # offsets into Article.text
    end: int
    text: str


@dataclass
class EventMention:
    """One place in the article where an event is stated."""

    sentence: Sentence
    trigger: str  # the trigger word as written
    trigger_start: int
    trigger_end: int


@dataclass
class Event:
    """One real-world happening, merged over all its mentions in the article."""

    type: str  # one of EVENT_TYPES
    actors: list[str] = field(default_factory=list)  # Entity keys
    targets: list[str] = field(default_factory=list)
    place: str | None = None  # Entity key
    time: TimeValue | None = None
    quantity: Quantity | None = None
    status: str = "asserted"
    attributed_to: list[str] = field(default_factory=list)  # Entity keys
    mentions: list[EventMention] = field(default_factory=list)
    quote: str | None = None  # for statements: the quoted words, if any
    cameo: str | None = None  # CAMEO code, e.g. "042"
    rule: str | None = None  # id of the extraction rule that fired first
    narrated: bool = False  # told in the simple past ("said", "was signed"), not habitual
    nominal: bool = False  # first stated by a noun ("the attack"), not a clause
    separate: bool = False  # marked as another happening ("a separate meeting")


@dataclass
class ArticleResult:
    """Everything the pipeline knows about one article."""

    article: Article
    linked: Linked
    events: list[Event]
