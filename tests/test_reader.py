"""READ stage: layout of an article, offsets, and refusal of bad input."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.cli.commands import main
from geokg.errors import InputError
from geokg.read.article import byline_name, collect_articles, looks_english, read_article

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
ARTICLE = "Envoy lands in Ruritania\n\nThe envoy landed on Monday.\nTalks follow.\n\nBy Ann Lee\n"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# --- layout -------------------------------------------------------------------------------


def test_front_matter_headline_body_byline():
    article = read_article(ARTICLES / "front_matter.md")
    assert article.doc_id == "front_matter"
    assert article.title == "Freedonian envoy visits Sylvania"
    assert article.published == date(2031, 3, 14)
    assert article.publisher == "Example Wire"
    assert article.url == "https://example.org/news/1"
    assert article.text.startswith("# Freedonian envoy arrives")  # front matter removed
    assert article.headline == "Freedonian envoy arrives in Sylvania for border talks"
    assert article.body == (
        "The Freedonian envoy, Rufus Firefly, arrived in Sylvania on Friday for talks on the "
        "border.\n\nHe met Sylvanian officials in the capital."
    )
    assert article.byline == "By Vera Marcal"
    assert article.author == "Vera Marcal"


def test_body_offsets_cut_the_body_back_out(tmp_path):
    article = read_article(write(tmp_path, "a.txt", ARTICLE))
    assert article.text == ARTICLE
    assert article.text[article.body_start:article.body_end] == (
        "The envoy landed on Monday.\nTalks follow."
    )
    start = article.text.index("Monday")
    assert article.text[start:start + 6] == article.body[start - article.body_start:][:6]


def test_sha256_is_of_the_raw_bytes(tmp_path):
    import hashlib

    path = write(tmp_path, "a.txt", ARTICLE)
    assert read_article(path).sha256 == hashlib.sha256(ARTICLE.encode()).hexdigest()


def test_sentence_starting_with_by_is_not_a_byline():
    article = read_article(ARTICLES / "no_byline.txt")
    assert article.byline is None and article.author is None
    assert article.body.endswith("By 2040, the two states plan a common market.")


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Ann Lee", "Ann Lee"),
        ("By Ursula von der Leyen", "Ursula von der Leyen"),
        ("By Ann Lee and Bo Park", "Ann Lee and Bo Park"),
        ("By 2040, the states agree.", None),
        ("By then the envoy had left the capital.", None),
        ("Byron Lee", None),
    ],
)
def test_byline_name(line, name):
    assert byline_name(line) == name


def test_author_in_front_matter_wins_over_byline(tmp_path):
    path = write(tmp_path, "a.txt", "---\nauthor: Desk Staff\n---\n" + ARTICLE)
    article = read_article(path)
    assert article.author == "Desk Staff"
    assert article.byline == "By Ann Lee"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2031-03-14", date(2031, 3, 14)), ("'2031-03-14'", date(2031, 3, 14)),
     ("2031-03-14T08:30:00", date(2031, 3, 14))],
)
def test_published_accepts_dates_strings_and_datetimes(tmp_path, value, expected):
    path = write(tmp_path, "a.txt", f"---\npublished: {value}\n---\n{ARTICLE}")
    assert read_article(path).published == expected


def test_utf8_bom_is_removed(tmp_path):
    path = write(tmp_path, "a.txt", codecs.BOM_UTF8 + ARTICLE.encode())
    article = read_article(path)
    assert article.text == ARTICLE and article.headline == "Envoy lands in Ruritania"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_with_bom_is_decoded(tmp_path, encoding):
    raw = ARTICLE.encode(encoding)
    if encoding != "utf-16":  # explicit endianness writes no BOM; add it
        raw = (codecs.BOM_UTF16_BE if encoding.endswith("be") else codecs.BOM_UTF16_LE) + raw
    article = read_article(write(tmp_path, "a.txt", raw))
    assert article.text == ARTICLE and article.author == "Ann Lee"


def test_crlf_line_endings(tmp_path):
    text = ARTICLE.replace("\n", "\r\n")
    article = read_article(write(tmp_path, "a.txt", text.encode()))
    assert article.headline == "Envoy lands in Ruritania"
    assert article.body == "The envoy landed on Monday.\r\nTalks follow."
    assert article.author == "Ann Lee"


def test_front_matter_with_only_dashes_is_empty_metadata(tmp_path):
    article = read_article(write(tmp_path, "a.txt", "---\n---\n" + ARTICLE))
    assert article.title is None and article.headline == "Envoy lands in Ruritania"


# --- language ---------------------------------------------------------------------------


def test_english_news_looks_english():
    assert looks_english(read_article(ARTICLES / "front_matter.md").body)


@pytest.mark.parametrize(
    "text",
    [
        "Der Gesandte ist am Freitag in der Hauptstadt eingetroffen, um mit den Behörden über "
        "die Grenze zu sprechen. Die Gespräche sollen bis Montag dauern, sagte ein Sprecher "
        "des Ministeriums, und danach wird eine gemeinsame Erklärung veröffentlicht werden.",
        "Посланник прибыл в столицу в пятницу для переговоров о границе.",
        "使节星期五抵达首都，就边界问题进行会谈。",
    ],
)
def test_non_english_text_is_detected(text):
    assert not looks_english(text)


# --- collecting files -----------------------------------------------------------------


def test_collect_articles_from_directory_sorted_skipping_non_articles(tmp_path):
    for name in ["b.txt", "a.md", "a.gold.json", "README.md", "notes.csv"]:
        write(tmp_path, name, ARTICLE)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "c.txt", ARTICLE)
    found = collect_articles([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.md", "b.txt", "sub/c.txt"]


def test_collect_articles_keeps_order_of_files_and_drops_duplicates(tmp_path):
    a, b = write(tmp_path, "a.txt", ARTICLE), write(tmp_path, "b.txt", ARTICLE)
    assert collect_articles([b, a, b]) == [b, a]


def test_collect_articles_empty_directory(tmp_path):
    (tmp_path / "x.gold.json").write_text("{}")
    with pytest.raises(InputError, match=r"no articles \(\*\.txt, \*\.md, \*\.html, "
                                         r"\*\.rss\) in this directory"):
        collect_articles([tmp_path])


# --- bad input, through the CLI: exit code 2 and one line naming the file -------------


def run_events(path: Path):
    result = CliRunner().invoke(main, ["events", str(path)])
    return result.exit_code, result.output


BAD_FIXTURES = [
    ("empty.txt", "file is empty"),
    ("whitespace.txt", "contains only whitespace"),
    ("unclosed_front_matter.txt", "front matter opened with '---' on line 1 is never closed"),
    ("bad_yaml.txt", "front matter is not valid YAML on line 4 (expected ',' or ']', but got "
                     "'<stream end>'; while parsing a flow sequence started on line 3)"),
    ("front_matter_list.txt", "front matter is a list, not a mapping"),
    ("bad_published.txt", "front matter 'published: last Tuesday' is not a date"),
    ("front_matter_only.txt", "has front matter but no article text"),
]


@pytest.mark.parametrize(("name", "message"), BAD_FIXTURES)
def test_bad_fixture_exits_2_with_message(name, message):
    path = ARTICLES / name
    code, output = run_events(path)
    assert code == 2
    assert output.startswith(f"geokg: error: {path}: {message}")
    assert "Traceback" not in output and output.count("\n") == 1


def test_missing_file(tmp_path):
    code, output = run_events(tmp_path / "nope.txt")
    assert code == 2
    assert f"geokg: error: {tmp_path / 'nope.txt'}: no such file or directory" in output


def test_directory_without_articles(tmp_path):
    code, output = run_events(tmp_path)
    assert code == 2 and f"{tmp_path}: no articles" in output


def test_binary_file(tmp_path):
    code, output = run_events(write(tmp_path, "x.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert code == 2
    assert "x.txt: looks like a binary file (NUL byte at offset 8)" in output


def test_invalid_utf8_reports_byte_offset(tmp_path):
    code, output = run_events(write(tmp_path, "x.txt", b"Headline\nCaf\xe9 talks\n"))
    assert code == 2
    assert "x.txt: is not valid UTF-8 (bad byte at offset 12) — re-save the file as UTF-8" in output


def test_too_large_article_names_limit_and_env(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOKG_MAX_ARTICLE_MB", "0.001")
    code, output = run_events(write(tmp_path, "big.txt", "Headline\n" + "word " * 400))
    assert code == 2
    assert "big.txt: article is 0.0 MB, above the 0.001 MB limit" in output
    assert "raise the limit with GEOKG_MAX_ARTICLE_MB=<MB>" in output


def test_default_limit_accepts_a_long_article(tmp_path):
    text = "Headline\n" + "The envoy met the minister. " * 30_000  # ~840 kB
    assert read_article(write(tmp_path, "long.txt", text)).headline == "Headline"


def test_bad_limit_value(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOKG_MAX_ARTICLE_MB", "lots")
    with pytest.raises(InputError, match="GEOKG_MAX_ARTICLE_MB='lots' is not a number"):
        read_article(write(tmp_path, "a.txt", ARTICLE))


LEAD = ("LIMA, March 3 (Wire) - Peruvian President Ana Quispe and Chilean President "
        "Luis Rojas agreed on Monday to reopen their shared border, officials said.")


def test_a_first_line_that_is_the_lead_paragraph_is_body_when_a_title_is_given(tmp_path):
    path = tmp_path / "lead.txt"
    path.write_text(f"---\ntitle: Peru and Chile to reopen border\n---\n{LEAD}\n\n"
                    "The border was closed in May.\n", encoding="utf-8")
    article = read_article(path)
    assert article.headline == "Peru and Chile to reopen border"
    assert article.body.startswith(LEAD)
    assert article.text[article.body_start:article.body_start + 4] == "LIMA"


@pytest.mark.parametrize("first", [
    "Peru and Chile to reopen border",  # the title again
    "Peru and Chile agree to reopen their border after talks in Lima on Monday",  # no stop
])
def test_a_headline_line_stays_the_headline(tmp_path, first):
    path = tmp_path / "head.txt"
    path.write_text(f"---\ntitle: Peru and Chile to reopen border\n---\n{first}\n{LEAD}\n",
                    encoding="utf-8")
    article = read_article(path)
    assert article.headline == first
    assert article.body == LEAD
