"""Answers about a parsed doc kept on the doc, so that a question asked again is not
worked out again.

The extraction asks the same questions of the same words many times: every rule
of a trigger's lemma asks for its support verb, its voice, its phrase; every
frame role asks who governs a noun. The parse does not change once made, so an
answer is a function of the doc and the token; `per_token` keeps it in
`doc.user_data`, which lives and dies with the doc (no answer outlives its parse,
none is shared between docs). A list answer is handed out as a fresh copy, so a
caller that extends it changes no one else's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import numpy as np
from spacy.tokens import Doc, Span, Token

T = TypeVar("T")


def per_token(func: Callable[..., T]) -> Callable[..., T]:
    """`func(token, *args)` computed once per doc, token and (hashable) args."""
    key = f"geokg.memo.{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def remembered(token: Token, *args):
        user_data = token.doc.user_data
        memo = user_data.get(key)
        if memo is None:
            memo = user_data[key] = {}
        index = (token.i, *args) if args else token.i
        try:
            found = memo[index]
        except KeyError:
            found = memo[index] = func(token, *args)
        return found[:] if type(found) is list else found

    remembered.uncached = func  # type: ignore[attr-defined]
    return remembered


def lower_words(doc: Doc) -> tuple[str, ...]:
    """Every token's `lower_`, read once per doc: a pass over the whole doc that looks
    for a few words tests these strings and makes a Token only where one is found."""
    return _per_doc(doc, "geokg.memo.lower_words", lambda: tuple(t.lower_ for t in doc))


def lower_lemmas(doc: Doc) -> tuple[str, ...]:
    """Every token's lemma in lower case (`token.lemma_.lower()`), read once per doc."""
    return _per_doc(doc, "geokg.memo.lower_lemmas",
                    lambda: tuple(t.lemma_.lower() for t in doc))


def entities(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, made once per doc: each read of `doc.ents` makes every span anew."""
    return _per_doc(doc, "geokg.memo.entities", lambda: tuple(doc.ents))


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per doc from its tokens."""
    return _per_doc(doc, "geokg.memo.doc_text", lambda: doc.text)


def indices_where(doc: Doc, attr: str, value: str) -> list[int]:
    """The indices, in order, of the tokens whose `attr` ("POS", "DEP") is `value`
    ("PROPN", "appos"), from the doc's column of that attribute, read once per doc."""
    column = _per_doc(doc, f"geokg.memo.column.{attr}", lambda: doc.to_array(attr))
    return np.flatnonzero(column == doc.vocab.strings[value]).tolist()


def _per_doc(doc: Doc, key: str, make: Callable[[], T]) -> T:
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = make()
    return found
