"""Time expressions resolved against the article's date.

News dates events relative to the day it is published ("on Saturday",
"last week", "next year"). Each resolution keeps the precision the words
support: "last week" names no day, so it yields a month, never an invented
day. Without a `published` date the anchor is inferred from the text (the
latest explicit year and day it mentions) and every value says so.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache

from geokg.language.quantity import number_word
from geokg.model import TimeValue
from geokg.resources import read_data

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"

# Declared patterns, most specific first: (name, regex). Each name has a
# resolver below; the first pattern that matches the expression wins.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rx, re.IGNORECASE))
    for name, rx in [
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("month_day_year", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
        ("day_month_year", rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),
        ("month_year", rf"\b{_MONTH},?\s+{_YEAR}\b"),
        ("month_day", rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?(?:19|20)\d\d)"),
        ("day_month", rf"\b{_DAY}\s+{_MONTH}\b"),
        ("last_weekday", rf"\blast\s+{_WEEKDAY}\b"),
        ("next_weekday", rf"\bnext\s+{_WEEKDAY}\b"),
        ("weekday", rf"\b{_WEEKDAY}\b"),
        ("yesterday", r"\byesterday\b"),
        ("today", r"\b(?:today|tonight|this morning|this afternoon|this evening)\b"),
        ("tomorrow", r"\btomorrow\b"),
        ("ago", r"\b(?P<hedge>(?:more than|over|about|nearly|almost|some|around)\s+)?"
                r"(?P<count>[a-z]+|\d{1,3})[ -](?P<unit>day|week|month|year)s?\s+ago\b"),
        ("this_week", r"\b(?:earlier|later)?\s*this\s+week\b"),
        ("last_week", r"\b(?:last|past|previous)\s+week\b"),
        ("next_week", r"\b(?:next|coming)\s+week\b"),
        ("this_weekend", r"\b(?:this|over\s+the|at\s+the)\s+weekend\b"),
        ("next_weekend", r"\b(?:next|coming)\s+weekend\b"),
        ("this_month", r"\b(?:earlier|later)?\s*this\s+month\b"),
        ("last_month", r"\b(?:last|past|previous)\s+month\b"),
        ("next_month", r"\b(?:next|coming)\s+month\b"),
        ("this_year", r"\b(?:earlier|later)?\s*this\s+year\b"),
        ("last_year", r"\b(?:last|past|previous)\s+year\b"),
        ("next_year", r"\b(?:next|coming)\s+year\b"),
        ("month", rf"\b(?:early|mid|late|in|since|by|until|from|of)?-?\s*{_MONTH}\b"),
        ("year", rf"\b{_YEAR}\b"),
    ]
]


@dataclass(frozen=True)
class Anchor:
    """The day relative expressions count from, and whether it was inferred."""

    day: date
    inferred: bool = False
    year_only: bool = False


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day(value: date, text: str, anchor: Anchor | None, explicit_year: bool) -> TimeValue:
    inferred = bool(anchor and anchor.inferred and not explicit_year)
    return TimeValue(value.isoformat(), "day", text, inferred)


def _month(year: int, month: int, text: str, inferred: bool) -> TimeValue:
    return TimeValue(f"{year:04d}-{month:02d}", "month", text, inferred)


def _year(year: int, text: str, inferred: bool) -> TimeValue:
    return TimeValue(f"{year:04d}", "year", text, inferred)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _weekday(anchor: date, weekday: int, future: bool) -> date:
    """The named weekday nearest the anchor: on or before it, or after for plans."""
    if future:
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _year_for(month: int, day: int, anchor: Anchor, future: bool) -> int:
    """The year of a month and day stated without one, as the anchor implies."""
    year = anchor.day.year
    candidate = _safe_date(year, month, day) or date(year, month, 1)
    if anchor.year_only:
        return year
    if not future and candidate > anchor.day + timedelta(days=31):
        return year - 1
    if future and candidate < anchor.day - timedelta(days=31):
        return year + 1
    return year


@lru_cache(maxsize=4096)  # pure on its (hashable) arguments; asked per frame
def resolve(text: str, anchor: Anchor | None, future: bool = False) -> TimeValue | None:
    """Resolve one time expression, or None when it names no date we can place."""
    for name, pattern in PATTERNS:
        match = pattern.search(text)
        if match:
            value = _resolve_match(name, match, text.strip(), anchor, future)
            if value is not None:
                return value
    return None


def deictic(text: str) -> bool:
    """"today", "yesterday", "this morning": a day counted from when the words were
    said (the publication day only in the article's own voice)."""
    name = next((n for n, pattern in PATTERNS if pattern.search(text)), None)
    return name in ("yesterday", "today", "tomorrow")


def _resolve_match(name: str, m: re.Match[str], text: str, anchor: Anchor | None,
                   future: bool) -> TimeValue | None:
    groups = m.groupdict()
    month = groups.get("month")
    month_no = (int(month) if month.isdigit() else MONTHS[month.lower()]) if month else None
    if name in ("iso", "month_day_year", "day_month_year"):
        value = _safe_date(int(groups["year"]), month_no, int(groups["day"]))
        return _day(value, text, anchor, True) if value else None
    if name == "month_year":
        return _month(int(groups["year"]), month_no, text, False)
    if name == "year":
        return _year(int(groups["year"]), text, False)
    if anchor is None:
        return None
    today = anchor.day
    inferred = anchor.inferred
    if name in ("month_day", "day_month"):
        day_no = int(groups["day"])
        value = _safe_date(_year_for(month_no, day_no, anchor, future), month_no, day_no)
        return _day(value, text, anchor, False) if value else None
    if name == "month":
        year = _year_for(month_no, 1, anchor, future)
        return _month(year, month_no, text, inferred)
    if anchor.year_only:
        value = _relative_year(name, today.year, text, inferred)
    else:
        value = _relative(name, groups, today, text, anchor, future)
    # counted from the day the article was published (not from one inferred from its text)
    return replace(value, from_published=True) if value and not inferred else value


def _relative_year(name: str, year: int, text: str, inferred: bool) -> TimeValue | None:
    offsets = {"this_year": 0, "last_year": -1, "next_year": 1}
    return _year(year + offsets[name], text, inferred) if name in offsets else None


def _relative(name: str, groups: dict, today: date, text: str, anchor: Anchor,
              future: bool) -> TimeValue | None:
    inferred = anchor.inferred
    if name == "ago":
        return _ago(groups, today, text, anchor)
    day_offsets = {"yesterday": -1, "today": 0, "tomorrow": 1}
    if name in day_offsets:
        return _day(today + timedelta(days=day_offsets[name]), text, anchor, False)
    if name.endswith("weekday"):
        weekday = WEEKDAYS[groups["weekday"].lower()]
        if name == "last_weekday":
            value = _weekday(today - timedelta(days=1), weekday, False)
        elif name == "next_weekday":
            value = _weekday(today + timedelta(days=1), weekday, True)
        else:
            value = _weekday(today, weekday, future)
        return _day(value, text, anchor, False)
    week_offsets = {"this_week": 0, "last_week": -7, "next_week": 7}
    if name in week_offsets:
        shifted = today + timedelta(days=week_offsets[name])
        return _month(shifted.year, shifted.month, text, inferred)
    if name.endswith("weekend"):
        return _weekend(name, today, future, text, inferred)
    month_offsets = {"this_month": 0, "last_month": -1, "next_month": 1}
    if name in month_offsets:
        year, month = _shift_month(today.year, today.month, month_offsets[name])
        return _month(year, month, text, inferred)
    return _relative_year(name, today.year, text, inferred)


def _ago(groups: dict, today: date, text: str, anchor: Anchor) -> TimeValue | None:
    """"six months ago", "three days ago": counted back from the publication day, at
    the precision of the unit (a week or a month ago names a month); a hedged count
    ("more than six months ago") names only the unit above it."""
    count = _count(groups["count"])
    if count is None:
        return None
    unit, hedged = groups["unit"].lower(), bool(groups.get("hedge"))
    if unit in ("day", "week"):
        value = today - timedelta(days=count * (7 if unit == "week" else 1))
        if unit == "day" and not hedged:
            return _day(value, text, anchor, False)
        return _month(value.year, value.month, text, anchor.inferred)
    if unit == "month":
        year, month = _shift_month(today.year, today.month, -count)
        return _year(year, text, anchor.inferred) if hedged else _month(
            year, month, text, anchor.inferred)
    return _year(today.year - count, text, anchor.inferred)


def _weekend(name: str, today: date, future: bool, text: str, inferred: bool) -> TimeValue:
    """"this weekend": the latest Saturday and Sunday (the coming ones for a plan),
    "next weekend" the coming ones. It names no day: its month, or only its year when
    its two days fall in two months. ("last weekend" stays unread: a month would keep
    "the attack last weekend" apart from "the attack on Saturday", since merging
    compares dates exactly.)"""
    if name == "next_weekend":
        saturday = _weekday(today + timedelta(days=1), calendar.SATURDAY, True)
    else:
        saturday = _weekday(today, calendar.SATURDAY, future)
    sunday = saturday + timedelta(days=1)
    if sunday.month != saturday.month:
        return _year(saturday.year, text, inferred)
    return _month(saturday.year, saturday.month, text, inferred)


def infer_anchor(published: date | None, text: str) -> Anchor | None:
    """The article's date, or one inferred from the dates it names.

    The year is taken from the most specific dates first: a full date ("a day
    before the Jan. 31, 2025 deadline"), then a month and year ("began his
    second term in January 2025"), and only then a bare year, since bare years
    are as often background ("pulled out in 2018") as the story's own. Days
    named without a year are placed against that ("Nov. 28" before a January
    2025 deadline is in 2024) and the latest of them is the anchor. The anchor
    is marked inferred, so every date resolved from it is too.
    """
    if published is not None:
        return Anchor(published)
    full = _full_dates(text)
    if full:
        base = Anchor(max(full), inferred=True)
        return Anchor(max(full + _days_without_year(text, base)), inferred=True)
    years = [int(m.group("year")) for m in dict(PATTERNS)["month_year"].finditer(text)]
    years = years or [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text)]
    if not years:
        return None
    base = Anchor(date(max(years), 1, 1), inferred=True, year_only=True)
    days = _days_without_year(text, base)
    if days:
        return Anchor(max(days), inferred=True)
    return Anchor(date(max(years), 12, 31), inferred=True, year_only=True)


def _full_dates(text: str) -> list[date]:
    found: list[date] = []
    for name in ("iso", "month_day_year", "day_month_year"):
        for m in dict(PATTERNS)[name].finditer(text):
            month = m.group("month")
            month_no = int(month) if month.isdigit() else MONTHS[month.lower()]
            value = _safe_date(int(m.group("year")), month_no, int(m.group("day")))
            if value:
                found.append(value)
    return found


def _days_without_year(text: str, base: Anchor) -> list[date]:
    """Days named without a year ("on November 16"), in the year the base implies."""
    days: list[date] = []
    for name in ("month_day", "day_month"):
        for m in dict(PATTERNS)[name].finditer(text):
            month_no, day_no = MONTHS[m.group("month").lower()], int(m.group("day"))
            value = _safe_date(_year_for(month_no, day_no, base, False), month_no, day_no)
            if value:
                days.append(value)
    return days


@dataclass(frozen=True)
class StoryPhrase:
    """A date counted from another moment of the story ("the following day").

    `counts_from` is "story" when the phrase counts from the story's reference
    day, or "after"/"before" when it links two clauses ("two days after the
    minister flew in"): then `days` is what the linking clause adds to the
    linked one (after: +, before: -).
    """

    start: int
    end: int
    days: int
    counts_from: str
    text: str


@cache
def period_preps(which: str) -> frozenset[str]:
    """Prepositions that open ("since 2019") or close ("until March 12") a period:
    `which` is "period_start" or "period_end" (data/story_time.yaml)."""
    return frozenset(read_data("story_time.yaml")[which])


@cache
def time_nouns() -> frozenset[str]:
    return frozenset(read_data("story_time.yaml")["time_nouns"])


@cache
def measure_nouns() -> frozenset[str]:
    return frozenset(read_data("story_time.yaml")["measure_nouns"])


@cache
def _story_table() -> tuple[list[tuple[re.Pattern[str], int]], re.Pattern[str], dict[str, int]]:
    data = read_data("story_time.yaml")
    phrases = [(re.compile(rf"\b(?:{rx})\b", re.IGNORECASE), int(days))
               for rx, days in data["from_story"].items()]
    return phrases, re.compile(rf"\b{data['counted']}\b", re.IGNORECASE), data["units"]


def story_phrases(text: str) -> list[StoryPhrase]:
    """Every phrase of `text` that dates by another moment of the story, in order."""
    phrases, counted, units = _story_table()
    found = [StoryPhrase(m.start(), m.end(), days, "story", m.group())
             for pattern, days in phrases for m in pattern.finditer(text)]
    for m in counted.finditer(text):
        count = _count(m.group("count") or "")
        unit = m.group("unit").lower()
        if count is None and unit != "hour":  # "came days after": no day to count
            continue
        start = m.start() if count is not None else m.start("unit")
        days = (count or 1) * units[unit]
        direction = m.group("direction").lower()
        if direction in ("later", "earlier"):
            days, direction = (days if direction == "later" else -days), "story"
        found.append(StoryPhrase(start, m.end(), days, direction, text[start:m.end()]))
    found.sort(key=lambda p: (p.start, -p.end))
    kept: list[StoryPhrase] = []
    for phrase in found:  # the longest of overlapping phrases
        if not kept or phrase.start >= kept[-1].end:
            kept.append(phrase)
    return kept


def _count(word: str) -> int | None:
    """"three", "12", "a", "the" (one): the count before a unit, if it is one."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    return number_word(word) or (1 if word in ("a", "an", "the") else None)
