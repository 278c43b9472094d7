"""Dates resolved against the article's date, and amounts with qualifiers."""

from datetime import date

import pytest

from geokg.language.quantity import parse_quantity
from geokg.language.timex import Anchor, infer_anchor, resolve

TUESDAY = Anchor(date(2024, 10, 29))


@pytest.mark.parametrize(
    ("text", "future", "iso", "precision"),
    [
        ("on Monday", False, "2024-10-28", "day"),
        ("on Thursday", True, "2024-10-31", "day"),
        ("on Tuesday", False, "2024-10-29", "day"),
        ("last Friday", False, "2024-10-25", "day"),
        ("yesterday", False, "2024-10-28", "day"),
        ("last week", False, "2024-10", "month"),
        ("earlier this month", False, "2024-10", "month"),
        ("next month", True, "2024-11", "month"),
        ("since early October", False, "2024-10", "month"),
        ("in June", False, "2024-06", "month"),
        ("in December", False, "2023-12", "month"),
        ("October 18", False, "2024-10-18", "day"),
        ("on 3 September", False, "2024-09-03", "day"),
        ("in February 2022", False, "2022-02", "month"),
        ("November 16, 2023", False, "2023-11-16", "day"),
        ("next year", True, "2025", "year"),
        ("by the end of 2027", True, "2027", "year"),
    ],
)
def test_relative_dates_resolve_against_published(text, future, iso, precision):
    value = resolve(text, TUESDAY, future=future)
    assert (value.iso, value.precision, value.text) == (iso, precision, text)
    assert value.year_inferred is False


def test_no_anchor_leaves_relative_dates_unresolved_but_keeps_absolute_ones():
    assert resolve("on Monday", None) is None
    assert resolve("in March 2021", None).iso == "2021-03"


def test_anchor_inferred_from_text_marks_values_inferred():
    anchor = infer_anchor(None, "Talks on March 3 about peace in 2023.")
    assert anchor == Anchor(date(2023, 3, 3), inferred=True)
    value = resolve("March 3", anchor)
    assert (value.iso, value.year_inferred) == ("2023-03-03", True)
    assert resolve("last week", anchor).iso == "2023-02"


def test_text_without_any_year_gives_no_anchor():
    assert infer_anchor(None, "Talks on March 3.") is None


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "low", "unit"),
    [
        ("as many as 12,000 troops", 12000, "upTo", None, None),
        ("up to $571.3 million", 571300000, "upTo", None, "USD"),
        ("about $61 billion", 61000000000, "approx", None, "USD"),
        ("some 400 soldiers", 400, "approx", None, None),
        ("roughly 210 billion euros", 210000000000, "approx", None, "EUR"),
        ("more than 50 people", 50, "atLeast", None, None),
        ("five patrol vessels", 5, "exact", None, None),
        ("between 5,000 and 7,000 troops", 7000, "range", 5000, None),
        ("3,000-4,000 soldiers", 4000, "range", 3000, None),
    ],
)
def test_quantities_keep_their_qualifier(text, value, qualifier, low, unit):
    q = parse_quantity(text)
    assert (q.value, q.qualifier, q.low, q.unit) == (value, qualifier, low, unit)


def test_vague_amounts_stay_text():
    q = parse_quantity("thousands of troops", noun="troop")
    assert (q.value, q.qualifier, q.text, q.unit) == (None, "vague", "thousands of troops", "troop")


def test_no_amount():
    assert parse_quantity("the troops") is None
