"""Amounts in news text, with the qualifier that says how sure they are.

"as many as 12,000" is an upper bound, "about $61 billion" an approximation,
"thousands" a vague amount that must stay text: inventing a number for it
would put a figure in the graph that the article never gave.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from geokg.model import Quantity
from geokg.resources import read_data

_RANGE_JOINERS = ("and", "to", "-", "\u2013")
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"


@cache
def _table() -> dict:
    return read_data("quantities.yaml")


@cache
def _amount_pattern() -> re.Pattern[str]:
    table = _table()
    symbols = "|".join(re.escape(s) for s in sorted(
        (c for c in table["currencies"] if not c.isalpha()), key=len, reverse=True))
    scales = "|".join(sorted(table["scales"], key=len, reverse=True))
    words = "|".join(sorted(table["number_words"], key=len, reverse=True))
    names = "|".join(sorted((c for c in table["currencies"] if c.isalpha()), key=len, reverse=True))
    return re.compile(
        rf"(?P<cur>{symbols})?\s?(?:{_NUMBER}|(?P<word>\b(?:{words})\b))"
        rf"(?:[\s-]?(?P<scale>\b(?:{scales})\b))?"
        rf"(?:\s+(?P<curword>\b(?:{names})\b))?",
        re.IGNORECASE,
    )


def _qualifier_before(prefix: str) -> str:
    """The qualifier named by the words just before the number."""
    tail = " " + re.sub(r"\s+", " ", prefix.lower()).strip()
    tail = re.sub(r" an?$", "", tail)  # "more than a dozen"
    best, best_len = "exact", 0
    for qualifier, phrases in _table()["qualifiers"].items():
        for phrase in phrases:
            if tail.endswith(" " + phrase) and len(phrase) > best_len:
                best, best_len = qualifier, len(phrase)
    return best


def _qualifier(match: re.Match[str], prefix: str) -> str:
    """The qualifier the words before say, or "approx" for a count in round lots
    ("two dozen") that they leave exact."""
    qualifier = _qualifier_before(prefix)
    scale = (match.group("scale") or "").lower()
    if qualifier == "exact" and scale in _table()["approx_scales"]:
        return "approx"
    return qualifier


def _value(match: re.Match[str]) -> int:
    table = _table()
    if match.group("num"):
        value = float(match.group("num").replace(",", ""))
    else:
        value = float(table["number_words"][match.group("word").lower()])
    scale = match.group("scale")
    if scale:
        value *= table["scales"][scale.lower()]
    return int(round(value))


def _unit(match: re.Match[str], noun: str | None) -> str | None:
    currencies = _table()["currencies"]
    if match.group("cur"):
        return currencies[match.group("cur")]
    word = (match.group("curword") or "").lower()
    if word in currencies:
        return currencies[word]
    return noun


def is_currency(word: str) -> bool:
    """"yen", "rupees", "$": a word quantities.yaml knows as money."""
    return word.lower() in _table()["currencies"]


def ordinal(word: str) -> int | None:
    """"fifth" -> 5, "3rd" -> 3: the rank an ordinal word gives (quantities.yaml)."""
    if (found := re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", word.lower())):
        return int(found.group(1))
    return _table()["ordinal_words"].get(word.lower())


def number_word(word: str) -> int | None:
    """The value of a number written as a word ("four" -> 4), from quantities.yaml."""
    return _table()["number_words"].get(word.lower())


def _compound_tens(text: str, first: re.Match[str], second: re.Match[str]) -> int | None:
    """"thirty-one", "Twenty-four", "twenty-one million": a tens word hyphenated to a
    unit word is one number (31), not a range from 30 to 1."""
    if not (first.group("word") and second.group("word") and not first.group("scale")
            and text[first.end():second.start()] == "-"):
        return None
    table = _table()
    tens, unit = _value(first), table["number_words"][second.group("word").lower()]
    if tens % 10 == 0 and 20 <= tens <= 90 and 1 <= unit <= 9:
        scale = table["scales"][second.group("scale").lower()] if second.group("scale") else 1
        return int(round((tens + unit) * scale))  # "twenty-one million": 21,000,000
    return None


@lru_cache(maxsize=8192)  # a pure reading of a string, asked per rule of a trigger
def parse_quantity(text: str, noun: str | None = None) -> Quantity | None:
    """Read the first amount in `text` ("as many as 12,000 troops").

    `noun` names what is counted when the caller knows it (the head noun of
    the phrase); money keeps its currency as the unit instead.
    """
    table = _table()
    lowered = text.lower()
    amounts = [m for m in _amount_pattern().finditer(text)
               if not (m.group("word") and m.group("word").lower() == "hundred")]
    money = [m for m in amounts if _unit(m, None) in _table()["currencies"].values()]
    if money:
        first = money[0]
        at = amounts.index(first)
        tens = _compound_tens(text, amounts[at - 1], first) if at else None
        start = amounts[at - 1].start() if tens else first.start()
        return Quantity(value=tens or _value(first), qualifier=_qualifier_before(text[:start]),
                        text=text.strip(), unit=_unit(first, noun))
    if amounts:
        first = amounts[0]
        if len(amounts) > 1 and (tens := _compound_tens(text, first, amounts[1])):
            return Quantity(value=tens, qualifier=_qualifier(first, text[: first.start()]),
                            text=text.strip(), unit=_unit(amounts[1], noun))
        gap = text[first.end():amounts[1].start()].strip().lower() if len(amounts) > 1 else ""
        if gap in _RANGE_JOINERS and (
                gap != "and" or text[: first.start()].lower().rstrip().endswith("between")):
            second = amounts[1]
            return Quantity(value=_value(second), qualifier="range", text=text.strip(),
                            low=_value(first), unit=_unit(second, noun) or _unit(first, noun))
        return Quantity(value=_value(first), qualifier=_qualifier(first, text[: first.start()]),
                        text=text.strip(), unit=_unit(first, noun))
    for word in table["vague"]:
        if re.search(rf"\b{re.escape(word)}\b", lowered):
            return Quantity(value=None, qualifier="vague", text=text.strip(), unit=noun)
    return None
