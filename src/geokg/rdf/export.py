"""Events as JSON objects and CSV rows (`geokg events`).

The JSON format is the one the evaluation corpus scores against
(corpus/README.md, "geokg events --format json"): one object per event with
its IRI, type, actors, targets, place, date, quantity, qualifier, status,
attribution and the first supporting sentence with its offsets, plus the
extra keys `cameo`, `mentions`, `quote` and `date_text`. Status and qualifier
are lower camel ("reported", "upTo"), the ontology's skos:notation, as in the
saved queries' answers. In CSV the CAMEO code is its IRI (cameo:042), so
pandas and csvkit keep it text with its leading zero.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from geokg.model import (
    CITY,
    COUNTRY,
    MILITARY_UNIT,
    ORGANIZATION,
    PERSON,
    PLACE,
    REGION,
    ArticleResult,
    Entity,
    Event,
    Linked,
)
from geokg.rdf.iris import DEFAULT_BASE, event_iri
from geokg.rdf.vocab import CAMEO

# Entity type implied by the kind prefix of an Entity.key, for keys the link
# stage did not describe (should not happen, but an export must not crash).
_KIND_TYPE = {
    "person": PERSON, "country": COUNTRY, "org": ORGANIZATION, "unit": MILITARY_UNIT,
    "city": CITY, "region": REGION, "place": PLACE,
}
CSV_COLUMNS = (
    "article", "event", "type", "actors", "targets", "place", "date", "date_text",
    "quantity", "qualifier", "status", "attributed_to", "cameo", "trigger",
    "sentence", "start", "end", "quote",
)


def entity_json(key: str, linked: Linked) -> dict[str, Any]:
    """{label, type, country, geonames?} of the entity with `key`."""
    entity = linked.entities.get(key) or _fallback_entity(key)
    out: dict[str, Any] = {"label": entity.label, "type": entity.type, "country": entity.country}
    if entity.geonames is not None:
        out["geonames"] = entity.geonames
    return out


def _fallback_entity(key: str) -> Entity:
    kind, _, ident = key.partition("/")
    country = ident.upper() if kind == "country" and len(ident) == 2 else None
    return Entity(key=key, label=ident or key, type=_KIND_TYPE.get(kind, PLACE), country=country)


def event_json(event: Event, result: ArticleResult, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """One event as the scorer's JSON object (see module docstring)."""
    linked = result.linked
    first = event.mentions[0].sentence if event.mentions else None
    return {
        "event": event_iri(event, base),
        "type": event.type,
        "actors": [entity_json(k, linked) for k in event.actors],
        "targets": [entity_json(k, linked) for k in event.targets],
        "place": entity_json(event.place, linked) if event.place else None,
        "date": event.time.iso if event.time else None,
        "quantity": event.quantity.value if event.quantity else None,
        "qualifier": event.quantity.qualifier if event.quantity else None,
        "status": event.status,
        "attributed_to": [entity_json(k, linked)["label"] for k in event.attributed_to],
        "sentence": first.text if first else None,
        "start": first.start if first else None,
        "end": first.end if first else None,
        "cameo": event.cameo,
        "mentions": [
            {"sentence": m.sentence.text, "start": m.sentence.start,
             "end": m.sentence.end, "trigger": m.trigger}
            for m in event.mentions
        ],
        "quote": event.quote,
        "date_text": event.time.text if event.time else None,
        "article": result.article.doc_id,
    }


def events_json(result: ArticleResult, base: str = DEFAULT_BASE) -> list[dict[str, Any]]:
    """All events of one article, in extraction order."""
    return [event_json(event, result, base) for event in result.events]


def events_csv(rows: list[dict[str, Any]]) -> str:
    """CSV text (header + one line per event) from `events_json` rows.

    Lists are flattened with "; " and entities to their labels; `trigger` is
    the first mention's trigger.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _cell(column, row) for column in CSV_COLUMNS})
    return buffer.getvalue()


def _cell(column: str, row: dict[str, Any]) -> str:
    if column == "trigger":
        mentions = row.get("mentions") or []
        return mentions[0]["trigger"] if mentions else ""
    value = row.get(column)
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("label", ""))
    if isinstance(value, list):
        return "; ".join(str(v["label"]) if isinstance(v, dict) else str(v) for v in value)
    if column == "cameo":  # "042" would be read as the number 42 by pandas and csvkit
        return str(CAMEO[str(value)])
    return str(value)
