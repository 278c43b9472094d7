"""Rule application: one frame's event roles filled from the words of its frame roles.

A rule (geokg.events.rules) names the event role each frame role fills
(geokg.language.frames); this module turns the words in each role into linked
entities (geokg.events.participants resolves descriptions) and a quantity, borrows
what "that attack" leaves unsaid from the attack it refers back to, and keeps the
frame only when the rule's required roles are filled once geokg.events.derive has
drawn what the filled roles imply. It sees one frame at a time; turning frames
into events and the passes over the merged events are geokg.events.extract's.
"""

from __future__ import annotations

from itertools import takewhile

from spacy.tokens import Token

from geokg.entities.references.event_nouns import event_antecedent
from geokg.events.context import Context, resolve_pronoun
from geokg.events.derive import PLACE_KINDS, derive, quantity_in
from geokg.events.participants import (
    appositive_name,
    armed_group_of,
    leaders_of,
    led_by,
    led_group,
    referents,
)
from geokg.events.rules import Frame, Rule, event_types
from geokg.language.frames import content_head, lemma_key, role_tokens, support_verb
from geokg.language.lexicon import lexicon
from geokg.language.quantity import is_currency
from geokg.language.syntax import beside, conjuncts, participant_phrase, phrase
from geokg.model import COUNTRY, PERSON, Quantity

# Event roles whose unnamed filler belongs to its possessor ("its nuclear sites").
OWNED_ROLES = ("destination",)
# Prepositions of the occasion an act is told at: "attacked the plan in a speech".
OCCASION_PREPS = ("in", "during")
# The dependents that modify a noun ("military aid", "air support").
MODIFIER_DEPS = ("amod", "compound", "npadvmod", "nmod")
# Event roles that name who takes part (the doers and sides, not whom or where).
PARTICIPANT_ROLES = ("actor", "party", "forces", "state_actor")
# Modifiers that say whose a place or thing is: "PKK targets", "a Russian airbase".
OWNER_DEPS = ("compound", "poss", "amod", "nmod")


# ----------------------------------------------------------------- slots


def _core(token: Token, ctx: Context, role: str = "") -> list[Token]:
    """A named head stands for itself: "Germany, the supplier of aid to Ukraine"
    is Germany. Only an unnamed head ("troops", "Minister") needs its modifiers."""
    if not ctx.by_token.get(token.i):
        if role in ("actor", "party", "target", "forces", "addressee"):
            # each conjunct is filled on its own: "the militants and Kenyan forces"
            others = {t.i for c in token.children if c.dep_ == "conj" for t in c.subtree}
            return [t for t in participant_phrase(token) if t.i not in others]
        if role == "destination":  # "Israeli towns near Gaza" are Israel's
            return phrase(token, beside)
        return phrase(token)
    if role in PARTICIPANT_ROLES and _named_place(token, ctx):
        return [token]  # "a raid on a hotel in X's capital Y, which killed ...": Y, not X
    return [token, *(c for c in token.children
                     if c.dep_ in ("compound", "flat", "poss", "case", "amod", "nmod"))]


def _named_place(token: Token, ctx: Context) -> bool:
    """Whether a head names only a place (a city, region or site, not a state): the
    place's own modifiers ("X's capital") say where it lies, never who acts."""
    kinds = {ctx.kind(m.entity) for m in ctx.by_token.get(token.i, ())}
    return bool(kinds) and kinds <= PLACE_KINDS - {COUNTRY}


# ----------------------------------------------------------------- frames


def is_force(tokens: list[Token], equipment: bool = False) -> bool:
    """Troops and units; with `equipment`, armed equipment too. A force word that
    only modifies a piece of equipment names that equipment ("fighter jets")."""
    lex = lexicon()
    words = lex["force_nouns"] | (lex["equipment_nouns"] if equipment else set())
    return any((t.lemma_.lower() in words or t.lower_ in words or _serving(t)) and not (
        t.dep_ == "compound" and t.head.lemma_.lower() in lex["equipment_nouns"]
        and t.head.lemma_.lower() not in lex["force_nouns"]) for t in tokens)


def _serving(person: Token) -> bool:
    """"military engineers", "army medics": people an armed service qualifies."""
    lex = lexicon()
    return person.lemma_.lower() in lex["military_roles"] and any(
        c.dep_ in ("amod", "compound") and c.lower_ in lex["military_modifiers"]
        for c in person.children)


def _is_visitor(head: Token, ctx: Context) -> bool:
    """Who can be hosted or received: a named person, state or body, or a noun for
    people ("his counterpart", "the delegation"); not "a conference on Sudan"."""
    if _is_materiel(head):
        return False
    if any(ctx.kind(m.entity) in (PERSON, COUNTRY, "Organization")
           for m in ctx.by_token.get(head.i, ())):
        return True
    lemma = head.lemma_.lower()
    return lemma in lexicon()["person_nouns"] or lemma in lexicon()["visitor_nouns"] or (
        head.pos_ == "PRON")


def _is_materiel(head: Token) -> bool:
    """Troops, weapons or aid as an object ("will host Russian nuclear weapons")."""
    return is_force([head], equipment=True) or head.lemma_.lower() in lexicon()["aid_objects"]


def _with_split_name(words: list[Token], ctx: Context) -> list[Token]:
    """Add a name the parser cut off a title ("Minister | Elena Soto"), or an
    apposition it hung elsewhere ("asked Qatar's emir, | Sheikh Tamim, | in a call")."""
    last = max(words, key=lambda t: t.i)
    doc = last.doc
    closes_noun = last.pos_ == "NOUN" or (  # "the commander of the forces here, | Y"
        last.pos_ == "ADV" and last.head.pos_ == "NOUN")
    if last.i + 2 < len(doc) and closes_noun and doc[last.i + 1].text == ",":
        last = doc[last.i + 1]  # the comma that opens the apposition
        while last.i + 2 < len(doc) and (doc[last.i + 1].pos_ == "PROPN" or doc[
                last.i + 1].text == "-") and not ctx.by_token.get(last.i + 1):
            last = doc[last.i + 1]  # a title before the name: "Sheikh", "Major-General"
    elif last.pos_ != "PROPN" or last.i + 1 >= len(doc):
        return words
    following = doc[last.i + 1]
    people = [m for m in ctx.by_token.get(following.i, ()) if ctx.kind(m.entity) == PERSON]
    if not people or ctx.by_token.get(last.i):
        return words
    offset = ctx.article.body_start
    extra = list(takewhile(lambda t: t.idx + offset < people[0].end, doc[last.i + 1:]))
    return words + extra


def _located_target(token: Token, role: str, ctx: Context) -> list[str]:
    """"struck a refinery in Russia's Ryazan region": a target named only by
    where it is belongs to that place's state; "individuals linked to the
    Revolutionary Guards" are the Guards', "firms controlled by X" X's."""
    if role not in ("target", "target_or_amount"):
        return []
    linked_to = [g for clause in token.children if clause.dep_ in ("acl", "relcl")
                 and clause.lemma_.lower() in lexicon()["affiliation_verbs"]
                 for p in clause.children if p.dep_ in ("prep", "agent") for g in p.children
                 if g.dep_ == "pobj"]
    return ctx.keys_in(phrase(token)) or ctx.keys_in(
        [t for g in linked_to for t in phrase(g)])


def _own_territory(token: Token, ctx: Context, frame: Frame) -> bool:
    """"to its border with Belarus": a destination that is the actor's own (but "the
    US bombing of its nuclear sites", after "Tehran", is Iran's)."""
    owners = [c for c in token.children if c.dep_ == "poss" and c.pos_ == "PRON"]
    if not owners:
        return False
    actors = set(frame.roles.get("actor", [])) | set(frame.roles.get("forces", []))
    actors |= {ctx.country_of(k) for k in actors}
    resolved = {k for o in owners for k in resolve_pronoun(ctx, o)}
    return not resolved or bool(resolved & actors)


def _own_side(token: Token) -> bool:
    """"to help fellow mutineers inside the city": people the words put on the actor's
    own side (`own_side_words`) are not another party, wherever they are."""
    return any(c.dep_ == "amod" and c.lower_ in lexicon()["own_side_words"]
               for c in token.children)


def _without_own_states(keys: list[str], ctx: Context) -> list[str]:
    """"Ukrainian minister X": the demonym says whose minister, not another party."""
    own = {ctx.linked.entities[k].country for k in keys
           if ctx.kind(k) in (PERSON, "Organization", "MilitaryUnit")
           and ctx.linked.entities[k].country}
    return [k for k in keys if not (ctx.kind(k) == COUNTRY and k.split("/")[-1] in own)]


def _taken(frame: Frame, ctx: Context) -> set[str]:
    """The frame's participants so far, with their states."""
    keys = {k for role in ("actor", "forces", "party") for k in frame.roles.get(role, [])}
    return keys | {s for k in keys if (s := ctx.country_of(k))}


def _fill(frame: Frame, ctx: Context, role: str, heads: list[Token]) -> None:
    for head in heads:
        for token in conjuncts(head):
            if role in ("target", "target_or_amount") and _own_side(token):
                continue
            words = appositive_name(token, ctx) or _with_split_name(
                _core(token, ctx, role), ctx)
            named = ctx.keys_in(words)
            referred = [] if named else referents(
                token, ctx, _taken(frame, ctx), owned=role in OWNED_ROLES)
            if referred:
                ctx.note_reference(frame.trigger, token, referred)
            keys = _without_own_states(
                named or referred or _located_target(token, role, ctx), ctx)
            if role in PARTICIPANT_ROLES:
                keys = led_group(token, keys, ctx)
            if role in ("actor", "party"):  # "the leaders of X and Y": the states and them
                leaders = led_by(token, ctx)
                if leaders:  # "a US delegation led by A and B": A, B and their state
                    frame.add("delegation_state", [k for k in keys if ctx.kind(k) == COUNTRY])
                keys += [k for k in leaders_of(token, ctx) + leaders if k not in keys]
            if role == "destination" and _own_territory(token, ctx, frame):
                continue
            if role == "forces":
                kind = frame.rule.object_kind
                if kind in ("force", "force_or_equipment") and not is_force(
                        words, equipment=kind == "force_or_equipment"):
                    continue
                frame.add("forces", keys)  # present, even when the forces have no nation
                frame.quantity = frame.quantity or quantity_in(words, token)
            elif role == "destination":
                frame.quantity = frame.quantity or _count_hit(frame, token, words)
                frame.add("destination", keys)
                frame.add("destination_head", [m.entity for m in ctx.by_token.get(token.i, ())])
                owners = [t for c in _owner_modifiers(token) for t in c.subtree]
                frame.add("destination_state", [  # "to Mozambique's Cabo Delgado province"
                    m.entity for c in token.children if c.dep_ == "poss"
                    for m in ctx.mentions_in(c.subtree) if ctx.kind(m.entity) == COUNTRY])
                frame.add("destination_owner", [m.entity for m in ctx.mentions_in(owners)
                                                if ctx.kind(m.entity) in (COUNTRY, "Organization")]
                          + [k for t in owners for k in armed_group_of(t, ctx)]
                          + [k for t in owners if t.dep_ == "poss" and t.pos_ == "PRON"
                             for k in resolve_pronoun(ctx, t)]  # "levelled its consulate"
                          + _holding_groups(token, ctx))
            elif role == "target_or_amount":
                if keys:
                    frame.add("target", keys)
                frame.quantity = frame.quantity or quantity_in(words + _worth(token), token,
                                                             whole=True)
            elif role == "amount":
                frame.quantity = frame.quantity or quantity_in(words + _worth(token), token,
                                                             whole=True)
            elif role == "place":
                frame.add("place", [k for k in keys if ctx.kind(k) in PLACE_KINDS])
            elif role == "host":  # "a NATO exercise in Latvia": Latvia takes part
                places = [k for k in keys if ctx.kind(k) in PLACE_KINDS]
                frame.add("place", places)
                frame.add("party", [s for k in places if (s := ctx.country_of(k))])
            elif role == "addressee":
                frame.add("party", [k for k in keys if ctx.kind(k) == PERSON])
            elif role == "state_actor":
                frame.add("actor", [k for k in keys if ctx.kind(k) in (COUNTRY, "Organization")])
            else:
                frame.add(role, keys)


def _owner_modifiers(place: Token) -> list[Token]:
    """The words that say whose a place is: its own modifiers ("a US base"), and those
    of an apposition describing it ("Al Noor Base, the largest American installation
    in the region")."""
    described = [place, *(c for c in place.children if c.dep_ == "appos")]
    return [c for node in described for c in node.children if c.dep_ in OWNER_DEPS]


def _holding_groups(place: Token, ctx: Context) -> list[str]:
    """"positions held by al-Shabaab", "bases used by the group": the named body that
    holds or uses a place owns it, for an attack on it (a demonym does not: "held by
    Karabakh Armenian forces" are no forces of Armenia)."""
    holders = [g for clause in place.children if clause.dep_ == "acl"
               and clause.lemma_.lower() in lexicon()["holding_verbs"]
               for agent in clause.children if agent.dep_ == "agent"
               for g in agent.children if g.dep_ == "pobj"]
    words = [t for holder in holders for t in (holder, *(
        c for c in holder.children if c.dep_ in ("compound", "flat")))]
    return [m.entity for m in ctx.mentions_in(words)
            if ctx.kind(m.entity) in ("Organization", "MilitaryUnit")] + [
        k for t in words for k in armed_group_of(t, ctx)]


def _count_hit(frame: Frame, token: Token, words: list[Token]) -> Quantity | None:
    """"drones hit 41 aircraft at four air bases", "struck 32 targets": what an attack
    hits, counted, is its quantity when it has no toll (roles fill the toll first)."""
    if event_types()[frame.rule.type].target != "owner" or token.pos_ != "NOUN" or not any(
            c.dep_ == "nummod" for c in token.children):
        return None
    return quantity_in(words, token)


def _worth(token: Token) -> list[Token]:
    """"pledged 12 howitzers worth 150 million euros": the value, which the parser
    may hang on the verb rather than on the things it prices."""
    for node in (token, token.head):
        for child in node.children:
            if child.lower_ == "worth" and child.i > token.i:
                return phrase(child)
    return []


def _has_modifier(trigger: Token, words: frozenset[str],
                  preps: frozenset[str] = frozenset({"of"})) -> bool:
    """A noun's modifiers ("joint exercises", "the exercises of the navies", with
    `preps` "cooperation in defence"); a verb's adverbs too ("is now in X")."""
    if not words:
        return True
    deps = MODIFIER_DEPS + (("advmod",) if trigger.pos_ in ("VERB", "AUX") else ())
    mods = [c for c in trigger.children if c.dep_ in deps]
    mods += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ in preps
             for g in c.children if g.dep_ == "pobj"]
    tokens = [t for m in mods for t in m.subtree]
    return any(t.lower_ in words or t.lemma_.lower() in words for t in tokens)


def _own_modifier(word: Token, words: frozenset[str]) -> bool:
    """Whether a noun's own modifier is one of `words` ("air support"), not a word
    deeper in its modifiers ("air defence systems")."""
    return any(c.dep_ in MODIFIER_DEPS and c.lemma_.lower() in words for c in word.children)


def apply_rule(rule: Rule, trigger: Token, ctx: Context) -> Frame | None:
    """Fill the rule's event roles from the trigger's frame roles; None when a
    required role is empty."""
    if not _has_modifier(trigger, rule.modifier_any, rule.modifier_preps):
        return None
    if rule.pos == "NOUN":
        supported = support_verb(trigger, rule.support) is not None
        if rule.needs_support and not supported:
            return None
        if rule.needs_support_or_prep and not supported and not any(
                c.dep_ in ("prep", "agent") for c in trigger.children):
            return None
    frame = Frame(rule, trigger)
    for frame_role, role in rule.roles.items():
        _fill(frame, ctx, role, role_tokens(trigger, frame_role, rule.support))
    _borrow_from_antecedent(frame, ctx)
    return frame if _complete(frame, ctx) else None


# What "that attack" takes from the attack it refers back to: where, whom, how many.
BORROWED_ROLES = ("destination", "place", "target", "amount", "target_or_amount")


def _borrow_from_antecedent(frame: Frame, ctx: Context) -> None:
    """"Iran blamed Israel, which has not confirmed carrying out that attack": a
    demonstrative event noun refers to the same noun told in the sentences before
    ("an April 1 air strike that levelled its consulate in Damascus"), whose place,
    target, toll and date it shares (geokg.entities.references.event_nouns)."""
    rule = frame.rule
    antecedent = event_antecedent(frame.trigger, rule.lemmas) if rule.pos == "NOUN" else None
    if antecedent is None:
        return
    frame.antecedent = antecedent
    missing = {r for r in BORROWED_ROLES if not frame.roles.get(r.replace("_or_amount", ""))}
    for frame_role, role in rule.roles.items():
        if role in missing:
            _fill(frame, ctx, role, role_tokens(frame.antecedent, frame_role, rule.support))


def _other_sense(trigger: Token, objects: list[Token], words: frozenset[str],
                 ctx: Context) -> bool:
    """"struck a deal", "seized the opportunity", "hit by tariffs", "attacked X in a
    speech": an object, a passive's agent or the occasion that gives the trigger
    another sense (not an instrument: "attacked with drones" is an attack). Only
    things count: a named party, troops or people are what the event is about."""
    nouns = objects + [g for p in trigger.children if p.dep_ == "agent" or (
        p.dep_ == "prep" and p.lower_ in OCCASION_PREPS) for g in p.children if g.dep_ == "pobj"]
    people = lexicon()["person_nouns"] | lexicon()["armed_group_nouns"] | lexicon()[
        "state_nouns"]
    return any((n.lemma_.lower() in words or n.lower_ in words) and not ctx.by_token.get(n.i)
               and n.pos_ != "PROPN" and n.lemma_.lower() not in people and not is_force([n])
               for n in nouns)


def _in_combat(thing: Token) -> bool:
    """"providing air support", "fire support": support given in battle is fighting,
    not supply."""
    return thing.lemma_.lower() == "support" and any(
        c.dep_ in ("amod", "compound") and c.lower_ in lexicon()["combat_support_words"]
        for c in thing.children)


def _complete(frame: Frame, ctx: Context) -> bool:
    rule = frame.rule
    roles = frame.roles
    objects = [content_head(t) for t in role_tokens(frame.trigger, "patient", rule.support)]
    senses = rule.not_objects.get(lemma_key(frame.trigger)) or rule.not_objects.get(
        frame.trigger.lemma_.lower())
    if senses and _other_sense(frame.trigger, objects, senses, ctx):
        return False
    if _in_combat(frame.trigger) or rule.modifier_none and any(  # "provided air support"
            _own_modifier(t, rule.modifier_none) for t in (frame.trigger, *objects)):
        return False
    if rule.object_kind == "not_force" and any(is_force(phrase(t)) for t in objects):
        return False
    if rule.object_kind == "not_materiel" and any(_is_materiel(t) for t in objects):
        return False
    if (frame.trigger.lemma_.lower() in rule.destination_not_state
            and any(ctx.kind(k) == COUNTRY for k in roles.get("destination_head", []))):
        return False
    if rule.agent_not_force and any(is_force(participant_phrase(t))
                                    for t in role_tokens(frame.trigger, "agent")):
        return False
    if rule.object_kind == "visitor" and not any(_is_visitor(t, ctx) for t in objects):
        return False
    if rule.object_kind == "body" and not any(  # "joined NATO": a named body
            ctx.kind(m.entity) == "Organization" for m in ctx.mentions_in(objects)):
        return False
    if rule.object_kind not in (None, "force", "force_or_equipment", "not_force",
                                "not_materiel", "body", "visitor"):
        words = (lexicon().get(f"{rule.object_kind}_objects")
                 or lexicon()[f"{rule.object_kind}_nouns"])
        money = rule.object_kind == "aid"  # "pledged 1.5 billion yen": any currency
        if not any((t.lemma_.lower() in words or money and is_currency(t.lower_))
                   and not _in_combat(t) for t in objects):
            return False
    listed = derive(frame, ctx)
    for role in rule.requires:
        if role == "party":
            if len(roles.get("party", [])) < rule.min_parties:
                return False
        elif role == "forces":
            if role not in roles:
                return False
        elif role == "amount":  # "a $5 million pledge", not "a pledge to hold elections"
            if frame.quantity is None:
                return False
        elif not roles.get(role) and not (role == "target" and listed):
            return False  # a listing that names no one still counts ("16 people")
    return True
