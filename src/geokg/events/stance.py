"""How the article holds an event: its status and whom it credits.

The nearest governing word decides the status: "said" reports, "believe" or
"blamed" alleges, "will", "plans to" or "is due to" plan, "talks covered",
"proposed" or "could" discuss, "denied" denies, an "if" clause removes the
event. The nearest speech or accusation verb above credits its subject, even
when a nearer word decided ("X failed to agree, diplomats said": discussed,
by the diplomats). A state or its leader announcing its own act asserts it; a
ministry or army reporting its state's act, and anyone denying, is credited.
A report someone contests (", a claim Caracas denied") is only alleged.
Unnamed sources ("residents said", "according to a diplomat") make an event
reported with nobody named; "officials in Seoul" are their state, unaffiliated
diplomats of an intergovernmental body that body. The words are data
(data/lexicon.yaml: reporting verbs, `according_to`, `source_nouns`,
`anonymous_sources`, `insider_sources`, `claim_nouns`); this module walks the parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from geokg.entities import gazetteer
from geokg.events.derive import SETTING_PREPS
from geokg.language.lexicon import lexicon
from geokg.language.memo import lower_lemmas, lower_words
from geokg.language.sentences import sentence_of, sentence_text
from geokg.language.syntax import host_verb, phrase, subject, trailing_report
from geokg.model import COUNTRY, ORGANIZATION, PERSON

if TYPE_CHECKING:
    from geokg.events.context import Context


CLAIMS = ("reported", "alleged", "denied")  # statuses that someone is credited with


@dataclass
class Stance:
    """How the article holds a frame: its status, who it credits, and whether to keep it."""

    status: str = "asserted"
    sources: list[str] = field(default_factory=list)
    source_how: list[str] = field(default_factory=list)  # how each source was mentioned
    keep: bool = True
    unnamed_source: str | None = None  # "officials", "residents": reported though unnamed
    owners_speak: bool = False  # "their governments said": the actors' own states


def modal_status(token: Token) -> str | None:
    """What the verb's own auxiliaries, negation and subordinator say."""
    lex = lexicon()
    deps = {(c.dep_, c.lower_) for c in token.children}
    if any(dep == "mark" and word in lex["hypothetical_marks"] for dep, word in deps):
        return "hypothetical"
    if any(dep == "neg" for dep, _ in deps) or _negated_subject(token):
        return "denied"
    if any(dep in ("aux", "auxpass") and word in ("will", "shall", "'ll") for dep, word in deps):
        return "planned"
    if _backshifted_will(token) or _due(token) or _be_to(token) or _scheduled(token):
        return "planned"
    if any(dep == "aux" and word in ("could", "might", "may", "would") for dep, word in deps):
        return "discussed"
    return None


def _scheduled(verb: Token) -> bool:
    """"X arrives in Athens Thursday", "the ministers meet on Friday": an act in the
    simple present with a day of its own is a timetable, planned (told as done, a
    present of narration has no day: "X arrives in Athens" in a headline)."""
    if verb.tag_ not in ("VBZ", "VBP") or verb.lemma_.lower() in ("be", "have"):
        return False
    days = [c for c in verb.children if c.dep_ in ("npadvmod", "tmod")]
    days += [g for c in verb.children if c.dep_ == "prep"  # "on Friday", "in Lima Friday"
             for g in c.children if g.dep_ == "pobj"]
    return any(d.ent_type_ == "DATE" for d in days)


def _shared_modal(verb: Token) -> str | None:
    """"X will open an embassy, launch a programme and deliver vaccines": a bare verb
    coordinated after the first, with no subject or auxiliary of its own, shares the
    first verb's "will" (or "could")."""
    node = verb
    while node.dep_ == "conj" and node.tag_ == "VB" and node.head.i != node.i and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in node.children):
        node = node.head
    status = modal_status(node) if node is not verb else None
    return status if status in ("planned", "discussed") else None


def _negated_subject(verb: Token) -> bool:
    """"Neither the army nor the RSF was invited", "No troops were sent", "None of the
    allies sent ships": a subject that says nobody did it negates the clause."""
    for subject_ in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
        if subject_.lower_ in ("none", "nobody", "neither", "nothing"):
            return True
        if any(c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither")
               for c in subject_.children):
            return True
    return False


def stance(trigger: Token, ctx: Context, fixed: str | None = None, joint: bool = False) -> Stance:
    """Walk from the trigger up the parse: the nearest governing word decides. A
    `joint` event (a meeting, an accord: both sides act) that one side wishes for or
    asks is that side's proposal, discussed; its own act wished for is no event."""
    result = Stance(status=fixed or "asserted")
    node = host_verb(trigger) or trigger
    own = modal_status(node) or _shared_modal(node)
    if own == "denied" and node is not trigger and (
            node.lemma_.lower() in lexicon()["feeling_verbs"]):
        own = None  # "X should not be concerned at the deployment": it happens all the same
    if own == "hypothetical" or _asked(trigger) or _conditional(node, own) or _called_off(trigger):
        return Stance(keep=False)
    if own == "denied" and not _denial_reported(node):
        # "has never imposed sanctions", "did not send troops": the article says it did
        # not happen; "denied" is kept for an event someone is reported to deny
        return Stance(keep=False)
    if own and not fixed:
        result.status = own
    decided = own is not None or fixed is not None
    clausal = trigger.pos_ != "NOUN" or _argument_of_verb(trigger)
    sourced = False  # the nearest claim-bearing verb credits; a nearer one decides the status
    settled = False  # whether a governing word (not the rule or the verb's own form) decided
    presupposed = False  # "said it froze assets a week after Washington approved aid"
    contest = _contesting_verb(sentence_of(trigger))  # "..., a claim Caracas denied"
    child = trigger
    verbs_left = 99 if clausal else 2
    while child.head.i != child.i:
        head = child.head
        if _withheld(child):
            return Stance(keep=False)
        if _governed_as(child) in ("xcomp", "ccomp") and (
                head.lemma_.lower() in lexicon()["wishing_words"]):
            if not joint or modal_status(head) == "denied":
                return Stance(keep=False)  # "wants to attack", "did not want to meet"
            if not decided:  # "wishes to speak with", "asked for talks with"
                result.status = "discussed"
                decided = settled = True
        if child.dep_ == "relcl" and not _accused(head) or _narrated_conjunct(child):
            break  # "criticism the Kremlin said it rejected": not the content of a verb above
        if verbs_left <= 0:
            # a noun's own status is settled near it; a speaker further up still
            # credits a status it settled ("said Kyiv had proposed ... a meeting")
            if settled and not sourced and not presupposed:
                _credit_speaker(child, ctx, result)
            break
        if head.pos_ in ("VERB", "AUX"):
            verbs_left -= 1
        dep = _governed_as(child)
        if dep in ("xcomp", "dobj") and not decided and (
                head.lemma_.lower() in lexicon()["continuing_verbs"]):
            decided = settled = True  # "will continue cooperating": the act goes on now
        modal = modal_status(head) if dep in ("xcomp", "ccomp", "advcl") else None
        if modal == "hypothetical" or _hypothetical_clause(child, dep):
            return Stance(keep=False)
        if modal in ("planned", "discussed") and not decided:
            result.status = modal
            decided = settled = True
        status = None if contest is not None and head.i == contest.i else _governor_status(
            child, dep, clausal, presupposed)
        if status and not decided:
            result.status = status
            decided = settled = True
        if status in CLAIMS and not sourced:
            sourced = True
            _credit_subject(result, head, ctx)
        presupposed = presupposed or _temporal(child)
        child = head
    sayer = None if sourced else trailing_report(node) or trailing_report(child)
    if sayer is not None:  # "X met Y, the Kremlin said, without giving details"
        result.status = result.status if decided else "reported"
        _credit_subject(result, sayer, ctx)
    if contest is not None and result.status == "reported":
        result.status = "alleged"  # a claim someone denies is only alleged
    # "launched a drone attack ..., according to the WHO"; a noun that only names a topic
    # ("according to X, the agenda is the alliance") is not what X is credited with
    if trigger.pos_ != "NOUN" or _acted(trigger) or trigger.dep_ == "ROOT":
        _credit_according(trigger, ctx, result)
    return result


def _undoing(verb: Token) -> bool:
    """"lift", "postpone", "call off": a verb (with its particle) that undoes or puts
    off what it governs (data/lexicon.yaml's `undoing_verbs`)."""
    lemma = verb.lemma_.lower()
    particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    return any(word == lemma if not rest else rest[0] in particles and first == lemma
               for word in lexicon()["undoing_verbs"]
               for first, *rest in [word.split()])


def _called_off(trigger: Token) -> bool:
    """"the postponed summit", "a cancelled visit": a noun its participle undoes."""
    return trigger.pos_ == "NOUN" and any(
        c.dep_ == "amod" and _undoing(c) for c in trigger.children)


def _withheld(child: Token) -> bool:
    """What the word above makes no event of: "agreed to lift sanctions", "the talks
    were postponed" (undone or put off), "asked whether ships were sent" (an open
    question), "is obliged to hand over the base" (a duty), "grants the
    rebels 30 days to disarm" (a term). The words are data/lexicon.yaml's."""
    lex = lexicon()
    head, dep = child.head, _governed_as(child)
    lemma = head.lemma_.lower()
    if dep in ("dobj", "nsubjpass", "xcomp", "pcomp") and _undoing(head):
        return True
    if dep == "xcomp" and lemma in lex["obligation_words"]:
        return True
    if any(c.dep_ == "mark" and c.lower_ in lex["question_marks"] for c in child.children):
        return lemma not in lex["discussing_words"]
    return (dep in ("acl", "relcl") and lemma in lex["deadline_nouns"]
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children))


def _contesting_verb(sentence: Span) -> Token | None:
    """", a claim Caracas denied", ", a charge the ministry rejected": a claim noun
    followed by a denial of it contests what the sentence reports; the denial is not
    a governor of the event but makes the reported claim alleged."""
    lex = lexicon()
    lemmas = lower_lemmas(sentence.doc)
    for i in range(sentence.start, sentence.end):
        if lemmas[i] not in lex["claim_nouns"]:
            continue
        noun = sentence.doc[i]
        if noun.i == sentence.start or noun.doc[noun.i - 1].lower_ not in ("a", "an", "the"):
            continue
        for verb in noun.doc[noun.i + 1:min(noun.i + 6, sentence.end)]:
            if verb.lemma_.lower() in lex["denying_verbs"] and (
                    verb.head.i == noun.i or noun.head.i == verb.i):
                return verb
    return None


def _hypothetical_clause(clause: Token, dep: str) -> bool:
    """"if troops were sent": a clause under a conditional subordinator."""
    return dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in lexicon()["hypothetical_marks"]
                                  for c in clause.children)


def _governor_status(child: Token, dep: str, clausal: bool, presupposed: bool) -> str | None:
    """What the word governing `child` makes of it: "said" reports, "accused" alleges,
    "studying whether" discusses. A noun that is only a topic is no one's claim, nor
    is an event a clause of time presupposes."""
    head = child.head
    if dep not in ("ccomp", "xcomp", "dobj", "advcl", "pobj", "prep", "conj") or (
            _noncommittal(head) or _parallel_speech(child, dep)):
        return None
    status = status_of_governor(head.lemma_.lower(), dep)
    if status == "discussed" and _adjunct(child):
        return None
    if status in ("reported", "alleged") and not clausal and not _blamed_deed(child):
        return None  # "said the sanctions were unfair": a topic, not a claim
    if status in CLAIMS and presupposed:
        return None
    return status


def _blamed_deed(child: Token) -> bool:
    """"blamed X for the attack": the deed a verb of blaming pins on someone is the
    accuser's claim, though told as a noun."""
    return (child.dep_ == "prep" and child.lower_ in ("for", "of")
            and child.head.lemma_.lower() in lexicon()["blaming_verbs"])


def _credit_according(trigger: Token, ctx: Context, result: Stance) -> None:
    """A sourcing phrase credits its object as well: "according to X" alone makes the
    event reported, and "Reuters reported, citing the army" credits both."""
    according, unnamed = according_to(sentence_of(trigger), ctx)
    if not (according or unnamed):
        return
    if result.sources:
        added = [k for k in according if k not in result.sources]
        result.sources = result.sources + added
        result.source_how = result.source_how + ["according"] * len(added)
        return
    result.sources = according
    result.source_how = ["according"]
    result.unnamed_source = unnamed
    if result.status == "asserted":
        result.status = "reported"


def _governed_as(child: Token) -> str:
    """"proposed another round of talks, as well as a meeting": a noun the parser
    coordinated with a verb is that verb's second object."""
    if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN") and child.head.pos_ == "VERB":
        return "dobj"
    return child.dep_


def _credit_speaker(node: Token, ctx: Context, result: Stance) -> None:
    """The subject of the first speech verb that carries the clause of `node`."""
    while node.head.i != node.i and node.dep_ in ("ccomp", "conj", "xcomp"):
        head = node.head
        if node.dep_ == "ccomp" and head.lemma_.lower() in lexicon()["reporting_verbs"]:
            _credit_subject(result, head, ctx)
            return
        node = head


def _credit_subject(result: Stance, verb: Token, ctx: Context) -> None:
    """The subject of a claim-bearing verb is whom the claim is credited to; a subject
    headed by a source noun ("officials", "residents", "the military") sources the
    claim even when it names no one, and a named one is credited to its state."""
    lex = lexicon()
    subjects = source_chain(verb)
    words = [w for s in subjects for w in phrase(s, _tie_of(lex["relation_nouns"]))]
    result.sources = ctx.places_as_states(ctx.keys_in(words))
    result.source_how = [m.how for m in ctx.mentions_in(words)]
    if any(s.lemma_.lower() in lex["anonymous_sources"] for s in subjects):
        result.source_how = ["demonym"]  # "a source in Kyiv": anonymous
    result.unnamed_source = _source_noun(subjects)
    result.owners_speak = not result.sources and result.unnamed_source is not None and any(
        c.dep_ == "poss" and c.pos_ == "PRON" for s in subjects for c in s.children)


def _tie_of(relations: frozenset[str]):
    """What to leave out of a sayer's phrase: whose ally or critic the sayer is
    ("an ally of X said": X does not speak)."""
    return lambda t: t.dep_ == "prep" and t.head.lemma_.lower() in relations


def source_chain(verb: Token) -> list[Token]:
    """Who speaks through a claim-bearing verb, following the reporting constructions
    that pass the word on: the author of a document that "said" (", a statement
    released by the interior ministry said", "a statement from X said") and the one
    a report quotes ("the X news agency quoted Y as saying": Y)."""
    subjects = subject(verb)
    if not subjects and verb.dep_ == "pcomp" and verb.head.lower_ == "as" \
            and verb.head.head.lemma_.lower() in lexicon()["quoting_verbs"]:
        subjects = [c for c in verb.head.head.children if c.dep_ == "dobj"]
    found = []
    for noun in subjects:
        authors = ([g for c in noun.children if c.dep_ == "acl"
                    for a in c.children if a.dep_ == "agent"
                    for g in a.children if g.dep_ == "pobj"]
                   + [g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                      for g in c.children if g.dep_ == "pobj"])
        documents = lexicon()["source_documents"]
        found += authors if authors and noun.lemma_.lower() in documents else [noun]
    return found


def _accused(noun: Token) -> bool:
    """"Iran blamed Israel, which has not admitted the attack": a relative clause on
    the accused describes what the accuser alleges; any other relative clause only
    describes its noun, and the verbs above do not govern it."""
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in lexicon()["alleging_verbs"]


def _narrated_conjunct(clause: Token) -> bool:
    """"demanded that Washington stop arming the island, and earlier this month it
    imposed penalties": a past-tense clause with a subject of its own, coordinated with
    a bare-verb complement, cannot be part of the demand; the narrator tells it."""
    return (clause.dep_ == "conj" and clause.tag_ == "VBD" and clause.head.tag_ in ("VB", "VBP")
            and any(c.dep_ == "nsubj" for c in clause.children))


def _parallel_speech(child: Token, dep: str) -> bool:
    """"Moscow denied aiming at civilians, and its ministry said ...", "denied it,
    telling reporters ...": two speech acts side by side; neither is the other's content."""
    lex = lexicon()
    speech = lex["reporting_verbs"] | lex["denying_verbs"] | lex["alleging_verbs"]
    return (dep in ("conj", "advcl") and child.lemma_.lower() in speech
            and child.head.lemma_.lower() in speech)


def _noncommittal(verb: Token) -> bool:
    """"has neither confirmed nor denied", "did not confirm or deny": a speech or
    denial verb coordinated under a negation takes no stance at all."""
    first = verb.head if verb.dep_ == "conj" else verb
    if not any(c.dep_ == "conj" for c in first.children):
        return False
    return any(c.dep_ == "neg" or (c.dep_ == "preconj" and c.lower_ == "neither")
               for c in first.children)


def _temporal(clause: Token) -> bool:
    """"a week after Washington approved aid": a clause of time presupposes its event,
    so a speaker above dates by it but is not credited with it."""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in lexicon()["temporal_marks"] for c in clause.children)


def _adjunct(child: Token) -> bool:
    """"discussed Ukraine in a phone call": a prepositional phrase of place, time or
    means says where something was discussed, not what; "called it terror as he sat
    down for talks": a clause of time neither. Their events took place."""
    lex = lexicon()
    if child.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in lex["temporal_marks"] for c in child.children)
    return child.dep_ == "prep" and child.lower_ not in lex["topic_preps"]


def _asked(trigger: Token) -> bool:
    """"Would the campaign be followed by a ground incursion?": a question the
    article asks, not a quotation, asserts nothing."""
    text = sentence_text(trigger)
    return text.rstrip().endswith("?") and not text.lstrip().startswith(
        ("\u201c", '"'))


def _conditional(verb: Token, own: str | None) -> bool:
    """"would not send peacekeepers unless asked", "could meet only once a deal was
    ready": a main clause whose happening hangs on a condition is no event."""
    lex = lexicon()
    for clause in verb.children:
        if clause.dep_ != "advcl":
            continue
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
        if marks & lex["hypothetical_marks"]:
            return True
        if marks & lex["conditional_marks"] and own in ("planned", "discussed"):
            return True
    return False


def _denial_reported(verb: Token) -> bool:
    """A negated clause that a reporting verb carries is that speaker's denial
    ("X said its troops had not crossed the border")."""
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in lexicon()["reporting_verbs"]


def _acted(noun: Token) -> bool:
    """A noun trigger that a full verb carries out ("launched an attack"), not a copula."""
    host = host_verb(noun)
    return host is not None and host.pos_ == "VERB"


def _argument_of_verb(noun: Token) -> bool:
    """"Israel carried out a strike, officials said", "air strikes killed 19": a noun
    that is the object or subject of its clause's verb is that clause's claim, as a
    verb would be; one in an adjunct ("as part of a pact") is only named in passing."""
    node = noun
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ in SETTING_PREPS and (
            node.head.head.lemma_.lower() in lexicon()["toll_verbs"]):
        return True  # "officials said 75 people had been killed in fighting": its claim
    return node.dep_ in ("dobj", "nsubj", "nsubjpass") and node.head.pos_ == "VERB"


def _due(verb: Token) -> bool:
    """"is due in Lima on Saturday to meet ...", "is set to sign": a copula whose
    complement is a planning adjective announces what follows."""
    return verb.lemma_ == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in
                                       lexicon()["planning_words"] for c in verb.children)


def _be_to(verb: Token) -> bool:
    """"The minister is to meet X on Wednesday", "the troops are to leave": "be" with a
    to-infinitive of its own (no predicate noun or adjective) announces a plan."""
    return (verb.lemma_ == "be" and not any(c.dep_ in ("attr", "acomp") for c in verb.children)
            and any(c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to"
                                              for a in c.children) for c in verb.children))


def _backshifted_will(verb: Token) -> bool:
    """"The Pentagon said it would deploy 2,000 troops": reported speech turns "will"
    into "would", so under a reporting verb "would" announces a plan."""
    return (verb.dep_ == "ccomp" and verb.head.lemma_.lower() in lexicon()["reporting_verbs"]
            and any(c.dep_ == "aux" and c.lower_ == "would" for c in verb.children))


def status_of_governor(lemma: str, dep: str) -> str | None:
    lex = lexicon()
    if lemma in lex["denying_verbs"]:
        return "denied"
    if lemma in lex["alleging_verbs"]:
        return "alleged"
    if lemma in lex["reporting_verbs"] and dep in ("ccomp", "conj"):
        return "reported"
    if lemma in lex["planning_words"] and dep in ("xcomp", "ccomp"):
        return "planned"
    if lemma in lex["commitment_verbs"] and dep in ("dobj", "prep", "pobj"):
        return "planned"
    if lemma in lex["discussing_words"] and dep in ("dobj", "xcomp", "ccomp", "pobj", "prep",
                                                    "advcl"):
        return "discussed"
    return None


def according_to(sentence: Span, ctx: Context) -> tuple[list[str], str | None]:
    """Who a sourcing phrase credits: "according to X", "citing X", "per X", "as
    reported by X" (the phrases are data/lexicon.yaml's `according_to`), and whether
    X is a source noun that names no one ("according to a diplomat")."""
    lex = lexicon()
    words = lower_words(sentence.doc)[sentence.start:sentence.end]
    for phrase_ in sorted(lex["according_to"], key=len, reverse=True):
        wanted = tuple(phrase_.split())
        if wanted and wanted[0] not in words:
            continue
        for i in range(len(words) - len(wanted) + 1):
            if words[i:i + len(wanted)] != wanted:
                continue
            last = sentence[i + len(wanted) - 1]
            objects = [c for c in last.children if c.dep_ in ("pobj", "dobj")] or [
                g for c in last.children if c.dep_ in ("prep", "agent")
                for g in c.children if g.dep_ == "pobj"]
            keys = [k for o in objects for k in ctx.keys_in(phrase(o))]
            unnamed = _source_noun(objects)
            if keys or unnamed:
                return ctx.places_as_states(keys), unnamed
    return [], None


def _source_noun(heads: list[Token]) -> str | None:
    """The source noun heading a sayer ("residents", "the military", "a diplomat
    briefed on the talks", "an ally of X"): the claim is sourced though no one is named."""
    lex = lexicon()
    nouns = lex["anonymous_sources"] | lex["source_nouns"] | lex["relation_nouns"]
    return next((word for h in heads for word in (h.lemma_.lower(), h.lower_)
                 if word in nouns), None)  # "media", whose lemma the parser makes "medium"


def anonymous(hows: list[str]) -> bool:
    """Sources named only by nationality ("Ukrainian officials") are not the actor speaking."""
    return bool(hows) and all(h in ("demonym", "according") for h in hows)


def credited(how: Stance, actors: list[str], ctx: Context) -> list[str]:
    """Whom the article credits for an event: its sources, less the actors themselves
    and a state or leader announcing its own act; a ministry or military reporting
    its state's act ("the army said its jets struck") stays credited, and a denial is
    always its denier's, the actor's own included."""
    if how.unnamed_source in lexicon()["insider_sources"] and not how.sources:
        # "the bloc's ambassadors failed to agree, diplomats said": unaffiliated
        # insiders of an organisation's own proceedings are that organisation's
        return [a for a in actors if _intergovernmental(a, ctx)][:1]
    if how.owners_speak:  # "the two sides clashed, their governments said"
        return list(dict.fromkeys(s for a in actors if (s := ctx.country_of(a))))
    if anonymous(how.source_how) or how.status == "denied":
        return how.sources  # "Moscow denied aiming at civilians": a denial is its denier's
    return [s for s in how.sources if not _own_voice(ctx, s, actors)]


def _intergovernmental(key: str, ctx: Context) -> bool:
    """A body of states (the EU, NATO, the UN): an organisation of no one country
    that is no armed group."""
    entity = ctx.linked.entities.get(key)
    return (entity is not None and entity.type == ORGANIZATION and not entity.country
            and key not in gazetteer.load().armed_groups)


def _own_voice(ctx: Context, source: str, actors: list[str]) -> bool:
    """"China said it was freezing", "Kenya will send police, its president said": the
    state, or a person speaking for it, announces an act that is its state's alone.
    A state's body is credited even for its own act ("the army said its troops
    killed"); a movement or bloc announcing its own act speaks like a state."""
    if source in actors:
        return ctx.kind(source) in (COUNTRY, PERSON) or ctx.country_of(source) is None
    if ctx.kind(source) not in (COUNTRY, PERSON):
        return False
    state = ctx.country_of(source)
    return state is not None and {ctx.country_of(a) for a in actors} == {state}
