"""Recall of geokg on a PETRARCH validation file: real news sentences coded by hand
with CAMEO event codes, as a public functional test of an event coder.

    python scripts/petrarch_suite.py PETR2_GSR_validation.xml          # table of figures
    python scripts/petrarch_suite.py FILE -v                           # and every miss
    python scripts/petrarch_suite.py FILE --json out.json              # figures as JSON

FILE is a validation file of github.com/openeventdata/UniversalPetrarch
(`UniversalPetrarch/data/text/PETR2_GSR_validation.xml`, MIT; its sentences are
AFP wire copy from the GigaWord sample, so the file is read where it was fetched
and never copied into this project). Each record is a sentence, its date, and
`<EventCoding eventcode=... sourcecode=... targetcode=...>` lines, or
`noevents="True"`.

How the codes are mapped: an event type covers the CAMEO codes its family in
src/geokg/data/events.yaml declares (`cameo`, and the `dictionary: codes` it
takes dictionary verbs from), each a code prefix ("19" covers 190-196). A coded
event whose code no type covers is left out of recall (geokg has no type for it:
protests, demands, threats, arrests). Codes are CAMEO 2.0 throughout, as the file
says (its Verbfile is CAMEO.2.0.txt); no WEIS code is involved.

CAMEO codes a fight by its weapons (193 small arms, 194 artillery, 195 air
power), not by whether one side or both fought, so a code under 19 is found by a
geokg Clash or Offensive alike.

What is measured, per sentence: a coded event is found when geokg reads an
event of its type from the sentence (actors are not compared: the file codes
actors with PETRARCH's own actor codes). A geokg event of a type the coders gave
the sentence no code of is counted as "not in the key": the key codes one or two
events per sentence, so such an event is often right (a statement beside the
meeting it reports) and is listed for reading, not counted as an error. The
sentences coded "noevents" show which traps are taken: an event geokg reads
there is counted separately.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "src" / "geokg" / "data" / "events.yaml"

RECORD = re.compile(r"<Sentence\s([^>]*?)/?>(.*?)(?=<Sentence\s|</Sentences>|\Z)", re.S)
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
CODING = re.compile(r"<EventCoding\s([^>]*?)/?>")
TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)


@dataclass
class Record:
    """One sentence of the file with its coded events."""

    id: str
    date: str | None  # YYYY-MM-DD
    text: str
    codes: list[str] = field(default_factory=list)
    no_events: bool = False


def read_records(path: Path) -> list[Record]:
    """The file's records meant for evaluation (evaluate="true", or no such attribute).

    The file is not well-formed XML (comment lines outside any tag), so it is read
    by its record markup."""
    records = []
    for head, body in RECORD.findall(path.read_text(encoding="utf-8")):
        attrs = dict(ATTRIBUTE.findall(head))
        text = TEXT.search(body)
        if text is None or not text.group(1).strip() \
                or attrs.get("evaluate", "true").lower() != "true":
            continue
        codings = [dict(ATTRIBUTE.findall(c)) for c in CODING.findall(body)]
        records.append(Record(
            id=attrs.get("id", ""), date=_iso_date(attrs.get("date", "")),
            text=" ".join(text.group(1).split()),
            codes=[c["eventcode"] for c in codings if "eventcode" in c],
            no_events=any(c.get("noevents", "").lower() == "true" for c in codings)))
    return records


def _iso_date(date: str) -> str | None:
    """"20080804" as "2008-08-04"; None for a date the file gives short ("121108")."""
    return f"{date[:4]}-{date[4:6]}-{date[6:8]}" if re.fullmatch(r"\d{8}", date) else None


def type_codes(rules: Path = RULES) -> dict[str, tuple[str, ...]]:
    """Each event type's CAMEO code prefixes, as events.yaml declares them."""
    families = yaml.safe_load(rules.read_text(encoding="utf-8"))
    return {name: tuple(dict.fromkeys([str(family["cameo"]), *map(str, family.get(
        "dictionary", {}).get("codes", []))])) for name, family in families.items()}


def type_of(code: str, codes: dict[str, tuple[str, ...]]) -> str | None:
    """The type whose longest declared prefix the code starts with, if any."""
    best = max(((len(p), name) for name, prefixes in codes.items() for p in prefixes
                if code.startswith(p)), default=None)
    return best[1] if best else None


# CAMEO's root for fighting: geokg splits it by who fought (Clash, Offensive), CAMEO
# by the weapons used, so within it either type finds the code.
FIGHT_ROOT, FIGHT_TYPES = "19", frozenset({"Clash", "Offensive"})


def found_by(code_type: str, code: str, read: list[str]) -> bool:
    """Whether the types geokg read include the coded event's."""
    if code.startswith(FIGHT_ROOT):
        return bool(FIGHT_TYPES & set(read))
    return code_type in read


def geokg_types(record: Record) -> list[str]:
    """The types of the events geokg reads from the sentence alone."""
    from geokg.api import analyse

    analysis = analyse(record.text, title=record.id, published=record.date)
    return [event.type for event in analysis.result.events]


def evaluate(records: list[Record], codes: dict[str, tuple[str, ...]]) -> dict:
    """Per-type recall, events not in the key, and events read on no-event sentences."""
    gold, found = Counter(), Counter()
    misses, unkeyed, trapped = [], [], []
    for record in records:
        wanted = [(t, c) for c in record.codes if (t := type_of(c, codes))]
        read = geokg_types(record)
        for kind, code in wanted:
            gold[kind] += 1
            if found_by(kind, code, read):
                found[kind] += 1
            else:
                misses.append((record.id, kind, record.text))
        extra = [t for t in read if not any(found_by(k, c, [t]) for k, c in wanted)]
        (trapped if record.no_events else unkeyed).extend(
            (record.id, t, record.text) for t in extra)
    total_gold, total_found = sum(gold.values()), sum(found.values())
    return {
        "sentences": len(records),
        "coded_in_geokg_types": total_gold,
        "recall": round(total_found / total_gold, 3) if total_gold else None,
        "by_type": {k: {"gold": gold[k], "found": found[k]} for k in sorted(gold)},
        "not_in_key": len(unkeyed),
        "no_event_sentences": sum(r.no_events for r in records),
        "events_on_no_event_sentences": len(trapped),
        "misses": misses, "unkeyed": unkeyed, "trapped": trapped,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="a PETRARCH validation XML file")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        parser.error(f"{args.file}: no such file (fetch openeventdata/UniversalPetrarch)")
    result = evaluate(read_records(args.file), type_codes())
    for kind, counts in result["by_type"].items():
        print(f"{kind:12} {counts['found']:3}/{counts['gold']:<3}")
    print(f"recall {result['recall']} on {result['coded_in_geokg_types']} coded events of "
          f"geokg's types in {result['sentences']} sentences; {result['not_in_key']} events "
          f"not in the key; {result['events_on_no_event_sentences']} events on "
          f"{result['no_event_sentences']} sentences coded as having none")
    if args.verbose:
        for label in ("misses", "trapped", "unkeyed"):
            for ident, kind, text in result[label]:
                print(f"{label.upper():8} {ident} {kind}: {text}")
    if args.json:
        args.json.write_text(json.dumps({k: v for k, v in result.items()
                                         if k not in ("misses", "unkeyed", "trapped")},
                                        indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
