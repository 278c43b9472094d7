"""When an event happened: the date expression that belongs to its trigger.

A sentence may carry several dates: the event's own, the day it was reported
("said on Tuesday it would ..."), a duration or a background year. The event
takes the nearest one on its own clause, measured up the dependency parse and
never through another clause's verb; failing that, the date of the clause
that governs it (the decision, the report).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from geokg.events.rules import event_types
from geokg.language.lexicon import lexicon
from geokg.language.quantity import ordinal
from geokg.language.sentences import DateExpr, SentenceIndex, opens_quote, sentence_of
from geokg.language.syntax import (
    MANNER_PREPS,
    SUBJECT_DEPS,
    circumstance_head,
    free_adjunct_clause,
    host_verb,
    trailing_report,
)
from geokg.language.timex import deictic, measure_nouns, period_preps, resolve, time_nouns
from geokg.model import TimeValue

if TYPE_CHECKING:
    from geokg.events.context import Context
    from geokg.events.rules import Frame


_STORY_KEY = "geokg.story_days"

def time_of(frame: Frame, ctx: Context, status: str) -> TimeValue | None:
    """The nearest date expression on the trigger's own clause that names a date;
    failing that, the one on the clauses that govern it (a decision, its report).
    A remark told in the past without either was made on the day the story has
    reached: dated here, before merging, so that one speaker's remarks on two
    days stay two statements."""
    value = _own_time(frame, ctx, future=status == "planned")
    verb = host_verb(frame.trigger) or frame.trigger
    if value is not None:
        return _started(frame.trigger, value)
    if (frame.rule.speaker and status in ("asserted", "reported")
            and past_tense(verb, perfect=False) and _main_line(verb)):
        return reference_day(frame.trigger, ctx)
    if status == "asserted" and event_types()[frame.rule.type].host_state and _told_as_now(verb):
        return publication_day(verb, ctx)  # "she is currently in China": a stay today
    if status == "planned" and frame.rule.type in DECIDED_TYPES:
        decision = _governing_verb(frame.trigger)
        if decision is not None and past_tense(decision, perfect=False) and _main_line(decision):
            return reference_day(decision, ctx)  # "the four agreed to expand exercises"
        if (plan := _present_plan(verb)) is not None:
            return publication_day(plan, ctx)  # "X and Y plan to hold drills"
        if _announced_will(verb):  # "The United States will deliver vaccines": as of the
            return reference_day(verb, ctx) or publication_day(verb, ctx)  # story's day
    return None


def _started(trigger: Token, value: TimeValue) -> TimeValue:
    """"as the offensive reached its fifth day" on Saturday: an act told by how far it
    has gone began that many days before (the Tuesday); "entered its third week" gives
    the month it began in when those days lie in one month. The act is dated by its
    start."""
    head = trigger.head
    if (trigger.dep_ not in ("nsubj", "nsubjpass") or value.precision != "day"
            or head.lemma_.lower() not in lexicon()["progress_verbs"]):
        return value
    for stage in head.children:
        unit = stage.lemma_.lower()
        rank = next((n for c in stage.children if c.dep_ == "amod" and (n := ordinal(c.text))),
                    None)
        if stage.dep_ != "dobj" or unit not in ("day", "week") or not rank:
            continue
        if unit == "day":
            return _shifted(value, 1 - rank, value.text, value.start or 0)
        latest = _shifted(value, 7 * (1 - rank), value.text, value.start or 0)
        earliest = _shifted(value, 7 * (1 - rank) - 6, value.text, value.start or 0)
        if latest.iso[:7] == earliest.iso[:7]:
            return replace(latest, iso=latest.iso[:7], precision="month")
        return value
    return value


def _announced_will(verb: Token) -> bool:
    """The main clause (or a verb coordinated with it) tells what someone will do, with
    no day of its own: the plan stands announced on the day the story has reached."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT" and any(
        c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in verb.children)


def _told_as_now(verb: Token) -> bool:
    """"is currently in China", "is now in Kyiv": a present state at the moment of
    telling."""
    return verb.tag_ in ("VBZ", "VBP") and any(
        c.dep_ == "advmod" and c.lower_ in lexicon()["present_adverbs"] for c in verb.children)


def _present_plan(verb: Token) -> Token | None:
    """"X and Y plan to hold drills": the main clause states a plan in the present, so
    the plan stands decided on the day the story is published. (The parser often
    takes such a "plan" for a noun with a subject.)"""
    head = verb.head
    if verb.dep_ != "xcomp" or head.dep_ != "ROOT" or not any(
            c.dep_ == "nsubj" for c in head.children):
        return None
    present = head.tag_ in ("VBP", "VBZ") or head.tag_ == "NN"
    return head if present and head.lemma_.lower() in lexicon()["planning_words"] else None


def publication_day(token: Token, ctx: Context) -> TimeValue | None:
    """The day the article was published, for what it tells as of that day: past acts
    before it names any day ("X had a telephone conversation with Y" in a readout), a
    plan stated in the present. Not for an act whose own sentence times it some other
    way ("on the same day that ...")."""
    anchor = ctx.anchor
    index = SentenceIndex.of(token.doc)
    if anchor is None or anchor.inferred or anchor.year_only or any(
            _distance_to(expr.span.root, {token.i}) is not None
            for expr in index.dates[index.number(token)]):
        return None
    return TimeValue(anchor.day.isoformat(), "day", "", from_published=True)


# Plans dated by the day they were decided when they name no day of their own
DECIDED_TYPES = ("Meeting", "Visit", "Agreement", "Aid", "Cooperation")


def circumstance_verb(noun: Token) -> list[Token]:
    """The verb whose act happens "on/during" the noun's event: "met" of "X, on a
    visit to Riyadh, met Y" (the phrase on the verb or on its subject)."""
    holder = circumstance_head(noun)
    if holder is None:
        return []
    if holder.pos_ in ("NOUN", "PROPN") and holder.dep_ in ("nsubj", "nsubjpass"):
        holder = holder.head
    return [holder] if holder.pos_ in ("VERB", "AUX") else []


def _main_line(verb: Token) -> bool:
    """The sentence's main verb or one coordinated with it ("what he called X"
    inside another remark is dated with that remark)."""
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ == "ROOT"


def _own_time(frame: Frame, ctx: Context, future: bool) -> TimeValue | None:
    anchors = {frame.trigger.i}
    host = host_verb(frame.trigger)
    if host is not None:
        anchors.add(host.i)
    if frame.trigger.dep_ == "acomp":  # "is due in Italy on Saturday": the copula's date
        anchors.add(frame.trigger.head.i)
    # "the treaty that Putin and Kim signed in June": the clause that describes it
    anchors.update(c.i for c in frame.trigger.children if c.dep_ == "relcl")
    # "X, on a visit to Riyadh, met Y on Wednesday": the act it is the circumstance of
    anchors.update(t.i for t in circumstance_verb(frame.trigger))
    # "On Monday ministers used a framework ..., freezing the assets of 16 people": a
    # free participle tells the main clause's act, at its time
    if (main := free_adjunct_clause(host or frame.trigger)) is not None:
        anchors.add(main.i)
    # "began the assault to reclaim the hotel on Saturday": the purpose is the act
    if host is not None and frame.trigger.dep_ == "dobj" and (
            host.lemma_.lower() in lexicon()["starting_verbs"]):
        anchors.update(c.i for c in host.children if c.dep_ in ("xcomp", "advcl")
                       and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))
    # "condemned the attack as he sat down for talks on Wednesday": the same moment
    clause = host or frame.trigger
    clauses = [clause] + [c for c in clause.children if c.dep_ in ("ccomp", "xcomp")]
    anchors.update(c.i for v in clauses for c in v.children
                   if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in SIMULTANEOUS_MARKS
                                                for m in c.children))
    index = SentenceIndex.of(frame.trigger.doc)
    dates = index.dates[index.number(frame.trigger)]
    value = _linked_date(dates, anchors, ctx) or _nearest_date(dates, anchors, ctx, future)
    governor = frame.trigger
    for _ in range(3):  # "said on Friday it was studying whether to place ..."
        if value is not None:
            break
        governor = _governing_verb(governor)
        if governor is None:
            break
        # the governing clause is the decision or the report, not the plan
        value = _nearest_date(dates, {governor.i}, ctx, future=False)
    return value


def _linked_date(dates: list[DateExpr], anchors: set[int], ctx: Context) -> TimeValue | None:
    """"voted on May 3, two days after the minister flew in", "came a week after
    the raid": an event inside the clause or phrase that "N days after/before"
    links is dated from the linking clause, N days back (after) or on (before)."""
    for expr in dates:
        story = expr.story
        if story is None or story.counts_from == "story":
            continue
        link = next((t for t in expr.span if t.lower_ == story.counts_from), None)
        if link is None:
            continue
        if link.dep_ == "mark" and _within(link.head, anchors):
            main = link.head.head
        elif link.dep_ == "prep" and any(_within(c, anchors) for c in link.children
                                         if c.dep_ == "pobj"):
            main = link.head
        else:
            continue
        others = [d for d in dates if d is not expr]
        base = (_nearest_date(others, {main.i}, ctx, future=False)
                or reference_day(expr.span[0], ctx, main_line=False))
        if base is not None and base.precision == "day":
            days = -story.days if story.counts_from == "after" else story.days
            return _shifted(base, days, story.text, expr.span.start_char)
    return None


def own_time_clause(token: Token) -> bool:
    """The token's clause is timed against another ("after the US imposed
    sanctions", "on the same day that X signed"): the story's day is not its day."""
    node = host_verb(token) or token
    if any(c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKS for c in node.children):
        return True
    return node.dep_ == "relcl" and node.head.lemma_.lower() in time_nouns()


def _within(linked: Token, anchors: set[int]) -> bool:
    """The event is the linked clause or phrase, or told inside it ("three weeks
    after a confrontation at the shoal, where boats were rammed")."""
    return any(t.i in anchors for t in linked.subtree)


def _nearest_date(dates: list[DateExpr], anchors: set[int], ctx: Context,
                  future: bool) -> TimeValue | None:
    """"held five hours of talks earlier on Friday": the duration names no date."""
    candidates = []
    for expr in dates:
        ent = expr.span
        reporter = _reporting_verb_before(ent) if expr.story is None else None
        distance = _distance_to(reporter or ent.root, anchors)
        if distance is not None:
            candidates.append((distance, ent.start, expr, reporter))
    for _, _, expr, reporter in sorted(candidates, key=lambda c: c[:2]):
        if expr.story is not None:
            value = _story_date(expr, ctx)
        else:
            value = _named_date(expr.span, ctx, future, reporter)
        if value is not None:
            return value
    return None


def _named_date(ent: Span, ctx: Context, future: bool,
                reporter: Token | None = None) -> TimeValue | None:
    head = ent.root.head
    if head.dep_ == "prep" and head.lower_ in period_preps("period_start") and head.head.pos_ in (
            "NOUN", "PROPN"):
        return None  # "his first trip abroad since 2019" dates the trip before
    prep = head.lower_ + " " if head.dep_ == "prep" else ""
    verb = reporter or _verb_of(ent.root)
    ahead = (future and not past_tense(verb)) or (
        reporter is None and looks_ahead(_adverbial_of(ent.root)))
    value = resolve(prep + ent.text, ctx.anchor, future=ahead)
    return replace(value, start=ent.start_char) if value else None


def _story_date(expr: DateExpr, ctx: Context) -> TimeValue | None:
    """"the following day": the story's reference day, moved by the phrase; a
    bare "the day after" or "hours before" with nothing linked counts the same way."""
    story = expr.story
    assert story is not None
    base = reference_day(expr.span[0], ctx, main_line=False)
    if base is None:
        return None
    days = -story.days if story.counts_from == "before" else story.days
    return _shifted(base, days, story.text, expr.span.start_char)


def _shifted(base: TimeValue, days: int, text: str, start: int) -> TimeValue:
    """The date `days` after `base`, read from `text` at `start`, counting from it."""
    value = date.fromisoformat(base.iso) + timedelta(days=days)
    return TimeValue(value.isoformat(), "day", text, base.year_inferred,
                     relative_to=base.relative_to or base.text, start=start,
                     anchor_start=base.start, from_published=base.from_published)


def reference_day(token: Token, ctx: Context, main_line: bool = True) -> TimeValue | None:
    """The story's reference day before a token: the day of the latest past,
    day-precise date the article has named before it (relative phrases counted
    in turn), which is when a narrated act without a date of its own happened.

    Only the main line of the story counts for that: a date in a relative
    clause is background ("the package, which envoys approved last Wednesday"),
    unless it is in the act's own sentence ("Power, who travelled to the border
    on Tuesday, announced aid": the scene). A phrase that points back ("that
    night", "a day later") points at the latest day named in any clause, so it
    passes `main_line=False`."""
    days = _story_days(token.doc, ctx)
    latest = days.latest(days.every, token.idx)
    if not main_line:
        return latest[1] if latest else None
    on_main_line = days.latest(days.main_line, token.idx)
    if latest and latest[0] >= sentence_of(token).start_char:
        return latest[1]
    return on_main_line[1] if on_main_line else None


@dataclass
class StoryDays:
    """The past days an article names, in text order: (offset, day) for every
    clause and for the main line only, searched by bisection."""

    every: list[tuple[int, TimeValue]]
    main_line: list[tuple[int, TimeValue]]

    @staticmethod
    def latest(days: list[tuple[int, TimeValue]], before: int) -> tuple[int, TimeValue] | None:
        at = bisect_left(days, before, key=lambda d: d[0])
        return days[at - 1] if at else None


def _story_days(doc: Doc, ctx: Context) -> StoryDays:
    cached = doc.user_data.get(_STORY_KEY)
    if cached is not None and cached[0] == ctx.anchor:
        return cached[1]
    days = StoryDays([], [])
    # cached before it is filled: each relative phrase counts from the days before it
    doc.user_data[_STORY_KEY] = (ctx.anchor, days)
    if ctx.anchor is None:
        return days
    closing = period_preps("period_start") | period_preps("period_end")
    for sentence_dates in SentenceIndex.of(doc).dates:
        for expr in sentence_dates:
            if deictic(expr.span.text) and _quoted(expr.span[0]):
                continue  # "'Today we made a big step,' she said": the speaker's day
            if expr.story is not None:
                value = _story_date(expr, ctx) if expr.story.counts_from == "story" else None
            elif expr.span.root.head.lower_ in closing:
                value = None
            else:
                value = _named_date(expr.span, ctx, future=False)
            if (value is not None and value.precision == "day"
                    and value.iso <= ctx.anchor.day.isoformat()):
                days.every.append((expr.span.start_char, value))
                if not _describes(expr.span.root):
                    days.main_line.append((expr.span.start_char, value))
    return days


def _quoted(token: Token) -> bool:
    """The word stands inside a quotation opened before it in its paragraph (a quote
    may run over several sentences)."""
    text = token.doc.text
    return opens_quote(text[text.rfind("\n\n", 0, token.idx) + 1:token.idx])


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


def _describes(token: Token) -> bool:
    """A date inside a relative clause ("the region, where forces launched an
    offensive on August 6", "the package, which envoys approved last Wednesday")
    is background to the thing named, not the day the main line of the story has
    reached. So is a day that only names a thing ("Tuesday's raid", "Until
    Friday's attacks", "informed him about the results of the summit on May 3"):
    the thing is referred to, no act is narrated on that day."""
    if (token.dep_ in ("poss", "compound") and token.head.pos_ in ("NOUN", "PROPN")
            and token.head.lemma_.lower() not in time_nouns()):  # not "Monday evening"
        return True
    prep, noun = token.head, token.head.head
    if (token.dep_ == "pobj" and prep.dep_ == "prep" and noun.pos_ == "NOUN"
            and noun.dep_ == "pobj" and noun.head.lower_ in lexicon()["topic_preps"]):
        return True  # "told him about the results of the summit on May 3"
    node = token
    while node.head.i != node.i:
        if node.dep_ == "relcl" or (node.dep_ == "advcl" and _opening(node).tag_ in RELATIVES):
            return True
        node = node.head
    return False


def _opening(clause: Token) -> Token:
    return next(t for t in clause.subtree if not t.is_punct)


# "which", "whose" opening a clause the parser hung as adverbial: still relative
RELATIVES = ("WDT", "WP$")


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


def _adverbial_of(token: Token) -> Token | None:
    """The verb (or predicate adjective) a date is an adverbial of: "meet Friday",
    "meet on Friday", "due in Oslo on Friday"; None for a date that describes a noun
    ("Monday's deal builds on ...")."""
    head = token.head
    if head.dep_ == "prep" and token.dep_ == "pobj":
        head = head.head
    return head if head.pos_ in ("VERB", "AUX", "ADJ") and head.i != token.i else None


def looks_ahead(verb: Token | None) -> bool:
    """The clause a date hangs on tells what is still to come, so a weekday or month
    named without a year is the next one, whatever the event's status: "will meet
    Friday", "is to meet with X on Wednesday", "was expected in Lima early Thursday",
    "agreed to meet on Friday", "arrives here Wednesday", "is meeting Friday" (news
    tells a day's acts in the past: its present with a day is a timetable)."""
    if verb is None:
        return False
    plans = lexicon()["planning_words"]
    children = list(verb.children)
    if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in children):
        return True
    if verb.lemma_.lower() in plans and verb.tag_ in ("VBN", "JJ"):
        return True  # "was expected in Lima", "is due in Oslo"
    if (verb.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
            and (verb.head.lemma_ == "be" or verb.head.lemma_.lower() in plans)):
        return True  # "is to meet", "plans to visit", "is expected to arrive"
    if verb.lemma_.lower() in lexicon()["reporting_verbs"] or past_tense(verb):
        return False
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP")
                                      for c in children)


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
    if any(c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKS for c in node.children):
        return None  # "scrambling on Tuesday after the US imposed sanctions": not Tuesday
    if (report := trailing_report(node)) is not None:
        return report  # "X and Y agreed to Z, their ministers announced on Monday"
    if node.dep_ == "conj" and node.head.pos_ == "VERB":
        return node.head  # "received him on Monday and described the strikes"
    if node.dep_ in ("ccomp", "xcomp", "advcl") and node.head.pos_ in ("VERB", "AUX"):
        return node.head
    if (node.dep_ == "pcomp" and node.head.lower_ in MANNER_PREPS
            and node.head.head.pos_ == "VERB"):
        return node.head.head
    return None


# a clause these open happens at the time of the clause it hangs on
SIMULTANEOUS_MARKS = ("as", "while", "when")
# a clause these open happened at another time than the clause it hangs on
SEQUENCE_MARKS = ("after", "before", "since", "until", "once")


def _distance_to(token: Token, anchors: set[int], limit: int = 4) -> int | None:
    """Steps up the parse from a date to an anchor, never through another clause's
    verb: "travelled to Frankfurt, and he is due in Italy on Saturday" dates the
    trip to Italy, not the one to Frankfurt. Nor through the point a measured
    interval counts from: "71 days before the handover in July" dates the handover;
    nor out of a noun phrase set beside the clause ("..., a figure equal to the
    numbers before 1994"), which describes something else."""
    node = token
    for steps in range(limit + 1):
        if node.i in anchors:
            return steps
        heads_clause = node.pos_ == "VERB" or (
            node.pos_ == "AUX" and node.dep_ not in ("aux", "auxpass"))
        if node.head.i == node.i or heads_clause and steps > 0 or _counted_from(node) or (
                steps > 0 and node.dep_ in ("appos", "npadvmod") and node.pos_ == "NOUN"
                and node.lemma_.lower() not in measure_nouns()):
            return None
        node = node.head
    return None


def _counted_from(node: Token) -> bool:
    """"two weeks after the summit", "71 days before the handover": the noun an
    interval is measured from, a happening with its own date."""
    prep = node.head
    return node.dep_ == "pobj" and prep.lower_ in SEQUENCE_MARKS and any(
        c.dep_ == "npadvmod" for c in prep.children)
