"""The rules file is data checked against a schema before anything matches.

A misspelt key or a key given twice must stop loading with the file and the
line, never silently match nothing (YAML alone keeps the last of two keys).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geokg.events.rules import RuleFileError, event_types, load_rules, parse_rules
from geokg.model import EVENT_TYPES

GOOD = """\
Visit:
  cameo: "042"
  plover: CONSULT
  symmetric: false
  rules:
    - id: visit-verb
      pos: VERB
      lemmas: [visit]
      roles: {agent: actor, patient: destination}
      requires: [actor, destination]
"""


def test_a_well_formed_rules_file_loads():
    assert parse_rules(GOOD)["Visit"]["rules"][0]["roles"] == {
        "agent": "actor", "patient": "destination"}


def test_a_misspelt_key_names_file_and_line():
    bad = GOOD.replace("requires:", "requries:")
    with pytest.raises(RuleFileError) as err:
        parse_rules(bad, "events.yaml")
    assert str(err.value).startswith("events.yaml, line 6 (Visit/rules/0):")
    assert "'requries' was unexpected" in str(err.value)


def test_a_key_given_twice_names_both_lines():
    bad = GOOD.replace("      requires: [actor, destination]\n",
                       "      requires: [actor, destination]\n      pos: NOUN\n")
    with pytest.raises(RuleFileError) as err:
        parse_rules(bad, "events.yaml")
    assert str(err.value) == "events.yaml: line 11: key 'pos' given twice (first on line 7)"


def test_an_unknown_frame_role_is_refused():
    bad = GOOD.replace("patient: destination", "dobj: destination")
    with pytest.raises(RuleFileError, match="line 9"):
        parse_rules(bad)


def test_the_shipped_rules_load_and_declare_every_type_once():
    assert load_rules()
    types = event_types()
    assert tuple(types) == EVENT_TYPES  # the model's and the ontology's types, in order
    assert types["Meeting"].symmetric and not types["Visit"].symmetric
    assert types["Statement"].cameo == "010"


def test_the_registry_agrees_with_the_ontology_cameo_codes():
    """Each event class of the ontology has the registry's default CAMEO code."""
    from rdflib import Graph, Namespace

    gk = Namespace("https://w3id.org/geokg/ontology#")
    cameo = Namespace("https://w3id.org/geokg/cameo/")
    graph = Graph().parse(Path(__file__).resolve().parent.parent / "ontology" / "geokg.ttl")
    for name, declared in event_types().items():
        assert (gk[name], gk.defaultCameoCode, cameo[declared.cameo]) in graph, name


def test_the_registry_agrees_with_the_ontology_plover_codes():
    from geokg.rdf.mapper import vocabulary

    plover = vocabulary()["plover"]
    for name, declared in event_types().items():
        mapped = plover.get(declared.cameo)
        assert (str(mapped).rsplit("/", 1)[-1] if mapped else None) == declared.plover, name
