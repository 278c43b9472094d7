"""Events JSON/CSV from a hand-built ArticleResult (invented names, no pipeline)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from geokg.model import (
    Article,
    ArticleResult,
    Entity,
    Event,
    EventMention,
    Linked,
    Quantity,
    Sentence,
    TimeValue,
)
from geokg.rdf.export import events_csv, events_json
from geokg.rdf.iris import event_iri

BASE = "https://example.org/kg/"
TEXT = (
    "Freedonia sends troops\n"
    "Freedonia has sent as many as 3,000 troops to Sylvania, officials in Ogden said. "
    "Envoy Rufus Firefly arrived in Ogden on Friday.\n"
)


def sentence(text: str) -> Sentence:
    start = TEXT.index(text)
    return Sentence(start=start, end=start + len(text), text=text)


S1 = sentence("Freedonia has sent as many as 3,000 troops to Sylvania, officials in Ogden said.")
S2 = sentence("Envoy Rufus Firefly arrived in Ogden on Friday.")


def result() -> ArticleResult:
    article = Article(path=Path("fr.txt"), doc_id="fr", text=TEXT,
                      headline="Freedonia sends troops", body_start=23, body_end=len(TEXT) - 1)
    entities = {
        "country/FD": Entity("country/FD", "Freedonia", "Country", country="FD", geonames=1001),
        "country/SY": Entity("country/SY", "Sylvania", "Country", country="SY"),
        "city/2002": Entity("city/2002", "Ogden", "City", country="SY", geonames=2002),
        "person/rufus-firefly": Entity("person/rufus-firefly", "Rufus Firefly", "Person",
                                       country="FD"),
    }
    deployment = Event(
        type="Deployment", actors=["country/FD"], targets=["country/SY"], place="country/SY",
        quantity=Quantity(3000, "upTo", "as many as 3,000", unit="troops"), status="reported",
        attributed_to=["country/SY"], cameo="154",
        mentions=[EventMention(S1, "sent", S1.start + 14, S1.start + 18)],
    )
    visit = Event(
        type="Visit", actors=["person/rufus-firefly"], targets=["country/SY"], place="city/2002",
        time=TimeValue("2031-03-14", "day", "on Friday"), cameo="042",
        mentions=[EventMention(S2, "arrived", S2.start + 20, S2.start + 27),
                  EventMention(S1, "sent", S1.start + 14, S1.start + 18)],
    )
    return ArticleResult(article, Linked(entities=entities), [deployment, visit])


def test_events_json_exact_objects():
    res = result()
    rows = events_json(res, BASE)
    assert rows[0] == {
        "event": event_iri(res.events[0], BASE),
        "type": "Deployment",
        "actors": [{"label": "Freedonia", "type": "Country", "country": "FD", "geonames": 1001}],
        "targets": [{"label": "Sylvania", "type": "Country", "country": "SY"}],
        "place": {"label": "Sylvania", "type": "Country", "country": "SY"},
        "date": None,
        "quantity": 3000,
        "qualifier": "upTo",
        "status": "reported",
        "attributed_to": ["Sylvania"],
        "sentence": S1.text,
        "start": S1.start,
        "end": S1.end,
        "cameo": "154",
        "mentions": [{"sentence": S1.text, "start": S1.start, "end": S1.end, "trigger": "sent"}],
        "quote": None,
        "date_text": None,
        "article": "fr",
    }
    assert rows[0]["event"].startswith(BASE + "event/")


def test_first_mention_gives_sentence_and_offsets_cut_from_text():
    row = events_json(result(), BASE)[1]
    assert row["date"] == "2031-03-14" and row["date_text"] == "on Friday"
    assert row["place"] == {"label": "Ogden", "type": "City", "country": "SY", "geonames": 2002}
    assert TEXT[row["start"]:row["end"]] == row["sentence"] == S2.text
    assert [m["trigger"] for m in row["mentions"]] == ["arrived", "sent"]
    assert row["quantity"] is None and row["qualifier"] is None


def test_json_serialisable():
    assert json.loads(json.dumps(events_json(result(), BASE)))[1]["type"] == "Visit"


def test_unknown_entity_key_falls_back_to_key():
    res = result()
    res.events[0].actors.append("org/east-freedonia-league")
    actor = events_json(res, BASE)[0]["actors"][1]
    assert actor == {"label": "east-freedonia-league", "type": "Organization", "country": None}


def test_no_events_gives_empty_list():
    res = result()
    res.events.clear()
    assert events_json(res, BASE) == []
    assert events_csv([]) == (
        "article,event,type,actors,targets,place,date,date_text,quantity,qualifier,status,"
        "attributed_to,cameo,trigger,sentence,start,end,quote\n"
    )


def test_csv_flattens_lists_and_entities():
    res = result()
    res.events[0].actors.append("person/rufus-firefly")
    rows = list(csv.DictReader(io.StringIO(events_csv(events_json(res, BASE)))))
    assert len(rows) == 2
    assert rows[0]["actors"] == "Freedonia; Rufus Firefly"
    assert rows[0]["targets"] == "Sylvania"
    assert rows[0]["quantity"] == "3000" and rows[0]["qualifier"] == "upTo"
    assert rows[0]["attributed_to"] == "Sylvania"
    assert rows[0]["date"] == "" and rows[1]["date"] == "2031-03-14"
    assert rows[1]["place"] == "Ogden" and rows[1]["trigger"] == "arrived"
    assert rows[0]["sentence"] == S1.text  # the comma inside is quoted, not split
    # the CAMEO code as its IRI: a spreadsheet would read a bare "042" as the number 42
    assert [r["cameo"] for r in rows] == ["https://w3id.org/geokg/cameo/154",
                                          "https://w3id.org/geokg/cameo/042"]
    assert rows[0]["start"] == str(S1.start)
