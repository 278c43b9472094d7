"""HTML articles: a saved news page -> the article text and metadata geokg reads.

A page is reduced by trafilatura (a maintained main-text extractor) to its
main text and its metadata: title, published date, author, canonical URL and
site name. They are handed on as the Markdown-with-front-matter article the
reader already understands (title line, then the paragraphs one per line), so
`Article.text`, and every offset in the graph, refers to the extracted text,
never to the HTML. Navigation, scripts, styles, asides, footers and the
byline block are left out by the extractor.

Only a date the page declares (meta tags, JSON-LD, <time>) is taken as the
published date: trafilatura's extensive search, which guesses from any date
in the page, is turned off, since a guessed date would move every relative
date of the article.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from geokg.errors import InputError

HTML_SUFFIXES = (".html", ".htm")
# A document that opens (after a BOM, blanks and comments) with one of these is HTML.
_HTML_START = re.compile(r"\A\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
# front matter key -> attribute of trafilatura's Document
_METADATA = {"title": "title", "published": "date", "author": "author", "url": "url",
             "publisher": "sitename"}


def is_html(path: Path, content: str) -> bool:
    """An .html/.htm file, or any file whose content starts like an HTML document."""
    return path.suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(content))


def article_markdown(path: Path, page: str) -> str:
    """The page as front matter (its metadata) + title line + main text, one paragraph a line.

    Raises InputError when the page has no main text to extract.
    """
    import trafilatura

    document = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    text = (getattr(document, "text", None) or "").strip()
    if not text:
        raise InputError(f"{path}: is an HTML page with no article text that could be "
                         "extracted — save the article page itself, or its text as .txt")
    meta = {key: value for key, attr in _METADATA.items()
            if (value := _clean(getattr(document, attr, None)))}
    if "url" in meta and urlsplit(meta["url"]).scheme not in ("http", "https"):
        del meta["url"]  # a relative canonical link: the graph needs an absolute IRI
    title = meta.get("title")
    if title and text.splitlines()[0].strip() != title:
        text = f"{title}\n{text}"  # the page's <h1> was not part of the main text
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n{text}" if meta else text


def _clean(value: object) -> str | None:
    """A metadata value as one line, None when absent."""
    if value is None:
        return None
    line = " ".join(str(value).split())
    return line or None
