"""RSS and Atom feeds: each entry of a feed file is an article.

A feed is read like a folder of articles: `geokg build news.rss` builds one
article per entry, named `news.rss/<words of the title>-<8 hex digits>`
(the digits from the entry's id or link, so an article keeps its name, and
its IRIs, when the feed is fetched again with new entries on top). The feed
is parsed by feedparser; an entry becomes the Markdown-with-front-matter
article the reader already understands: its title, published date, author,
link and the feed's title as publisher, then its text (the full content if
the feed carries it, else the summary), reduced from HTML to one paragraph
a line by trafilatura, as a saved page is (geokg.read.webpage).

Only the feed's own text is read; the linked pages are not fetched.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from pathlib import Path
from typing import Any

import yaml

from geokg.errors import InputError

FEED_SUFFIXES = (".rss", ".atom")
# An .xml file that opens (after the XML declaration and comments) with <rss> or <feed> is a
# feed. RSS 1.0 (<rdf:RDF>) is read only as .rss: as .xml it cannot be told from RDF/XML.
_FEED_START = re.compile(r"\A\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*"
                         r"<(?:rss|feed)\b", re.IGNORECASE | re.DOTALL)
_SNIFF_BYTES = 2048
_NOT_WORD = re.compile(r"[\W_]+")


def is_feed(path: Path) -> bool:
    """A .rss/.atom file, or an .xml file that starts like RSS 2.0 or Atom."""
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return path.is_file()
    if suffix != ".xml" or not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES).decode("utf-8", "replace")
    return bool(_FEED_START.match(head))


def entry_paths(feed: Path) -> list[Path]:
    """The articles of a feed file, as paths under it (`news.rss/<name>`), in feed order."""
    return [feed / name for name in _entries(feed)]


def entry_text(path: Path) -> str | None:
    """The article text of entry `path` (`news.rss/<name>`), None when `path` names no
    feed entry. Raises InputError when the feed holds no entry of that name."""
    feed = path.parent
    if path.exists() or not is_feed(feed):
        return None
    entries = _entries(feed)
    if path.name not in entries:
        raise InputError(f"{path}: {feed} has no entry of that name — build the feed itself")
    return entries[path.name]


def _entries(feed: Path) -> dict[str, str]:
    info = feed.stat()
    return _parsed(feed, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=8)
def _parsed(feed: Path, mtime_ns: int, size: int) -> dict[str, str]:
    """Entry name -> article text, for the feed file as it is now (mtime and size key it)."""
    import feedparser

    parsed = feedparser.parse(feed.read_bytes())
    if parsed.bozo and not parsed.entries:
        raise InputError(f"{feed}: not a readable RSS or Atom feed "
                         f"({parsed.get('bozo_exception')}) — check the file")
    publisher = (parsed.feed.get("title") or "").strip() or None
    out: dict[str, str] = {}
    for entry in parsed.entries:
        text = _entry_article(entry, publisher)
        if text:
            out[_entry_name(entry)] = text
    if not out:
        raise InputError(f"{feed}: the feed has no entry with a title and text")
    return out


def _entry_name(entry: Any) -> str:
    """The title as a file name + 8 hex digits of the entry's id (or link, or title).

    Words joined by dashes, no dots or slashes (the name is read like a file
    stem); the article's IRIs are minted from it by geokg.rdf.iris, as from a stem.
    """
    title = entry.get("title") or ""
    key = entry.get("id") or entry.get("link") or title
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    words = _NOT_WORD.sub("-", title.casefold()).strip("-")[:60].strip("-")
    return f"{words}-{digest}" if words else digest


def _entry_article(entry: Any, publisher: str | None) -> str | None:
    """The entry as front matter + title line + text; None without a title or text."""
    title = " ".join((entry.get("title") or "").split())
    body = _body(entry)
    if not title or not body:
        return None
    meta: dict[str, str] = {"title": title}
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if when:
        meta["published"] = f"{when.tm_year:04d}-{when.tm_mon:02d}-{when.tm_mday:02d}"
    if entry.get("author"):
        meta["author"] = " ".join(entry["author"].split())
    if (entry.get("link") or "").startswith(("http://", "https://")):
        meta["url"] = entry["link"]
    if publisher:
        meta["publisher"] = publisher
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n{title}\n{body}\n"


def _body(entry: Any) -> str:
    """The entry's full content if the feed has it, else its summary, as plain paragraphs."""
    parts = entry.get("content") or []
    detail = max(parts, key=lambda p: len(p.get("value") or ""), default=None) \
        or entry.get("summary_detail")
    if not detail or not (detail.get("value") or "").strip():
        return ""
    value = detail["value"]
    if "html" not in (detail.get("type") or ""):
        value = "".join(f"<p>{html.escape(p)}</p>" for p in value.split("\n\n"))
    return _html_text(value)


def _html_text(fragment: str) -> str:
    """An HTML fragment as text, one paragraph a line (trafilatura; lxml if it finds none)."""
    import trafilatura

    text = trafilatura.extract(f"<html><body><article>{fragment}</article></body></html>",
                               include_comments=False, include_tables=False)
    if not text:
        import lxml.html

        text = lxml.html.fromstring(f"<div>{fragment}</div>").text_content()
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
