"""Ontology documentation: the HTML page and the class diagram build from ontology/*.ttl."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF
from rdflib.namespace import SKOS

from geokg.cli.commands import main
from geokg.rdf.docs import mermaid
from geokg.rdf.mapper import GK, ontology_graph

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[str, str]:
    """`geokg docs` into a temporary directory: the HTML page and the diagram."""
    pytest.importorskip("pylode")
    out = tmp_path_factory.mktemp("docs")
    result = CliRunner().invoke(main, ["docs", "-o", str(out / "index.html"),
                                       "--diagram", str(out / "diagram.mmd")])
    assert result.exit_code == 0, result.output
    return ((out / "index.html").read_text(encoding="utf-8"),
            (out / "diagram.mmd").read_text(encoding="utf-8"))


def test_html_documents_classes_properties_and_schemes(built):
    page, _ = built
    assert "<title>geokg ontology</title>" in page
    for text in ("diplomatic event", "An event of diplomacy between states",  # label, definition
                 "Jane Doe's visit to Exampleland", "https://w3id.org/geokg/ontology#actor",
                 "Concept schemes", "<td>042</td><td>cameo:042</td><td>Make a visit</td>",
                 "broad match plover:CONSULT", "<td>upTo</td><td>gk:UpTo</td>",
                 "https://www.apache.org/licenses/LICENSE-2.0", "0.1.0"):
        assert text in page, text


def test_html_has_no_run_dependent_ids(built):
    """Blank-node ids would change every run: the committed page could never be current."""
    assert re.search(r'href="n[0-9a-f]{32}', built[0]) is None


def test_committed_docs_are_current(built):
    """docs/ontology/ matches the ontology today (rerun `geokg docs` after editing ontology/).

    The diagram must be byte-identical; the HTML page must hold every gk: term's
    IRI and definition (its markup may differ slightly between rdflib versions).
    """
    _, diagram = built
    assert (REPO / "docs/ontology/diagram.mmd").read_text(encoding="utf-8") == diagram
    committed = html.unescape((REPO / "docs/ontology/index.html").read_text(encoding="utf-8"))
    onto = ontology_graph()
    terms = {s for s in onto.subjects(RDF.type, None) if str(s).startswith(str(GK))}
    missing = [str(t) for t in sorted(terms)
               if str(onto.value(t, SKOS.definition)) not in committed]
    assert missing == []


def test_diagram_is_drawn_from_the_ontology():
    diagram = mermaid().splitlines()
    assert diagram[0] == "classDiagram"
    for line in ("    DiplomaticEvent <|-- Visit", "    DiplomaticEvent <|-- Meeting",
                 "    MilitaryEvent <|-- Deployment", "    Event --> sem_Actor : actor",
                 "    Event --> sem_Place : place", "    Person --> Country : nationality",
                 "    Quantity : +integer value", '    class sem_Actor["sem:Actor"]'):
        assert line in diagram
    assert diagram[-1] == ('    note for Person "gk:Person, gk:Country, gk:Organization, '
                           'gk:Place, gk:Event: pairwise disjoint"')


def test_readme_shows_the_current_diagram():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"```mermaid\n{mermaid()}```" in readme
