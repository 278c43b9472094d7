"""geokg against a real Apache Jena Fuseki (started by tests/fuseki_server.py).

The same saved queries must give the same answers from Fuseki and from the
embedded store; loading must replace graphs, not add to them; a wrong URL or
a dead server must say so and exit 3.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from fuseki_server import free_port
from fuseki_server import fuseki as fuseki  # noqa: F401  (session fixture)

from geokg.cli.commands import main
from geokg.store import EmbeddedStore, RemoteStore, parse_query, read_query

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "kg").glob("*.ttl"))
GRAPHS = {
    "https://w3id.org/geokg/id/graph/xa-001",
    "https://w3id.org/geokg/id/graph/xb-002",
}

pytestmark = pytest.mark.fuseki


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def drop_all(url: str) -> None:
    response = requests.post(url + "/update", data={"update": "DROP ALL"}, timeout=30)
    response.raise_for_status()


@pytest.fixture(scope="module")
def loaded(fuseki: str) -> str:  # noqa: F811
    """Fuseki holding the two fixture articles, loaded with `geokg load`."""
    drop_all(fuseki)
    result = run("load", *map(str, FIXTURES), "--endpoint", fuseki)
    assert result.exit_code == 0, result.output
    assert "2 graph(s) loaded" in result.output
    return fuseki


@pytest.fixture(scope="module")
def embedded() -> EmbeddedStore:
    store = EmbeddedStore()
    store.load(FIXTURES)
    return store


def test_every_saved_query_is_covered():
    assert [q.stem for q in QUERIES] == sorted([
        "visits", "deployments", "sanctions", "officials", "clashes_offensives",
        "claims_sources", "timeline", "military_network", "event_provenance", "gdelt_table",
        "prov_attributions", "references",
    ])


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_saved_query_same_answer_on_fuseki_and_embedded(loaded: str, embedded, path: Path):
    query = read_query(path)
    remote = RemoteStore(loaded).query(query)
    local = embedded.query(query)
    assert remote.vars == local.vars
    assert local.rows, f"{path.name} has no answer on the fixtures: the comparison proves nothing"
    assert remote.comparable() == local.comparable()


def test_query_command_output_identical(loaded: str, tmp_path: Path):
    """`geokg query` prints the same CSV and JSON, --endpoint or --data."""
    data = [arg for f in FIXTURES for arg in ("--data", str(f))]
    outputs = {}
    for fmt in ("csv", "tsv", "json", "table"):
        remote = run("query", str(ROOT / "queries" / "deployments.rq"), "--endpoint",
                     loaded + "/sparql", "--format", fmt)
        local = run("query", str(ROOT / "queries" / "deployments.rq"), *data, "--format", fmt)
        assert remote.exit_code == 0, remote.output
        assert remote.output == local.output
        outputs[fmt] = remote.output
    assert outputs["csv"].splitlines()[1] == (
        'Cestria,Borovia,4000,approx,troops,"About 4,000",reported,Arvenia,'
        "https://w3id.org/geokg/id/event/a3a3a3a3a3a3a3a3"
    )


def test_ask_and_construct_agree(loaded: str, embedded):
    ask = parse_query("PREFIX gk: <https://w3id.org/geokg/ontology#> ASK { ?e a gk:Clash }")
    construct = parse_query(
        "PREFIX gk: <https://w3id.org/geokg/ontology#> "
        "CONSTRUCT { ?e gk:actor ?a } WHERE { ?e a gk:Clash ; gk:actor ?a }")
    remote = RemoteStore(loaded)
    assert remote.query(ask).boolean is True
    assert remote.query(ask).comparable() == embedded.query(ask).comparable()
    assert len(remote.query(construct).rows) == 2
    assert remote.query(construct).comparable() == embedded.query(construct).comparable()


def test_named_graphs_one_per_article(loaded: str):
    names = RemoteStore(loaded).query(parse_query("SELECT DISTINCT ?g { GRAPH ?g { } }"))
    assert set(names.column("g")) == GRAPHS


def test_loading_twice_replaces_graphs(loaded: str, embedded):
    store = RemoteStore(loaded)
    before = store.triple_count()
    result = run("load", *map(str, FIXTURES), "--endpoint", loaded + "/data")
    assert result.exit_code == 0, result.output
    assert store.triple_count() == before == embedded.triple_count()


def test_trig_keeps_graph_names(fuseki: str, tmp_path: Path):  # noqa: F811
    """A TriG file's graph names are kept, whatever its articles are."""
    trig = tmp_path / "kg.trig"
    trig.write_text(
        "<https://example.org/g/one> { <https://example.org/s> <https://example.org/p> 1 . }\n"
        "<https://example.org/g/two> { <https://example.org/s> <https://example.org/p> 2 . }\n",
        encoding="utf-8",
    )
    result = run("load", str(trig), "--endpoint", fuseki)
    assert result.exit_code == 0, result.output
    assert "loaded <https://example.org/g/one>: 1 triples" in result.output
    assert "loaded <https://example.org/g/two>: 1 triples" in result.output
    ask = parse_query("ASK { GRAPH <https://example.org/g/two> { ?s ?p 2 } }")
    assert RemoteStore(fuseki).query(ask).boolean is True
    requests.post(fuseki + "/update", timeout=30, data={
        "update": "DROP GRAPH <https://example.org/g/one> ; DROP GRAPH <https://example.org/g/two>"})


def test_wrong_dataset_is_exit_3_dataset_not_found(fuseki: str):  # noqa: F811
    wrong = fuseki.rsplit("/", 1)[0] + "/no-such-dataset"
    result = run("query", str(ROOT / "queries" / "visits.rq"), "--endpoint", wrong + "/sparql")
    assert result.exit_code == 3
    assert "dataset not found: check the URL" in result.output
    result = run("load", str(FIXTURES[0]), "--endpoint", wrong)
    assert result.exit_code == 3
    assert "dataset not found: check the URL" in result.output


def test_query_syntax_error_never_reaches_server(fuseki: str, tmp_path: Path):  # noqa: F811
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s\nWHERE { ?s ?p }\n", encoding="utf-8")
    result = run("query", str(bad), "--endpoint", fuseki)
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.output


def test_stopped_server_is_exit_3_cannot_connect(tmp_path: Path):
    """Nothing listens on the port: both commands say so, no traceback."""
    url = f"http://127.0.0.1:{free_port()}/geokg"
    result = run("query", str(ROOT / "queries" / "visits.rq"), "--endpoint", url)
    assert result.exit_code == 3
    assert "cannot connect" in result.output
    result = run("load", str(FIXTURES[0]), "--endpoint", url)
    assert result.exit_code == 3
    assert "cannot connect" in result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed article built by `geokg build`, as a user would."""
    out = tmp_path_factory.mktemp("seed") / "geokg.ttl"
    result = run("build", str(ROOT / "seeds"), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def seed_on_fuseki(fuseki: str, seed_build: Path) -> str:  # noqa: F811
    """Fuseki holding only the seed's build, loaded twice with `geokg load`."""
    drop_all(fuseki)
    for _ in range(2):
        result = run("load", str(seed_build), "--endpoint", fuseki)
        assert result.exit_code == 0, result.output
    return fuseki


@pytest.fixture(scope="module")
def seed_embedded(seed_build: Path) -> EmbeddedStore:
    store = EmbeddedStore()
    store.load([seed_build])
    return store


def test_seed_build_loads_once_however_often_it_is_loaded(seed_on_fuseki: str, seed_embedded):
    assert RemoteStore(seed_on_fuseki).triple_count() == seed_embedded.triple_count() > 300


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_seed_queries_same_answer_on_fuseki_and_embedded(seed_on_fuseki: str, seed_embedded,
                                                        path: Path):
    query = read_query(path)
    expected = seed_embedded.query(query)
    assert expected.rows, f"{path.name} has no answer on the seed"
    assert RemoteStore(seed_on_fuseki).query(query).comparable() == expected.comparable()


@pytest.fixture(scope="module")
def plain_dataset(fuseki: str) -> Iterator[str]:  # noqa: F811
    """A second dataset created the ordinary way (admin API, in memory): its default
    graph is not the union of its named graphs (no tdb2:unionDefaultGraph)."""
    server = fuseki.rsplit("/", 1)[0]
    created = requests.post(server + "/$/datasets", params={"dbName": "plain", "dbType": "mem"},
                            timeout=30)
    created.raise_for_status()
    try:
        yield server + "/plain"
    finally:
        requests.delete(server + "/$/datasets/plain", timeout=30)


def test_empty_answer_on_a_dataset_without_union_default_graph_says_why(plain_dataset: str):
    empty = run("query", str(ROOT / "queries" / "visits.rq"), "--endpoint", plain_dataset)
    assert empty.exit_code == 0, empty.output
    assert f"geokg: warning: nothing found: {plain_dataset}: the dataset is empty" in empty.output
    loaded = run("load", *map(str, FIXTURES), "--endpoint", plain_dataset)
    assert loaded.exit_code == 0 and "2 graph(s) loaded" in loaded.output
    result = run("query", str(ROOT / "queries" / "visits.rq"), "--endpoint", plain_dataset)
    assert result.exit_code == 0, result.output
    assert "(0 rows)" in result.output
    assert (f"geokg: warning: nothing found: {plain_dataset}: the default graph is empty but "
            "the named graphs hold data") in result.output
    assert "tdb2:unionDefaultGraph true" in result.output


def test_an_empty_answer_on_a_union_dataset_has_no_warning(loaded: str, tmp_path: Path):
    nothing = tmp_path / "nothing.rq"
    nothing.write_text("SELECT ?s WHERE { ?s a <https://example.org/NoSuchClass> }\n")
    result = run("query", str(nothing), "--endpoint", loaded)
    assert result.exit_code == 0
    assert result.output == "s\n-\n(0 rows)\n"
