"""Reliability under real use (issue 15): name clashes, signals, symlinks, unwritable output,
incomplete events."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Dataset

from geokg.cli import main
from geokg.reader import article_ids

BASE = "https://example.org/kg/"
ARTICLE = (
    "Japan and the Philippines sign a defence pact\n\n"
    "Japan and the Philippines signed a defence pact in Manila on Monday, the two "
    "governments said.\n"
)


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- one IRI per article


def test_article_ids_keep_stems_unless_their_slugs_clash(tmp_path):
    a = tmp_path / "a"
    paths = [a / "2024-01" / "story.txt", a / "2024-02" / "story.txt", a / "Story.txt",
             a / "other.md"]
    ids = article_ids(paths)
    assert ids[3] == "other"
    assert [i.rsplit("-", 1)[0] for i in ids[:3]] == ["story", "story", "Story"]
    assert len({i.lower() for i in ids}) == 4
    # a stable hash of the path under the common folder, wherever that folder is
    assert ids == article_ids([tmp_path / "elsewhere" / p.relative_to(tmp_path) for p in paths])
    assert article_ids([a / "Story.txt", a / "x" / "y.txt"]) == ["Story", "y"]


def test_same_file_names_in_two_folders_give_two_named_graphs(tmp_path):
    for name in ("2024-01/story.txt", "2024-02/story.txt", "Story.txt"):
        write(tmp_path / "a" / name)
    out = tmp_path / "kg.trig"
    result = run("build", tmp_path / "a", "-o", out, "--base", BASE, "--no-cache")
    assert result.exit_code == 0, result.output
    dataset = Dataset().parse(out, format="trig")
    graphs = sorted(str(g.identifier) for g in dataset.graphs() if len(g))
    ids = article_ids(sorted((tmp_path / "a").rglob("*.txt")))
    assert graphs == sorted(f"{BASE}graph/{i.lower()}" for i in ids)
    assert len(graphs) == 3
    assert out.read_text().count("graph/story-") == 3
    check = run("validate", out)
    assert check.exit_code == 0, check.output
