"""RSS and Atom feeds: each entry reads as an article with its metadata (geokg.read.feed).

The feeds are invented (real states so the linker finds them, invented people).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace

from geokg.cli.commands import main
from geokg.errors import InputError
from geokg.read import feed
from geokg.read.article import collect_articles, read_article

SCHEMA = Namespace("https://schema.org/")
VISIT = """<item>
<title>Foreign minister visits France</title>
<link>https://news.example.org/2024/03/visit</link>
<guid>https://news.example.org/2024/03/visit</guid>
<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate>
<dc:creator>Jane Roe</dc:creator>
<description>A short teaser.</description>
<content:encoded><![CDATA[<p>Foreign Minister Mira Tolvanen of Canada arrived in Paris
on Monday.</p><script>alert("x")</script><p>Canada &amp; France signed a defence agreement
on March 4, 2024.</p>]]></content:encoded>
</item>"""
SANCTIONS = """<item>
<title>Sanctions on Belarus</title>
<link>https://news.example.org/2024/03/sanctions</link>
<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate>
<description>Germany imposed sanctions on Belarus on Tuesday.</description>
</item>"""
LATER = """<item>
<title>Later news</title>
<link>https://news.example.org/2024/03/later</link>
<description>Poland and Lithuania signed an agreement on March 6, 2024.</description>
</item>"""


def rss(*items: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
            "<title>Borovia Daily</title><link>https://news.example.org/</link>\n"
            + "\n".join(items) + "\n</channel>\n</rss>\n")


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Wire</title>
  <id>urn:example:wire</id>
  <updated>2024-03-07T00:00:00Z</updated>
  <entry>
    <title>Talks in Warsaw</title>
    <id>urn:example:wire:1</id>
    <link href="https://wire.example.org/talks"/>
    <updated>2024-03-07T08:00:00Z</updated>
    <author><name>Ann Lee</name></author>
    <content type="html">&lt;p&gt;Poland and Lithuania signed an agreement.&lt;/p&gt;</content>
  </entry>
</feed>
"""


@pytest.fixture
def news(tmp_path: Path) -> Path:
    path = tmp_path / "news.rss"
    path.write_text(rss(VISIT, SANCTIONS), encoding="utf-8")
    return path


def sha8(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:8]


def test_each_entry_is_an_article_named_by_its_title_and_id(news):
    paths = collect_articles([news])
    assert [p.relative_to(news).as_posix() for p in paths] == [
        "foreign-minister-visits-france-" + sha8("https://news.example.org/2024/03/visit"),
        "sanctions-on-belarus-" + sha8("https://news.example.org/2024/03/sanctions"),  # link
    ]
    # a new entry on top of the feed leaves the other entries' names (and IRIs) alone
    news.write_text(rss(LATER, VISIT, SANCTIONS), encoding="utf-8")
    assert collect_articles([news])[1:] == paths


def test_an_entry_reads_with_its_metadata_and_its_full_content_as_text(news):
    visit, sanctions = (read_article(p) for p in collect_articles([news]))
    assert visit.headline == "Foreign minister visits France"
    assert visit.text == (
        "Foreign minister visits France\n"
        "Foreign Minister Mira Tolvanen of Canada arrived in Paris on Monday.\n"
        "Canada & France signed a defence agreement on March 4, 2024.\n")
    assert (visit.published, visit.author, visit.url, visit.publisher) == (
        date(2024, 3, 4), "Jane Roe", "https://news.example.org/2024/03/visit", "Borovia Daily")
    # no content: the summary is the text
    assert sanctions.text == ("Sanctions on Belarus\n"
                              "Germany imposed sanctions on Belarus on Tuesday.\n")
    assert sanctions.published == date(2024, 3, 5) and sanctions.author is None


def test_atom_is_recognised_in_an_xml_file_and_rdf_xml_is_not(tmp_path):
    atom = tmp_path / "wire.xml"
    atom.write_text(ATOM, encoding="utf-8")
    [entry] = collect_articles([atom])
    article = read_article(entry)
    assert article.text == "Talks in Warsaw\nPoland and Lithuania signed an agreement.\n"
    assert (article.published, article.author, article.url, article.publisher) == (
        date(2024, 3, 7), "Ann Lee", "https://wire.example.org/talks", "Example Wire")
    rdf = tmp_path / "graph.xml"
    rdf.write_text('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
                   '22-rdf-syntax-ns#"></rdf:RDF>\n', encoding="utf-8")
    assert not feed.is_feed(rdf)


def test_folders_collect_feeds_beside_articles(news, tmp_path):
    (tmp_path / "story.txt").write_text("Headline\nBody text here.\n", encoding="utf-8")
    assert [p.relative_to(tmp_path).parts[0] for p in collect_articles([tmp_path])] == [
        "news.rss", "news.rss", "story.txt"]


def test_unreadable_or_empty_feeds_are_refused(news, tmp_path):
    broken = tmp_path / "broken.rss"
    broken.write_text("this is not a feed <<<", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.rss: not a readable RSS or Atom feed"):
        collect_articles([broken])
    empty = tmp_path / "empty.rss"
    empty.write_text(rss("<item><title>No text</title></item>"), encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.rss: the feed has no entry with a title "
                                         "and text"):
        collect_articles([empty])
    with pytest.raises(InputError, match="has no entry of that name"):
        read_article(news / "gone-12345678")


def test_build_on_a_feed_gives_the_events_of_its_entries(news, tmp_path):
    out = tmp_path / "kg.ttl"
    result = CliRunner().invoke(main, ["build", str(news), "-o", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "2 articles, 3 events (Agreement 1, Sanction 1, Visit 1)" in result.output
    graph = Graph().parse(out)
    urls = sorted(str(u) for u in graph.objects(None, SCHEMA.url))
    assert urls == ["https://news.example.org/2024/03/sanctions",
                    "https://news.example.org/2024/03/visit"]
    assert set(graph.objects(None, SCHEMA.publisher)) == {Literal("Borovia Daily")}
    events = CliRunner().invoke(main, ["events", str(news)])
    assert events.exit_code == 0, events.output
    rows = [(e["type"], [a["label"] for a in e["actors"]], e["date"])
            for e in json.loads(events.output)]
    assert rows == [("Visit", ["Mira Tolvanen"], "2024-03-04"),
                    ("Agreement", ["Canada", "France"], "2024-03-04"),
                    ("Sanction", ["Germany"], "2024-03-05")]


def test_report_takes_an_xml_feed_and_still_refuses_rdf_xml(tmp_path):
    atom = tmp_path / "wire.xml"
    atom.write_text(ATOM, encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(atom), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "<h2>Talks in Warsaw</h2>" in out.read_text(encoding="utf-8")
    rdf = tmp_path / "graph.xml"
    rdf.write_text('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
                   '22-rdf-syntax-ns#"></rdf:RDF>\n', encoding="utf-8")
    refused = CliRunner().invoke(main, ["report", str(rdf), "-o", str(out)])
    assert refused.exit_code == 2 and "is an RDF file" in refused.output
