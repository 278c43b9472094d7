"""Names folded to ASCII, one way for every key and IRI.

The linker's entity keys (geokg.entities.gazetteer.slug) and the IRIs minted from them
and from bylines (geokg.rdf.iris.slug) must fold a name alike, or one person
gets two IRIs; both call `ascii_fold`.
"""

from __future__ import annotations

import unicodedata

# Latin letters that Unicode does not decompose into a base letter and an accent:
# without these, "Aydın" and "Łukasz" lose a letter, and two spellings of one name
# ("Aydın", "Aydin") give two IRIs.
_LATIN_LETTERS = str.maketrans({
    "ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ß": "ss", "æ": "ae", "Æ": "Ae",
    "œ": "oe", "Œ": "Oe", "ħ": "h", "Ħ": "H",
})


def ascii_fold(text: str) -> str:
    """`text` in ASCII letters: accents dropped ("Orbán" -> "Orban"), the Latin letters
    that carry no accent spelt out ("Aydın" -> "Aydin"), anything else left out."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN_LETTERS))
    return decomposed.encode("ascii", "ignore").decode("ascii")
