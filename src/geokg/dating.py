"""When an event happened: the date expression that belongs to its trigger.

A sentence may carry several dates: the event's own, the day it was reported
("said on Tuesday it would ..."), a duration or a background year. The event
takes the nearest one on its own clause, measured up the dependency parse and
never through another clause's verb; failing that, the date of the clause
that governs it (the decision, the report).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from geokg.model import TimeValue
from geokg.rules import lexicon
from geokg.syntax import MANNER_PREPS, SUBJECT_DEPS, host_verb
from geokg.timex import resolve

if TYPE_CHECKING:
    from geokg.extract import Context, Frame


@dataclass(frozen=True)
class SentenceIndex:
    """The sentences of a doc and their date expressions, computed once.

    spaCy's `token.sent` walks the sentence boundaries from the start of the doc
    on every call, so asking it for every trigger is quadratic in a long article.
    """

    starts: list[int]
    sentences: list[Span]
    dates: list[list[Span]]

    @classmethod
    def of(cls, doc: Doc) -> SentenceIndex:
        index = doc.user_data.get(_INDEX_KEY)
        if index is None:
            sentences = list(doc.sents)
            starts = [s.start for s in sentences]
            dates: list[list[Span]] = [[] for _ in sentences]
            for ent in doc.ents:
                if ent.label_ in DATE_LABELS:
                    dates[bisect_right(starts, ent.start) - 1].append(ent)
            index = doc.user_data[_INDEX_KEY] = cls(starts, sentences, dates)
        return index

    def number(self, token: Token) -> int:
        return bisect_right(self.starts, token.i) - 1

    def sentence(self, token: Token) -> Span:
        return self.sentences[self.number(token)]


DATE_LABELS = ("DATE", "TIME")
_INDEX_KEY = "geokg.sentence_index"


def sentence_of(token: Token) -> Span:
    """The sentence of a token, from the doc's precomputed index (see SentenceIndex)."""
    return SentenceIndex.of(token.doc).sentence(token)


def time_of(frame: Frame, ctx: Context, future: bool) -> TimeValue | None:
    """The nearest date expression on the trigger's own clause that names a date;
    failing that, the one on the clauses that govern it (a decision, its report)."""
    anchors = {frame.trigger.i}
    host = host_verb(frame.trigger)
    if host is not None:
        anchors.add(host.i)
    if frame.trigger.dep_ == "acomp":  # "is due in Italy on Saturday": the copula's date
        anchors.add(frame.trigger.head.i)
    # "the treaty that Putin and Kim signed in June": the clause that describes it
    anchors.update(c.i for c in frame.trigger.children if c.dep_ == "relcl")
    dates = SentenceIndex.of(frame.trigger.doc)
    sentence_dates = dates.dates[dates.number(frame.trigger)]
    value = _nearest_date(sentence_dates, anchors, ctx, future)
    governor = frame.trigger
    for _ in range(3):  # "said on Friday it was studying whether to place ..."
        if value is not None:
            break
        governor = _governing_verb(governor)
        if governor is None:
            break
        # the governing clause is the decision or the report, not the plan
        value = _nearest_date(sentence_dates, {governor.i}, ctx, future=False)
    return value


def _nearest_date(dates: list[Span], anchors: set[int], ctx: Context,
                  future: bool) -> TimeValue | None:
    """"held five hours of talks earlier on Friday": the duration names no date."""
    candidates = []
    for ent in dates:
        reporter = _reporting_verb_before(ent)
        distance = _distance_to(reporter or ent.root, anchors)
        if distance is not None:
            candidates.append((distance, ent.start, ent, reporter))
    for _, _, ent, reporter in sorted(candidates, key=lambda c: c[:2]):
        prep = ent.root.head.lower_ + " " if ent.root.head.dep_ == "prep" else ""
        ahead = future and not past_tense(reporter or _verb_of(ent.root))
        value = resolve(prep + ent.text, ctx.anchor, future=ahead)
        if value is not None:
            return value
    return None


def _reporting_verb_before(ent: Span) -> Token | None:
    """"The Pentagon said on Tuesday it would deploy ...": a date standing between a
    reporting verb and the subject of the clause it reports dates the report, wherever
    the parser hung it."""
    verb = _verb_of(ent.root)
    if verb is None or verb.dep_ != "ccomp":
        return None
    reporter = verb.head
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if (reporter.lemma_.lower() in lexicon()["reporting_verbs"] and subjects
            and reporter.i < ent.start and ent.end <= subjects[0].left_edge.i):
        return reporter
    return None


def _verb_of(token: Token, limit: int = 3) -> Token | None:
    """The verb a date expression hangs on ("pledged ... on Tuesday" -> pledged)."""
    node = token
    for _ in range(limit):
        if node.head is node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def past_tense(verb: Token | None, perfect: bool = True) -> bool:
    """"pledged", "was announced" (and, if `perfect`, "has agreed"): a plan made in the
    past is dated in the past ("pledged aid on Tuesday" is last Tuesday, though the aid
    is to come). The present perfect ("has repeatedly warned") narrates no one moment."""
    if verb is None:
        return False
    if verb.tag_ == "VBD":
        return True
    return any(child.dep_ in ("aux", "auxpass")
               and (child.tag_ == "VBD" or (perfect and child.lemma_ == "have"))
               for child in verb.children)


def _governing_verb(trigger: Token) -> Token | None:
    """The reporting or governing verb whose clause contains the trigger's clause
    ("retaliated on Friday by expelling ...": the gerund's governor too)."""
    node = host_verb(trigger) or trigger
    if node.dep_ in ("ccomp", "xcomp", "advcl") and node.head.pos_ in ("VERB", "AUX"):
        return node.head
    if (node.dep_ == "pcomp" and node.head.lower_ in MANNER_PREPS
            and node.head.head.pos_ == "VERB"):
        return node.head.head
    return None


def _distance_to(token: Token, anchors: set[int], limit: int = 4) -> int | None:
    """Steps up the parse from a date to an anchor, never through another clause's
    verb: "travelled to Frankfurt, and he is due in Italy on Saturday" dates the
    trip to Italy, not the one to Frankfurt."""
    node = token
    for steps in range(limit + 1):
        if node.i in anchors:
            return steps
        heads_clause = node.pos_ == "VERB" or (
            node.pos_ == "AUX" and node.dep_ not in ("aux", "auxpass"))
        if node.head.i == node.i or heads_clause and steps > 0:
            return None
        node = node.head
    return None
