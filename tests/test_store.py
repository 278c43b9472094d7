"""The store layer without a real server: embedded store, result tables,
query checking, URL derivation, and HTTP errors from a stub endpoint."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import rdflib
from click.testing import CliRunner

from geokg.cli.commands import main
from geokg.errors import InputError, ServerError
from geokg.store import (
    EmbeddedStore,
    RemoteStore,
    format_result,
    parse_query,
    query_from,
    read_query,
)
from geokg.store.remote import credentials, endpoints
from geokg.store.results import json_table

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / "tests" / "fixtures" / "kg"
XA, XB = KG / "xa-001.ttl", KG / "xb-002.ttl"
GA = "https://w3id.org/geokg/id/graph/xa-001"
GB = "https://w3id.org/geokg/id/graph/xb-002"
GK = "PREFIX gk: <https://w3id.org/geokg/ontology#> "


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    s = EmbeddedStore()
    s.load([XA, XB])
    return s


def select(store: EmbeddedStore, text: str) -> list[tuple]:
    return store.query(parse_query(text)).values()


# ------------------------------------------------------------------ embedded store


def test_each_ttl_goes_to_the_graph_of_its_article(store):
    rows = select(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g")
    assert rows == [(GA,), (GB,)]


def test_default_graph_is_the_set_union_of_the_articles(store):
    """Borovia is labelled in both graphs: the union holds the triple once."""
    rows = select(store, "SELECT ?l WHERE { <https://w3id.org/geokg/id/country/XB> "
                         "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    assert rows == [("Borovia",)]
    both = rdflib.Graph().parse(XA) + rdflib.Graph().parse(XB)
    assert store.triple_count() == len(both)


def test_merged_event_has_both_mentions(store):
    rows = select(store, GK + "SELECT ?start WHERE { <https://w3id.org/geokg/id/event/"
                  "a4a4a4a4a4a4a4a4> gk:mentionedIn/<http://persistence.uni-leipzig.org/"
                  "nlp2rdf/ontologies/nif-core#beginIndex> ?start } ORDER BY ?start")
    assert rows == [(186,), (219,)]


def test_reloading_replaces_a_graph():
    s = EmbeddedStore()
    s.load([XA])
    once = s.triple_count()
    report = s.load([XA])
    assert s.triple_count() == once
    assert report.loaded == [(GA, len(rdflib.Graph().parse(XA)))]


def test_quad_formats_keep_graph_names(tmp_path: Path):
    ds = rdflib.Dataset()
    ds.graph(rdflib.URIRef("https://example.org/g/a")).parse(XA)
    ds.graph(rdflib.URIRef("https://example.org/g/b")).parse(XB)
    for suffix, fmt in ((".trig", "trig"), (".nq", "nquads"), (".jsonld", "json-ld")):
        path = tmp_path / f"kg{suffix}"
        ds.serialize(path, format=fmt)
        s = EmbeddedStore()
        report = s.load([path])
        assert sorted(g for g, _ in report.loaded) == [
            "https://example.org/g/a", "https://example.org/g/b"], suffix
        assert s.query(read_query(ROOT / "queries" / "visits.rq")).column("visitor") == [
            "Mira Tolvanen"]


def test_format_pyoxigraph_lacks_is_read_with_rdflib(tmp_path: Path):
    n3 = tmp_path / "notes.n3"
    rdflib.Graph().parse(XA).serialize(n3, format="n3")
    s = EmbeddedStore()
    assert s.load([n3]).loaded[0][0] == GA


def test_graph_option_and_file_stem_name_triple_files(tmp_path: Path):
    s = EmbeddedStore()
    assert s.load([XA], graph="https://example.org/mine").loaded[0][0] == (
        "https://example.org/mine")
    merged = tmp_path / "two articles.ttl"
    (rdflib.Graph().parse(XA) + rdflib.Graph().parse(XB)).serialize(merged, format="turtle")
    assert EmbeddedStore().load([merged]).loaded[0][0] == (
        "https://w3id.org/geokg/id/graph/two-articles")


def test_bad_data_files_name_the_file(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl: not valid"):
        EmbeddedStore().load([bad])
    with pytest.raises(InputError, match=r"kg\.csv: unknown RDF format '\.csv'"):
        EmbeddedStore().load([tmp_path / "kg.csv"])
    with pytest.raises(InputError, match="missing.ttl: no such data file"):
        EmbeddedStore().load([tmp_path / "missing.ttl"])


# ------------------------------------------------------------------ query files


def test_query_kinds():
    assert parse_query("SELECT * { ?s ?p ?o }").kind == "select"
    assert parse_query("ASK { ?s ?p ?o }").kind == "ask"
    assert parse_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").kind == "graph"
    assert parse_query("DESCRIBE <https://example.org/x>").kind == "graph"


def test_syntax_error_names_file_line_and_column(tmp_path: Path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# a comment\nSELECT ?s\nWHERE { ?s ?p }\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_query(bad)
    assert str(err.value) == f"{bad}:3:9: not a valid SPARQL query: unexpected '?s'"


def test_turtle_and_update_files_are_refused():
    with pytest.raises(InputError, match=r"xa-001.ttl:\d+:1: .*is this a SPARQL file at all"):
        read_query(XA)
    with pytest.raises(InputError, match="this is a SPARQL update"):
        parse_query("PREFIX x: <https://e.org/>\nINSERT DATA { x:a x:b x:c }", "up.rq")
    with pytest.raises(InputError, match="empty query file"):
        parse_query("  \n", "empty.rq")


# ------------------------------------------------------------------ result tables


def test_values_are_python_and_unbound_is_none(store):
    table = store.query(parse_query(
        GK + "SELECT ?v ?missing ?d WHERE { ?q gk:value ?v OPTIONAL { ?q gk:nothing ?missing } "
        "?e gk:quantity ?q ; gk:reportedBy ?a . ?a <https://schema.org/datePublished> ?d }"))
    assert table.values() == [(4000, None, "2025-03-04")]


def test_formats():
    """csv, tsv and json are the W3C SPARQL 1.1 result formats (pyoxigraph's writers): CSV
    has values only and CRLF line ends; TSV has a ?var header and terms in Turtle syntax, so
    a language tag, a datatype and an IRI survive; `table` is for people."""
    table = json_table({
        "head": {"vars": ["name", "n", "note"]},
        "results": {"bindings": [
            {"name": {"type": "literal", "value": "Borovia", "xml:lang": "en"},
             "n": {"type": "literal", "value": "12",
                   "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
            {"name": {"type": "uri", "value": "https://e.org/x"},
             "note": {"type": "literal", "value": "a, \"b\"\nc"}},
        ]},
    })
    assert format_result(table, "csv") == (
        'name,n,note\r\nBorovia,12,\r\nhttps://e.org/x,,"a, ""b""\nc"\r\n')
    assert format_result(table, "tsv") == (
        "?name\t?n\t?note\n"
        '"Borovia"@en\t12\t\n'
        '<https://e.org/x>\t\t"a, \\"b\\"\\nc"\n')
    assert format_result(table, "table") == (
        "name             n   note\n"
        "---------------  --  --------\n"
        "Borovia          12\n"
        'https://e.org/x      a, "b" c\n'
        "(2 rows)\n")
    assert format_result(table, "json").count("\n") == 1  # compact, one line
    assert json_table(json.loads(format_result(table, "json"))) == table
    ask = json_table({"head": {}, "boolean": True})
    assert format_result(ask, "table") == "true\n" and format_result(ask, "csv") == "true\n"
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    with pytest.raises(InputError, match="unknown format 'xml' — use one of table, csv"):
        format_result(table, "xml")


# ------------------------------------------------------------------ remote URLs and auth


@pytest.mark.parametrize("url, query, gsp", [
    ("http://h:3030/geokg", "http://h:3030/geokg", "http://h:3030/geokg/data"),
    ("http://h:3030/geokg/", "http://h:3030/geokg/", "http://h:3030/geokg/data"),
    ("http://h:3030/geokg/sparql", "http://h:3030/geokg/sparql", "http://h:3030/geokg/data"),
    ("http://h:3030/geokg/query", "http://h:3030/geokg/query", "http://h:3030/geokg/data"),
    ("http://h:3030/geokg/data", "http://h:3030/geokg/sparql", "http://h:3030/geokg/data"),
])
def test_endpoint_urls(url: str, query: str, gsp: str):
    urls = endpoints(url)
    assert (urls.query, urls.gsp, urls.dataset) == (query, gsp, "http://h:3030/geokg")


def test_endpoint_must_be_http():
    with pytest.raises(InputError, match="not an http"):
        endpoints("localhost:3030/geokg")


def test_credentials_from_env_or_netrc(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("NETRC", raising=False)
    monkeypatch.delenv("GEOKG_USER", raising=False)
    monkeypatch.delenv("GEOKG_PASSWORD", raising=False)
    assert credentials("http://h:3030/geokg") is None
    with pytest.raises(InputError, match="no password"):
        credentials("http://h:3030/geokg", user="ann")
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine h login bob password s3cret\n", encoding="utf-8")
    netrc.chmod(0o600)
    assert credentials("http://h:3030/geokg") == ("bob", "s3cret")
    monkeypatch.setenv("GEOKG_USER", "ann")
    monkeypatch.setenv("GEOKG_PASSWORD", "pw")
    assert credentials("http://h:3030/geokg") == ("ann", "pw")


# ------------------------------------------------------------------ HTTP errors (stub server)


class Stub(BaseHTTPRequestHandler):
    """Answers queries with `query_status`; PUTs with `put_status[graph]` (default 201)."""

    query_status = 200
    statuses: list[int] = []  # answered first, one per query, before query_status
    error_body = b"Stub says no"
    put_status: dict[str, int] = {}
    put_delay = 0.0
    delay = 0.0
    dribble = False
    seen: list[str] = []
    headers_seen: list[dict[str, str | None]] = []

    def _dribble(self, raw: bytes) -> None:
        """The answer one byte every 0.2 s (for at most 6 s): no socket wait ever times out."""
        start = time.monotonic()
        for i in range(len(raw)):
            if time.monotonic() - start > 6:
                return
            self.wfile.write(raw[i:i + 1])
            self.wfile.flush()
            time.sleep(0.2)

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def _reply(self, status: int, body: bytes, ctype: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append(f"POST {self.path}")
        self.headers_seen.append({"Authorization": self.headers.get("Authorization"),
                                  "Accept": self.headers.get("Accept"),
                                  "query": parse_qs(body.decode())["query"][0]})
        time.sleep(self.delay)
        status = self.statuses.pop(0) if self.statuses else self.query_status
        if self.dribble:
            self._dribble(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                          b'\r\nContent-Length: 30\r\n\r\n{"head": {}, "boolean": true}')
            return
        if status != 200:
            self._reply(status, self.error_body)
            return
        self._reply(200, b'{"head": {}, "boolean": true}', "application/sparql-results+json")

    def do_PUT(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        graph = parse_qs(urlsplit(self.path).query)["graph"][0]
        self.seen.append(f"PUT {graph}")
        self.headers_seen.append({"Authorization": self.headers.get("Authorization")})
        time.sleep(self.put_delay)
        status = self.put_status.get(graph, 201)
        self._reply(status, b"stub refused the graph" if status >= 400 else b"")


@pytest.fixture
def stub() -> Iterator[tuple[str, type[Stub]]]:
    handler = type("StubHandler", (Stub,), {"put_status": {}, "seen": [], "statuses": [],
                                            "headers_seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/geokg", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize("status, message", [
    (401, "401 unauthorized — set GEOKG_USER/GEOKG_PASSWORD"),
    (403, "403 forbidden"),
    (404, "404 dataset not found: check the URL"),
    (500, "500 Internal Server Error — "),
])
def test_http_errors_are_server_errors(stub, status: int, message: str, monkeypatch):
    url, handler = stub
    handler.query_status = status
    monkeypatch.setenv("GEOKG_USER", "ann")
    monkeypatch.setenv("GEOKG_PASSWORD", "s3cret-pw")
    result = run("query", str(ROOT / "queries" / "visits.rq"), "--endpoint", url)
    assert result.exit_code == 3
    assert message in result.output
    assert "s3cret-pw" not in result.output


def test_queries_and_puts_send_the_credentials(stub, monkeypatch):
    """SPARQLWrapper (queries) and requests (Graph Store PUTs) both send basic auth."""
    url, handler = stub
    monkeypatch.setenv("GEOKG_USER", "ann")
    monkeypatch.setenv("GEOKG_PASSWORD", "s3cret-pw")
    report = RemoteStore(url).load([XA])
    assert report.ok and handler.seen == ["POST /geokg", f"PUT {GA}"]
    basic = "Basic " + base64.b64encode(b"ann:s3cret-pw").decode()
    assert [h["Authorization"] for h in handler.headers_seen] == [basic, basic]
    ask = handler.headers_seen[0]
    assert ask["query"] == "ASK { }"
    assert ask["Accept"].startswith("application/sparql-results+json")


def test_a_rejected_query_is_an_input_error_with_the_servers_reason(stub):
    url, handler = stub
    handler.query_status = 400
    handler.error_body = b"Parse error: Lexical error at line 1\nmore detail\n"
    result = run("query", str(ROOT / "queries" / "visits.rq"), "--endpoint", url)
    assert result.exit_code == 2
    assert result.output == (f"geokg: error: {url}: the server rejected the query: "
                             "Parse error: Lexical error at line 1\n")
    assert handler.seen == ["POST /geokg"]


def test_an_html_error_page_is_quoted_as_its_text(stub):
    """Issue 25, 12: a 501 page was quoted as its first line, "<!DOCTYPE HTML>"."""
    url, handler = stub
    handler.query_status = 501
    handler.error_body = (
        b'<!DOCTYPE HTML>\n<html lang="en">\n<head><meta charset="utf-8">\n'
        b"<title>Error response</title><style>p { color: red }</style></head>\n"
        b"<body>\n<h1>Error response</h1>\n<p>Error code: 501</p>\n"
        b"<p>Message: Unsupported method (&#x27;POST&#x27;).</p>\n</body>\n</html>\n")
    result = run("query", "ASK { ?s ?p ?o }", "--endpoint", url)
    assert result.exit_code == 3
    assert result.output == (f"geokg: error: {url}: 501 Not Implemented — Error response "
                             "Error code: 501 Message: Unsupported method ('POST').\n")


def test_timeout_is_a_server_error(stub):
    url, handler = stub
    handler.delay = 2.0
    start = time.monotonic()
    with pytest.raises(ServerError, match=r"timed out after 0\.5 s"):
        RemoteStore(url, timeout=0.5).check_dataset()
    assert time.monotonic() - start < 2.0


def test_a_server_dribbling_bytes_fails_at_the_deadline(stub):
    url, handler = stub
    handler.dribble = True
    start = time.monotonic()
    with pytest.raises(ServerError, match=r"timed out after 1 s — is the server overloaded"):
        RemoteStore(url, timeout=1.0).check_dataset()
    assert time.monotonic() - start < 1.8


def test_a_slow_put_fails_its_graph_at_the_deadline(stub):
    url, handler = stub
    handler.put_delay = 3.0
    start = time.monotonic()
    report = RemoteStore(url, timeout=0.5).load([XA])
    assert report.failed == [(GA, "timed out after 0.5 s — is the server overloaded? "
                                  "(--timeout)")]
    assert time.monotonic() - start < 1.5


@pytest.fixture
def quick_backoff(monkeypatch):
    monkeypatch.setattr("geokg.store.remote.BACKOFF", 0.01)


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_retried(stub, quick_backoff, status: int):
    url, handler = stub
    handler.statuses = [status, status]
    assert RemoteStore(url).query(parse_query("ASK { }")).boolean is True
    assert handler.seen == ["POST /geokg"] * 3


def test_retries_are_bounded_and_the_last_error_reported(stub, quick_backoff):
    url, handler = stub
    handler.query_status = 503
    with pytest.raises(ServerError, match=f"^{url}: 503 Service Unavailable — Stub says no$"):
        RemoteStore(url).check_dataset()
    assert handler.seen == ["POST /geokg"] * 4


def test_a_500_is_not_retried_and_its_body_is_one_decoded_line(stub, quick_backoff):
    url, handler = stub
    handler.query_status = 500
    handler.error_body = ("java.lang.NullPointerException: Cannot invoke “Node.isURI()”\n"
                          "\tat org.apache.jena.Foo.bar(Foo.java:12)\n").encode()
    with pytest.raises(ServerError) as caught:
        RemoteStore(url).check_dataset()
    assert str(caught.value) == (f"{url}: 500 Internal Server Error — "
                                 "java.lang.NullPointerException: Cannot invoke “Node.isURI()”")
    assert handler.seen == ["POST /geokg"]


def test_refused_connections_are_retried_then_reported(quick_backoff):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/geokg"
    with pytest.raises(ServerError, match=r"cannot connect \(Connection refused\) after 4 "
                                          "attempts — is the server running"):
        RemoteStore(url).check_dataset()


def test_load_lists_the_graphs_that_failed(stub):
    url, handler = stub
    handler.put_status = {GB: 500}
    result = run("load", str(XA), str(XB), "--endpoint", url)
    assert result.exit_code == 3
    assert f"loaded <{GA}>" in result.output
    assert f"FAILED <{GB}>" in result.output
    assert f"1 of 2 graph(s) not loaded into {url}: <{GB}>" in result.output


def test_bad_file_sends_nothing(stub, tmp_path: Path):
    url, handler = stub
    bad = tmp_path / "bad.ttl"
    bad.write_text("not turtle at all\n", encoding="utf-8")
    result = run("load", str(XA), str(bad), "--endpoint", url)
    assert result.exit_code == 2
    assert "bad.ttl: not valid" in result.output
    assert handler.seen == []


# ------------------------------------------------------------------ geokg query (embedded)


def test_query_command_embedded(tmp_path: Path):
    result = run("query", str(ROOT / "queries" / "officials.rq"), "--data", str(XA),
                 "--data", str(XB), "--format", "tsv")
    assert result.exit_code == 0, result.output
    # W3C TSV: a ?var header, literals quoted, IRIs in angle brackets
    assert result.output.splitlines() == [
        "?official\t?post\t?country\t?person",
        '"Dario Kest"\t"Defence Minister"\t"Borovia"\t'
        "<https://w3id.org/geokg/id/person/dario-kest>",
        '"Mira Tolvanen"\t"Foreign Minister"\t"Arvenia"\t'
        "<https://w3id.org/geokg/id/person/mira-tolvanen>",
    ]


def test_query_command_refuses_data_with_endpoint():
    result = run("query", str(ROOT / "queries" / "visits.rq"), "--data", str(XA),
                 "--endpoint", "http://127.0.0.1:1/geokg")
    assert result.exit_code == 2
    assert "not both" in result.output


# ------------------------------------------------------------------ issue 25: 7 and 9


def test_query_command_takes_sparql_text_expr_and_stdin(tmp_path: Path):
    """Issue 25, 7: inline SPARQL was "no such query file"; -e and - read it too."""
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    expected = b"n\r\n2\r\n"
    for args, stdin in (([count], None), (["-e", count], None), (["-"], count)):
        result = CliRunner().invoke(
            main, ["query", *args, "--data", str(XA), "--data", str(XB), "--format", "csv"],
            input=stdin)
        assert (result.exit_code, result.stdout_bytes) == (0, expected), args
    result = run("query", "--data", str(XA))
    assert result.exit_code == 2
    assert "give a QUERY (file, saved name, SPARQL text or -) or -e SPARQL" in result.output
    result = run("query", "nope", "--data", str(XA))
    assert result.exit_code == 2
    assert result.output.startswith("geokg: error: nope: no such query file — give a file, "
                                    "SPARQL text or the name of a saved query: claims_sources")
    broken = CliRunner().invoke(main, ["query", "-", "--data", str(XA)], input="SELECT ?s {")
    assert broken.output == ("geokg: error: <stdin>:1:12: not a valid SPARQL query: "
                             "unexpected end of the query\n")


def test_inline_sparql_goes_to_the_endpoint(stub):
    url, handler = stub
    result = run("query", "ASK { ?s ?p ?o }", "--endpoint", url)
    assert (result.exit_code, result.output) == (0, "true\n")
    assert handler.headers_seen[0]["query"] == "ASK { ?s ?p ?o }"


def test_a_file_wins_over_sparql_text(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my query {1}.rq").write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    table = query_from("my query {1}.rq")
    assert (table.path, table.kind) == ("my query {1}.rq", "ask")
    assert query_from("SELECT * { ?s ?p ?o }").path == "<query>"
    with pytest.raises(InputError, match="no such query file"):
        query_from(Path("SELECT * { ?s ?p ?o }"))


@pytest.mark.parametrize("text, message", [
    ("SELECT ?s WHERE { ?s foo:bar ?o }",
     "q.rq:1:22: not a valid SPARQL query: undefined prefix 'foo:' — declare it with "
     "PREFIX foo: <...>"),
    ("PREFIX gk: <https://w3id.org/geokg/ontology#>\nSELECT ?s WHERE {\n"
     "  ?s gk:a ?o ; rdf:type \"gk:x\" }",
     "q.rq:3:16: not a valid SPARQL query: undefined prefix 'rdf:' — declare it with "
     "PREFIX rdf: <...>"),
    ("SELECT ?s WHERE { ?s :a ?o }",
     "q.rq:1:22: not a valid SPARQL query: undefined prefix ':' — declare it with "
     "PREFIX : <...>"),
])
def test_an_undefined_prefix_is_one_line(text: str, message: str):
    """Issue 25, 9: pyoxigraph's "Prefix not found" came with 5 lines of expected characters."""
    with pytest.raises(InputError) as err:
        parse_query(text, "q.rq")
    assert str(err.value) == message


def test_a_long_parser_message_is_cut_to_one_line(monkeypatch):
    from geokg.store import queries

    monkeypatch.setattr(queries, "_rdflib_position", lambda text: None)
    long = "error at 1:5: expected one of " + ", ".join(["['a' ..= 'z']"] * 30) + "\n| more"
    message = queries.syntax_message("q.rq", "SELECT ?s { }", long)
    assert "\n" not in message and message.endswith(" ...")
    assert message.startswith("q.rq:1:5: not a valid SPARQL query: expected one of ['a' ..= 'z']")
