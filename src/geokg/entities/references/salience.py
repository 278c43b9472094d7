"""The pronoun pass of the sieve: a pronoun denotes the most salient earlier
mention that agrees with it.

Salience follows Lee et al. (2013) and the centering tradition: the subject of a
possessive's own clause ("X imposed its broadest sanctions"), then main-clause
subjects, the latest first, over a window of sentences. Constraints: agreement in
kind, number and gender; an object pronoun never denotes its own verb's subject
("X received him"); a name inside a quotation is not who speaks after it; "it"
right after a subject that is a thing ("The truce ... It holds") is that thing,
so it names no state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Token

from geokg.entities.references.features import (
    first_person,
    inside_quote,
    kind_of,
    pronoun_features,
    words,
)
from geokg.language.memo import indices_where, lower_lemmas
from geokg.language.sentences import SentenceIndex
from geokg.language.syntax import SUBJECT_DEPS, in_main_clause, participant_phrase, phrase
from geokg.model import Linked, Mention

OBJECT_DEPS = ("dobj", "dative", "pobj")
DEFINITE = ("the", "this", "that", "these", "those")
# How many sentences back a person pronoun looks for a main-clause subject.
PERSON_WINDOW = 2


def person_antecedent(doc: Doc, pronoun: Token, people: list[tuple[int, str]],
                      genders: dict[str, str] | None = None) -> str | None:
    """The person "he", "she", "him", "her" denotes: the most recent person subject,
    (or passive agent: "was criticised by X") any in the pronoun's sentence,
    main-clause ones in the two before; never the
    subject of an object pronoun's own verb; never a name inside a quotation; of
    the pronoun's gender where the text shows the person's (`genders`)."""
    index = SentenceIndex.of(doc)
    idx = index.number(pronoun)
    window_start = index.sentences[max(0, idx - PERSON_WINDOW)].start
    own_verb = pronoun.head if pronoun.dep_ in OBJECT_DEPS else None
    features = pronoun_features(pronoun.lower_)
    wanted = features.gender if features else None
    best: tuple[int, str] | None = None
    for tok_i, key in people:
        if not (window_start <= tok_i < pronoun.i):
            continue
        if wanted and (genders or {}).get(key, wanted) != wanted:
            continue  # "she" is not the man named last
        tok = doc[tok_i]
        if first_person(tok.lower_):
            continue  # "I" in a statement is its speaker, never "he"
        if tok.dep_ in {"compound", "appos"}:
            tok = tok.head
        sentence = index.sentence(tok)
        if inside_quote(tok, sentence):
            continue  # a name inside a quotation is not who says it
        same_sentence = sentence.start == index.sentences[idx].start
        verb = _logical_subject_of(tok)
        if verb is None or own_verb is not None and verb.i == own_verb.i:
            continue
        if same_sentence or verb == sentence.root:
            best = max(best or (tok_i, key), (tok_i, key))
    return best[1] if best else None


def _not_whose(child: Token) -> bool:
    """"This visit [to X]", "talks [with Y]": a goal, partner or topic is not who
    the subject is (but "the leaders of X", "officials from Y", "forces in Z" are
    X's, Y's and Z's)."""
    return child.dep_ == "prep" and child.lower_ in words()["not_whose_preps"]


def _logical_subject_of(tok: Token) -> Token | None:
    """The verb whose (logical) subject a word is: "X said", and the agent of a
    passive, "was criticised by X"; None for any other word."""
    if tok.dep_ in SUBJECT_DEPS[:2]:
        return tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return tok.head.head
    return None


@dataclass(frozen=True)
class Subject:
    """A subject: where it is (character offset, sentence number), what it
    denotes, whether it is a thing (a noun that names no entity: "The truce") and
    whether it is the subject of a main clause."""

    char: int
    sentence: int
    keys: tuple[str, ...]
    thing: bool = False
    main: bool = True
    group: bool = False


@dataclass
class References:
    """One article's chains of states and bodies for the event passes: every
    subject with the entities it denotes (pronoun subjects resolved in turn), and
    the resolution of "it", "its", "they", "their" against them."""

    doc: Doc
    linked: Linked
    by_token: dict[int, list[Mention]]
    subjects: list[Subject] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Doc, linked: Linked, by_token: dict[int, list[Mention]]
              ) -> References:
        refs = cls(doc, linked, by_token)
        index = SentenceIndex.of(doc)
        instruments = words()["instrument_nouns"]
        subjects = sorted(i for dep in SUBJECT_DEPS for i in indices_where(doc, "DEP", dep))
        for token in (doc[i] for i in subjects):  # in text order
            main = in_main_clause(token)
            keys = refs.keys_in(phrase(token, _not_whose))
            if main and not keys:  # a clause's own subject: only its names count
                keys = refs.resolve(token) or refs.head_match(token)
            thing = not keys and token.pos_ == "NOUN" and token.tag_ == "NN" and (
                token.lemma_.lower() not in instruments)
            group = token.pos_ == "NOUN" and token.tag_ == "NNS"
            refs.subjects.append(Subject(token.idx, index.number(token), tuple(keys),
                                         thing, main, group))
        return refs

    def keys_in(self, tokens: list[Token]) -> list[str]:
        """The entities named in some words, in the order of the text."""
        found: dict[str, None] = {}
        for token in sorted(tokens, key=lambda t: t.i):
            for mention in self.by_token.get(token.i, ()):
                found.setdefault(mention.entity, None)
        return list(found)

    def kind(self, key: str) -> str:
        entity = self.linked.entities.get(key)
        return kind_of(entity.type) if entity else ""

    def resolve(self, token: Token) -> list[str]:
        """The states or bodies a pronoun denotes ([] for any other word, or when no
        earlier mention agrees)."""
        features = pronoun_features(token.lower_)
        if token.pos_ != "PRON" or features is None or "person" in features.kinds:
            return []
        kinds = features.kinds
        if token.dep_ == "poss" and (own := self._clause_subject(token, kinds)):
            return own if features.plural else own[-1:]
        if features.plural:
            return self.previous_subjects(token, kinds, groups_block=True)
        found = self.previous_subjects(token, kinds, things_block=token.dep_ != "poss")
        return found[-1:]

    def previous_subjects(self, token: Token, kinds: frozenset[str],
                          things_block: bool = False, groups_block: bool = False
                          ) -> list[str]:
        """Every entity of a kind in the latest main-clause subject before a word:
        both of "Turkey and Egypt agreed ..., their ministers said". With
        `things_block`, a thing that is the main subject of the sentence before
        ("The raid came as X pressed on. It ...") is what "it" denotes, unless a
        clause of that sentence has a subject of the kind (then that one). With
        `groups_block`, a plural noun subject of this sentence or the one before is
        what "they" denotes: its possessor or demonym ("X's rebels ... since they
        launched", "Ruritanian troops ... they") or, naming none, nothing; and a
        subject naming several people is "they" with their states ("a delegation led
        by X and Y visited ..., where they met")."""
        here = SentenceIndex.of(self.doc).number(token)
        for subject in reversed(self.subjects):
            if subject.char >= token.idx or not subject.main:
                continue
            if groups_block and subject.group and subject.sentence >= here - 1:
                return [k for k in subject.keys if self.kind(k) in kinds | {"person"}]
            if things_block and subject.thing and subject.sentence == here - 1:
                return self._clause_subjects_of(subject.sentence, kinds)
            people = [k for k in subject.keys if self.kind(k) == "person"]
            if groups_block and len(people) > 1:  # "X and Y met ... they agreed"
                return [k for k in subject.keys if self.kind(k) in kinds | {"person"}]
            keys = [k for k in subject.keys if self.kind(k) in kinds]
            if keys:
                return keys
        return []

    def head_match(self, token: Token) -> list[str]:
        """"the delegation", "the frigate": a definite description of a group, unit,
        ship or mission that names no one denotes what the latest earlier phrase
        with the same head noun named ("a Ruritanian delegation led by X and Y").
        Nothing when no earlier phrase with that head names anyone."""
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or lemma not in words()["head_match_nouns"] or not any(
                c.dep_ == "det" and c.lower_ in DEFINITE for c in token.children):
            return []
        if self.keys_in(participant_phrase(token)):
            return []
        for earlier in self._by_lemma.get(lemma, ())[::-1]:
            if earlier.i >= token.i:
                continue
            keys = self.keys_in(participant_phrase(earlier))
            if keys:
                return keys
        return []

    @cached_property
    def _by_lemma(self) -> dict[str, list[Token]]:
        """The article's nouns by lemma, in text order (one pass over the doc)."""
        found: dict[str, list[Token]] = {}
        lemmas = lower_lemmas(self.doc)
        for i in indices_where(self.doc, "POS", "NOUN"):
            found.setdefault(lemmas[i], []).append(self.doc[i])
        return found

    def _clause_subjects_of(self, sentence: int, kinds: frozenset[str]) -> list[str]:
        """The entities of a kind in the latest subordinate subject of a sentence."""
        for subject in reversed(self.subjects):
            if subject.sentence == sentence and not subject.main:
                keys = [k for k in subject.keys if self.kind(k) in kinds]
                if keys:
                    return keys
        return []

    def _clause_subject(self, token: Token, kinds: frozenset[str]) -> list[str]:
        """"after the United States imposed its broadest sanctions": a possessive
        names the subject of its own clause first, main clause or not."""
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return []
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS[:2]
                    and token not in c.subtree]
        return [k for s in subjects for k in self.keys_in(phrase(s)) if self.kind(k) in kinds]

