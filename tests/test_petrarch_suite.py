"""scripts/petrarch_suite.py: how a PETRARCH validation file is read and scored.
An invented record in the file's format, never its (wire copy) sentences."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "petrarch_suite.py"

RECORDS = """<Validation>
# a comment line outside any tag, as the real files have
<Environment><Include>valid</Include></Environment>
<Sentences>
<Sentence category="TEST" date="20190304" id="T_1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="KEN" targetcode="TZA" />
<EventCoding eventcode="193" sourcecode="KEN" targetcode="SOM" />
<Text>
Kenyan President Ana Wambui visited Tanzania on Monday.
</Text>
<Parse>1 Kenyan</Parse></Sentence>
<Sentence category="TEST" date="190304" id="T_2" evaluate="true">
<EventCoding noevents="True" />
<Text>Nothing happened.</Text></Sentence>
<Sentence category="TEST" date="20190304" id="T_3" evaluate="false"/>
<EventCoding eventcode="042" />
<Text>Left out.</Text>
</Sentences>
</Validation>
"""


@pytest.fixture(scope="module")
def suite():
    spec = importlib.util.spec_from_file_location("petrarch_suite", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["petrarch_suite"] = module
    spec.loader.exec_module(module)
    return module


def test_records_are_read_by_their_markup(suite, tmp_path):
    path = tmp_path / "suite.xml"
    path.write_text(RECORDS, encoding="utf-8")
    records = suite.read_records(path)
    assert [(r.id, r.date, r.text, r.codes, r.no_events) for r in records] == [
        ("T_1", "2019-03-04", "Kenyan President Ana Wambui visited Tanzania on Monday.",
         ["042", "193"], False),
        ("T_2", None, "Nothing happened.", [], True),
    ]


def test_codes_map_to_the_types_that_declare_them(suite):
    codes = suite.type_codes()
    assert suite.type_of("042", codes) == "Visit"
    assert suite.type_of("0431", codes) == "Visit"
    assert suite.type_of("163", codes) == "Sanction"
    assert suite.type_of("145", codes) is None  # a protest: no geokg type
    # a fight is found by either of geokg's two fighting types
    assert suite.found_by("Offensive", "193", ["Clash"])
    assert not suite.found_by("Visit", "042", ["Meeting"])
