"""Which date belongs to an event, on sentences written for the test.

Names and places appear in no corpus article; each case asserts the exact
date an event gets, so that a construction is shown handled in general.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from geokg.entities.link import link
from geokg.entities.ruler import parse
from geokg.events.extract import extract
from geokg.language.sentences import sentence_of
from geokg.language.timex import Anchor, infer_anchor, resolve, story_phrases

WEDNESDAY = date(2025, 3, 12)


@pytest.fixture
def dated(make_article, nlp):
    """(type, first actor, date) of every event of a body, in text order."""

    def run(body: str, published: date | None = WEDNESDAY) -> list[tuple]:
        article = replace(make_article(body), published=published)
        doc = parse(article)
        linked = link(article, doc)
        events = sorted(extract(article, doc, linked), key=lambda e: e.mentions[0].sentence.start)
        return [(e.type, linked.entities[e.actors[0]].label if e.actors else None,
                 e.time.iso if e.time else None) for e in events]

    return run


def test_sentence_index_agrees_with_spacy(make_article, nlp):
    article = make_article("Talks opened on Monday. They ended on Tuesday! Were they useful?")
    doc = parse(article)
    assert [sentence_of(t).start for t in doc] == [t.sent.start for t in doc]
    assert sentence_of(doc[-1]).text == doc[-1].sent.text


def test_year_of_an_undated_article_comes_from_a_full_date_in_its_text():
    text = ("The talks on Thursday came a day before the Feb. 28, 2026 deadline. The "
            "minister had announced the review on Nov. 12 and spoke again on Dec. 3.")
    anchor = infer_anchor(None, text)
    assert anchor == Anchor(date(2026, 2, 28), inferred=True)
    assert [resolve(t, anchor).iso for t in ("on Thursday", "on Nov. 12", "on Dec. 3")] == [
        "2026-02-26", "2025-11-12", "2025-12-03"]
    assert resolve("on Nov. 12", anchor).year_inferred is True


def test_year_from_a_month_and_year_beats_background_years():
    text = ("LIMA, May 14 — The president, who began his second term in March 2027, "
            "left a pact signed in 2019 and revived one from 2031's plan.")
    anchor = infer_anchor(None, text)
    assert anchor == Anchor(date(2027, 5, 14), inferred=True)
    assert resolve("on Saturday", anchor).iso == "2027-05-08"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Kenyan President Ali Hassan arrived in Lima on Monday. Hassan met President "
         "Rosa Quispe the following day.",
         [("Visit", "Ali Hassan", "2025-03-10"), ("Meeting", "Ali Hassan", "2025-03-11")]),
        ("Kenyan President Ali Hassan arrived in Lima on Monday and met President Rosa "
         "Quispe that evening.",
         [("Visit", "Ali Hassan", "2025-03-10"), ("Meeting", "Ali Hassan", "2025-03-10")]),
        ("Chilean troops attacked Bolivia on Monday. Within 24 hours Bolivia and Chile "
         "signed a ceasefire in Lima.",
         [("Offensive", "Chile", "2025-03-10"), ("Agreement", "Bolivia", "2025-03-11")]),
    ],
)
def test_a_date_relative_to_the_story_counts_from_its_reference_day(dated, body, expected):
    assert dated(body) == expected


def test_a_relative_date_keeps_the_expression_it_counts_from(make_article, nlp):
    body = "Chilean troops attacked Bolivia on Monday. Within 24 hours Bolivia and Chile " \
           "signed a ceasefire in Lima."
    article = replace(make_article(body), published=WEDNESDAY)
    doc = parse(article)
    agreement = next(e for e in extract(article, doc, link(article, doc))
                     if e.type == "Agreement")
    assert (agreement.time.text, agreement.time.relative_to) == ("Within 24 hours", "on Monday")


def test_n_days_after_dates_the_linked_clause_back_from_the_main_one(dated):
    assert dated("Estonia's parliament voted on March 6, three days after Prime Minister "
                 "Tarmo Kask flew to Madrid for talks.") == [("Visit", "Tarmo Kask", "2025-03-03")]
    assert dated("Peru imposed sanctions on Chile on Friday. The measures came a day after "
                 "Chile sent 500 troops to Bolivia.") == [
        ("Sanction", "Peru", "2025-03-07"), ("Deployment", "Chile", "2025-03-06")]


def test_the_same_day_as_another_event_is_not_the_story_day(dated):
    """Neither clause names a day of its own, and the linked day is unknown."""
    assert dated("Kenyan President Ali Hassan arrived in Lima on the same day that Chile "
                 "sent 500 troops to Bolivia.") == [
        ("Visit", "Ali Hassan", None), ("Deployment", "Chile", None)]


def test_a_year_after_since_on_a_noun_dates_an_earlier_trip_not_this_one(dated):
    assert dated("Prime Minister Tarmo Kask flew to Madrid on Tuesday, his first trip to "
                 "Spain since 2019.") == [("Visit", "Tarmo Kask", "2025-03-11")]


def test_an_undated_remark_takes_the_day_the_story_has_reached(dated):
    """The visit began on Monday, but the remark follows Tuesday's talks."""
    assert dated("Prime Minister Tarmo Kask arrived in Madrid on Monday. At the palace on "
                 "Tuesday he held talks with King Felipe. Kask told reporters that the talks "
                 "were useful.") == [("Visit", "Tarmo Kask", "2025-03-10"),
                                     ("Meeting", "Tarmo Kask", "2025-03-11"),
                                     ("Statement", "Tarmo Kask", "2025-03-11")]


def test_a_date_in_a_relative_clause_is_background_not_the_story_day(dated):
    assert dated("Prime Minister Tarmo Kask met King Felipe in Madrid on November 16. Last "
                 "week officials said forces had entered the region, where rebels launched "
                 "an offensive on August 6. Kask told reporters that the talks were useful.")[-1] \
        == ("Statement", "Tarmo Kask", "2024-11-16")


DEAL = ("Kenyan President Ali Hassan arrived in Lima on Monday. Under the deal, which Peru "
        "and Kenya announced on Saturday evening, Kenya will build a port. ")


def test_that_night_points_at_the_last_day_named_even_in_a_relative_clause(dated):
    assert dated(DEAL + "Hassan said that night that the deal was fair.")[-1] == (
        "Statement", "Ali Hassan", "2025-03-08")


def test_an_undated_remark_reads_the_main_line_not_a_relative_clause(dated):
    assert dated(DEAL + "Hassan said the deal was fair.")[-1] == (
        "Statement", "Ali Hassan", "2025-03-10")


def test_a_pledge_told_in_the_past_takes_the_story_day(dated):
    rows = dated("Colombia sent 300 troops to Ecuador on Monday. Ecuador announced on Tuesday "
                 "that Peru imposed sanctions on Colombia. Brazil promised 40 million dollars "
                 "in aid to Ecuador.")
    assert rows[-1] == ("Aid", "Brazil", "2025-03-11")


def test_a_clause_after_another_does_not_take_its_date(dated):
    assert dated("Refiners were scrambling for crude on Tuesday after Peru imposed sanctions "
                 "on Chile.") == [("Sanction", "Peru", None)]


def test_coordinated_verbs_share_a_date(dated):
    assert dated("President Rosa Quispe received the envoy on Monday and described the "
                 "strikes as unprovoked.") == [("Statement", "Rosa Quispe", "2025-03-10")]


def test_a_clause_opened_by_as_shares_the_moment_of_its_main_clause(dated):
    assert dated("President Rosa Quispe condemned the attack as she sat down for talks with "
                 "Kenyan President Ali Hassan on Tuesday.")[0] == (
        "Statement", "Rosa Quispe", "2025-03-11")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("met again the following day", [("the following day", 1, "story")]),
        ("Earlier that day forces fired", [("Earlier that day", 0, "story")]),
        ("had agreed a day earlier", [("a day earlier", -1, "story")]),
        ("two weeks later", [("two weeks later", 14, "story")]),
        ("voted three days after he flew", [("three days after", 3, "after")]),
        ("came hours after he left", [("hours after", 0, "after")]),
        ("came days after the strike", []),
        ("on the same day that he flew", []),
    ],
)
def test_story_phrases_count_days_from_another_moment(text, found):
    assert [(p.text, p.days, p.counts_from) for p in story_phrases(text)] == found


def test_one_speaker_on_two_story_days_makes_two_statements(dated):
    assert dated("Kenyan President Ali Hassan arrived in Lima on Saturday. Hassan said the "
                 "visit was a success. On Monday, Hassan flew to Quito. Hassan said the trip "
                 "had been useful.") == [
        ("Visit", "Ali Hassan", "2025-03-08"), ("Statement", "Ali Hassan", "2025-03-08"),
        ("Visit", "Ali Hassan", "2025-03-10"), ("Statement", "Ali Hassan", "2025-03-10")]


def test_a_plan_without_a_day_is_dated_by_the_day_it_was_decided(dated):
    assert dated("Kenyan President Ali Hassan and President Rosa Quispe held talks in Lima on "
                 "Monday. The two leaders agreed to hold joint naval exercises.")[-1] == (
        "Cooperation", "Rosa Quispe", "2025-03-10")


def test_the_dateline_day_dates_no_event(dated):
    assert dated("LIMA, March 12 (Test Wire) — A truce between Peru and Chile that "
                 "President Rosa Quispe announced on Monday appeared to hold.")[0] == (
        "Agreement", "Peru", "2025-03-10")


def test_a_day_that_only_names_a_thing_is_not_the_story_day(dated):
    """"Monday's attack" refers to the attack; the story's day stays Wednesday."""
    assert dated("President Rosa Quispe toured the port on Wednesday. Holes in the walls "
                 "bore witness to Monday's attack. Quispe said the army had acted "
                 "well.")[-1] == ("Statement", "Rosa Quispe", "2025-03-12")


READOUT = ("Premier Ana Lind had a telephone conversation with President Omar Said. Lind "
           "informed him about the results of the summit of the leaders of Chad and Niger in "
           "Niamey on March 3. ")


def test_before_the_story_names_a_day_its_past_acts_are_of_the_publication_day(dated):
    """A readout of a call dates neither the call nor the remarks in it."""
    rows = dated(READOUT + "Said expressed support for the talks.")
    assert rows[0] == ("Meeting", "Ana Lind", "2025-03-12")
    assert rows[-1] == ("Statement", "Omar Said", "2025-03-12")


def test_a_date_on_a_noun_inside_a_phrase_is_that_things_day_not_the_storys(dated):
    """"the results of the summit ... on March 3": the summit's day, no narrated act."""
    rows = dated(READOUT + "During the summit, Chad confirmed its readiness to cooperate. "
                 "Said expressed support for the talks.")
    assert ("Meeting", "Chad", "2025-03-03") in rows
    assert rows[-1] == ("Statement", "Omar Said", "2025-03-12")


@pytest.mark.parametrize("published, text, future, expected", [
    (date(2025, 3, 11), "this weekend", False, ("2025-03", "month")),  # Sat 8, Sun 9
    (date(2025, 3, 11), "over the weekend", True, ("2025-03", "month")),  # Sat 15
    (date(2025, 6, 3), "over the weekend", False, ("2025", "year")),  # Sat 31 May, Sun 1 Jun
    (date(2025, 3, 25), "next weekend", False, ("2025-03", "month")),  # Sat 29, Sun 30
])
def test_a_weekend_names_its_month_or_only_its_year(published, text, future, expected):
    value = resolve(text, Anchor(published), future=future)
    assert (value.iso, value.precision) == expected


def test_today_inside_a_quote_is_the_speakers_day_not_the_storys(dated):
    """"Today" in her quoted words is Monday, so the story stays on Monday."""
    rows = dated("President Rosa Quispe opened the bridge on Monday. \"It is a proud day. "
                 "Today we have made history,\" she said. Defence Minister Ana Lind told "
                 "reporters the bridge was safe.")
    assert rows[-1] == ("Statement", "Ana Lind", "2025-03-10")
