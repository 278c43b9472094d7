"""Place, date, targets, quantity and status of fighting told in real-news wording
(issue 23): the clause a toll or a place belongs to, the report a fight is told in.

Sentences are invented for the test (names and places that appear in no corpus
article); each case is one construction.
"""

from __future__ import annotations

from test_military_fields import rows  # noqa: F401  (the shared fixture: event tuples)

from geokg.language.quantity import parse_quantity


def test_dead_before_wounded_when_the_setting_hangs_on_the_last_toll_verb(rows):  # noqa: F811
    [clash] = rows("Ghanaian officials said that 31 people had been killed and nearly 200 "
                   "were wounded in fighting between Red Lion rebels and Ivorian security "
                   "forces.")
    assert clash[5] == (31, "exact")
    [clash] = rows("Forty people were killed and 120 injured in clashes between Red Lion "
                   "rebels and Ivorian troops.")
    assert clash[5] == (40, "exact")


def test_a_fight_that_is_the_setting_of_a_reported_toll_is_reported(rows):  # noqa: F811
    [clash] = rows("Ghanaian officials said that 31 people had been killed in fighting "
                   "between Red Lion rebels and Ivorian security forces.")
    assert clash[0] == "Clash" and clash[6] == "reported"


def test_a_place_fronted_before_a_report_is_where_the_reported_fight_was(rows):  # noqa: F811
    [clash] = rows("In the Abobo district of Abidjan, Ghanaian officials said that 31 people "
                   "had been killed in fighting between Red Lion rebels and Ivorian security "
                   "forces.")
    assert clash[3] == "Abobo"


def test_hyphenated_tens_and_units_are_one_number():
    assert parse_quantity("Thirty-one people", "people").value == 31
    assert parse_quantity("about twenty-five soldiers", "soldier").value == 25
    assert parse_quantity("between twenty and thirty people", "people").low == 20
    # with a scale, and as money
    assert parse_quantity("forty-five thousand troops", "troop").value == 45000
    money = parse_quantity("about twenty-one million dollars")
    assert (money.value, money.qualifier, money.unit) == (21_000_000, "approx", "USD")


def test_whom_a_place_is_taken_from_is_the_target(rows):  # noqa: F811
    assert rows("Malian troops took back Gao from the Red Lion Brigade on Monday.") == [
        ("Offensive", ("Mali",), ("Red Lion Brigade",), "Gao", "2025-03-10", None, "asserted")]
    [offensive] = rows("Security forces in Niger retook a hotel in the capital from Red Lion "
                       "Brigade fighters.")
    assert offensive[:4] == ("Offensive", ("Niger",), ("Red Lion Brigade",), "Niamey")


def test_an_armed_group_attacks_the_state_it_fights_in(rows):  # noqa: F811
    [offensive] = rows("The RSF overran Nyala on Friday.")
    assert offensive[:4] == ("Offensive", ("Rapid Support Forces",), ("Sudan",), "Nyala")
    [offensive] = rows("Nigerian troops attacked Boko Haram positions near Maiduguri on Friday.")
    assert offensive[:4] == ("Offensive", ("Nigeria",), ("Boko Haram",), "Maiduguri")


def test_the_city_is_the_city_named_last(rows):  # noqa: F811
    assert rows("Red Lion Brigade fighters advanced on Gao. The rebels' advance toward the "
                "city was quick.") == [
        ("Offensive", ("Red Lion Brigade",), ("Mali",), "Gao", None, None, "asserted")]


def test_fellow_fighters_helped_are_no_recipient_of_aid(rows):  # noqa: F811
    assert rows("Red Lion rebels edged closer to Gao on Sunday to help fellow mutineers "
                "inside the city.") == []


def test_an_attack_told_by_how_far_it_has_gone_is_dated_by_its_start(rows):  # noqa: F811
    [offensive] = rows("The Russian offensive on Kharkiv reached its fifth day on Monday.")
    assert offensive[:5] == ("Offensive", ("Russia",), ("Ukraine",), "Kharkiv", "2025-03-06")


def test_whom_an_attack_sets_out_to_oust_is_its_target(rows):  # noqa: F811
    [offensive] = rows("Nigerian troops launched an offensive to oust Boko Haram from "
                       "Maiduguri.")
    assert offensive[:3] == ("Offensive", ("Nigeria",), ("Boko Haram",))
    # a rebel leader a state fights at home is the enemy himself, not his state
    [offensive] = rows("Moldova, backed by Romanian forces, has invaded the region of "
                       "Transnistria in an effort to topple the rebel leadership of Vadim "
                       "Krasnoselsky.")
    assert offensive[:4] == ("Offensive", ("Moldova",), ("Vadim Krasnoselsky",), "Transnistria")


def test_where_the_blasts_were_is_where_an_attack_in_a_state_struck(rows):  # noqa: F811
    [offensive] = rows("Pakistan carried out a strike inside Afghanistan early on Friday, two "
                       "US officials said. Air defences were activated over the eastern city "
                       "of Jalalabad, and Afghan media reported explosions near an army base "
                       "there.")
    assert offensive[:4] == ("Offensive", ("Pakistan",), ("Afghanistan",), "Jalālābād")


def test_where_an_attack_drives_its_enemy_from_is_its_place(rows):  # noqa: F811
    for body in ("Kenyan troops launched an offensive aimed at driving al-Shabaab from Kismayo.",
                 "Kenyan troops launched an offensive to expel al-Shabaab from Kismayo."):
        [offensive] = rows(body)
        assert offensive[:4] == ("Offensive", ("Kenya",), ("al-Shabaab",), "Kismayo")


def test_a_participle_with_no_subject_takes_the_place_of_its_clause(rows):  # noqa: F811
    [offensive] = rows("French troops joined the fighting in Gao on Saturday, firing artillery "
                       "and providing air support.")
    assert offensive[:4] == ("Offensive", ("France",), (), "Gao")


def test_a_counter_offensive_hits_the_attacker_it_answers(rows):  # noqa: F811
    found = rows("Niger has been battling Boko Haram since the militants killed 30 Nigerien "
                 "soldiers in an attack on an army base near Diffa in late October, an assault "
                 "that prompted the army to launch a counter-offensive.")
    assert ("Offensive", ("Niger",), ("Boko Haram",), None, "2024", None, "asserted") in found


def test_a_span_ago_counts_back_from_publication():
    from datetime import date

    from geokg.language.timex import Anchor, resolve

    anchor = Anchor(date(2025, 3, 12))
    assert resolve("three days ago", anchor).iso == "2025-03-09"
    assert resolve("six months ago", anchor).iso == "2024-09"
    assert resolve("more than six months ago", anchor).iso == "2024"
    assert resolve("two weeks ago", anchor).iso == "2025-02"


def test_an_offensive_launched_months_ago_is_dated_by_the_span(rows):  # noqa: F811
    [offensive] = rows("Red Lion rebels launched their offensive against Mali more than six "
                       "months ago.")
    assert offensive[4] == "2024"


def test_a_count_of_targets_destroyed_told_next_is_the_strikes_quantity(rows):  # noqa: F811
    [offensive] = rows("Turkish warplanes struck Kurdish militant positions in northern Iraq "
                       "late on Wednesday. The defence ministry said 32 targets used by the "
                       "Kurdistan Workers' Party (PKK), among them caves and bunkers, had been "
                       "destroyed in the overnight raids.")
    assert offensive[5] == (32, "exact")


def test_this_country_in_a_wire_story_is_the_datelines_state(rows):  # noqa: F811
    [offensive] = rows("BAMAKO, April 30 (AFP) - Red Lion Brigade fighters have captured more "
                       "than half this country.")
    assert offensive[:4] == ("Offensive", ("Red Lion Brigade",), ("Mali",), "Mali")
