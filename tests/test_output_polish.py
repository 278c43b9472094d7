"""Issue 25, 12: what the outputs say — CSV columns, sentences of Markdown articles,
two builds to one output, the progress bar's phases."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

import geokg.run.progress
from geokg.cli.commands import main
from geokg.pipeline import build, process
from geokg.rdf.export import CSV_COLUMNS, events_csv, events_json
from geokg.read.markdown import plain_text, quoted_sentence
from geokg.run.lock import output_lock

REPO = Path(__file__).resolve().parents[1]
SEED = sorted((REPO / "seeds").glob("*.txt"))[0]
TWO_EVENTS = (
    "---\npublished: 2024-11-20\n---\n# Fighting in the east\n\n"
    "- Russian troops attacked *Kharkiv* on Tuesday.\n\n"
    "## The pact\n\n"
    "> Ukraine and Poland signed a **defence agreement** on Wednesday.\n"
)


def test_csv_has_the_json_columns_with_trigger_for_mentions():
    """The README's promise: CSV has the JSON's columns, except that the list `mentions`
    (which a flat row cannot hold) is `trigger`, the first mention's trigger word."""
    rows = events_json(process(SEED))
    table = list(csv.DictReader(io.StringIO(events_csv(rows))))
    assert tuple(table[0]) == CSV_COLUMNS
    assert set(CSV_COLUMNS) == set(rows[0]) - {"mentions"} | {"trigger"}
    assert [r["trigger"] for r in table] == [row["mentions"][0]["trigger"] for row in rows]
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert ("CSV has the same columns, lists joined with `\"; \"`, except `mentions` (a list "
            "of objects): CSV has `trigger`, the first mention's trigger word, instead") in readme


@pytest.mark.parametrize("text, start, expected", [
    ("- The pact was signed in Minsk.", 10, (12, "The pact was signed in Minsk.")),
    ("1. **Russia** and [Belarus](https://x.org/b) signed it.", 0,
     (3, "Russia and Belarus signed it.")),
    ("> - A _quoted_ `item` here.", 5, (9, "A quoted item here.")),
    ("## Aftermath of the pact", 0, (3, "Aftermath of the pact")),
    ("Troops of snake_case_unit moved 3 * 4 km.", 0,
     (0, "Troops of snake_case_unit moved 3 * 4 km.")),
])
def test_markdown_markup_is_left_out_of_a_quoted_sentence(text, start, expected):
    assert quoted_sentence(Path("a.md"), start, text) == expected
    assert quoted_sentence(Path("a.txt"), start, text) == (start, text)  # plain text: as is


def test_plain_text_nested_emphasis():
    assert plain_text("***very*** **_bold_** words") == "very bold words"


def test_events_of_a_markdown_article_quote_no_markup(tmp_path):
    article = tmp_path / "east.md"
    article.write_text(TWO_EVENTS, encoding="utf-8")
    result = process(article)
    text = result.article.text
    quoted = [(m.sentence.start, m.sentence.end, m.sentence.text)
              for e in result.events for m in e.mentions]
    assert [q[2] for q in quoted] == ["Russian troops attacked Kharkiv on Tuesday.",
                                      "Ukraine and Poland signed a defence agreement on Wednesday."]
    # the offsets still point into the file's text, past the list marker
    assert [text[s:e] for s, e, _ in quoted] == [
        "Russian troops attacked *Kharkiv* on Tuesday.",
        "Ukraine and Poland signed a **defence agreement** on Wednesday."]


def test_a_second_build_to_the_same_output_is_refused(tmp_path):
    """Two builds to one -o both said "built"; the second is now refused before any work."""
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "kg.ttl"
    held = output_lock(out)
    try:
        result = CliRunner().invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(out),
                                           "--no-cache"])
    finally:
        held.release()
    assert result.exit_code == 2
    assert result.output == (f"geokg: error: {out}: another geokg build (process "
                             f"{__import__('os').getpid()}) is writing it — wait for it to "
                             "finish, or give another -o\n")
    assert not out.exists()
    output_lock(out).release()  # released: the next build may write
    output_lock("-").release()  # stdout is never locked


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_each_phase_of_a_build_has_its_own_labelled_bar(tmp_path, monkeypatch):
    """The bar ran 0-100 % twice with no label: each phase is named."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    calls: list[tuple[int, int, str, str]] = []
    build([tmp_path], tmp_path / "kg.trig", cache_dir=None,
          progress=lambda i, n, path, phase: calls.append((i, n, path.name, phase)))
    assert calls == [(1, 2, "a.txt", "extracting"), (2, 2, "b.txt", "extracting"),
                     (1, 2, "a.txt", "writing"), (2, 2, "b.txt", "writing")]
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    bar = geokg.run.progress.ProgressLine()
    for i, n, name, phase in calls:
        bar(i, n, Path(name), phase)
    finals = [line.split("\r")[-1] for line in terminal.getvalue().split("\n") if line]
    assert [f.split("|")[0] for f in finals] == ["geokg extracting: 100%", "geokg writing: 100%"]
