"""Text clean-up at read time (geokg.read.clean): invisible characters from scraped
pages must not change what is extracted. Invented article text only."""

from __future__ import annotations

from pathlib import Path

from geokg.read.article import read_article
from geokg.read.clean import clean_text

CLEAN = (
    "Chile sends troops to Estonia\n"
    "Chile sent 300 soldiers to Estonia on Monday, its defence ministry said.\n"
    "Prime Minister Anna Korvel met President Jonas Mirel in Tallinn on Tuesday.\n"
)
# The same text as a scraped page may carry it: soft hyphens, zero-width space,
# joiner and non-joiner, a word joiner and a no-break space inside words and names.
DIRTY = (
    "Chile sends troops to Esto\u200bnia\n"
    "Chi\u00adle sent 300 sol\u00addiers to Esto\u200bnia on Mon\u200dday, its de\u00adfence "
    "min\u200cistry said.\n"
    "Prime\u00a0Minister Anna Kor\u2060vel met Pres\u00adi\u00addent Jonas Mirel in Tal\u00adlinn "
    "on Tues\u200bday.\n"
)


def test_format_characters_are_removed_and_spaces_made_plain():
    assert clean_text(DIRTY) == CLEAN


def test_combining_accents_become_the_precomposed_letter():
    assert clean_text("Z\u0307aga\u0144 and Sa\u0303o Tome\u0301") == "Żagań and São Tomé"


def test_plain_ascii_text_is_unchanged():
    assert clean_text(CLEAN) is CLEAN


def test_a_file_with_invisible_characters_gives_the_same_events(tmp_path: Path):
    from geokg.api import analyse

    front = "---\npublished: 2025-03-12\n---\n"
    (tmp_path / "clean.txt").write_text(front + CLEAN, encoding="utf-8")
    (tmp_path / "dirty.txt").write_text(front + DIRTY, encoding="utf-8")
    clean, dirty = (read_article(tmp_path / name) for name in ("clean.txt", "dirty.txt"))
    assert dirty.text == clean.text
    assert dirty.headline == clean.headline

    def rows(text: str) -> list[tuple]:
        return [(e.type, [a.label for a in e.actors], [t.label for t in e.targets],
                 e.place.label if e.place else None, e.date, e.quantity)
                for e in analyse(text, published="2025-03-12").events]

    found = rows(DIRTY)
    assert found == rows(CLEAN)
    assert found[0][0] == "Deployment" and found[0][1] == ["Chile"] and found[0][5] == 300


def test_direction_marks_and_emoji_joiners_outside_words_are_kept():
    text = "Ana\u200f Ruiz \U0001F468\u200d\U0001F469 and Mo\u200fna"
    assert clean_text(text) == "Ana\u200f Ruiz \U0001F468\u200d\U0001F469 and Mona"
