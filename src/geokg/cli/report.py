"""`geokg report`: the HTML report of what was extracted from articles.

Only option parsing and printing; the page is built by geokg.report.page.
"""

from __future__ import annotations

from pathlib import Path

import click

from geokg.rdf.iris import DEFAULT_BASE

DEFAULT_OUTPUT = Path("build/report.html")

REPORT_EPILOG = """\b
Examples:
  geokg report seeds/000_8fdbe4dfb0182242.txt -o build/report.html
  geokg report articles/ -o corpus.html          # adds a corpus section
  geokg report a.txt b.md --title "Week 46"

\b
The page shows, for each article: the text with entity mentions highlighted
by type (displaCy) and event triggers marked; the events table (click a row
to highlight its sentence; each sentence links back to its rows); a graph of
actors, events and roles; a timeline of dated events; and the SHACL result
of the article's graph. Given several articles it also shows the entities
by number of events, the network of states (cooperation, agreements,
deployments, sanctions) and one timeline across articles.

\b
The input is articles (the pipeline runs on them), not RDF files: a graph
does not keep the article text the page highlights. The file is one
self-contained HTML page (styles and scripts inline, no network needed),
written atomically. SHACL violations are shown in the page, not an error.
"""


def register(main: click.Group) -> None:
    """Add `geokg report` to the `geokg` group."""
    main.add_command(report)


@click.command(epilog=REPORT_EPILOG, short_help="Write an HTML report of what was extracted.")
@click.argument("paths", nargs=-1, required=True, metavar="ARTICLES...",
                type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=DEFAULT_OUTPUT,
              show_default=True, help="HTML file to write; '-' for stdout.")
@click.option("--title", default=None, help="Title of the page.  [default: the headline]")
@click.option("--base", default=DEFAULT_BASE, show_default=True,
              help="Base IRI of the minted IRIs (shown in tooltips and SHACL results).")
def report(paths: tuple[Path, ...], output: Path, title: str | None, base: str) -> None:
    """Write one self-contained HTML page showing what was extracted from ARTICLES.

    ARTICLES are article files (.txt, .md, .html), feeds (.rss, .atom) or
    directories of them, as for `geokg build`.
    """
    from geokg.report.page import build_report
    from geokg.run.progress import tty_progress

    views = build_report(paths, output, base=base, title=title, progress=tty_progress)
    events = sum(len(v.result.events) for v in views)
    failing = sum(not v.report.conforms for v in views)
    shacl = "all graphs conform" if not failing else f"{failing} graph(s) with SHACL violations"
    plural = "" if len(views) == 1 else "s"
    click.echo(f"geokg: wrote {output}: {len(views)} article{plural}, {events} events, {shacl}",
               err=True)
