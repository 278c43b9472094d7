"""Predicate–argument frames: who does what to whom, read once from the parse.

English says one thing many ways: "Y received X", "X was received by Y",
"Y's reception of X", "the delegation Y received", "X agreed to pull back";
"launched an attack on X" and "attacked X". This module normalises voice,
control, coordination, relative and participial clauses, phrasal verbs and
light (support) verbs once, so that event rules (data/events.yaml) name
semantic roles — agent, patient, recipient, prep:X — and never dependency
labels. It knows English syntax and nothing about event types.

Roles of a predicate:
  agent      the doer: active subject, passive "by" phrase, controller of an
             infinitive, antecedent of a relative clause, subject of the support
             verb of a noun ("Russia launched an attack": attack's agent)
  patient    what is acted on: active object, passive subject, antecedent of
             a passive participle ("helicopters sent to stop the convoy"), the
             object a support verb shares with its noun ("took action against")
  recipient  the indirect object ("sold Hungary four jets")
  prep:X     objects of preposition X on the predicate, or on its support verb
  poss, amod, compound, self   as before: modifiers of a noun predicate
"""

from __future__ import annotations

from spacy.tokens import Token

from geokg.language.lexicon import lexicon
from geokg.language.memo import per_token
from geokg.language.syntax import (
    circumstance_head,
    host_verb,
    prep_objects,
    slot_tokens,
    subject,
    subtree_indices,
    word_class,
)

# Particles and adverbs that make a phrasal verb of their verb: "signed off on",
# "sat down with", "took over", "touched down at", "pulled off".
PARTICLE_DEPS = ("prt", "advmod")


@per_token
def lemma_key(token: Token) -> str:
    """The predicate's lemma, with its particle when it has one ("sign off"), or
    with the word it is hyphenated to ("test-fire" is no "fire", and
    "counter-offensive" one word)."""
    lemma = token.lemma_.lower()
    doc = token.doc
    if (token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
            and not doc[token.i - 2].whitespace_ and doc[token.i - 2].is_alpha):
        return f"{doc[token.i - 2].lower_}-{lemma}"
    if token.pos_ not in ("VERB", "AUX"):
        return lemma
    for child in token.children:
        if (child.dep_ in PARTICLE_DEPS and child.i == token.i + 1
                and child.lower_ in lexicon()["verb_particles"]):
            return f"{lemma} {child.lower_}"
    return lemma


@per_token
def is_passive(verb: Token) -> bool:
    """"was received", "were flown", and a bare passive participle modifying a noun
    ("helicopters sent to stop the convoy") or a clause ("two firms, accused of
    supplying fuel", which the parser may hang on the main verb: the firms are
    accused, the main clause's subject accuses nobody). "having accused" is active."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return (verb.dep_ in ("acl", "advcl") and verb.tag_ == "VBN"
            and not any(c.dep_ in ("aux", "nsubj") for c in verb.children))


def by_agents(verb: Token) -> list[Token]:
    """The "by" phrase of a passive, shared by coordinated verbs ("were rammed and
    boarded by X")."""
    for node in (verb, *verb.conjuncts):
        agents = [g for c in node.children if c.dep_ == "agent"
                  for g in c.children if g.dep_ == "pobj"]
        if agents:
            return agents
    return []


def _relative_antecedent(verb: Token) -> Token | None:
    """The noun a relative or participial clause describes."""
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    return None


def verb_agent(verb: Token) -> list[Token]:
    if is_passive(verb):
        return by_agents(verb) or _keeper(verb)
    return subject(verb)


def _keeper(participle: Token) -> list[Token]:
    """"France has 350 troops stationed in X", "keeps ships deployed off Y": whoever
    has or keeps what the participle describes put it there."""
    held = participle.head
    if (participle.dep_ == "acl" and held.dep_ == "dobj"
            and held.head.lemma_.lower() in lexicon()["keeping_verbs"]):
        return subject(held.head)
    return []


@per_token
def verb_patient(verb: Token) -> list[Token]:
    if is_passive(verb):
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if subjects and subjects[0].tag_ not in ("WDT", "WP"):
            return subjects
        if not subjects and verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
            # "troops are expected to be based in X", "are set to be sent": the raised
            # subject of the verb the infinitive completes
            raised = [c for c in verb.head.children if c.dep_ in ("nsubjpass", "nsubj")]
            if raised and raised[0].tag_ not in ("WDT", "WP", "PRP"):
                return raised
        antecedent = _relative_antecedent(verb)
        return [antecedent] if antecedent is not None else []
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects and objects[0].lower_ in ("them", "it") and verb.dep_ == "conj":
        # "mobilised 300,000 reservists and sent them to the front": the object the
        # coordinated verb before it named
        shared = [c for c in verb.head.children if c.dep_ == "dobj"]
        return shared or objects
    if objects and objects[0].tag_ not in ("WDT", "WP"):
        return objects
    antecedent = _relative_antecedent(verb)
    if antecedent is not None and not any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP")
                                          for c in verb.children):
        return [antecedent]  # "the treaty that X and Y signed"
    return objects


@per_token
def support_verb(noun: Token, allowed: frozenset[str]) -> Token | None:
    """The verb that carries a noun predicate ("launched an offensive", "held talks",
    "took part in an exercise"), when it is one of the `allowed` support verbs (any
    verb when `allowed` is empty)."""
    host = host_verb(noun)
    if host is None or _reacted_to(noun, host):
        return None
    if allowed and host.lemma_.lower() not in allowed and lemma_key(host) not in allowed:
        return None
    return host


def _reacted_to(noun: Token, verb: Token) -> bool:
    """"X welcomed the talks", "X hailed the outcome of the talks": the event noun is
    what a verb of reaction is about, so its subject takes no part in it; "X welcomed
    Y for talks" hosts Y, and lends its roles."""
    if verb.lemma_.lower() not in lexicon()["reaction_verbs"]:
        return False
    reacted = noun
    if noun.head.dep_ == "prep" and noun.head.lower_ == "of":  # "the outcome of the talks"
        reacted = noun.head.head
    return reacted.dep_ == "dobj" and reacted.head.i == verb.i


def role_tokens(predicate: Token, role: str, support: frozenset[str] = frozenset()
                ) -> list[Token]:
    """The head tokens filling one semantic role of the predicate."""
    # a predicate adjective ("is due in Rome") takes its roles as a verb does
    is_verb = word_class(predicate) in ("VERB", "AUX", "ADJ") and predicate.dep_ != "amod"
    if role in ("agent", "patient", "recipient") and not is_verb:
        return _noun_role(predicate, role, support)
    if role == "agent":
        return verb_agent(predicate)
    if role == "patient":
        return verb_patient(predicate)
    if role == "recipient":
        return [c for c in predicate.children if c.dep_ == "dative"]
    if role.startswith("prep:") and not is_verb:
        own = prep_objects(predicate, role[5:])
        # only a declared support verb lends its prepositions: "launched an attack on X"
        # is an attack on X, but "met X in Paris at the end of a visit" is no visit to Paris
        host = support_verb(predicate, support) if support else None
        if host is None or role == "prep:of":  # "of" belongs to a noun, never to its verb
            return own
        inside = subtree_indices(predicate)
        return own + [t for t in prep_objects(host, role[5:]) if t.i not in inside]
    if role.startswith("relcl_"):  # "the accord, inked by X and Y"
        clauses = [c for c in predicate.children if c.dep_ in ("relcl", "acl")]
        if role.startswith("relcl_prep:"):
            # the clause's own preposition only: "talks focused on X's ties with Y"
            # are no talks with Y
            return [t for clause in clauses for t in prep_objects(clause, role[11:], depth=0)]
        return [t for clause in clauses for t in role_tokens(clause, role[6:])
                if t.i != predicate.i]
    if role == "complement_count":  # "agreed to sell Hungary four jets": what is agreed
        return [t for clause in predicate.children if clause.dep_ == "xcomp"
                for t in verb_patient(clause) if t.pos_ in ("NOUN", "NUM")]
    if role.startswith("complement_"):
        # "agreed to sell Hungary four jets": a name only, not "agreed to widen
        # measures against Iranian firms"
        clauses = [c for c in predicate.children if c.dep_ == "xcomp"]
        return [t for clause in clauses for t in role_tokens(clause, role[11:])
                if t.pos_ == "PROPN"]
    if role == "toll":  # "fired missiles at Kyiv, killing more than 40 people"
        heads = [predicate]
        host = support_verb(predicate, support) if not is_verb else None
        heads += [host] if host is not None else []
        return [t for head in heads for clause in _toll_clauses(head)
                if clause.lemma_.lower() in lexicon()["toll_verbs"]
                and not _own_clause(clause)
                for t in role_tokens(clause, "patient")]
    if role == "circumstance":  # "X, on a visit to Riyadh, met Y"
        return _circumstance_holder(predicate)
    if role == "purpose_patient":  # "troops to assist Moscow"
        return slot_tokens(predicate, "xcomp_dobj")
    if role.startswith("support_"):
        host = support_verb(predicate, support)
        if host is None:
            return []
        inside = subtree_indices(predicate)
        return [t for verb in dead_first(host) for t in role_tokens(verb, role[8:])
                if t.i not in inside]
    return slot_tokens(predicate, role)


def dead_first(verb: Token) -> list[Token]:
    """"75 people had been killed and nearly 500 were wounded in the fighting": a
    setting the parser hangs on the last of coordinated toll verbs belongs to them
    all, and the dead come before the wounded (`wounding_verbs` last)."""
    tolls, hurt = lexicon()["toll_verbs"], lexicon()["wounding_verbs"]
    if verb.lemma_.lower() not in tolls:
        return [verb]
    first = verb.head if verb.dep_ == "conj" and verb.head.pos_ == "VERB" else verb
    group = [v for v in (first, *first.conjuncts) if v.lemma_.lower() in tolls]
    return sorted(group, key=lambda v: v.lemma_.lower() in hurt)


def _toll_clauses(head: Token) -> list[Token]:
    """Clauses that may tell what an act cost: participles and coordinated verbs, and
    for a noun the relative clause on it ("a strike that levelled the consulate and
    killed seven")."""
    clauses = [c for c in head.children if c.dep_ in ("advcl", "xcomp", "conj", "acl")]
    if head.pos_ in ("NOUN", "PROPN"):
        relative = [c for c in head.children if c.dep_ == "relcl"]
        clauses += relative + [v for c in relative for v in c.conjuncts]
    return clauses


def _own_clause(verb: Token) -> bool:
    """A clause with a subject or subordinator of its own ("two weeks after gunmen
    killed 26 people") tells of another act; only a bare participle, a shared subject
    ("..., killing 40", "and killed 40") or a relative pronoun gives this act's toll."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "mark") and c.tag_ not in ("WDT", "WP")
               for c in verb.children)


def _circumstance_holder(noun: Token) -> list[Token]:
    """Whose circumstance a noun in "on/during a visit to Y" is: the person the phrase
    describes ("President X, on a visit to Y,") or the subject of the verb it hangs
    on ("during a trip to Y, X said")."""
    holder = circumstance_head(noun)
    if holder is None:
        return []
    if holder.pos_ in ("NOUN", "PROPN"):
        return [holder]
    return verb_agent(holder) if holder.pos_ in ("VERB", "AUX") else []


def _noun_role(noun: Token, role: str, support: frozenset[str]) -> list[Token]:
    """A noun predicate's agent and patient come from its support verb ("Russia
    launched an attack", "the attack was launched by Russia") or, failing that, for
    the agent, its own "by" phrase ("a visit by the minister"; not "talks by video
    link", whose holders are the agent)."""
    own = prep_objects(noun, "by") if role == "agent" else []
    if role == "agent" and (blamed := _blamed_for(noun)):
        return blamed
    host = support_verb(noun, support)
    if host is None:
        return own
    inside = subtree_indices(noun)
    found = role_tokens(host, role) if role != "recipient" else [
        c for c in host.children if c.dep_ == "dative"]
    return [t for t in found if t.i not in inside and t.i != noun.i] or own


def _blamed_for(noun: Token) -> list[Token]:
    """"blamed X for the attack", "accused X of the raid": whom a verb of blaming
    blames did what it is blamed for."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("for", "of"):
        return []
    verb = prep.head
    if verb.lemma_.lower() not in lexicon()["blaming_verbs"]:
        return []
    return [c for c in verb.children if c.dep_ == "dobj"]


def content_head(token: Token) -> Token:
    """What a container phrase is made of: "dozens of missiles" -> missiles, "a raft
    of accords" -> accords; any other phrase is its own head."""
    if token.pos_ == "NUM" or token.lemma_.lower() in lexicon()["container_nouns"]:
        inner = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"]
        if inner:
            return inner[0]
    return token
