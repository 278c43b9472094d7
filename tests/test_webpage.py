"""HTML articles: a saved news page reads as its main text and metadata (geokg.read.webpage)."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest

from geokg.errors import InputError
from geokg.read.article import collect_articles, read_article

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_8fdbe4dfb0182242.txt"
URL = "https://news.example.org/world/seed-story"
# Words only the page furniture holds: none may reach the article text.
FURNITURE = ("dataLayer", "font-family", "Politics", "Most read", "Leaders met in Paris",
             "All rights reserved", "Privacy", "17 November 2024")


def news_page(text: str, published: str | None = "2024-11-17T08:30:00Z") -> str:
    """`text` (headline line, paragraph lines) inside a typical news page: head with
    metadata, scripts, navigation, a byline block, a sidebar and a footer."""
    headline, *paragraphs = [line for line in text.splitlines() if line.strip()]
    title = html.escape(headline)
    dated = (f'<meta property="article:published_time" content="{published}">'
             if published else "")
    stamp = f' · <time datetime="{published}">17 November 2024</time>' if published else ""
    body = "\n".join(f"      <p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | Example Wire</title>
  <meta property="og:title" content="{title}">
  <meta property="og:site_name" content="Example Wire">
  <link rel="canonical" href="{URL}">
  <meta name="author" content="Jane Reporter">
  {dated}
  <script>window.dataLayer = []; dataLayer.push({{event: "Russia met Japan"}});</script>
  <style>body {{ font-family: sans-serif; }}</style>
</head>
<body>
  <header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
    <li><a href="/politics">Politics</a></li></ul></nav></header>
  <main>
    <article>
      <h1>{title}</h1>
      <div class="byline">By <span class="author">Jane Reporter</span>{stamp}</div>
{body}
    </article>
    <aside><h2>Most read</h2><ul><li><a href="/a">Leaders met in Paris to discuss trade</a></li>
      <li><a href="/b">Troops deployed to the border, officials say</a></li></ul></aside>
  </main>
  <footer><p>© 2024 Example Wire. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
  <script src="/static/app.js"></script>
</body>
</html>
"""


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_news_page_reads_as_its_main_text_with_its_metadata(seed_text, tmp_path):
    page = tmp_path / "seed.html"
    page.write_text(news_page(seed_text), encoding="utf-8")
    article, plain = read_article(page), read_article(SEED)
    assert article.text == plain.text  # offsets into the page's text are offsets into this
    assert (article.headline, article.body_start, article.body_end, article.byline) == (
        plain.headline, plain.body_start, plain.body_end, plain.byline)
    assert (article.title, article.published, article.author, article.url,
            article.publisher) == (plain.headline, date(2024, 11, 17), "Jane Reporter", URL,
                                   "Example Wire")
    assert [word for word in FURNITURE if word in article.text] == []
    assert article.doc_id == "seed" and article.sha256 != plain.sha256  # the page's bytes


def test_html_is_recognised_by_its_content_in_any_file(seed_text, tmp_path):
    saved = tmp_path / "saved-page.txt"
    saved.write_text(news_page(seed_text, published=None), encoding="utf-8")
    article = read_article(saved)
    assert article.text == read_article(SEED).text
    assert article.published is None  # no date declared: none guessed from the page text


def test_folders_collect_html_articles(seed_text, tmp_path):
    for name in ("a.html", "b.htm", "c.txt", "d.css"):
        (tmp_path / name).write_text(news_page(seed_text), encoding="utf-8")
    assert [p.name for p in collect_articles([tmp_path])] == ["a.html", "b.htm", "c.txt"]


def test_page_without_article_text_is_refused(tmp_path):
    """A page whose text a script fills in at view time, saved before it ran."""
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>Nothing</title><script>render()</script></head>"
                    '<body><div id="app"></div></body></html>', encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.html: is an HTML page with no article text"):
        read_article(page)


def test_seed_in_a_news_page_gives_the_events_of_the_text_file(seed_text, tmp_path):
    from geokg.pipeline import process

    def events(path: Path) -> list[tuple]:
        return sorted((e.type, tuple(e.actors), tuple(e.targets), e.time and e.time.iso)
                      for e in process(path).events)

    page = tmp_path / "seed.html"
    page.write_text(news_page(seed_text, published=None), encoding="utf-8")
    from_text = events(SEED)
    assert len(from_text) >= 10
    assert events(page) == from_text
