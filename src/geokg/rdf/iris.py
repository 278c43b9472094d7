"""IRI minting: one deterministic IRI per article, sentence, entity, post and event.

Every IRI is a pure function of its input (no counters, no randomness), so
rebuilding a graph gives the same IRIs and two articles that mention the same
entity or report the same event produce one node when their graphs merge.
The scheme is specified in docs/mapping.md ("Minted IRIs").
"""

from __future__ import annotations

import functools
import hashlib
import re

from geokg.entities.fold import ascii_fold
from geokg.errors import InputError
from geokg.model import Event, certainty

DEFAULT_BASE = "https://w3id.org/geokg/id/"

# Entity.key kind -> IRI path segment (cities, regions and places share one).
_KIND_SEGMENT = {
    "country": "country",
    "city": "place",
    "region": "place",
    "place": "place",
    "person": "person",
    "org": "org",
    "unit": "org",
}
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile("['\u2019\u02bc`]")
_ISO2 = re.compile(r"^[A-Za-z]{2}$")


def _sha1(text: str) -> str:
    # surrogatepass: a file name that is not valid UTF-8 still has a hash
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def slug(text: str) -> str:
    """Lower-case ASCII slug of `text`: letters, digits and single dashes only.

    Accents and apostrophes are dropped ("O’Brien" and "O'Brien" both give
    "obrien"), everything else becomes a dash. A text with
    no ASCII letter or digit ("東京", "—") still needs a stable, non-empty
    slug, so it falls back to the first 10 hex digits of its SHA-1.
    """
    result = _NOT_SLUG.sub("-", ascii_fold(_APOSTROPHES.sub("", text)).lower()).strip("-")
    return result or "x" + _sha1(text)[:10]


_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@functools.lru_cache(maxsize=8)
def check_base(base: str) -> str:
    """`base` if it can start every minted IRI, else an InputError saying why.

    A base is user input (--base): a space, '<' or a missing scheme would
    make every IRI of the graph unreadable, so it is refused before any work.
    """
    import pyoxigraph

    problem = None
    if not _IRI_SCHEME.match(base):
        problem = "has no scheme"
    else:
        try:
            pyoxigraph.NamedNode(_base(base) + "x")
        except ValueError as exc:
            problem = f"is not a valid IRI ({exc})"
    if problem:
        raise InputError(f"base IRI {base!r} {problem} — give an absolute IRI such as "
                         f"{DEFAULT_BASE}")
    return base


def _base(base: str) -> str:
    """The base with exactly one trailing slash or hash, so paths join cleanly."""
    return base if base.endswith(("/", "#")) else base + "/"


def entity_iri(key: str, base: str = DEFAULT_BASE) -> str:
    """IRI of an entity from its stable `Entity.key` ("country/JP", "city/703448").

    Countries keep their upper-case ISO 3166 alpha-2 code; every other id is
    slugged, so a key built from free text can never leak unsafe characters.
    Unknown kinds are kept as their own (slugged) segment rather than refused.
    """
    kind, _, ident = key.partition("/")
    kind = kind.strip().lower()
    segment = _KIND_SEGMENT.get(kind, slug(kind))
    if segment == "country" and _ISO2.match(ident.strip()):
        return f"{_base(base)}country/{ident.strip().upper()}"
    return f"{_base(base)}{segment}/{slug(ident or kind)}"


def article_iri(doc_id: str, base: str = DEFAULT_BASE) -> str:
    """IRI of an article from its file stem (doc_id)."""
    return f"{_base(base)}article/{slug(doc_id)}"


def graph_iri(doc_id: str, base: str = DEFAULT_BASE) -> str:
    """IRI of the named graph holding one article's triples."""
    return f"{_base(base)}graph/{slug(doc_id)}"


def sentence_iri(article: str, start: int, end: int) -> str:
    """IRI of a character span of an article (RFC 5147 style `char=start,end`).

    `article` is the article IRI (from `article_iri`).
    """
    return f"{article}/char={int(start)},{int(end)}"


def role_iri(role: str, base: str = DEFAULT_BASE) -> str:
    """IRI of a role as written ("Foreign Minister" -> role/foreign-minister)."""
    return f"{_base(base)}role/{slug(role)}"


def post_iri(role: str, country_or_org: str, base: str = DEFAULT_BASE) -> str:
    """IRI of a post: a role in one country or organisation.

    `country_or_org` is an ISO alpha-2 code ("JP") or an entity key
    ("org/nato"); only its last path segment is used.
    """
    holder = country_or_org.rsplit("/", 1)[-1]
    return f"{_base(base)}post/{slug(role)}/{slug(holder)}"


def event_key(event: Event) -> str:
    """The content an event's identity rests on: type, roles, place and date.

    Actors and targets are sorted so their order in the text does not matter;
    quantity and mentions are left out, and of the status only its certainty
    (geokg.model.certainty): two reports of one happening, one "asserted" and
    one "reported", merge, while a plan and the deed stay two events, as do an
    accusation and the deed (geokg.events.merge keeps them apart alike); so do a
    meeting and "a separate meeting" of the same people, place and day.
    """
    parts = [
        event.type,
        ",".join(sorted(event.actors)),
        ",".join(sorted(event.targets)),
        event.place or "",
        event.time.iso if event.time else "",
    ]
    kept = "alleged" if event.status == "alleged" else certainty(event.status)
    if kept != "happened":  # an accusation is not the deed told as fact (merge too)
        parts.append(kept)
    if event.separate:
        parts.append("separate")
    return "|".join(parts)


def event_iri(event: Event, base: str = DEFAULT_BASE) -> str:
    """IRI of an event: `B event/` + the first 16 hex digits of sha1(event_key)."""
    return f"{_base(base)}event/{_sha1(event_key(event))[:16]}"


def time_iri(event_node: str) -> str:
    """IRI of the time:Instant of an event."""
    return f"{event_node}/time"


def quantity_iri(event_node: str) -> str:
    """IRI of the gk:Quantity of an event."""
    return f"{event_node}/quantity"
