"""`geokg query` and `geokg load`: the store commands.

They only parse options, open a store through geokg.store (embedded or
remote, the same interface) and print; errors are GeokgError subclasses that
the `geokg` group turns into one line and an exit code (2 input, 3 server).
"""

from __future__ import annotations

from pathlib import Path

import click

from geokg.errors import InputError, ServerError
from geokg.store import (
    DEFAULT_TIMEOUT,
    FORMATS,
    PASSWORD_ENV,
    USER_ENV,
    RemoteStore,
    ResultTable,
    format_result,
    open_store,
    parse_query,
    query_from,
)

DEFAULT_DATA = Path("build/geokg.ttl")

QUERY_EPILOG = f"""\b
Examples:
  geokg query queries/visits.rq                        # on build/geokg.ttl
  geokg query queries/deployments.rq --data kg.trig --format csv
  geokg query queries/timeline.rq --data a.ttl --data b.ttl --format json
  geokg query queries/visits.rq --endpoint http://localhost:3030/geokg/sparql
  geokg query visits --data kg.trig                    # the saved query queries/visits.rq
  geokg query 'SELECT * WHERE {{ ?s ?p ?o }} LIMIT 5' --endpoint URL  # SPARQL text
  geokg query -e 'ASK {{ ?s ?p ?o }}' --data kg.trig
  geokg query - --data kg.trig < question.rq           # the query from stdin

\b
The query runs with the union of all named graphs as its default graph,
embedded and remote alike, so a saved query gives the same rows on both.
The query file is checked before anything runs: a syntax error is reported
as FILE:LINE:COL (exit 2) and never sent to a server.

\b
Formats:
  table   aligned columns for people (default)
  csv     SPARQL 1.1 Query Results CSV: header row, values only, CRLF line ends
  tsv     SPARQL 1.1 Query Results TSV: ?var header, terms in Turtle syntax
          (<iri>, "text"@en, 4000), so datatypes and languages survive
  json    SPARQL 1.1 Query Results JSON
(csv, tsv and json are written by pyoxigraph's result writers, remote or not)

\b
Remote endpoints: credentials come from {USER_ENV}/{PASSWORD_ENV} or ~/.netrc,
never from the command line. Connection errors and 502/503/504 are retried
(3 times, with backoff) within the --timeout deadline. A server that is
down, times out or answers 401/403/404/5xx gives exit 3. When a remote query finds nothing because
the dataset is empty, or because its default graph is empty while its named
graphs hold the data (a Fuseki dataset without tdb2:unionDefaultGraph), a
warning on stderr says so.
"""

LOAD_EPILOG = f"""\b
Examples:
  geokg load build/geokg.trig --endpoint http://localhost:3030/geokg
  geokg load a.nq b.nq --endpoint http://localhost:3030/geokg/data
  geokg load build/geokg.ttl --endpoint http://localhost:3030/geokg
  geokg load notes.ttl --graph https://example.org/graph/notes --endpoint URL
  {USER_ENV}=admin {PASSWORD_ENV}=secret geokg load kg.trig --endpoint URL

\b
Each named graph is sent with the SPARQL 1.1 Graph Store Protocol
(HTTP PUT <dataset>/data?graph=IRI), so loading again replaces the graph and
never doubles it. TriG, N-Quads and JSON-LD keep their graph names. A file
without graph names (.ttl, .nt, .rdf) goes into --graph if given, else into
the graph of its article when it holds exactly one schema:NewsArticle
(<B article/X> -> <B graph/X>, as `geokg build -o x.trig` names it), else
into <B graph/FILE-STEM>.

\b
All files are parsed before anything is sent (a bad file: exit 2, nothing
loaded). Exit 3 if the server cannot be reached or any graph was refused;
the failed graphs are listed.
"""


@click.command(epilog=QUERY_EPILOG, short_help="Run a SPARQL query file on a graph or endpoint.")
@click.argument("query_file", metavar="[QUERY]", required=False)
@click.option("-e", "--expr", "expression", metavar="SPARQL", default=None,
              help="The query's text itself, instead of QUERY.")
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="RDF file to query (repeatable; .ttl .trig .nq .nt .jsonld .rdf .n3). "
                   f"[default: {DEFAULT_DATA}]")
@click.option("--endpoint", metavar="URL", default=None,
              help="SPARQL endpoint or dataset URL instead of --data, "
                   "e.g. http://localhost:3030/geokg/sparql.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="Output format.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT,
              show_default=True,
              help="Deadline in seconds for each request to the endpoint, retries included.")
@click.option("--user", default=None, metavar="NAME",
              help=f"User for the endpoint (or {USER_ENV}); password only from "
                   f"{PASSWORD_ENV} or ~/.netrc.")
@click.option("--graph", default=None, metavar="IRI",
              help="Named graph for --data files without graph names.")
def query(query_file: str | None, expression: str | None, data: tuple[Path, ...],
          endpoint: str | None, fmt: str, timeout: float, user: str | None,
          graph: str | None) -> None:
    """Run a SPARQL query and print the answer. QUERY is a file, a saved query's
    name, SPARQL text, or - to read the query from stdin.

    A name without a folder that is no file (`visits`, `timeline.rq`) runs
    the saved query of that name that geokg ships (the files of queries/);
    any other argument with a space or a brace is the query itself.
    Embedded by default (the --data files are loaded into an in-memory
    store, no server needed); remote with --endpoint.
    """
    if endpoint and data:
        raise click.UsageError("give --data or --endpoint, not both")
    if (query_file is None) == (expression is None):
        raise click.UsageError("give a QUERY (file, saved name, SPARQL text or -) "
                               "or -e SPARQL, one of them")
    parsed = (parse_query(expression, "<query>") if expression is not None
              else query_from(query_file))
    if not endpoint and not data and not DEFAULT_DATA.exists():
        raise InputError(f"{DEFAULT_DATA}: no such data file — run 'geokg build' first, "
                         "or name the data with --data FILE")
    files = list(data) or ([] if endpoint else [DEFAULT_DATA])
    store = open_store(endpoint, files, timeout=timeout, user=user, graph=graph)
    table = store.query(parsed)
    click.echo(format_result(table, fmt), nl=False)
    if isinstance(store, RemoteStore) and _found_nothing(table):
        note = store.why_empty(parsed)
        if note:
            click.echo(f"geokg: warning: nothing found: {note}", err=True)


@click.command(epilog=LOAD_EPILOG, short_help="Load RDF files into a SPARQL endpoint.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--endpoint", metavar="URL", required=True,
              help="Dataset URL (http://localhost:3030/geokg) or its /sparql or /data service.")
@click.option("--graph", default=None, metavar="IRI",
              help="Named graph for files without graph names (.ttl, .nt).")
@click.option("--user", default=None, metavar="NAME",
              help=f"User (or {USER_ENV}); the password only from {PASSWORD_ENV} or ~/.netrc.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT,
              show_default=True,
              help="Deadline in seconds for each request (each graph), retries included.")
def load(files: tuple[Path, ...], endpoint: str, graph: str | None, user: str | None,
         timeout: float) -> None:
    """Load FILE... into the endpoint, one named graph per article."""
    store = RemoteStore(endpoint, timeout=timeout, user=user)
    report = store.load(files, graph)
    click.echo(report.summary())
    if not report.ok:
        failed = ", ".join(f"<{g}>" for g, _ in report.failed)
        raise ServerError(
            f"{len(report.failed)} of {len(report.failed) + len(report.loaded)} graph(s) "
            f"not loaded into {store.urls.dataset}: {failed} — {report.failed[0][1]}"
        )


def _found_nothing(table: ResultTable) -> bool:
    return not table.boolean if table.kind == "ask" else not table.rows


def register(main: click.Group) -> None:
    """Add `query` and `load` to the `geokg` group (called by geokg.cli.commands)."""
    main.add_command(query)
    main.add_command(load)
