"""The sentences of a parsed doc and their date expressions, indexed once.

Every later layer asks "which sentence is this token in?" and "which dates does
it carry?"; spaCy answers the first by walking the doc from its start, so the
answers are computed once per doc here and kept in `doc.user_data`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from geokg.language.timex import StoryPhrase, story_phrases


@dataclass(frozen=True)
class DateExpr:
    """A date expression of a sentence: a named date ("on Monday", "in May 2024"),
    or a phrase that counts from another moment of the story ("the next day")."""

    span: Span
    story: StoryPhrase | None = None


@dataclass(frozen=True)
class SentenceIndex:
    """The sentences of a doc and their date expressions, computed once.

    spaCy's `token.sent` walks the sentence boundaries from the start of the doc
    on every call, so asking it for every trigger is quadratic in a long article.
    """

    starts: list[int]
    sentences: list[Span]
    dates: list[list[DateExpr]]
    texts: list[str]  # each sentence's `Span.text`, cut once from the doc's text

    @classmethod
    def of(cls, doc: Doc) -> SentenceIndex:
        index = doc.user_data.get(_INDEX_KEY)
        if index is None:
            sentences = list(doc.sents)
            starts = [s.start for s in sentences]
            ents: list[list[Span]] = [[] for _ in sentences]
            for ent in doc.ents:  # Span.ents walks every entity of the doc: once here
                if ent.label_ in DATE_LABELS:
                    ents[bisect_right(starts, ent.start) - 1].append(ent)
            text = doc.text
            texts = [text[s.start_char:s.end_char] for s in sentences]
            dates = [_date_expressions(s, e, t)
                     for s, e, t in zip(sentences, ents, texts, strict=True)]
            index = doc.user_data[_INDEX_KEY] = cls(starts, sentences, dates, texts)
        return index

    def number(self, token: Token) -> int:
        return bisect_right(self.starts, token.i) - 1

    def sentence(self, token: Token) -> Span:
        return self.sentences[self.number(token)]


DATE_LABELS = ("DATE", "TIME")
_INDEX_KEY = "geokg.sentence_index"


def _date_expressions(sentence: Span, ents: list[Span], text: str) -> list[DateExpr]:
    """The named dates and story-relative phrases of a sentence (whose text is `text`),
    in text order; a named date that a phrase covers ("Within 24 hours") is read as
    the phrase."""
    phrases: list[DateExpr] = []
    for phrase in story_phrases(text):  # the sentence's own text: offsets in it
        span = sentence.char_span(phrase.start, phrase.end, alignment_mode="expand")
        if span is not None and len(span):
            phrases.append(DateExpr(span, phrase))
    named = [DateExpr(ent) for ent in ents if not any(_nested(ent, p.span) for p in phrases)
             and not _in_dateline(ent, sentence, text)]
    return sorted(named + phrases, key=lambda d: d.span.start)


_DATELINE_BEFORE = re.compile(r"^\s*[A-Z][A-Z .'’/-]*,\s*$")
_DATELINE_AFTER = re.compile(r"^\s*(?:\([^)]*\))?\s*(?:—|–|--)")


def _in_dateline(ent: Span, sentence: Span, text: str) -> bool:
    """"DOHA, June 24 (Wire) — A ceasefire ...": the day the story was filed, which
    the parser hangs on the first clause but which dates none of its events.
    `text` is the sentence's."""
    start, end = ent.start_char - sentence.start_char, ent.end_char - sentence.start_char
    return bool(_DATELINE_BEFORE.match(text[:start]) and _DATELINE_AFTER.match(text[end:end + 40]))


def _nested(a: Span, b: Span) -> bool:
    return (b.start <= a.start and a.end <= b.end) or (a.start <= b.start and b.end <= a.end)


def sentence_of(token: Token) -> Span:
    """The sentence of a token, from the doc's precomputed index (see SentenceIndex)."""
    return SentenceIndex.of(token.doc).sentence(token)


def sentence_text(token: Token) -> str:
    """The text of a token's sentence (`sentence_of(token).text`, which spaCy joins
    anew from the tokens at every call), from the doc's index."""
    index = SentenceIndex.of(token.doc)
    return index.texts[index.number(token)]


def opens_quote(before: str) -> bool:
    """Whether a text leaves a quotation open: a word after it stands inside quotes."""
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1
