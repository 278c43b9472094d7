"""The lexicon derived from a public event coder's dictionary, and the word-sense
checks that keep a bigger lexicon from buying false events. Invented sentences."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from geokg.events.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "derive_lexicon.py"
DICTIONARY = ROOT / "scripts" / "data" / "petrarch2" / "CAMEO.2.0.txt"
DATA = ROOT / "src" / "geokg" / "data" / "cameo_lexicon.yaml"


def _script():
    spec = importlib.util.spec_from_file_location("derive_lexicon", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["derive_lexicon"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not DICTIONARY.exists(), reason="the fetched dictionary is not stored")
def test_derivation_reproduces_the_data_file_byte_for_byte():
    assert _script().build() == DATA.read_text(encoding="utf-8")


def test_data_file_names_its_source_licence_and_commit():
    header = DATA.read_text(encoding="utf-8").split("\nVisit:")[0]
    assert "github.com/openeventdata/petrarch2" in header
    assert "676801cd9cb2924bbbad09f86d15c9323e7097bf" in header
    assert "MIT" in header


def test_dictionary_pattern_gives_a_verb_its_type_and_its_other_senses():
    module = _script()
    text = """---  SMASH   [190]  ---
SMASH
- * RECORD                                   [---]    # SMASH
---  GATHER   [---]  ---
GATHER
- * &MILITARY                                [154]    # GATHER
&MILITARY
+TROOPS
"""
    derived = module.derive(text, {"Offensive": ["19"], "Deployment": ["154"]}, {"troops"})
    assert derived["Offensive"]["alone"] == ["smash"]
    assert derived["Offensive"]["senses"] == [{"verbs": ["smash"], "objects": ["record"]}]
    assert derived["Deployment"]["with_forces"] == ["gather"]


def test_rules_take_derived_words_less_those_rejected():
    rules = load_rules()
    assert any(r.id == "offensive-verb" for r in rules[("torch", "VERB")])
    assert any(r.id == "deploy-active" for r in rules[("amass", "VERB")])
    assert any(r.id == "meet-verb" for r in rules[("huddle", "VERB")])
    # a word a rule declares goes to that rule: "telephoned X and Y" is a call each
    assert [r.id for r in rules[("telephone", "VERB")]] == ["call-verb"]
    assert ("dominate", "VERB") not in rules  # a metaphor the Offensive rejects
    assert not any(r.type == "Statement" for r in rules.get(("comment", "VERB"), ()))


@pytest.fixture
def events_of(event_rows):
    return event_rows


@pytest.mark.parametrize("body,expected", [
    ("Russian forces torched three villages in Ukraine on Monday.",
     ("Offensive", ("Russia",), ("Ukraine",), "asserted")),
    ("Serbia amassed troops on its border with Kosovo on Monday.",
     ("Deployment", ("Serbia",), (), "asserted")),
    ("Japan's prime minister telephoned the president of France on Monday.",
     ("Meeting", ("France", "Japan"), (), "asserted")),
])
def test_derived_word_yields_its_event(events_of, body, expected):
    rows = [r for r in events_of(body) if r[0] == expected[0]]
    assert rows and rows[0][0] == expected[0] and set(expected[1]) <= set(rows[0][1]) | set(
        rows[0][2]), rows
    assert rows[0][3] == expected[3]


@pytest.mark.parametrize("body,absent", [
    ("Turkey struck a deal with Greece on Monday.", "Offensive"),
    ("Poland seized the opportunity to press Germany on Monday.", "Offensive"),
    ("Brazil was hit by tariffs from the United States on Monday.", "Offensive"),
    ("The president of Chile attacked the plan of Peru in a speech on Monday.", "Offensive"),
    ("Israel shot down the drones on Monday.", "Offensive"),  # interception
    ("The president of Kenya landed a contract in Ethiopia on Monday.", "Visit"),
    ("Norway's government declined to comment.", "Statement"),
])
def test_sense_check_keeps_the_event_out(events_of, body, absent):
    assert not [r for r in events_of(body) if r[0] == absent]


@pytest.mark.parametrize("body,expected", [
    ("A French frigate docked at the port of Limassol in Cyprus on Monday.",
     ("Deployment", ("France",), ("Cyprus",), "asserted")),
])
def test_forces_arriving_are_a_deployment(events_of, body, expected):
    rows = [r for r in events_of(body) if r[0] in ("Deployment", "Visit")]
    assert rows == [expected]


def test_engaging_in_talks_is_no_clash(events_of):
    rows = events_of("The United States and China engaged in substantial discussion "
                     "on Monday.")
    assert not [r for r in rows if r[0] == "Clash"]
