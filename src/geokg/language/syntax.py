"""Where things are in a dependency parse: phrases, subjects, governing verbs, slots.

Pure functions over spaCy tokens, shared by the extraction rules and the
status rules; they know English syntax, nothing about events. Slots are
named as in data/events.yaml (nsubj, dobj, agent, prep:X, host_X, ...).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from geokg.language.lexicon import lexicon
from geokg.language.memo import per_token

# Dependents that open a clause of their own: their words are not part of the
# phrase they hang from ("troops [to assist Moscow]").
CLAUSE_DEPS = {"relcl", "acl", "ccomp", "advcl", "xcomp", "parataxis", "csubj"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Slots only a nominal fills: a word the tagger calls an adjective there is a noun
# ("launch a counter-offensive" tagged "offensive/ADJ").
NOMINAL_DEPS = ("dobj", "nsubj", "nsubjpass", "pobj")


def word_class(token: Token) -> str:
    """The token's part of speech, as a noun where only a nominal can stand, and for
    the head of a title with an article ("signed a Defence Cooperation Agreement"):
    a named thing of a common kind."""
    if token.pos_ == "ADJ" and token.dep_ in NOMINAL_DEPS:
        return "NOUN"
    if token.pos_ == "PROPN" and token.dep_ in ("dobj", "nsubjpass", "pobj") and any(
            c.dep_ == "compound" for c in token.children) and any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
        return "NOUN"
    return token.pos_


def in_main_clause(token: Token) -> bool:
    """A subject of the sentence's main verb or of a verb coordinated with it:
    the referent that "it" in the next clause most likely continues."""
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT" or verb.head.i == verb.i


@per_token
def phrase(token: Token, leave_out: Callable[[Token], bool] | None = None) -> list[Token]:
    """The words of the phrase headed by `token`, without embedded clauses (nor the
    dependents `leave_out` says are not part of it, at any depth)."""
    return _phrase(token, leave_out)


def _phrase(token: Token, leave_out: Callable[[Token], bool] | None) -> list[Token]:
    words = [token]
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS or child.dep_ in ("punct", "cc"):
            continue
        if leave_out is not None and leave_out(child):
            continue
        words.extend(_phrase(child, leave_out))
    return words


# Prepositions that place a thing beside a place, not in it: "towns near Gaza".
PROXIMITY_PREPS = frozenset({"near", "outside", "around", "off", "beyond"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "around", "inside", "outside", "along"})
# Prepositions whose gerund shares the subject of the verb they hang on.
MANNER_PREPS = frozenset({"by", "after", "before", "while", "when", "through", "without"})


def beside(child: Token) -> bool:
    """"Israeli towns [near Gaza]": a place next to the thing, not the thing's."""
    return child.dep_ == "prep" and child.lower_ in PROXIMITY_PREPS


def _not_a_participant(child: Token) -> bool:
    """"his counterpart [in Singapore]" names neither Singapore nor "his"; "[Iranian-
    backed] militias" are not Iran."""
    if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
        return True
    if child.tag_ == "VBN" and child.lemma_.lower() in lexicon()["backing_participles"]:
        return True
    return (child.dep_ == "poss" and child.pos_ == "PRON"
            and child.head.lemma_.lower() in lexicon()["relational_nouns"])


def participant_phrase(token: Token) -> list[Token]:
    """The phrase without locative modifiers: "his counterpart in Singapore"
    names a counterpart, not Singapore (nor the "his")."""
    return phrase(token, _not_a_participant)


def _name_before_title(token: Token) -> list[Token]:
    """"Merz and Defence Minister Boris Pistorius attended": the parser may read the
    first name as a modifier of the second's title ("Merz" an nmod, or even an
    adjective, of "Minister", with "and Defence" hung on it); a name so placed, with
    its own "and", is a coordinate of the second name."""
    found = []
    titles = [token]
    while titles:
        title = titles.pop()
        for child in title.children:
            if child.dep_ == "compound":
                titles.append(child)
            elif (child.dep_ in ("nmod", "amod") and child.i < title.i and _name_like(child)
                  and any(c.dep_ == "cc" and c.lower_ == "and" for c in child.children)):
                found.append(child)
    return found


def _name_like(token: Token) -> bool:
    """A capitalised word that is no nationality ("French and German ministers")."""
    return token.pos_ == "PROPN" or (token.is_title and token.ent_type_ != "NORP")


def conjuncts(token: Token) -> list[Token]:
    """The token and those coordinated with it, including a serial list the parser
    read as an apposition: in "The US, Russia, and Switzerland met" it hangs
    "Russia" on "US" as an apposition and "Switzerland" on "Russia". The items
    conjoined to a name's apposition are in the list, and so is the apposition
    when it is a name; a title in apposition is not ("Jane Doe, a former judge,
    and John Roe": Doe and Roe)."""
    found = [token, *token.conjuncts]
    if token.pos_ != "PROPN":
        return found
    found += _name_before_title(token)
    for child in token.children:
        if child.dep_ != "appos":
            continue
        items = [c for c in child.conjuncts if c.pos_ == "PROPN"]
        listed = items or any(c.i > child.i for c in token.conjuncts)  # "X, Y, and Z"
        if child.pos_ == "PROPN" and listed:
            found.append(child)
        found += items
    return found


def _missed_coordination(subjects: list[Token]) -> list[Token]:
    """A verb has one subject; two names are a coordination the parser missed
    ("Minister A, a former judge, and Minister B met": "B" is read as a second
    subject). A later name joins the first when "and" lies between them; a name
    after a common noun is left, since it more often ends a list inside the noun's
    phrase ("cooperation between X, Y, and Z represents")."""
    first = subjects[0]
    doc = first.doc
    if first.pos_ != "PROPN":
        return []
    return [later for later in subjects[1:] if later.i > first.i and later.pos_ == "PROPN"
            and any(t.lower_ == "and" and t.dep_ == "cc" for t in doc[first.i: later.i])]


@per_token
def subject(token: Token) -> list[Token]:
    """The subject of a verb, looking through control ("expected to arrive")
    and relative clauses ("Japan, which has supplied")."""
    node = token
    for _ in range(4):
        # a list of coordinated verbs shares one subject however long it is
        while node.dep_ == "conj" and node.head.i != node.i and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            node = node.head
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            subject = subjects[0]
            if subject.tag_ in ("WDT", "WP") and node.dep_ == "relcl":
                return [node.head]
            return [subject, *_missed_coordination(subjects)]
        if node.dep_ == "relcl":
            return [node.head]
        if node.dep_ == "pcomp" and node.head.lower_ == "of":
            accused = [c for c in node.head.head.children if c.dep_ == "dobj"]
            if accused:
                return accused
        if (node.dep_ == "pcomp" and node.head.dep_ == "prep"
                and node.head.lower_ in MANNER_PREPS and node.head.head.pos_ == "VERB"):
            node = node.head.head  # "China retaliated by imposing sanctions"
            continue
        if node.dep_ == "xcomp" and (controller := _object_controller(node)):
            return controller
        if node.dep_ in ("xcomp", "conj", "advcl", "acomp") and node.head.i != node.i:
            node = node.head
            continue
        break
    return _adjunct_subject(token) or _stranded_subject(token)


def free_adjunct_clause(verb: Token) -> Token | None:
    """"In May, ministers used a framework set up to counter X, freezing the assets of
    16 people": a present participle after a comma, which the parser may hang on any
    noun before it, tells what the main clause's subject did; the main clause's verb."""
    doc = verb.doc
    if verb.tag_ != "VBG" or verb.dep_ not in ("acl", "advcl") or verb.i == 0 or (
            doc[verb.i - 1].text != ","):
        return None
    node = verb.head
    while node.head.i != node.i and not (
            node.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in node.children)):
        node = node.head
    return node if node.pos_ in ("VERB", "AUX") else None


def _adjunct_subject(verb: Token) -> list[Token]:
    clause = free_adjunct_clause(verb)
    return [c for c in clause.children if c.dep_ == "nsubj"] if clause is not None else []


def _object_controller(infinitive: Token) -> list[Token]:
    """"prompted X to launch", "ordered X to withdraw": the object of an
    object-control verb is who does what its infinitive says ("includes the
    deployment of troops to assist X" is no such verb: its infinitive is a purpose)."""
    verb = infinitive.head
    if verb.lemma_.lower() not in lexicon()["object_control_verbs"]:
        return []
    return [c for c in verb.children if c.dep_ == "dobj" and c.i < infinitive.i
            and c.pos_ in ("PROPN", "NOUN", "PRON")]


def _stranded_subject(verb: Token) -> list[Token]:
    """"... to Russia, South Korea's spy agency said": the parser may hang the noun
    phrase just before a subjectless verb on the clause before it (as an apposition);
    standing right before the verb, it is the verb's subject."""
    if verb.pos_ != "VERB" or verb.i == verb.sent.start:
        return []
    before = verb.doc[verb.i - 1]
    while before.is_punct and before.i > verb.sent.start:  # "..., commander of X (Y), said"
        before = verb.doc[before.i - 1]
    # climb out of a bracketed acronym and the phrase it ends ("commander of the Syrian
    # Democratic Forces (SDF)") to the apposition that holds it
    while before.head.i < before.i and (_bracketed(before) or before.dep_ in ("pobj", "prep")):
        before = before.head
    if before.dep_ == "appos" and before.pos_ == "NOUN" and before.head.pos_ == "PROPN" and (
            before.head.dep_ in ("conj", "appos")):
        before = before.head  # "Abdi, commander of ...": the name the title describes
    if (before.pos_ in ("NOUN", "PROPN") and before.dep_ in ("appos", "conj")
            and before.head.i < before.i):
        return [before]
    return []


def _bracketed(token: Token) -> bool:
    doc = token.doc
    return (token.i + 1 < len(doc) and doc[token.i + 1].text == ")"
            and token.i > 0 and doc[token.i - 1].text == "(")


@per_token
def host_verb(token: Token) -> Token | None:
    """The verb that governs a noun trigger ("launched an offensive"), looking
    through containers ("approve a package of sanctions", "held hours of talks")."""
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    while (node.dep_ == "pobj" and node.head.lower_ == "of"
           and node.head.head.pos_ in ("NOUN", "NUM")):
        node = node.head.head
    if node.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "pobj", "dative"):
        head = node.head
        if head.dep_ == "prep" and node.dep_ == "pobj":
            head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
    return None


@per_token
def subtree_indices(token: Token) -> frozenset[int]:
    """The indices of the token's subtree (the words a phrase or clause spans)."""
    return frozenset(t.i for t in token.subtree)


def prep_objects(token: Token, prep: str, depth: int = 2) -> list[Token]:
    """Objects of a preposition on the token; failing that, on its own
    prepositional objects, where the parser often hangs them ("a visit by
    X to Lima" parsed as "X to Lima")."""
    objects: list[Token] = []
    inner: list[Token] = []
    for word, found, nominal in _prep_children(token):
        if word is None:
            inner.extend(found)  # "pledged £500m [in aid to Ukraine]"
        elif word == prep:
            objects.extend(found)
        else:  # not into a clause of its own: "after meeting X in Paris"
            inner.extend(nominal)
    if not objects and depth > 0:
        for obj in inner:
            objects.extend(prep_objects(obj, prep, depth - 1))
    return objects


@per_token
def _prep_children(token: Token) -> tuple[tuple[str | None, tuple[Token, ...],
                                                tuple[Token, ...]], ...]:
    """What `prep_objects` reads of a token's children, in their order, once per token
    (every prep: role of every rule asks): (None, (object,), ()) for a direct object,
    (preposition, its objects, those of them that are no verb) for a preposition."""
    entries = []
    for child in token.children:
        if child.dep_ == "dobj":
            entries.append((None, (child,), ()))
        elif child.dep_ in ("prep", "dative", "agent"):
            found = tuple(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
            entries.append((child.lower_, found,
                            tuple(c for c in found if c.pos_ not in ("VERB", "AUX"))))
    return tuple(entries)


def _helped(clause: Token) -> list[Token]:
    """Whom a purpose clause helps: "to assist Moscow", "to help Armenia shelter
    refugees" (the subject of what it is helped to do), "to fight for Russia"."""
    objects = [g for g in clause.children if g.dep_ == "dobj"]
    doers = [g for c in clause.children if c.dep_ == "ccomp"
             for g in c.children if g.dep_ == "nsubj"]
    sides = [g for c in clause.children if c.dep_ == "prep" and c.lower_ in ("for", "alongside")
             for g in c.children if g.dep_ == "pobj"]
    return objects or doers or sides


def slot_tokens(trigger: Token, slot: str) -> list[Token]:
    """The head tokens of a modifier slot of the trigger (poss, amod, compound, self,
    prep:X, xcomp_dobj); the predicate's own roles are geokg.language.frames'."""
    if slot == "self":
        return [trigger]
    if slot == "amod":
        # "a Russian missile strike": the nation may modify the compound before the noun
        own = [c for c in trigger.children if c.dep_ == "amod"]
        return own + [g for c in trigger.children if c.dep_ == "compound"
                      for g in c.children if g.dep_ == "amod"]
    if slot.startswith("prep:"):
        return prep_objects(trigger, slot[5:])
    if slot == "xcomp_dobj":
        purpose = lexicon()["purpose_verbs"]
        clauses = [t for t in trigger.subtree if t.dep_ in ("acl", "xcomp", "advcl", "relcl")
                   and t.lemma_.lower() in purpose]
        return [g for clause in clauses for g in _helped(clause)]
    return [c for c in trigger.children if c.dep_ == slot]


def circumstance_head(noun: Token) -> Token | None:
    """What an "on/during" phrase hangs on: "President X" of "President X, on a visit
    to Riyadh, met Y", "said" of "during a trip to Z, X said"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in lexicon()["circumstance_preps"]:
        return None
    return prep.head


@per_token
def trailing_report(verb: Token) -> Token | None:
    """The reporting clause after its content that the parser hangs on the content:
    as a conjunct ("X and Y agreed to Z, their ministers announced on Monday"), with
    no "and" or "but" before it, or as parataxis ("X spoke with Y on Monday, the
    Kremlin said, without giving details"), with no content of its own. With a
    subject of its own it is the content's report, not a second act."""
    coordinated = any(c.dep_ == "cc" for c in verb.children)
    for child in verb.children:
        if (child.i > verb.i and child.lemma_.lower() in lexicon()["reporting_verbs"]
                and any(c.dep_ == "nsubj" for c in child.children)
                and (child.dep_ == "conj" and not coordinated
                     or child.dep_ == "parataxis"
                     and not any(c.dep_ in ("ccomp", "dobj") for c in child.children))):
            return child
    return None


def gapped_clauses(verb: Token) -> list[tuple[Token, Token]]:
    """"France will send troops to Romania, Italy to Bulgaria and Spain to Slovakia":
    a verb said once for several senders. The parser hangs each repeated preposition
    on the verb and each gapped subject as a conjunct of the object before it; the
    (subject, preposition) pairs of the clauses after the first are returned."""
    preps = [c for c in verb.children if c.dep_ == "prep"]
    gaps: list[tuple[Token, Token]] = []
    for before, after in zip(preps, preps[1:], strict=False):
        if before.lower_ != after.lower_:
            continue
        objects = [g for g in before.children if g.dep_ == "pobj"]
        remnants = [c for o in objects for c in o.conjuncts if c.i < after.i and c.i > o.i]
        if remnants and any(g.dep_ == "pobj" for g in after.children):
            gaps.append((remnants[-1], after))
    return gaps


def _counted(token: Token) -> bool:
    """A phrase that gives an amount: "€125 million", "125 million euros"."""
    return token.pos_ == "NUM" or any(c.dep_ in ("nummod", "quantmod") or c.pos_ == "NUM"
                                      for c in token.children)


def gapped_amounts(verb: Token) -> list[tuple[Token, list[Token]]]:
    """"A promised €100 million and B €125 million": an amount-taking verb said once
    for several givers. The parser makes the gapped subject either a conjunct of the
    verb carrying the amount ("B | €125 million") or a modifier of the second amount,
    itself a conjunct of the first ("B 125 million euros"); the (subject, amount
    words) pairs of the clauses after the first are returned."""
    gaps: list[tuple[Token, list[Token]]] = []
    for child in verb.children:
        # a name, whatever its tag ("Denmark" may be tagged a verb here)
        if child.dep_ == "conj" and child.text[:1].isupper() and child.i > verb.i:
            amounts = [c for c in child.children if c.i > child.i and _counted(c)]
            if amounts:
                gaps.append((child, [t for a in amounts for t in a.subtree]))
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        for other in obj.conjuncts:
            givers = [c for c in other.children if c.dep_ in ("compound", "nmod")
                      and c.pos_ == "PROPN" and c.i < other.i]
            if givers and other.i > obj.i and _counted(other):
                gaps.append((givers[0], [t for t in other.subtree if t.i > givers[0].i]))
    return gaps
