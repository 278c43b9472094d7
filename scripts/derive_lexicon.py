"""Derive geokg's dictionary lexicon (src/geokg/data/cameo_lexicon.yaml) from PETRARCH-2's
CAMEO verb dictionary, offline and byte for byte the same on every run.

    python scripts/derive_lexicon.py            # rewrite the data file
    python scripts/derive_lexicon.py --check    # exit 1 if the data file differs

Input: scripts/data/petrarch2/CAMEO.2.0.txt, a stored copy of the dictionary of
github.com/openeventdata/petrarch2 (MIT; the commit is in that file's header), and
the CAMEO codes each event type declares in src/geokg/data/events.yaml
(`dictionary: {codes: [...]}`, code prefixes). The dictionary files each verb in a
block of synonyms with a default CAMEO code, and lists patterns ("- * &MILITARY
[154] # DEPLOY") that code the verb differently by the words around it. Read as
PETRARCH reads it, a block's patterns apply to every verb of the block.

What is carried over are facts, not text: for each event type,
  alone        verbs the dictionary codes to one of the type's codes by themselves
               (their block's or their own default code, or a bare "- *" pattern);
  with_forces  verbs it codes so only when troops or units are their object or
               subject ("amass &MILITARY", "&MILITARY pour"): a rule that demands
               forces as its object may take them;
  senses       for the verbs of either list, block by block, the object words with which the
               dictionary codes the verb outside the type's CAMEO root (the first two
               digits: "strike * deal" is 057, an agreement, not an attack 19x) or
               as no event at all ([---]): the dictionary's own word-sense checks,
               which the rules apply beside their declared ones.
The rules decide which words they take and reject (events.yaml); this file only
says what the dictionary says.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DICTIONARY = ROOT / "scripts" / "data" / "petrarch2" / "CAMEO.2.0.txt"
RULES = ROOT / "src" / "geokg" / "data" / "events.yaml"
LEXICON = ROOT / "src" / "geokg" / "data" / "lexicon.yaml"
OUTPUT = ROOT / "src" / "geokg" / "data" / "cameo_lexicon.yaml"

BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
VERB = re.compile(r"^\+?([A-Z][A-Z_\-]*)\s*(?:\{[^}]*\})?\s*(?:\[([^\]]*)\])?")
PATTERN = re.compile(r"^-\s*(.*?)\s*\[([^\]]*)\]")
# Pattern tokens that are no words: markers for actors, places and the verb.
MARKERS = {"*", "$", "+", "^", "%", "@"}


@dataclass
class Block:
    """One verb block: its synonyms with their codes, and its patterns."""

    name: str
    code: str
    verbs: dict[str, str] = field(default_factory=dict)  # verb -> its default code
    patterns: list[tuple[str, str, str]] = field(default_factory=list)  # pattern, code, note

    def verbs_of(self, note: str) -> set[str]:
        """The verbs a pattern was written for: those its note names ("# DEPLOY"), or
        the whole block when it names none of them (PETRARCH applies it so)."""
        named = {w.strip().lower().replace("_", " ") for w in note.split(",")}
        return (named & set(self.verbs)) or set(self.verbs)


def _code(text: str) -> str:
    """"042:043" is coded 042 for the source; "---" is no event (empty)."""
    code = text.split(":")[0].strip()
    return "" if not code or code.startswith("-") else code


def read_dictionary(text: str) -> tuple[dict[str, list[str]], list[Block]]:
    """The synonym sets (&NAME -> words) and the verb blocks of the dictionary."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set: list[str] | None = None
    block: Block | None = None
    for raw in text.splitlines():
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            current_set = None
            continue
        if line.startswith("&"):
            current_set = synsets.setdefault(line.split()[0], [])
            continue
        if current_set is not None and line.startswith("+"):
            current_set.append(line[1:].split()[0])
            continue
        if match := BLOCK.match(raw):
            block = Block(match.group(1), _code(match.group(2)))
            blocks.append(block)
            continue
        if block is None:
            continue
        if line.startswith("-"):
            if match := PATTERN.match(line):
                note = raw.split("#", 1)[1].strip() if "#" in raw else ""
                block.patterns.append((match.group(1), match.group(2), note))
        elif match := VERB.match(line):
            word = match.group(1).strip("_").lower().replace("_", " ")
            if word and not word.startswith("-"):
                block.verbs.setdefault(word, _code(match.group(2) or "") or block.code)
    return synsets, blocks


def _words(part: str, synsets: dict[str, list[str]]) -> list[str]:
    """The words of a pattern part, synonym sets expanded, each the head (last word)
    of its phrase, in lower case: "&MILITARY" -> military, forces, army, ..."""
    words: list[str] = []
    for token in re.split(r"[\s{}()]+", part):
        if not token or token in MARKERS or token.startswith("&AUX") or token.startswith(
                "&TOBE") or token.startswith("&PREP"):
            continue
        members = synsets.get(token, [token]) if token.startswith("&") else [token]
        for member in members:
            head = member.strip("_").split("_")[-1].lower()
            if head and head.isalpha():
                words.append(head)
    return words


def _objects(pattern: str) -> list[str]:
    """The literal head words after the verb, less the preposition that opens a
    bracket: "* (BY/WITH SANCTIONS)" -> sanctions; "* {PEACE DEAL}" -> deal. Synonym
    sets (&WEAPON) are left out: a sense check names the words that tell it."""
    after = pattern.split("*", 1)[1] if "*" in pattern else ""
    heads: list[str] = []
    for group in re.findall(r"\([^)]*\)|\{[^}]*\}|[^\s(){}]+", after):
        if group.startswith("("):
            group = " ".join(group[1:-1].split()[1:])  # the preposition opens the bracket
        words = [w for w in group.strip("{}").split() if not w.startswith("&")
                 and w not in MARKERS]
        head = words[-1].strip("_").split("_")[-1].lower() if words else ""
        if head.isalpha() and len(head) > 1:
            heads.append(head)
    return heads


def _outside_brackets(pattern: str) -> str:
    """The pattern's subject and object, without its prepositional phrases."""
    return re.sub(r"\([^)]*\)", " ", pattern)


def _in(code: str, prefixes: list[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def derive(dictionary: str, families: dict[str, list[str]], force_words: set[str]
           ) -> dict[str, dict[str, object]]:
    """Per event type (families: type -> its CAMEO code prefixes), the verbs the
    dictionary codes to it alone and with forces, and the senses it codes elsewhere."""
    synsets, blocks = read_dictionary(dictionary)
    result: dict[str, dict[str, object]] = {}
    for event_type, codes in families.items():
        roots = {c[:2] for c in codes}
        alone: set[str] = set()
        with_forces: set[str] = set()
        for block in blocks:
            alone |= {v for v, code in block.verbs.items() if code and _in(code, codes)}
            for pattern, raw, note in block.patterns:
                code = _code(raw)
                if not code or not _in(code, codes):
                    continue
                if pattern.strip() == "*":
                    alone |= block.verbs_of(note)
                elif any(w in force_words or w.rstrip("s") in force_words
                         for w in _words(_outside_brackets(pattern), synsets)):
                    with_forces |= block.verbs_of(note)
        with_forces -= alone
        senses: list[dict[str, list[str]]] = []
        for block in blocks:
            verbs = sorted(set(block.verbs) & (alone | with_forces))
            objects = {w for pattern, raw, _ in block.patterns
                       if not (code := _code(raw)) or code[:2] not in roots
                       for w in _objects(pattern)}
            if verbs and objects:
                senses.append({"verbs": verbs, "objects": sorted(objects)})
        result[event_type] = {"alone": sorted(alone), "with_forces": sorted(with_forces),
                              "senses": senses}
    return result


def _source_lines(dictionary: str) -> list[str]:
    """The stored copy's header lines that name its source, commit and licence."""
    keep = ("Source:", "Commit:", "Licence:", "file ")
    return [line[2:].strip() for line in dictionary.splitlines()[:12]
            if line.startswith("#") and line[2:].strip().startswith(keep)]


def render(derived: dict[str, dict[str, object]], dictionary: str) -> str:
    """The data file's text: a header naming the source, then one block per type."""
    lines = ["# Derived by scripts/derive_lexicon.py; do not edit by hand (run the script).",
             "# From PETRARCH-2's CAMEO verb dictionary, through the CAMEO codes each event",
             "# type declares in events.yaml (dictionary: codes). The facts carry over (verb X",
             "# codes event Y), not the dictionary's text. Stored copy read:",
             "#   scripts/data/petrarch2/CAMEO.2.0.txt",
             *(f"#   {line}" for line in _source_lines(dictionary)),
             "# alone: coded to the type by the verb itself; with_forces: only with troops or",
             "# units around it; senses: objects with which the dictionary codes the verb",
             "# outside the type's CAMEO root, or as no event.", ""]
    for event_type, entry in derived.items():
        lines.append(f"{event_type}:")
        for key in ("alone", "with_forces"):
            words = entry[key]
            assert isinstance(words, list)
            lines.append(f"  {key}: [{', '.join(_quoted(w) for w in words)}]")
        senses = entry["senses"]
        assert isinstance(senses, list)
        lines.append("  senses:" + ("" if senses else " []"))
        for sense in senses:
            lines.append(f"    - verbs: [{', '.join(_quoted(w) for w in sense['verbs'])}]")
            lines.append(f"      objects: [{', '.join(_quoted(w) for w in sense['objects'])}]")
    return "\n".join(lines) + "\n"


def _quoted(word: str) -> str:
    """YAML-safe: quote words YAML would read as something else (on, off, yes, no)."""
    return f'"{word}"' if " " in word or word in ("on", "off", "yes", "no", "y", "n") else word


def build(root: Path = ROOT) -> str:
    """The data file's text from the stored dictionary and the declared codes."""
    dictionary = (root / DICTIONARY.relative_to(ROOT)).read_text(encoding="utf-8")
    rules = yaml.safe_load((root / RULES.relative_to(ROOT)).read_text(encoding="utf-8"))
    families = {name: [str(c) for c in family["dictionary"]["codes"]]
                for name, family in rules.items() if "dictionary" in family}
    lexicon = yaml.safe_load((root / LEXICON.relative_to(ROOT)).read_text(encoding="utf-8"))
    synsets, _ = read_dictionary(dictionary)
    force_words = set(lexicon["force_nouns"]) | {
        w.split("_")[-1].lower() for w in synsets.get("&MILITARY", [])}
    return render(derive(dictionary, families, force_words), dictionary)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the data file")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUTPUT} differs from the derivation")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
