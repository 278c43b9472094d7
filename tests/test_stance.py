"""Status and attribution (geokg.events.stance) on sentences written for the test.

Each case is one construction of reported speech, sourcing or accusation, with
people and phrasings that appear in no corpus article; the expected rows are
(type, actors, status, attributed_to), actors and sources as label sets.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from geokg.entities.link import link
from geokg.entities.ruler import parse
from geokg.events.extract import extract
from geokg.language.lexicon import lexicon


@pytest.fixture
def stances(make_article, nlp):
    """The events of a body as (type, actors, status, sources)."""

    def run(body: str) -> list[tuple]:
        article = replace(make_article(body), published=date(2025, 3, 12))
        doc = parse(article)
        linked = link(article, doc)

        def labels(keys: list[str]) -> frozenset[str]:
            return frozenset(linked.entities[k].label for k in keys)

        return [(e.type, labels(e.actors), e.status, labels(e.attributed_to))
                for e in extract(article, doc, linked)]

    return run


def _only(rows: list[tuple], event_type: str) -> tuple:
    matching = [r for r in rows if r[0] == event_type]
    assert len(matching) == 1, rows
    return matching[0]


def test_a_noun_carried_out_inside_reported_speech_is_reported_by_the_sayers_state(stances):
    rows = stances("Peru carried out an air strike inside Ecuador early on Friday, "
                   "two Chilean officials said.")
    assert _only(rows, "Offensive")[1:] == ({"Peru"}, "reported", {"Chile"})


def test_blame_alleges_and_neither_confirming_nor_denying_denies_nothing(stances):
    rows = stances("Ethiopia blamed Eritrea, which has neither confirmed nor denied "
                   "carrying out the attack.")
    assert _only(rows, "Offensive")[1:] == ({"Eritrea"}, "alleged", {"Ethiopia"})


def test_unnamed_residents_report_an_event_credited_to_no_one(stances):
    rows = stances("Fighting between Congolese and Rwandan troops raged on near Goma on "
                   "Sunday, residents said.")
    assert _only(rows, "Clash")[2:] == ("reported", frozenset())


def test_according_to_an_unnamed_diplomat_reports_without_a_name(stances):
    rows = stances("According to a diplomat familiar with the matter, Argentina sent 300 "
                   "troops to Paraguay last week.")
    assert _only(rows, "Deployment")[1:] == ({"Argentina"}, "reported", frozenset())


def test_a_proposal_is_discussed_and_credited_to_the_speaker_above_it(stances):
    rows = stances("Kenyan negotiator Amos Wekesa said Nairobi had proposed a meeting "
                   "between Presidents William Ruto and Yoweri Museveni.")
    meeting = _only(rows, "Meeting")
    assert {"William Ruto", "Yoweri Museveni"} <= meeting[1]
    assert meeting[2:] == ("discussed", {"Amos Wekesa"})


def test_a_ministry_reporting_its_own_states_strike_is_credited(stances):
    rows = stances("Turkish jets hit militant targets in northern Iraq on Thursday, "
                   "Turkey's defence ministry said.")
    assert _only(rows, "Offensive")[1:] == ({"Turkey"}, "reported", {"Turkish Defence Ministry"})


def test_a_state_announcing_its_own_act_is_not_its_own_source(stances):
    rows = stances("China said on Friday it was freezing the assets of six Canadian firms.")
    assert _only(rows, "Sanction")[1:] == ({"China"}, "asserted", frozenset())


def test_unaffiliated_diplomats_of_a_blocs_proceedings_are_the_blocs(stances):
    rows = stances("African Union envoys failed on Tuesday to agree on sanctions against "
                   "Mali, diplomats said.")
    assert _only(rows, "Sanction")[1:] == ({"African Union"}, "discussed", {"African Union"})


def test_an_air_force_named_by_its_state_is_a_source(stances):
    rows = stances("Pakistan fired 40 drones at India overnight, according to India's "
                   "air force.")
    assert _only(rows, "Offensive")[1:] == ({"Pakistan"}, "reported",
                                            {"India", "Indian Air Force"})


def test_citing_credits_the_cited_body_beside_the_reporter(stances):
    rows = stances("Chadian troops crossed into Sudan on Monday, Reuters reported, citing "
                   "the Sudanese army.")
    assert _only(rows, "Offensive")[2:] == ("reported", {"Reuters", "Sudan", "Sudanese Army"})


def test_per_credits_its_object(stances):
    rows = stances("Sudanese troops shelled Chadian border posts on Monday, per the "
                   "African Union.")
    assert _only(rows, "Offensive")[1:] == ({"Sudan"}, "reported", {"African Union"})


def test_investigators_finding_is_a_report_by_their_body(stances):
    rows = stances("UN investigators found that Sudanese troops had shelled Chadian border "
                   "posts in May.")
    assert _only(rows, "Offensive")[1:] == ({"Sudan"}, "reported", {"United Nations"})


def test_their_governments_are_the_states_of_both_sides(stances):
    rows = stances("Cambodian and Thai troops exchanged fire near the border on Monday, "
                   "their governments said.")
    assert _only(rows, "Clash")[1:] == ({"Cambodia", "Thailand"}, "reported",
                                        {"Cambodia", "Thailand"})


def test_a_past_clause_after_a_demand_is_the_narrators(stances):
    rows = stances("Ankara has demanded that Athens stop the drills, and last week it "
                   "imposed sanctions on three Greek firms.")
    assert _only(rows, "Sanction")[1:] == ({"Turkey"}, "asserted", frozenset())


def test_a_relative_clause_on_a_remark_is_not_governed_by_the_accusation(stances):
    rows = stances("Foreign Minister Ana Duarte has accused Caracas of stalling, a charge "
                   "the Venezuelan government said on Monday it rejected.")
    venezuela = [r for r in rows if r[0] == "Statement" and r[1] == {"Venezuela"}]
    assert venezuela == [("Statement", {"Venezuela"}, "asserted", frozenset())]


def test_a_root_noun_is_the_claim_of_its_according_to(stances):
    rows = stances("Egyptian air strikes and shelling during the night killed at least 12 "
                   "people, according to Libya's interior ministry.")
    assert _only(rows, "Offensive")[1:] == ({"Egypt"}, "reported",
                                            {"Libya", "Libyan Interior Ministry"})


def test_an_accusation_and_a_reported_deed_stay_two_events(stances):
    rows = stances("Chile struck a depot in Bolivia on Friday, Peruvian officials said. "
                   "Bolivia accused Chile of attacking its embassy.")
    offensives = sorted(r[2:] for r in rows if r[0] == "Offensive")
    assert offensives == [("alleged", {"Bolivia"}), ("reported", {"Peru"})]


def test_every_source_phrase_and_noun_of_the_lexicon_is_read(stances):
    """The lexicon's `according_to` and `source_nouns` lists are data the code reads:
    each phrase credits its object, each noun sources a claim without a name."""
    lex = lexicon()
    for phrase in lex["according_to"]:
        rows = stances(f"Sudanese troops shelled Chadian border posts on Monday, {phrase} "
                       "the African Union.")
        assert _only(rows, "Offensive")[2:] == ("reported", {"African Union"}), phrase
    for noun in ("military", "media", "newspaper", "national police", "army"):
        assert noun.split()[-1] in lex["source_nouns"]
        rows = stances(f"Sudanese troops shelled Chadian border posts on Monday, the {noun} "
                       "said.")
        assert _only(rows, "Offensive")[2] == "reported", noun


def test_an_event_in_a_clause_of_time_is_not_the_speakers_claim(stances):
    rows = stances("Ghana said it was expelling two Togolese diplomats, a week after Nigeria "
                   "sent 300 troops to Benin.")
    assert _only(rows, "Deployment")[1:] == ({"Nigeria"}, "asserted", frozenset())


def test_a_proposed_meeting_is_discussed_not_planned(stances):
    rows = stances("Colombia proposed to hold talks with Venezuela in Panama next month.")
    assert _only(rows, "Meeting")[1:] == ({"Colombia", "Venezuela"}, "discussed", frozenset())


def test_being_due_somewhere_to_meet_someone_plans_the_meeting(stances):
    rows = stances("Prime Minister Lena Holm is due in Warsaw on Saturday to meet President "
                   "Andrzej Duda.")
    assert _only(rows, "Visit")[2] == "planned"
    assert _only(rows, "Meeting")[1:] == ({"Lena Holm", "Andrzej Duda"}, "planned", frozenset())


def test_a_denial_is_credited_to_its_denier_even_when_it_is_the_actor(stances):
    rows = stances("Rwanda insists it has never sent troops to Congo.")
    assert _only(rows, "Deployment")[1:] == ({"Rwanda"}, "denied", {"Rwanda"})


def test_a_remark_beside_a_denial_is_not_reported_by_its_own_speaker(stances):
    rows = stances("Caracas denied shelling Guyanese outposts, and Foreign Minister Rosa "
                   "Marquez said on Monday that the border was calm.")
    remarks = [r for r in rows if r[0] == "Statement"]
    assert remarks and all(r[2:] == ("asserted", frozenset()) for r in remarks), rows
    assert _only(rows, "Offensive")[1:] == ({"Venezuela"}, "denied", {"Venezuela"})


@pytest.mark.parametrize("contested", ["a claim Caracas denied", "a charge Caracas rejected"])
def test_a_reported_claim_someone_denies_is_alleged_by_its_sayer(stances, contested):
    rows = stances(f"Guyana said Venezuelan troops shelled Guyanese border posts on Sunday, "
                   f"{contested}.")
    assert _only(rows, "Offensive")[1:] == ({"Venezuela"}, "alleged", {"Guyana"})
    plain = stances("Guyana said Venezuelan troops shelled Guyanese border posts on Sunday.")
    assert _only(plain, "Offensive")[2] == "reported"


def test_an_army_reporting_its_own_troops_act_is_credited_but_a_movement_is_not(stances):
    rows = stances("Kenya's army said its troops had killed 20 al-Shabaab fighters near "
                   "Lamu on Friday.")
    offensive = _only(rows, "Offensive")
    assert offensive[2:] == ("reported", {"Kenyan Army"})
    rows = stances("Al-Shabaab said on Friday it had attacked Kenyan troops near Lamu.")
    assert _only(rows, "Offensive")[1:] == ({"al-Shabaab"}, "asserted", frozenset())


@pytest.mark.parametrize("sayer, sources", [
    # an ally or a critic of someone does not speak for them: reported, by no one named
    ("A senior ally of President Ana Wambui", frozenset()),
    ("A critic of President Ana Wambui", frozenset()),
    # a spokesman for someone does
    ("A spokesman for President Ana Wambui", frozenset({"Ana Wambui"})),
])
def test_an_ally_of_a_leader_is_not_the_leader_speaking(stances, sayer, sources):
    rows = stances(f"{sayer} said on Tuesday that Kenya had sent troops to Somalia.")
    assert _only(rows, "Deployment")[1:] == ({"Kenya"}, "reported", sources)


def test_a_sayer_hung_on_its_content_with_an_adjunct_only_reports_it(stances):
    """", the Kremlin said, without giving details": the parser makes the report a
    parataxis of the call; it is the call's source, not a statement of its own."""
    rows = stances("Chilean President Ana Pereira spoke by phone with Peruvian President "
                   "Luis Ortega on Monday, the Kremlin said, without giving details.")
    assert rows == [("Meeting", {"Ana Pereira", "Luis Ortega"}, "reported", {"Russia"})]
