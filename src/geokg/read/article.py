"""READ stage: one article file -> `Article`.

An article is plain text or Markdown with optional YAML front matter between
leading `---` lines, or a saved HTML news page, which geokg.read.webpage first
reduces to that form (its metadata as front matter, its main text). The
first non-empty line after the front matter is the headline; a last line
"By NAME" is the byline; everything between is the body.
`Article.text` is the content after the front matter, cleaned once here
(geokg.read.clean: format characters such as the soft hyphen and zero-width
space removed, Unicode NFC, odd spaces made plain), and control characters
RDF/XML and XSD strings cannot carry (C0 except tab, line feed and carriage
return; DEL; C1; U+FFFE, U+FFFF) become spaces, one for one, so every
literal made from it is valid in every RDF syntax. Every offset computed
later is an offset into this cleaned text.

Bad input is refused early with an `InputError` naming the file, what is
wrong and what to do: the later stages can then assume clean Unicode text.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import yaml

from geokg.errors import InputError
from geokg.model import Article
from geokg.read import feed, webpage
from geokg.read.clean import clean_text
from geokg.resources import load_yaml, read_data

# Articles above this size are refused: a news article is a few kB, so a
# file of megabytes is almost always the wrong file (a dump, a log, a PDF).
DEFAULT_MAX_MB = 2.0
MAX_MB_ENV = "GEOKG_MAX_ARTICLE_MB"

ARTICLE_SUFFIXES = (".txt", ".md", *webpage.HTML_SUFFIXES)
# The suffixes of the RDF files geokg reads (geokg.rdf.formats takes them from here): a
# graph named where articles are expected is refused, not read as text. (An .xml file
# that is an RSS or Atom feed is an article source.)
RDF_SUFFIXES = (".ttl", ".trig", ".nq", ".nt", ".jsonld", ".json", ".rdf", ".owl", ".xml",
                ".n3", ".trix", ".hext")
FRONT_MATTER_KEYS = ("title", "published", "publisher", "url", "author")

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FENCE = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_BYLINE = re.compile(r"By\s+(?P<name>\S.*?)\s*")
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")


@functools.cache
def _vocab() -> dict:
    """Word lists of data/reader.yaml (stop words, name particles, non-articles)."""
    data = read_data("reader.yaml")
    return {key: frozenset(value) if isinstance(value, list) else value
            for key, value in data.items()}


def max_article_bytes() -> int:
    """The size limit in bytes: GEOKG_MAX_ARTICLE_MB, or 2 MB."""
    raw = os.environ.get(MAX_MB_ENV, "")
    try:
        mb = float(raw) if raw.strip() else DEFAULT_MAX_MB
    except ValueError as exc:
        raise InputError(
            f"{MAX_MB_ENV}={raw!r} is not a number — set it to a size in MB, e.g. 10"
        ) from exc
    return int(mb * 1_000_000)


def read_article(path: Path | str, doc_id: str | None = None) -> Article:
    """Read, decode and split one article file; raise InputError if unusable.

    `doc_id` (from `pipeline.article_ids`, when the file is one of many) names the
    article in its IRIs; by default it is the file stem.
    """
    path = Path(path)
    entry = feed.entry_text(path)  # `news.rss/<name>`: an entry of a feed (geokg.read.feed)
    return _article(path, entry.encode("utf-8") if entry is not None else _read_bytes(path),
                    doc_id)


def article_from_text(text: str | bytes, name: str = "text", *,
                      published: date | str | None = None, title: str | None = None) -> Article:
    """An article given as a string (the Python API), read as a file `name`.txt holding
    that text would be; `published` and `title` stand in for front matter (and win over it).

    Bytes are read as a file's bytes are (UTF-8, else an InputError). With `title`, a
    text of a single line is the body, not the headline: the title names the article,
    and a one-sentence text given with its title is read rather than left empty.
    `name` is the article's doc_id, so it names its IRIs and its graph.
    """
    if not isinstance(text, str | bytes):
        raise InputError(f"{name}: text must be str or bytes, not {type(text).__name__}")
    path = Path(f"{name}.txt")
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    limit = max_article_bytes()
    if len(raw) > limit:
        raise InputError(f"{name}: article is {len(raw) / 1e6:.1f} MB, above the "
                         f"{limit / 1e6:g} MB limit — raise it with {MAX_MB_ENV}=<MB>")
    if not raw:
        raise InputError(f"{name}: text is empty — give a headline line and the article body")
    article = _article(path, raw)
    if published is not None:
        article = replace(article, published=_published(path, published))
    if title is None:
        return article
    if not article.body.strip():  # one line: it is the body, the title its headline
        start = len(article.text) - len(article.text.lstrip())
        end = len(article.text.rstrip())
        article = replace(article, headline=title, body_start=start, body_end=end)
    return replace(article, title=title)


def _article(path: Path, raw: bytes, doc_id: str | None = None) -> Article:
    """Decode and split the bytes of an article named `path`."""
    content = _CONTROL.sub(" ", clean_text(_decode(path, raw)))
    if webpage.is_html(path, content):
        content = _CONTROL.sub(" ", clean_text(webpage.article_markdown(path, content)))
    meta, text = _split_front_matter(path, content)
    if not text.strip():
        what = "has front matter but no article text" if meta else "contains only whitespace"
        raise InputError(f"{path}: {what} — give a headline line followed by the article body")
    headline, body_start, body_end, byline, byline_name = _layout(text)
    title = _string(meta.get("title"))
    if title and is_lead_paragraph(headline, title):
        headline, body_start = title, len(text) - len(text.lstrip())
    return Article(
        path=path,
        doc_id=doc_id or printable_name(path.stem),
        text=text,
        headline=headline,
        body_start=body_start,
        body_end=body_end,
        byline=byline,
        published=_published(path, meta.get("published")),
        title=title,
        publisher=_string(meta.get("publisher")),
        url=_url(path, meta.get("url")),
        author=_string(meta.get("author")) or byline_name,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


# A first line this long that ends a sentence is the story's lead, not a headline.
LEAD_MIN_WORDS = 15
SENTENCE_ENDS = (".", "!", "?", '."', ".\u201d", ".'")


def is_lead_paragraph(first_line: str, title: str) -> bool:
    """Whether the first line of a text whose front matter gives its title is the
    first paragraph rather than a headline: a file that starts with the story
    ("BOGOTA, May 10 - President X said on Tuesday ...") would otherwise lose its
    lead, the sentence that states the main event."""
    line = first_line.strip()
    return (line.casefold() != title.strip().casefold()
            and len(line.split()) >= LEAD_MIN_WORDS and line.endswith(SENTENCE_ENDS))


def printable_name(name: str) -> str:
    """A file name whose bytes are not UTF-8 (Python keeps them as lone surrogates,
    which no output can encode) with U+FFFD in their place."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, after checking it exists, is a file and is not huge."""
    if not path.exists():
        raise InputError(f"{path}: no such file — check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a directory — give an article file (.txt or .md)")
    limit = max_article_bytes()
    size = path.stat().st_size
    if size > limit:
        raise InputError(
            f"{path}: article is {size / 1e6:.1f} MB, above the {limit / 1e6:g} MB limit "
            f"— check it is a news article, or raise the limit with {MAX_MB_ENV}=<MB>"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}) — check permissions") from exc
    if not raw:
        raise InputError(f"{path}: file is empty — give a headline line and the article body")
    return raw


def _decode(path: Path, raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16/32 with a BOM; refuse binary."""
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), "utf-8")
    if encoding == "utf-8" and b"\x00" in raw:
        raise InputError(
            f"{path}: looks like a binary file (NUL byte at offset {raw.index(0)}) "
            "— give a plain-text or Markdown article"
        )
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: is not valid {encoding.upper()} (bad byte at offset {exc.start}) "
            "— re-save the file as UTF-8"
        ) from exc
    if "\x00" in text:
        raise InputError(
            f"{path}: looks like a binary file (NUL character) — give a plain-text article"
        )
    return text


def _front_matter_yaml(block: str) -> object:
    """`yaml.safe_load(block)`, parsed by libyaml where it can (resources.load_yaml: the
    same objects, in a tenth of the time; every article of a build is read twice).
    YAML it refuses is parsed again by PyYAML's own parser, whose error (or result)
    is the one given, so a message about bad front matter is the same as before."""
    try:
        return load_yaml(block)
    except yaml.YAMLError:
        return yaml.safe_load(block)


def _split_front_matter(path: Path, content: str) -> tuple[dict, str]:
    """Parse leading YAML front matter; return it and the text after it."""
    opening = _FENCE.match(content)
    if not opening:
        return {}, content
    closing = _CLOSE.search(content, opening.end())
    if not closing:
        raise InputError(
            f"{path}: front matter opened with '---' on line 1 is never closed "
            "— add a '---' line after the metadata"
        )
    block = content[opening.end():closing.start()]
    try:
        meta = _front_matter_yaml(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start is not None:  # e.g. "while parsing a flow sequence" + where
            problem += f"; {context} started on line {start.line + 2}"
        raise InputError(
            f"{path}: front matter is not valid YAML{where} ({problem}) "
            "— fix the metadata, e.g. 'published: 2024-11-16'"
        ) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(
            f"{path}: front matter is a {type(meta).__name__}, not a mapping "
            "— write 'key: value' lines (title, published, publisher, url, author)"
        )
    return meta, content[closing.end():]


def _published(path: Path, value: object) -> date | None:
    """The `published` date; YAML gives date objects, strings must be ISO dates."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InputError(
        f"{path}: front matter 'published: {value}' is not a date "
        "— write it as YYYY-MM-DD, e.g. 'published: 2024-11-16'"
    )


def _url(path: Path, value: object) -> str | None:
    """The `url`, which must be absolute (scheme:...): it becomes an IRI in the graph."""
    url = _string(value)
    if url is None or _URL_SCHEME.match(url):
        return url
    raise InputError(
        f"{path}: front matter 'url: {url}' is not an absolute URL "
        "— write it with its scheme, e.g. 'url: https://example.org/news/1'"
    )


def _string(value: object) -> str | None:
    """A front matter value as a stripped string, None when absent or blank.

    YAML escapes ("\\x07") can put control characters back: they become spaces.
    """
    if value is None:
        return None
    text = _CONTROL.sub(" ", clean_text(str(value))).strip()
    return text or None


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of `text`, end excluding the line break."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return spans


def _layout(text: str) -> tuple[str, int, int, str | None, str | None]:
    """Headline, body offsets, byline line and byline name of the text."""
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    head_start, head_end = lines[0]
    headline = text[head_start:head_end].strip().lstrip("#").strip()  # Markdown "# Title"
    byline = name = None
    body_end = len(text)
    if len(lines) > 1:
        last_start, last_end = lines[-1]
        name = byline_name(text[last_start:last_end])
        if name:
            byline = text[last_start:last_end].strip()
            body_end = last_start
    body_start = head_end
    while body_start < body_end and text[body_start].isspace():
        body_start += 1
    while body_end > body_start and text[body_end - 1].isspace():
        body_end -= 1
    return headline, body_start, body_end, byline, name


def byline_name(line: str) -> str | None:
    """NAME of a "By NAME" line, or None when the line is not a byline.

    A name is up to eight capitalised words (with particles such as "von" or
    "and"), so that a closing sentence like "By 2027, the brigade will ..."
    is not taken for a byline.
    """
    match = _BYLINE.fullmatch(line.strip())
    if not match:
        return None
    name = match.group("name")
    words = re.split(r"[\s,]+", name.strip(", "))
    if not 1 <= len(words) <= 8 or name.endswith((".", "!", "?", ":")) and len(words[-1]) > 3:
        return None
    for word in words:
        if word.lower() not in _vocab()["name_particles"] and not word[:1].isupper():
            return None
    return name


def looks_english(text: str) -> bool:
    """Cheap guess whether `text` is English, to warn rather than extract nonsense.

    Mostly non-Latin letters, or (in texts of 30 words or more) almost no
    common English function words, means not English.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    if latin / len(letters) < 0.5:
        return False
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 30:
        return True
    vocab = _vocab()
    ratio = sum(1 for w in words if w in vocab["stop_words"]) / len(words)
    return ratio >= vocab["min_stop_word_ratio"]


def _walk(folder: Path) -> Iterable[Path]:
    """Every file under `folder`, hidden names skipped, symbolic links followed.

    A linked folder is searched like any other, but each real folder only
    once, so a link back up the tree (a loop) ends the search there, and a
    folder linked twice gives its articles once. A link that points nowhere
    (os.walk lists it among the files) is reported with a warning and skipped.
    """
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        info = os.stat(root)
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if name.startswith("."):
                continue
            if path.is_symlink() and not path.exists():
                _warn(f"{path}: broken symbolic link (to {os.readlink(path)}) — skipped")
            elif path.is_file():
                yield path


def _warn(message: str) -> None:
    logging.getLogger("geokg").warning(message)  # the CLI shows "geokg: warning: ..."


def collect_articles(paths: Iterable[Path | str]) -> list[Path]:
    """Article files named by `paths`: files as given, folders searched recursively
    (symbolic links followed, see _walk), feeds read as folders of their entries.

    In a folder, *.txt, *.md, *.html and *.htm files are articles except answer keys
    (*.gold.json are never articles) and README/INDEX/CHANGELOG files; *.rss and *.atom
    files are feeds. An RSS or Atom file (also as .xml) gives one path per entry,
    `news.rss/<name>` (see geokg.read.feed). Raises InputError for a missing path, for an
    RDF file named as an article (`geokg events kg.trig`), or when nothing is found.
    """
    found: list[Path] = []
    for item in map(Path, paths):
        if not item.exists():
            raise InputError(f"{item}: no such file or directory — check the path")
        if item.is_dir():
            in_dir = sorted(
                p for p in _walk(item)
                if p.suffix.lower() in (*ARTICLE_SUFFIXES, *feed.FEED_SUFFIXES)
                and p.name.lower() not in _vocab()["not_articles"]
            )
            if not in_dir:
                raise InputError(
                    f"{item}: no articles (*.txt, *.md, *.html, *.rss) in this directory "
                    "— put article files there or name the files directly"
                )
            found.extend(a for p in in_dir
                         for a in (feed.entry_paths(p) if feed.is_feed(p) else [p]))
        elif feed.is_feed(item):
            found.extend(feed.entry_paths(item))
        elif item.suffix.lower() in RDF_SUFFIXES and not item.name.endswith(".gold.json"):
            raise InputError(
                f"{item}: is an RDF file, not an article — give the article files "
                "(.txt, .md, .html, .rss) the graph was built from; to ask a graph "
                "questions, use 'geokg query'"
            )
        elif not item.name.endswith(".gold.json"):
            found.append(item)
    unique = list(dict.fromkeys(found))
    if not unique:
        raise InputError("no articles given — name article files or a directory of them")
    return unique
