"""The `geokg` command line: build, events, validate (+ query, load, reason, docs, report).

Commands only parse options, call the stage functions and print; all the
work is in the stage modules. Errors the user can fix (GeokgError) become one
line "geokg: error: <file>: <what> — <what to do>" on stderr and the exit
code of the error class; anything else is a bug, reported with a hint to
rerun with --debug, which shows the traceback.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import signal
import sys
import threading
import traceback
from pathlib import Path

import click

from geokg import __version__
from geokg.cli import reason as cli_reason
from geokg.cli import report as cli_report
from geokg.cli import store as cli_store
from geokg.errors import EXIT_INPUT, EXIT_PARTIAL, GeokgError, InputError, ValidationFailed
from geokg.rdf.iris import DEFAULT_BASE
from geokg.rdf.write import OUTPUT_FORMATS
from geokg.read.article import MAX_MB_ENV

EXIT_BUG = 70  # EX_SOFTWARE: an unexpected exception, i.e. a bug in geokg
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)  # a write failed for want of space

MAIN_EPILOG = f"""\b
Examples:
  geokg build                          # seeds/ -> build/geokg.ttl, validated
  geokg build articles/ -o kg.trig     # one named graph per article
  geokg events article.txt --format csv
  geokg validate kg.ttl

\b
Exit codes:
  0    success
  1    the data failed validation (the report is printed)
  2    usage or input error (missing or unreadable file, bad option, output
       that cannot be written: a full disk, no permission)
  3    server or network error (SPARQL endpoint down, refused, timed out)
  4    partial build: --keep-going left out articles (each named in a warning)
  70   unexpected error, a bug: rerun with --debug for the traceback
  130  interrupted (Ctrl-C), or SIGINT
  143  terminated (SIGTERM: kill, timeout, a CI cancel, a container stop)

\b
Environment:
  {MAX_MB_ENV}   largest article accepted, in MB (default 2)
"""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread as Ctrl-C raises KeyboardInterrupt.

    Being a KeyboardInterrupt, it unwinds through the same clean-up: temporary
    output removed, worker processes stopped, finished cache entries kept.
    """


def _raise_terminated(signum: int, frame) -> None:
    raise Terminated


def _on_sigterm(handler):
    """Install a SIGTERM handler (only the main thread may); return the one it replaces."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.signal(signal.SIGTERM, handler if handler is not None else signal.SIG_DFL)
    return previous if previous is not None else signal.SIG_DFL


class _StderrHandler(logging.Handler):
    """The "geokg" logger's warnings as "geokg: warning: ..." lines on the current stderr.

    (Looked up on each record, not kept, so a test's captured stderr gets them.)
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            level = record.levelname.lower()
            click.echo(f"geokg: {level}: {record.getMessage()}", err=True)
        except Exception:  # a handler must not raise (logging's contract)
            self.handleError(record)


def _log_to_stderr() -> None:
    """Install the CLI's handler on the "geokg" logger once; library users keep theirs."""
    logger = logging.getLogger("geokg")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        logger.addHandler(_StderrHandler(logging.WARNING))
        logger.propagate = False


class GeokgGroup(click.Group):
    """A click group that turns exceptions into one-line errors and exit codes."""

    def invoke(self, ctx: click.Context):
        debug = bool(ctx.params.get("debug"))
        _log_to_stderr()
        previous = _on_sigterm(_raise_terminated)
        try:
            return super().invoke(ctx)
        except GeokgError as exc:
            _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            # The reader of our output went away (`geokg events ... | head`): not an error.
            _quiet_stdout()
            sys.exit(0)
        except Terminated:
            _fail("terminated — nothing was written", EXIT_TERMINATED)
        except KeyboardInterrupt:
            _fail("interrupted — nothing was written", EXIT_INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if debug:
                traceback.print_exc()
            if isinstance(exc, OSError) and exc.errno in _FULL:
                # A full disk met by a write that did not go through geokg.rdf.write (a
                # line printed by click): the user's to fix, not a bug.
                _fail(f"cannot write {exc.filename or 'to stdout'}: {exc.strerror} — free "
                      "some space or write the output elsewhere", EXIT_INPUT)
            _fail(
                f"unexpected {type(exc).__name__}: {exc} — this is a bug in geokg; "
                "rerun with 'geokg --debug ...' to see the traceback and report it",
                EXIT_BUG,
            )
        finally:
            _on_sigterm(previous)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what could not be
    written (a closed pipe, a full disk) does not print "Exception ignored ..."."""
    with contextlib.suppress(OSError, ValueError):  # no real stdout (a test's captured one)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _fail(message: str, code: int) -> None:
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _quiet_stdout()
    if sys.stderr.isatty():
        click.echo("\r\033[K", err=True, nl=False)  # clear an unfinished progress line
    click.echo(f"geokg: error: {message}", err=True)
    sys.exit(code)


@click.group(cls=GeokgGroup, epilog=MAIN_EPILOG, context_settings={"max_content_width": 100})
@click.version_option(__version__, prog_name="geokg")
@click.option("--debug", is_flag=True, help="Show the traceback of unexpected errors.")
def main(debug: bool) -> None:
    """Turn geopolitical news articles into a validated RDF knowledge graph.

    Each article (plain text or Markdown, optional YAML front matter) is read,
    parsed, linked to countries, places, people and organisations, and its
    events (visits, meetings, deployments, sanctions, clashes, offensives,
    agreements, cooperation, aid, statements) are mapped to RDF and checked
    against the SHACL shapes before anything is written.
    """


BUILD_EPILOG = """\b
Examples:
  geokg build                                  # seeds/ -> build/geokg.ttl
  geokg build articles/ -o kg.trig             # one named graph per article
  geokg build a.txt b.md -o kg.nq --base https://example.org/kg/
  geokg build articles/ --format jsonld        # -> build/geokg.jsonld

\b
Output formats (from the suffix of -o, or --format):
  ttl, nt      one graph: all articles merged into the default graph
               (the per-article named graphs are not kept)
  trig, nq     one named graph per article: <BASE graph/{article}>
  jsonld       JSON-LD with one named graph per article

Nothing is written if any article fails validation (exit 1) or cannot be
read (exit 2: every such file is named in one error, before any work
starts); an existing output file is then left as it was. With --keep-going
those articles are left out instead, with a warning each, the others are
written, the summary line counts them ("left out: N") and the exit code
is 4 (partial). A file is replaced atomically (a link: its target); a
device, pipe or socket (-o /dev/null) is written directly and gets no cache.

\b
Many articles:
  geokg build corpus/ -o kg.nq --jobs 4        # 4 worker processes
  geokg build corpus/ -o shards/ --executor dask --scheduler tcp://host:8786
  geokg build corpus/ -o kg.nq --no-cache      # process every article again
TriG and N-Quads are written article by article in input order (memory does
not grow with the corpus). Each article's validated output is cached in
.geokg-cache/ beside the output, keyed by its bytes, its name, the base IRI
and the pipeline (code, rules, ontology, shapes, model): a rebuild processes
only new or changed articles and writes the same bytes. An output directory
(-o DIR/) gets N-Quads shards shard-000.nq, ... for bulk loaders.
"""


@main.command(epilog=BUILD_EPILOG, short_help="Build a validated RDF graph from articles.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Output file ('-' for stdout), or DIR/ for N-Quads shards.  "
                   "[default: build/geokg.ttl]")
@click.option("--base", default=DEFAULT_BASE, show_default=True, callback=lambda c, p, v: _base(v),
              help="Base IRI of the minted entity, event and article IRIs.")
@click.option("--format", "fmt", type=click.Choice(list(OUTPUT_FORMATS.values())),
              default=None,
              help="Output format.  [default: from the suffix of -o; a suffix naming "
                   "another RDF format is refused]")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: one per core); dask: workers of the local cluster.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), default=None,
              help="Cache directory.  [default: .geokg-cache/ beside the output]")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--executor", type=click.Choice(["process", "dask"]), default="process",
              show_default=True, help="Run the work in local processes or on dask.distributed.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="dask scheduler (tcp://host:8786).  [default: a local cluster of --jobs]")
@click.option("--shard-size", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Articles per N-Quads shard when -o is a directory.")
@click.option("--keep-going", is_flag=True,
              help="Leave out an article that cannot be read or fails validation (reported "
                   "as a warning; exit code 4) instead of stopping the build.")
def build(paths: tuple[Path, ...], output: str | None, base: str, fmt: str | None, jobs: int,
          cache_dir: Path | None, no_cache: bool, executor: str, scheduler: str | None,
          shard_size: int, keep_going: bool) -> None:
    """Build a validated RDF graph from articles (files or directories).

    PATHS are article files (.txt, .md, .html), RSS/Atom feeds (.rss, .atom: one
    article per entry) or directories searched for them; the default is seeds/.
    Progress (articles/s, ETA) is shown on a terminal; a summary line
    (articles, events by type, triples, time, cached articles, warnings) ends
    every run.
    """
    from geokg.pipeline import build as run_build
    from geokg.pipeline import default_cache_dir
    from geokg.run.executors import cpu_count
    from geokg.run.progress import tty_progress

    out = output or f"build/geokg.{fmt or 'ttl'}"  # a str: a trailing '/' means shards
    cache = None if no_cache else cache_dir or default_cache_dir(out)
    summary = run_build(list(paths) or [Path("seeds")], out, base=base, fmt=fmt,
                        progress=tty_progress,
                        jobs=jobs or cpu_count(), cache_dir=cache, executor=executor,
                        scheduler=scheduler, shard_size=shard_size, keep_going=keep_going)
    click.echo(f"geokg: {summary.line()}", err=True)
    if summary.failed:  # written, but not all of it: a script must be able to tell
        sys.exit(EXIT_PARTIAL)


EVENTS_EPILOG = """\b
Examples:
  geokg events article.txt                     # JSON array on stdout
  geokg events articles/ --format csv -o events.csv
  geokg events a.txt b.txt | jq '.[].type'

An article without events prints [] (JSON) or only the header (CSV).
"""


@main.command(epilog=EVENTS_EPILOG, short_help="Print the events found in articles.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True, help="JSON array (scorer format) or CSV table.")
@click.option("-o", "--output", default="-", show_default=True,
              help="Output file; '-' for stdout.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of event IRIs.",
              callback=lambda c, p, v: _base(v))
def events(paths: tuple[Path, ...], fmt: str, output: str, base: str) -> None:
    """Print the events found in articles, one object or row per event.

    Each event has its IRI, type, actors, targets, place, date, quantity and
    qualifier, status, attribution, and the supporting sentence with its
    character offsets in the article text (after front matter).
    """
    from geokg.entities.link import unify_people
    from geokg.pipeline import process_many
    from geokg.rdf.export import events_csv, events_json
    from geokg.rdf.write import write_text
    from geokg.read.article import collect_articles
    from geokg.run.progress import tty_progress

    results = list(process_many(collect_articles(paths), tty_progress))
    unify_people(results)  # the articles given together share their people
    rows = [row for result in results for row in events_json(result, base)]
    text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n" if fmt == "json" \
        else events_csv(rows)
    write_text(text, output)


VALIDATE_EPILOG = """\b
Examples:
  geokg validate build/geokg.ttl
  geokg validate kg.trig other.nq

Exit code 0 when every file conforms to the shapes in shapes/, 1 with the
SHACL report (node, shape, message) when one does not, 2 when a file cannot
be read or parsed.
"""


@main.command(epilog=VALIDATE_EPILOG, short_help="Check RDF files against the SHACL shapes.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check RDF files (ttl, trig, nq, nt, jsonld, rdf, ...) against the SHACL shapes.

    In TriG, N-Quads and JSON-LD files each named graph is checked on its
    own, as `geokg build` checks each article's graph before writing it.
    """
    from geokg.pipeline import validate_or_fail
    from geokg.rdf.formats import load_rdf

    failures = []
    for path in files:
        for label, graph in load_rdf(path):
            try:
                validate_or_fail(graph, label)
            except ValidationFailed as exc:
                failures.append(str(exc))
                continue
            click.echo(f"geokg: {label}: conforms ({len(graph)} triples)", err=True)
    if failures:
        raise ValidationFailed("\n".join(failures))


def _base(value: str) -> str:
    """--base checked before any work: an IRI with a space or no scheme is a usage error."""
    from geokg.rdf.iris import check_base

    try:
        return check_base(value)
    except InputError as exc:
        raise click.BadParameter(str(exc).removeprefix(f"base IRI {value!r} ")) from None


# The other commands live in modules of their own; each adds its commands here.
for commands in (cli_store, cli_reason, cli_report):
    commands.register(main)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
