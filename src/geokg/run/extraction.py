"""An article's extraction (`ArticleResult`) as plain JSON values, for the build cache.

The first phase of a build (read, parse, link, extract) is most of its
work; its result is cached per article as soon as it is made, so a build
that is interrupted, or one whose articles' people were renamed by a new
article, parses none of those articles again (geokg.run.cache).

JSON rather than pickle, because a cache directory may be shared by a team
or a CI job, and unpickling what someone else wrote runs their code; JSON
gives back values only. The encoding follows the dataclasses of
geokg.model field by field (their type hints say how to decode), so a field
added there is cached without a change here; a value of a type this module
does not know raises TypeError, and the caller then caches nothing.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any

from geokg.model import ArticleResult


def to_json(result: ArticleResult) -> dict[str, Any]:
    """The result as JSON values (dicts, lists, strings, numbers, booleans, None)."""
    return _encode(result)


def from_json(data: dict[str, Any]) -> ArticleResult:
    """The result `to_json` gave; raises TypeError, KeyError or ValueError on another value."""
    return _decode(ArticleResult, data)


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(_encode(item) for item in value)
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(kind: Any, data: Any) -> Any:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):  # `X | None`
        if data is None:
            return None
        return _decode(next(arg for arg in args if arg is not type(None)), data)
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        if not isinstance(data, dict):
            raise TypeError(f"{kind.__name__}: expected an object")
        return kind(**{f.name: _decode(hints[f.name], data[f.name])
                       for f in dataclasses.fields(kind) if f.init})
    if origin in (list, set, frozenset, tuple):
        items = [_decode(args[0], item) for item in data] if args else list(data)
        return origin(items)
    if origin is dict:
        return {key: _decode(args[1], item) for key, item in data.items()}
    if kind is Path:
        return Path(data)
    if kind is date:
        return date.fromisoformat(data)
    if kind in (str, int, float, bool) and isinstance(data, kind):
        return data
    if kind is float and isinstance(data, int):
        return float(data)
    raise TypeError(f"expected {kind}, got {type(data).__name__}")


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)
