"""Markdown markup out of the sentences an event quotes, offsets kept.

The reading layer keeps the article's text as written, so every offset points
into the original file. A sentence of a Markdown article (or of a web page,
which is read as Markdown) can still carry markup: "- The pact was signed
...", "**Russia**", "[Belarus](https://...)". An event quotes its sentence to
a person, who should read the words, not the markup. So the markup at the
start of the sentence (a list item, heading or quote marker) is left out by
moving the start offset past it (`text[start:end]` stays the sentence), and
the markup inside (emphasis, code, links) is taken out of the quoted text
only: the offsets still span the sentence as it is in the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from geokg.read.webpage import HTML_SUFFIXES

MARKDOWN_SUFFIXES = (".md", ".markdown", *HTML_SUFFIXES)

# "- ", "* ", "+ ", "1. ", "1) ", "# ", "> " (nested: "> - "), at the sentence's start
_BLOCK_MARKER = re.compile(r"^(?:(?:[-*+]|\d{1,3}[.)]|#{1,6}|>)[ \t]+)+")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1(?!\w)")


def is_markdown(path: Path) -> bool:
    """Whether an article at `path` is read as Markdown (a .md file or a web page)."""
    return path.suffix.lower() in MARKDOWN_SUFFIXES


def quoted_sentence(path: Path, start: int, text: str) -> tuple[int, str]:
    """(start, text) of a sentence at `start` as an event quotes it: for a Markdown
    article without its leading block marker (start moved past it) and with its
    inline markup taken out of the text; any other article's sentence unchanged."""
    if not is_markdown(path):
        return start, text
    marker = _BLOCK_MARKER.match(text)
    if marker and marker.end() < len(text):
        start, text = start + marker.end(), text[marker.end():]
    return start, plain_text(text)


def plain_text(text: str) -> str:
    """`text` without Markdown links (their words kept), emphasis and code marks."""
    text = _LINK.sub(r"\1", text)
    previous = None
    while previous != text:  # "***x***" and "**_x_**" take more than one pass
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return text
