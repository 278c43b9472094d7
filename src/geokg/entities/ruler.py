"""The process-wide spaCy pipeline with the gazetteer's names in an entity ruler.

An ``entity_ruler`` placed before ``ner`` labels every known country, capital,
large city, region, organisation and demonym first, so the statistical NER
cannot call "Kyiv" a PERSON or "Kursk" a PRODUCT; NER still finds what the
gazetteer does not know (people, small towns, other organisations). The
language layer supplies the model and the parsing; this module supplies the
names, and builds the pipeline once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from geokg.entities import gazetteer
from geokg.language import nlp as language
from geokg.model import Article


@functools.cache
def get_nlp() -> Language:
    """The process-wide pipeline (model + paragraph breaks + gazetteer ruler), built once."""
    return language.add_entity_ruler(language.base_pipeline(), gazetteer.default_ruler_patterns())


def parse(article: Article) -> Doc:
    """Parse the article body; token.idx + article.body_start is an offset in article.text."""
    return next(parse_many([article]))


def parse_many(articles: Iterable[Article], batch_size: int = 16) -> Iterator[Doc]:
    """Parse many articles in batches with the process-wide pipeline, in order (the
    pipeline is built at the first article, so a bad file fails before the model loads)."""
    yield from language.parse_many(get_nlp(), articles, batch_size)
