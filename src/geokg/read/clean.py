"""Text clean-up at read time: one normal form for every later stage.

Text scraped from web pages carries characters a reader never sees but a
tokenizer does: a soft hyphen (U+00AD) or a zero-width space, joiner or
non-joiner (U+200B-U+200D, U+2060, U+FEFF) inside "sol\u00addiers" splits the
word in two, so "soldiers" is no longer a force and "Esto\u200bnia" no longer
a country. The invisible break and join characters are removed wherever they
stand; every other Unicode format character (general category Cf: the
direction marks and overrides, the joiner of an emoji sequence) is removed
only inside a word, between two letters or digits, where it can only break
the word (outside words it may carry the display of right-to-left names and
emoji, which are kept exactly). The text is put in Normalization Form C
(a base letter and its combining accent become the one precomposed letter
the gazetteer spells), and the other space characters (no-break, thin,
figure, ideographic space) become plain spaces.

Removal shortens the text, so every character offset geokg reports
(sentences, events, mentions) is an offset into the *cleaned* text,
`Article.text`, and not into the file's bytes.
"""

from __future__ import annotations

import re
import unicodedata

# Characters of category Zs other than the plain space, one for one to " ".
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

# Invisible hyphenation, break and join characters: never meant to be seen or read.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u2060-\u2064\ufeff]")
# The format characters (general category Cf) of Unicode 14, as ranges.
_FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
           "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
           "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
           "\U000e0020-\U000e007f")
# A run of format characters between two word characters (letters or digits).
_INSIDE_WORD = re.compile(f"(?<=[^\\W_])[{_FORMAT}]+(?=[^\\W_])")


def clean_text(text: str) -> str:
    """`text` without the format characters that break words, in NFC, with every
    space character a plain space."""
    if not text.isascii():
        text = _INSIDE_WORD.sub("", _INVISIBLE.sub("", text))
        text = unicodedata.normalize("NFC", text)
        text = _ODD_SPACES.sub(" ", text)
    return text
