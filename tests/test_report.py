"""The HTML report (geokg report): exact rows, links, escaping, no network, layout.

The articles here are invented (real states so the linker finds them,
invented people); they run through the real pipeline once per module.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.cli.commands import main
from geokg.model import (
    Article,
    ArticleResult,
    Entity,
    Event,
    EventMention,
    Linked,
    Mention,
    Sentence,
)
from geokg.rdf.validate import ValidationReport, Violation
from geokg.report.page import ROW_H, ArticleView, analyse, graph_svg, render_page, state_links

ROE = (
    "Canadian minister visits Paris\n"
    "Foreign Minister Jane Roe of Canada arrived in Paris on March 3, 2023. "
    "Canada and France signed a defence agreement on March 4, 2023. "
    "Germany imposed sanctions on Belarus.\n"
    "By John Doe\n"
)
HOSTILE = (
    'Poland & Lithuania <b>agree</b> "deal"\n'
    'The text <script>alert(1)</script> & "quotes" <img src=x onerror=alert(2)> stays text. '
    "Poland and Lithuania signed an agreement on May 2, 2022.\n"
)


class Page(HTMLParser):
    """Collects event rows, sentence elements and displaCy marks of a report."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.row_sentences: dict[str, list[str]] = {}
        self.sentences: dict[str, str] = {}
        self.backrefs: dict[str, list[str]] = {}
        self.marks: list[tuple[str, str]] = []
        self._row: str | None = None
        self._cell: list[str] | None = None
        self._sent: tuple[str, int] | None = None
        self._mark: list[str] | None = None
        self._in_label = False
        self._label: list[str] = []
        self._divs = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "event-row" in (a.get("class") or ""):
            self._row = a["id"]
            self.rows[self._row] = []
            self.row_sentences[self._row] = (a.get("data-sentences") or "").split()
        elif tag == "td" and self._row:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif tag == "div":
            self._divs += 1
            if a.get("class") == "sent":
                self._sent = (a["id"], self._divs)
                self.sentences[a["id"]] = ""
                self.backrefs[a["id"]] = []
        elif tag == "a" and self._sent and a.get("class") == "evref":
            self.backrefs[self._sent[0]].append(a["href"].lstrip("#"))
        elif tag == "mark":
            self._mark, self._label = [], []
        elif tag == "span" and a.get("class") == "entity-label":
            self._in_label = True

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._row:
            self.rows[self._row].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "div":
            if self._sent and self._sent[1] == self._divs:
                self._sent = None
            self._divs -= 1
        elif tag == "mark" and self._mark is not None:
            self.marks.append(("".join(self._mark).strip(), "".join("".join(self._label).split())))
            self._mark, self._in_label = None, False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._sent and not self._in_label:
            self.sentences[self._sent[0]] += data
        if self._mark is not None:
            (self._label if self._in_label else self._mark).append(data)


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory, nlp) -> list[ArticleView]:
    """The two invented articles through the real pipeline, mapped and validated."""
    from geokg.pipeline import process_many

    folder = tmp_path_factory.mktemp("report")
    (folder / "roe.txt").write_text(ROE, encoding="utf-8")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    return analyse(process_many([folder / "roe.txt", folder / "hostile.txt"]))


@pytest.fixture(scope="module")
def single(views) -> str:
    return render_page(views[:1])


@pytest.fixture(scope="module")
def corpus(views) -> str:
    return render_page(views)


def test_event_rows_exact(single):
    page = Page(single)
    assert page.rows == {
        # #, type, CAMEO, actors, targets, place, date, quantity, status, attributed, sentence
        "a1-e1": ["E1", "Visit", "042", "Jane Roe", "France", "Paris", "2023-03-03", "",
                  "asserted", "", "¶1"],
        "a1-e2": ["E2", "Agreement", "057", "Canada France", "", "", "2023-03-04", "",
                  "asserted", "", "¶2"],
        "a1-e3": ["E3", "Sanction", "163", "Germany", "Belarus", "", "", "", "asserted", "",
                  "¶3"],
    }


def test_rows_link_to_their_sentence_and_back(single, views):
    page = Page(single)
    text = views[0].result.article.text
    assert page.row_sentences == {"a1-e1": ["a1-s1"], "a1-e2": ["a1-s2"], "a1-e3": ["a1-s3"]}
    assert page.backrefs == {"a1-s1": ["a1-e1"], "a1-s2": ["a1-e2"], "a1-s3": ["a1-e3"]}
    assert page.sentences["a1-s3"] == "Germany imposed sanctions on Belarus.E3"
    for event in views[0].result.events:
        sentence = event.mentions[0].sentence
        assert text[sentence.start:sentence.end] == sentence.text
    assert 'href="#a1-s1"' in single and 'href="#a1-e1"' in single


def test_displacy_marks_mentions_by_type_and_triggers_by_event(single):
    assert Page(single).marks == [
        ("Jane Roe", "Person"), ("Canada", "Country"), ("arrived", "VisitE1"),
        ("Paris", "City"), ("Canada", "Country"), ("France", "Country"),
        ("agreement", "AgreementE2"), ("Germany", "Country"), ("sanctions", "SanctionE3"),
        ("Belarus", "Country"), ("John Doe", "Person"),
    ]


def test_self_contained_no_network(corpus):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", corpus)
    assert "<link" not in corpus and "@import" not in corpus
    assert set(re.findall(r"url\((.)", corpus)) == {"#"}  # SVG arrow markers, in the page
    assert corpus.count("<script") == 1 and corpus.count("<style") == 1
    assert "scrollIntoView" in corpus and "tr.event-row" in corpus


def test_hostile_text_is_escaped(corpus):
    assert "<script>alert(1)</script>" not in corpus
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in corpus
    assert "<img" not in corpus and "&lt;img src=x onerror=alert(2)&gt;" in corpus
    assert "<b>agree</b>" not in corpus
    assert "Poland &amp; Lithuania &lt;b&gt;agree&lt;/b&gt; &quot;deal&quot;" in corpus


def test_corpus_section_only_for_several_articles(single, corpus):
    assert 'id="corpus"' not in single
    assert 'id="corpus"' in corpus and "Network of states" in corpus
    assert Page(corpus).rows["a2-e1"][:4] == ["E1", "Agreement", "057", "Poland Lithuania"]


def test_state_links_mutual_pairs_and_directed_edges(views):
    assert state_links(views) == Counter({
        ("country/CA", "country/FR", "Agreement"): 1,
        ("country/DE", "country/BY", "Sanction"): 1,
        ("country/LT", "country/PL", "Agreement"): 1,
    })


def test_shacl_violations_shown_with_their_nodes_escaped(views):
    bad = ValidationReport(False, [Violation(
        focus_node="https://w3id.org/geokg/id/event/x", shape="gksh:EventShape",
        path="gk:actor", message="needs <an> actor", sentence_text='He said "no" & left.')])
    view = ArticleView(views[0].result, bad, 10, "a1", views[0].rows)
    page = render_page([view])
    assert "SHACL: violations" in page and "does not conform: 1 result(s)" in page
    assert "<code>https://w3id.org/geokg/id/event/x</code>" in page
    # Jinja2's autoescape writes a double quote as &#34; (the same character as &quot;).
    assert "needs &lt;an&gt; actor" in page and "He said &#34;no&#34; &amp; left." in page


def hostile_labels_result() -> ArticleResult:
    """An invented article whose entity labels and headline carry markup and ampersands."""
    text = "Smith & Sons <Ltd>\nRed & Blue sanctioned Green.\n"
    article = Article(path=Path("a&b.txt"), doc_id="a&b", text=text,
                      headline="Smith & Sons <Ltd>", body_start=19, body_end=len(text))
    entities = {
        "country/XA": Entity("country/XA", "<script>alert(1)</script>", "Country"),
        "country/XB": Entity("country/XB", "Green & <b>Gold</b>", "Country"),
    }
    sentence = Sentence(19, len(text) - 1, text[19:-1])
    start = text.index("sanctioned")
    event = Event("Sanction", actors=["country/XA"], targets=["country/XB"],
                  mentions=[EventMention(sentence, "sanctioned", start, start + 10)])
    return ArticleResult(article, Linked(entities, []), [event])


def test_entity_labels_and_headline_with_markup_are_escaped():
    from geokg.rdf.export import events_json

    result = hostile_labels_result()
    view = ArticleView(result, ValidationReport(True), 0, "a1", events_json(result))
    other = ArticleView(result, ValidationReport(True), 0, "a2", events_json(result))
    page = render_page([view, other])  # two articles: the corpus ranking and network too
    assert "<script>alert" not in page and "<b>Gold" not in page and "<Ltd>" not in page
    assert page.count("<script") == 1  # the page's own script
    # Each label: per article a table cell, a graph node's text and title, an edge title
    # (4 x 2); in the corpus section a ranking row, a network node and an edge title (3).
    for label in ("&lt;script&gt;alert(1)&lt;/script&gt;", "Green &amp; &lt;b&gt;Gold&lt;/b&gt;"):
        assert page.count(label) == 11
    # The headline: the table of contents, each section's title and each text (displaCy).
    assert page.count("Smith &amp; Sons &lt;Ltd&gt;") == 6
    # The file name in each section's meta line, the doc id in each graph's title.
    assert page.count("a&amp;b") == 4 and "a&b" not in page
    assert Page(page).rows["a1-e1"][3:5] == ["<script>alert(1)</script>", "Green & <b>Gold</b>"]


def big_result(n_events: int = 20, n_people: int = 25) -> ArticleResult:
    """A made-up article with many events and entities (no pipeline)."""
    text = "Headline\n" + " ".join(f"Sentence {i} here." for i in range(n_events))
    article = Article(path=Path("big.txt"), doc_id="big", text=text, headline="Headline",
                      body_start=9, body_end=len(text))
    people = {f"person/p{i}": Entity(f"person/p{i}", f"Person {i}", "Person")
              for i in range(n_people)}
    events, pos = [], 9
    for i in range(n_events):
        sent = f"Sentence {i} here."
        mention = EventMention(Sentence(pos, pos + len(sent), sent), "here", pos + len(sent) - 5,
                               pos + len(sent) - 1)
        events.append(Event("Meeting", actors=[f"person/p{i % n_people}"],
                            targets=[f"person/p{(i + 7) % n_people}"], mentions=[mention]))
        pos += len(sent) + 1
    mentions = [Mention("person/p0", 9, 17, "Sentence", "name")]
    return ArticleResult(article, Linked(people, mentions), events)


def test_graph_svg_keeps_nodes_apart_for_many_nodes():
    from geokg.rdf.export import events_json

    result = big_result()
    svg = graph_svg(ArticleView(result, ValidationReport(True), 0, "a1", events_json(result)))
    circles = [tuple(map(float, m)) for m in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"',
                                                        svg)]
    rects = re.findall(r'<rect x="[\d.]+" y="([\d.]+)"', svg)
    assert len(circles) == 25 and len(rects) == 20 and svg.count('class="edge') == 40
    for x in {c[0] for c in circles}:
        ys = sorted(c[1] for c in circles if c[0] == x)
        assert min(b - a for a, b in zip(ys, ys[1:], strict=False)) >= ROW_H - 0.5
    ys = sorted(map(float, rects))
    assert min(b - a for a, b in zip(ys, ys[1:], strict=False)) >= ROW_H - 0.5
    assert svg == graph_svg(ArticleView(result, ValidationReport(True), 0, "a1",
                                        events_json(result)))  # deterministic


def test_cli_report_writes_page_and_refuses_rdf(tmp_path, views):
    article = tmp_path / "roe.txt"
    article.write_text(ROE, encoding="utf-8")
    out = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(main, ["report", str(article), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "3 events, all graphs conform" in result.output
    assert Page(out.read_text(encoding="utf-8")).rows.keys() == {"a1-e1", "a1-e2", "a1-e3"}
    graph = tmp_path / "kg.ttl"
    graph.write_text("", encoding="utf-8")
    refused = CliRunner().invoke(main, ["report", str(graph), "-o", str(out)])
    assert refused.exit_code == 2 and "is an RDF file" in refused.output


# ------------------------------------------------------------------ issue 25, 13


def test_titles_of_a_single_and_a_corpus_report(single, corpus):
    assert "<title>geokg report: Canadian minister visits Paris</title>" in single
    assert "<title>geokg corpus report: 2 articles</title>" in corpus
    assert "geokg report: geokg corpus report" not in corpus


def test_timeline_reads_as_words_not_question_marks(single):
    """ "E6 ? → Russia" and "Zelenskyy at Ukraine" were the timeline's wording."""
    items = re.findall(r'<a href="#a1-e(\d)">E\d</a> ([^<]*)', single)
    assert items == [("1", "Jane Roe → France in Paris"), ("2", "Canada, France")]
    from geokg.report.page import _summary

    assert _summary({"actors": [], "targets": [{"label": "Russia"}], "place": None}) == \
        "on Russia"
    assert _summary({"actors": [{"label": "Zelenskyy"}], "targets": [],
                     "place": {"label": "Ukraine"}}) == "Zelenskyy in Ukraine"


@pytest.mark.parametrize("qualifier, value, low, unit, text, shown", [
    ("upTo", 12000, None, "troop", "as many as 12,000 troops", "up to 12,000 troops"),
    ("exact", 2, None, "pact", "two pacts", "2 pacts"),
    ("approx", 500, None, "USD", "about $500", "about 500 USD"),
    ("range", 2000, 1000, "people", "1,000 to 2,000 people", "1,000–2,000 people"),
    ("vague", None, None, "troop", "thousands of troops", "thousands of troops"),
])
def test_quantity_reads_as_words(qualifier, value, low, unit, text, shown):
    """The seed's Agreement showed "2 pact exact": the qualifier is words before the amount."""
    from geokg.model import Quantity
    from geokg.report.page import _amount

    event = Event(type="Agreement", actors=[], targets=[], mentions=[],
                  quantity=Quantity(value, qualifier, text, low=low, unit=unit))
    assert _amount(event) == shown


def test_a_mention_is_marked_as_written():
    """ "Caliber.Az" was highlighted as "Caliber" (the linker knew only that much)."""
    from geokg.report.page import written_end

    text = "Caliber.Az reports, Japan’s minister said. Russia-Ukraine talks."
    assert text[:written_end(text, 7)] == "Caliber.Az"
    assert text[20:written_end(text, 25)] == "Japan"  # not "Japan’s"
    assert text[43:written_end(text, 49)] == "Russia"  # not "Russia-Ukraine"
    assert written_end(text, 42) == 42  # after "said." nothing goes on


def test_a_group_description_shows_whom_it_denotes_on_hover(tmp_path):
    """"The two leaders" is one mark whose title names both people and how."""
    from geokg.pipeline import process_many

    path = tmp_path / "kovar.txt"
    path.write_text("Kovar in Paris\nRuritanian President Anton Kovar met French President "
                    "Emmanuel Macron in Paris on Monday. The two leaders signed a trade pact.\n",
                    encoding="utf-8")
    html = render_page(analyse(process_many([path])))
    assert 'title="Anton Kovar and Emmanuel Macron (description)"' in html
    assert ("The two leaders", "Person") in Page(html).marks
