"""Event frames from the dependency parse, by rules declared in data/events.yaml.

A rule (geokg.events.rules) names trigger lemmas and the event role each frame role
fills (geokg.language.frames: agent, patient, prepositions, normalised over voice,
control and support verbs); this module turns the words in each role into
linked entities (geokg.events.participants resolves descriptions), a quantity and a
date, asks geokg.events.stance for the status and the source, merges the frames of
one happening (geokg.events.merge) and places undated diplomatic events in their scene
(geokg.events.situate).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from geokg.entities import gazetteer
from geokg.events import merge
from geokg.events.context import PLACE_RANK, Context, place_rank, resolve_pronoun, states_for_places
from geokg.events.dating import past_tense, time_of
from geokg.events.participants import armed_group_of, definite_group_size, leaders_of, referents
from geokg.events.rules import Frame, Rule, event_types, load_rules
from geokg.events.situate import situate
from geokg.events.stance import credited, stance
from geokg.language.frames import content_head, is_passive, lemma_key, role_tokens, support_verb
from geokg.language.lexicon import lexicon
from geokg.language.quantity import parse_quantity
from geokg.language.sentences import sentence_of
from geokg.language.syntax import (
    LOCATIVE_PREPS,
    beside,
    conjuncts,
    host_verb,
    participant_phrase,
    phrase,
    prep_objects,
    subject,
)
from geokg.model import (
    COUNTRY,
    PERSON,
    Article,
    Event,
    EventMention,
    Linked,
    Quantity,
    Sentence,
)

# Event roles whose unnamed filler belongs to its possessor ("its nuclear sites").
OWNED_ROLES = ("destination",)
# Modifiers that say whose a place or thing is: "PKK targets", "a Russian airbase".
OWNER_DEPS = ("compound", "poss", "amod", "nmod")
PLACE_KINDS = set(PLACE_RANK)


# ----------------------------------------------------------------- slots


def _core(token: Token, ctx: Context, role: str = "") -> list[Token]:
    """A named head stands for itself: "Germany, the supplier of aid to Ukraine"
    is Germany. Only an unnamed head ("troops", "Minister") needs its modifiers."""
    if not ctx.by_token.get(token.i):
        if role in ("actor", "party", "target", "forces", "addressee"):
            return participant_phrase(token)
        if role == "destination":  # "Israeli towns near Gaza" are Israel's
            return phrase(token, beside)
        return phrase(token)
    return [token, *(c for c in token.children
                     if c.dep_ in ("compound", "flat", "poss", "case", "amod", "nmod"))]


# ----------------------------------------------------------------- frames


def _is_force(tokens: list[Token], equipment: bool = False) -> bool:
    """Troops and units; with `equipment`, armed equipment too."""
    words = lexicon()["force_nouns"] | (lexicon()["equipment_nouns"] if equipment else set())
    return any(t.lemma_.lower() in words or t.lower_ in words for t in tokens)


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
    return _is_force([head], equipment=True) or head.lemma_.lower() in lexicon()["aid_objects"]


def _with_split_name(words: list[Token], ctx: Context) -> list[Token]:
    """Add a name the parser cut off a title ("Minister | Elena Soto"), or an
    apposition it hung elsewhere ("asked Qatar's emir, | Sheikh Tamim, | in a call")."""
    last = max(words, key=lambda t: t.i)
    doc = last.doc
    if last.i + 2 < len(doc) and last.pos_ == "NOUN" and doc[last.i + 1].text == ",":
        last = doc[last.i + 1]  # the comma that opens the apposition
        while last.i + 2 < len(doc) and doc[last.i + 1].pos_ == "PROPN" and not (
                ctx.by_token.get(last.i + 1)):
            last = doc[last.i + 1]  # a title before the name: "Sheikh"
    elif last.pos_ != "PROPN" or last.i + 1 >= len(doc):
        return words
    following = doc[last.i + 1]
    people = [m for m in ctx.by_token.get(following.i, ()) if ctx.kind(m.entity) == PERSON]
    if not people or ctx.by_token.get(last.i):
        return words
    offset = ctx.article.body_start
    extra = [t for t in doc[last.i + 1:] if t.idx + offset < people[0].end]
    return words + extra


def _located_target(token: Token, role: str, ctx: Context) -> list[str]:
    """"struck a refinery in Russia's Ryazan region": a target named only by
    where it is belongs to that place's state; "individuals linked to the
    Revolutionary Guards" are the Guards'."""
    if role not in ("target", "target_or_amount"):
        return []
    linked_to = [g for clause in token.children if clause.dep_ in ("acl", "relcl")
                 and clause.lemma_.lower() in lexicon()["affiliation_verbs"]
                 for p in clause.children if p.dep_ == "prep" for g in p.children
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
            words = _with_split_name(_core(token, ctx, role), ctx)
            keys = _without_own_states(
                ctx.keys_in(words) or referents(
                    token, ctx, _taken(frame, ctx), owned=role in OWNED_ROLES)
                or _located_target(token, role, ctx), ctx)
            if role in ("actor", "party"):  # "the leaders of X and Y": the states and them
                keys += [k for k in leaders_of(token, ctx) if k not in keys]
            if role == "destination" and _own_territory(token, ctx, frame):
                continue
            if role == "forces":
                kind = frame.rule.object_kind
                if kind in ("force", "force_or_equipment") and not _is_force(
                        words, equipment=kind == "force_or_equipment"):
                    continue
                frame.add("forces", keys)  # present, even when the forces have no nation
                frame.quantity = frame.quantity or _quantity(words, token)
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
                frame.quantity = frame.quantity or _quantity(words + _worth(token), token,
                                                             whole=True)
            elif role == "amount":
                frame.quantity = frame.quantity or _quantity(words + _worth(token), token,
                                                             whole=True)
            elif role == "place":
                frame.add("place", [k for k in keys if ctx.kind(k) in PLACE_KINDS])
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
    return _quantity(words, token)


def _worth(token: Token) -> list[Token]:
    """"pledged 12 howitzers worth 150 million euros": the value, which the parser
    may hang on the verb rather than on the things it prices."""
    for node in (token, token.head):
        for child in node.children:
            if child.lower_ == "worth" and child.i > token.i:
                return phrase(child)
    return []


def _quantity(words: list[Token], head: Token, whole: bool = False) -> Quantity | None:
    """The amount in a phrase: before its head noun for forces ("12,000 troops"),
    anywhere in it for amounts ("12 howitzers worth 150 million euros")."""
    ordered = sorted(words, key=lambda t: t.i)
    end = ordered[-1].i + 1 if whole else head.i + 1
    span = head.doc[ordered[0].i: end]
    return parse_quantity(span.text, noun=head.lemma_.lower() if head.pos_ == "NOUN" else None)


def _has_modifier(trigger: Token, words: frozenset[str]) -> bool:
    if not words:
        return True
    mods = [c for c in trigger.children if c.dep_ in ("amod", "compound", "npadvmod", "nmod")]
    mods += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of"
             for g in c.children if g.dep_ == "pobj"]
    tokens = [t for m in mods for t in m.subtree]
    return any(t.lower_ in words or t.lemma_.lower() in words for t in tokens)


def apply_rule(rule: Rule, trigger: Token, ctx: Context) -> Frame | None:
    """Fill the rule's event roles from the trigger's frame roles; None when a
    required role is empty."""
    if not _has_modifier(trigger, rule.modifier_any):
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
    target, toll and date it shares."""
    trigger, rule = frame.trigger, frame.rule
    if rule.pos != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("that", "this")
                                     for c in trigger.children):
        return
    sentence = sentence_of(trigger)
    start = sentence_of(ctx.doc[sentence.start - 1]).start if sentence.start else 0
    earlier = [t for t in ctx.doc[start:trigger.i] if t.pos_ == "NOUN"
               and t.lemma_.lower() in rule.lemmas and not any(
                   c.dep_ == "det" and c.lower_ in ("that", "this") for c in t.children)]
    if not earlier:
        return
    frame.antecedent = earlier[-1]
    missing = {r for r in BORROWED_ROLES if not frame.roles.get(r.replace("_or_amount", ""))}
    for frame_role, role in rule.roles.items():
        if role in missing:
            _fill(frame, ctx, role, role_tokens(frame.antecedent, frame_role, rule.support))


def _complete(frame: Frame, ctx: Context) -> bool:
    rule = frame.rule
    roles = frame.roles
    objects = [content_head(t) for t in role_tokens(frame.trigger, "patient", rule.support)]
    if rule.object_kind == "not_force" and any(_is_force(phrase(t)) for t in objects):
        return False
    if rule.object_kind == "not_materiel" and any(_is_materiel(t) for t in objects):
        return False
    if (frame.trigger.lemma_.lower() in rule.destination_not_state
            and any(ctx.kind(k) == COUNTRY for k in roles.get("destination_head", []))):
        return False
    if rule.agent_not_force and any(_is_force(participant_phrase(t))
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
        if not any(t.lemma_.lower() in words for t in objects):
            return False
    _derive_actor_from_forces(frame, ctx)
    _toll_inside(frame)
    _earmarked_share(frame, ctx)
    listed = _counts_listed(frame)
    _place_from_where_clause(frame, ctx)
    _place_within_clause(frame, ctx)
    _place_from_there(frame, ctx)
    _place_of_happening_verb(frame, ctx)
    _derive_targets_from_destination(frame, ctx)
    _stated_territory(frame, ctx)
    _target_where_struck(frame, ctx)
    _place_of_host(frame, ctx)
    _states_of_attacked_bodies(frame, ctx)
    _filter_kinds(frame, ctx)
    for role in rule.requires:
        if role == "party":
            if len(roles.get("party", [])) < rule.min_parties:
                return False
        elif role == "forces":
            if role not in roles:
                return False
        elif not roles.get(role) and not (role == "target" and listed):
            return False  # a listing that names no one still counts ("16 people")
    return True


def _derive_actor_from_forces(frame: Frame, ctx: Context) -> None:
    """"North Korean troops were sent": the forces' state is the sender."""
    forces = frame.roles.get("forces", [])
    if not forces:
        return
    states = [ctx.country_of(k) or k for k in forces]
    if not frame.roles.get("actor"):
        frame.add("actor", [s for s in states if s])
    else:
        frame.add("actor", [k for k in forces if ctx.kind(k) != COUNTRY])


def _counts_listed(frame: Frame) -> bool:
    """"blacklisted 16 people and two companies", "designated X and Y along with 183
    vessels", "asset freezes on more than 100 individuals and entities": a measure's
    quantity counts the entities it lists, the first count when it gives two (not
    "which ship 1 million barrels a day"). True when it gave one."""
    if event_types()[frame.rule.type].counts != "listed":
        return False
    host = support_verb(frame.trigger, frame.rule.support) if frame.rule.pos == "NOUN" else None
    area = {t.i: t for node in (frame.trigger, host) if node is not None for t in node.subtree}
    described = {t.i for t in area.values() if t.dep_ == "relcl" for t in t.subtree}
    for i in sorted(set(area) - described):
        noun = area[i]
        counts = [c for c in noun.children if c.dep_ == "nummod"]
        definite = any(c.dep_ == "poss" or c.lower_ in ("the", "these", "those")
                       for c in noun.children)  # "the two producers" were named before
        if (noun.pos_ == "NOUN" and counts and not definite
                and noun.lemma_.lower() in lexicon()["listed_nouns"]):
            start = min(t.i for c in counts for t in c.subtree)
            found = parse_quantity(noun.doc[start: noun.i + 1].text, noun=noun.lemma_.lower())
            if found is not None and found.value is not None:
                frame.quantity = found
                return True
    return False


def _earmarked_share(frame: Frame, ctx: Context) -> None:
    """"a $95 billion aid bill, which includes about $61 billion for Ukraine": a package
    whose share is earmarked for a state is aid to that state, of that share."""
    if frame.roles.get("target") or not event_types()[frame.rule.type].recipient_in_context:
        return
    for clause in frame.trigger.children:
        if clause.dep_ not in ("relcl", "acl") or (
                clause.lemma_.lower() not in lexicon()["inclusion_verbs"]):
            continue
        for share in (c for c in clause.children if c.dep_ == "dobj"):
            states = [k for p in share.children if p.dep_ == "prep" and p.lower_ in ("for", "to")
                      for g in p.children if g.dep_ == "pobj"
                      for k in states_for_places(ctx.keys_in([g]), ctx) if ctx.kind(k) == COUNTRY]
            if states:
                frame.add("target", states)
                frame.quantity = _quantity(phrase(share), share, whole=True) or frame.quantity
                return


def _toll_inside(frame: Frame) -> None:
    """"air strikes and shelling during the delay killed at least 19 people": when the
    parser hangs the killing inside the attack's own phrase, it is still its toll; so
    is the killing a gerund event is the subject of ("fighting in X killed nine")."""
    if frame.quantity is not None or "toll" not in frame.rule.roles:
        return
    trigger = frame.trigger
    inside = list(trigger.subtree) if frame.rule.pos == "NOUN" else []
    killer = [trigger.head] if trigger.dep_ == "nsubj" and trigger.tag_ == "VBG" else []
    for verb in inside + killer:  # "fighting in X killed nine civilians"
        if (verb.pos_ == "VERB" and verb.lemma_.lower() in lexicon()["toll_verbs"]
                and (verb in killer or not any(c.dep_ == "nsubj" for c in verb.children))):
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            for victim in objects or role_tokens(verb, "patient"):
                frame.quantity = frame.quantity or _quantity(phrase(victim), victim)


def _place_from_where_clause(frame: Frame, ctx: Context) -> None:
    """"the region, where forces launched an offensive": the region is the place."""
    if frame.roles.get("destination") or frame.roles.get("place"):
        return
    clause = host_verb(frame.trigger) or frame.trigger
    while clause.dep_ not in ("relcl", "ROOT") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "relcl" and any(c.lower_ == "where" for node in (clause, *clause.conjuncts)
                                      for c in node.children):  # "where X were rammed and boarded"
        keys = [k for k in ctx.keys_in(phrase(clause.head)) if ctx.kind(k) in PLACE_KINDS]
        directed = "destination" in frame.rule.roles.values()
        frame.add("destination" if directed else "place", keys)


def _place_within_clause(frame: Frame, ctx: Context) -> None:
    """"met X, Y, in Tbilisi": a place the parser hung on an argument is still
    where the event happened (only cities and regions, never a state)."""
    wants_place = {"place", "destination"} & set(frame.rule.roles.values())
    if not wants_place or frame.roles.get("destination") or frame.roles.get("place"):
        return
    for token in phrase(frame.trigger):
        if token.dep_ == "pobj" and token.head.lower_ in ("in", "at"):
            keys = [k for k in ctx.keys_in(phrase(token)) if ctx.kind(k) in PLACE_KINDS]
            if keys:
                frame.add("place", keys)
                return


def _place_from_there(frame: Frame, ctx: Context) -> None:
    """"battling X around Lake Chad since X killed 40 soldiers in an attack on a base
    there": "there" stands for the place named last before it, in its sentence or the
    one before."""
    wants_place = {"place", "destination"} & set(frame.rule.roles.values())
    placed = [k for role in ("place", "destination") for k in frame.roles.get(role, [])
              if ctx.kind(k) in PLACE_KINDS]
    if not wants_place or placed:
        return
    there = next((t for t in phrase(frame.trigger)
                  if t.lower_ == "there" and t.dep_ == "advmod"), None)
    if there is None:
        return
    sentence = sentence_of(there)
    start = sentence_of(ctx.doc[sentence.start - 1]).start if sentence.start else 0
    before = [m.entity for tok in ctx.doc[start:there.i] for m in ctx.by_token.get(tok.i, ())
              if ctx.kind(m.entity) in PLACE_KINDS - {COUNTRY}]
    if before:
        frame.add("place", before[-1:])


def _place_of_happening_verb(frame: Frame, ctx: Context) -> None:
    """"Fighting between X and Y raged on around Kassala": an event named as the subject
    of a verb of happening takes the place that verb is given."""
    trigger = frame.trigger
    if ("place" not in frame.rule.roles.values() or frame.roles.get("place")
            or trigger.dep_ != "nsubj"
            or not {trigger.head.lemma_.lower(), trigger.head.lower_} & lexicon()[
                "happening_verbs"]):
        return
    for prep in trigger.head.children:
        if prep.dep_ == "prep" and prep.lower_ in LOCATIVE_PREPS:
            found = [k for g in prep.children if g.dep_ == "pobj"
                     for k in ctx.keys_in(phrase(g, beside)) if ctx.kind(k) in PLACE_KINDS]
            if found:
                frame.add("place", found[:1])
                return


def _derive_targets_from_destination(frame: Frame, ctx: Context) -> None:
    """A destination is the place; its state is the target, unless it is the actor's own."""
    destinations = frame.roles.get("destination", [])
    # where a named place lies says whose it is ("a base at Ramstein in Germany" is
    # German, whatever "US" modifies); failing that, any state the phrase names
    located = [k for k in destinations
               if ctx.kind(k) in ("City", "Region", "Place") and ctx.country_of(k)]
    heads = [k for k in frame.roles.get("destination_head", []) if ctx.kind(k) != "Place"]
    own = {ctx.country_of(k) for k in frame.roles.get("actor", [])}
    chosen = located + heads or destinations
    owners = [k for k in frame.roles.get("destination_owner", []) if ctx.country_of(k) not in own
              and k not in frame.roles.get("actor", [])]
    if owners and event_types()[frame.rule.type].target == "owner":
        # "struck PKK targets in Iraq", "a missile salvo at a US base in Qatar": whose the
        # target is, not where it lies
        chosen = owners
    if chosen and all(ctx.country_of(k) in own for k in chosen):
        # "Ukrainian forces attacked a Russian airbase in Crimea": where it lies is the
        # attacker's own claim, so the other state the phrase names is the target
        chosen = [k for k in destinations if ctx.country_of(k) not in own] or chosen
    for key in chosen:
        state = ctx.country_of(key)
        if ctx.kind(key) == "Organization":
            frame.add("target", [key])
        elif state:
            frame.add("target", [state])
    owned_by = set(frame.roles.get("destination_owner", []))  # "a US base in Qatar": Qatar
    places = [k for k in frame.roles.get("place", []) + destinations if k not in owned_by]
    ranked = sorted((k for k in places if ctx.kind(k) in PLACE_KINDS),
                    key=lambda k: place_rank(k, ctx))
    if ranked:
        frame.place = ranked[0]


def _target_where_struck(frame: Frame, ctx: Context) -> None:
    """"fired 230 drones and 12 missiles at Ukraine" (the parser hangs "at Ukraine" on
    the missiles), "an attack near Garissa": an attack with no other target hits the
    state where it happened, unless that is the attacker's own."""
    if (frame.roles.get("target") or event_types()[frame.rule.type].target != "owner"
            or "target" in frame.rule.requires):  # a place alone makes no attack
        return
    own = {ctx.country_of(k) for k in frame.roles.get("actor", [])}
    frame.add("target", [state for k in frame.roles.get("place", [])
                         if (state := ctx.country_of(k)) and state not in own])


def _stated_territory(frame: Frame, ctx: Context) -> None:
    """"sent troops to Mozambique's Cabo Delgado province": the state the text says a
    destination belongs to is where the forces go, whatever state the gazetteer gives
    a place of that name (and such a place is not the one meant)."""
    own = set(frame.roles.get("actor", []))
    stated = [k for k in frame.roles.get("destination_state", []) if k not in own]
    if not stated or event_types()[frame.rule.type].target != "location":
        return
    frame.roles["target"] = stated + [k for k in frame.roles.get("target", [])
                                      if ctx.kind(k) != COUNTRY]
    if frame.place and ctx.country_of(frame.place) not in stated:
        frame.place = stated[0]


def _place_of_host(frame: Frame, ctx: Context) -> None:
    """"Mali has relied on Russian fighters", "invited foreign troops": forces that a
    state hosts or invites are on its soil, when no other place is said."""
    kind = event_types()[frame.rule.type]
    if frame.place or kind.situated or kind.target != "location" or (
            frame.rule.roles.get("agent") != "target"):
        return
    frame.place = next((k for k in frame.roles.get("target", []) if ctx.kind(k) == COUNTRY), None)


def _states_of_attacked_bodies(frame: Frame, ctx: Context) -> None:
    """"killed 40 soldiers in an attack on the Chadian army": a state's forces or
    bodies stand for the attacked state; a non-state armed group is attacked itself."""
    if event_types()[frame.rule.type].target != "owner":
        return
    armed = gazetteer.load().armed_groups
    frame.add("target", [state for key in frame.roles.get("target", [])
                         if ctx.kind(key) in ("Organization", "MilitaryUnit")
                         and key not in armed and (state := ctx.country_of(key))])


def _filter_kinds(frame: Frame, ctx: Context) -> None:
    rule = frame.rule
    if rule.actor_kinds:
        for role in ("actor", "party"):
            if role in frame.roles:
                frame.roles[role] = [k for k in frame.roles[role]
                                     if ctx.kind(k) in rule.actor_kinds]
    if rule.target_kinds and "target" in frame.roles:
        if PERSON not in rule.target_kinds:  # "his government invited": the person's state
            frame.roles["target"] = [ctx.country_of(k) or k if ctx.kind(k) == PERSON else k
                                     for k in frame.roles["target"]]
        frame.roles["target"] = [k for k in frame.roles["target"]
                                 if ctx.kind(k) in rule.target_kinds]
    for role in ("actor", "party", "target"):
        if role in frame.roles:
            frame.roles[role] = states_for_places(frame.roles[role], ctx)
    actors = set(frame.roles.get("actor", []))
    if "target" in frame.roles:
        frame.roles["target"] = [k for k in frame.roles["target"] if k not in actors]


# ----------------------------------------------------------------- status


# ----------------------------------------------------------------- events


def _quote(sentence: Span) -> str | None:
    text = sentence.text
    for open_mark, close_mark in (("\u201c", "\u201d"), ('"', '"')):
        start = text.find(open_mark)
        end = text.find(close_mark, start + 1) if start >= 0 else -1
        if start >= 0 and end > start + 1:
            return text[start + 1:end].strip()
    return None


def _describes_its_subject(trigger: Token) -> bool:
    """"Peru, which said ...", "officials who warned ...": a relative clause whose
    subject is its antecedent describes that speaker in passing, and "components that
    Washington says are ..." a standing position; "criticism the Kremlin said on
    Monday it rejected", a past act with a subject of its own, is a statement."""
    return trigger.dep_ == "relcl" and not (trigger.tag_ == "VBD" and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP")
        for c in trigger.children))


def _is_speaker(trigger: Token, ctx: Context) -> bool:
    """A named person, body or state speaks; "officials" or "support for X" do not."""
    lex = lexicon()
    subjects = subject(trigger)
    if not subjects or any(s.lemma_.lower() in lex["anonymous_sources"] for s in subjects):
        return False
    head = subjects[0]
    if is_passive(trigger):  # "firms accused of ...", "it was announced": no speaker acts
        return False
    if _describes_its_subject(trigger) or any(
            c.dep_ == "dobj" and c.lemma_.lower() in lex["empty_speech"] for c in trigger.children):
        return False
    if trigger.lemma_.lower() in lex["clause_only_speech"] and not any(
            c.dep_ in ("ccomp", "parataxis") for c in trigger.children) and _quote(
            sentence_of(trigger)) is None:
        return False
    named = any(ctx.kind(m.entity) == PERSON for m in ctx.mentions_in(phrase(head)))
    return (bool(ctx.by_token.get(head.i)) or named
            or head.lemma_.lower() in lex["speaker_nouns"])


def to_event(frame: Frame, ctx: Context) -> Event | None:
    rule = frame.rule
    if rule.speaker and not _is_speaker(frame.trigger, ctx):
        return None
    how = stance(frame.trigger, ctx, fixed=rule.status)
    if not how.keep:
        return None
    actors = frame.roles.get("actor", []) + frame.roles.get("party", [])
    if rule.state_level:
        states = [ctx.country_of(a) for a in actors]
        actors = actors + list(dict.fromkeys(s for s in states if s and s not in actors))
    sources = credited(how, actors, ctx)
    status = how.status
    if status == "reported" and not sources and not how.unnamed_source:
        status = "asserted"
    if rule.speaker:  # a remark is reported only by someone other than its speaker
        sources = [s for s in sources if s not in actors]
        status = "reported" if sources else "asserted"
    sentence = sentence_of(frame.trigger)
    offset = ctx.article.body_start
    text = sentence.text.rstrip()
    start = offset + sentence.start_char + (len(text) - len(text.lstrip()))
    mention = EventMention(
        sentence=Sentence(start, start + len(text.strip()), text.strip()),
        trigger=frame.trigger.text,
        trigger_start=offset + frame.trigger.idx,
        trigger_end=offset + frame.trigger.idx + len(frame.trigger.text),
    )
    cameo = rule.cameo
    if rule.speaker and frame.trigger.lemma_.lower() == "accuse":
        cameo = "112"
    return Event(
        type=rule.type, actors=actors, targets=frame.roles.get("target", []),
        place=frame.place, time=time_of(frame, ctx, status) or (
            time_of(replace(frame, trigger=frame.antecedent), ctx, status)
            if frame.antecedent is not None else None),
        quantity=frame.quantity, status=status, attributed_to=sources,
        mentions=[mention], quote=_quote(sentence) if rule.speaker else None,
        cameo=cameo, rule=rule.id,
        narrated=past_tense(host_verb(frame.trigger) or frame.trigger, perfect=False),
        nominal=rule.pos == "NOUN", separate=_marked_separate(frame.trigger),
    )


def _marked_separate(trigger: Token) -> bool:
    """"a separate bilateral meeting", "another round of talks", "in a separate
    decision": the article says this is not the happening it told before."""
    words = lexicon()["separate_words"]
    nodes = [trigger, *role_tokens(trigger, "patient"),
             *(g for c in trigger.children if c.dep_ == "prep" for g in c.children
               if g.dep_ == "pobj")]
    if trigger.dep_ == "pobj":  # "in a separate decision on Monday, ministers froze ..."
        nodes.append(trigger.head.head)
    return any(c.dep_ == "amod" and c.lower_ in words or c.dep_ == "det" and c.lower_ in words
               for node in nodes for c in node.children)


def frames(doc: Doc, ctx: Context) -> Iterator[Frame]:
    rules = load_rules()
    for token in doc:
        pos = "VERB" if token.pos_ == "AUX" and token.lemma_ != "be" else token.pos_
        key = lemma_key(token)
        candidates = rules.get((key, pos), ())
        if not candidates and " " in key:  # a phrasal verb no rule names: its verb
            candidates = rules.get((token.lemma_.lower(), pos), ())
        found: set[str] = set()  # one frame per token, unless a rule says the word also
        for rule in candidates:  # means another event ("X received Y": a visit and a meeting)
            if found and not found <= rule.also_after:
                continue
            frame = apply_rule(rule, token, ctx)
            if frame is not None:
                found.add(rule.type)
                yield frame


def _only_sources(frame: Frame, others: list[Frame]) -> bool:
    """"X happened, officials said": a speech verb after its content, when the
    content is itself an event, credits that event rather than being one."""
    content = [c for c in frame.trigger.children if c.dep_ == "ccomp" and c.i < frame.trigger.i]
    inside = {t.i for c in content for t in c.subtree}
    return any(o.trigger.i in inside for o in others if not o.rule.speaker)


def _announces(frame: Frame, others: list[Frame]) -> bool:
    """"Washington announced a package": the object is the event, not a remark."""
    objects = {t.i for c in frame.trigger.children if c.dep_ == "dobj" for t in c.subtree}
    return any(o.trigger.i in objects for o in others if not o.rule.speaker)


def _restated(frame: Frame, others: list[Frame], ctx: Context) -> bool:
    """"Its spokeswoman said Beijing firmly opposed the plans, calling them a threat":
    a remark inside what the same state's speaker said is that statement's content,
    not a second statement."""
    def states(f: Frame) -> set[str]:
        actors = f.roles.get("actor", [])
        return {ctx.country_of(k) or k for k in actors}

    own = states(frame)
    return bool(own) and any(
        o is not frame and o.rule.speaker and own <= states(o)
        and frame.trigger.i in {t.i for c in o.trigger.children if c.dep_ == "ccomp"
                                for t in c.subtree}
        for o in others)


def extract(article: Article, doc: Doc, linked: Linked) -> list[Event]:
    """All events of the article, one per happening, each with its mentions."""
    ctx = Context.build(article, doc, linked)
    found = list(frames(doc, ctx))
    kept = [f for f in found if not (f.rule.speaker and (_only_sources(f, found)
                                                         or _announces(f, found)
                                                         or _restated(f, found, ctx)))]
    pairs = [(f, e) for f in kept if (e := to_event(f, ctx)) is not None]
    events = _fold_described(pairs, linked)
    events = _join_listings(merge.merge_events(events, linked), linked)
    events = _listed_again(_without_imposers(events, linked), ctx)
    events = _recipients_from_context(events, ctx)
    return situate(_counts_told_after(events, ctx), ctx)


def _counts_told_after(events: list[Event], ctx: Context) -> list[Event]:
    """A count told after an attack, in a clause of its own, is the quantity of the
    attack told before it, when it has none:
    - an agentless count of the dead, of what was fired or destroyed, in the next
      sentences ("Azerbaijani troops stormed ... Officials said at least 200 people had
      been killed", "... launched the missiles. The ministry said 19 had been fired");
    - the forces counted as taking part in "the attack" ("up to 1,000 Ukrainian
      soldiers had taken part in the attack")."""
    starts = [ctx.article.body_start + s.start_char for s in ctx.doc.sents]
    for verb in ctx.doc:
        found, within = _agentless_count(verb), 2
        if found is None:
            found, within = _participant_count(verb), len(starts)
        if found is None:
            continue
        here = bisect_right(starts, ctx.char(verb)) - 1
        near = [e for e in events if event_types()[e.type].target == "owner"
                and any(here - within <= bisect_right(starts, m.sentence.start) - 1 < here
                        for m in e.mentions)]
        if near:
            attack = max(near, key=lambda e: max(m.sentence.start for m in e.mentions))
            attack.quantity = attack.quantity or found
    return events


def _agentless_count(verb: Token) -> Quantity | None:
    """"200 people had been killed", "19 had been fired": no one said to do it."""
    if (verb.lemma_.lower() not in lexicon()["counted_passives"] or not is_passive(verb)
            or any(c.dep_ in ("agent", "neg") for c in verb.children)):
        return None
    return next((q for c in verb.children if c.dep_ == "nsubjpass"
                 if (q := _quantity(phrase(c), c)) and q.value is not None), None)


def _participant_count(verb: Token) -> Quantity | None:
    """"1,000 soldiers had taken part in the attack": forces joining an attack told
    before (a definite "the attack")."""
    if not _takes_part(verb) or not any(
            c.lower_ in ("the", "that", "this")
            for t in prep_objects(verb, "in", depth=0) for c in t.children):
        return None
    return next((q for c in subject(verb) if (q := _quantity(phrase(c), c))
                 and q.value is not None and _is_force([c])), None)


def _takes_part(verb: Token) -> bool:
    """"took part in", "participated in"."""
    lemma = verb.lemma_.lower()
    return lemma == "participate" or (lemma == "take" and any(
        c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children))


def _recipients_from_context(events: list[Event], ctx: Context) -> list[Event]:
    """"Britain pledged aid for Sudan ... The EU promised EUR 500 million": aid whose
    recipient goes unsaid goes where the aid told before it went or, with none before,
    to the one state the article names as receiving aid ("military support for Kyiv").
    An aid denied or alleged ("Iran denied supplying drones") is about another flow."""
    named = _named_recipients(ctx)
    before: list[str] = []
    for event in sorted(events, key=lambda e: e.mentions[0].sentence.start):
        if not event_types()[event.type].recipient_in_context:
            continue
        if event.targets:
            before = event.targets
            continue
        if _recipient_said(event, ctx) or event.status in ("denied", "alleged"):
            continue  # "supplies no weapons to either side"; a denial is of another flow
        given = before or (named if len(named) == 1 else [])
        own = {s for k in event.actors if (s := ctx.country_of(k))} | set(event.actors)
        event.targets = [k for k in given if k not in own]
    return events


def _recipient_said(event: Event, ctx: Context) -> bool:
    """Whether a trigger of the event has a recipient phrase ("to X", "for X", "gave X")."""
    for mention in event.mentions:
        start = mention.trigger_start - ctx.article.body_start
        span = ctx.doc.char_span(start, start + len(mention.trigger))
        if span is not None and any(role_tokens(span.root, role)
                                    for role in ("prep:to", "prep:for", "recipient")):
            return True
    return False


def _named_recipients(ctx: Context) -> list[str]:
    """The states the article names after an aid word with "for" or "to"
    ("military support for Kyiv", "the largest supplier of arms to Ukraine")."""
    aid = lexicon()["aid_objects"]
    states: list[str] = []
    for token in ctx.doc:
        noun = token.head.head
        given = [noun, *(g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj")]  # "supplier of aid to X"
        if token.dep_ == "pobj" and token.head.lower_ in ("for", "to") and any(
                t.lemma_.lower() in aid for t in given):
            keys = states_for_places(ctx.keys_in([token]), ctx)
            states += [k for k in keys if ctx.kind(k) == COUNTRY and k not in states]
    return states


def _listed_again(events: list[Event], ctx: Context) -> list[Event]:
    """"The Treasury designated X and Y ... Britain took matching action against the
    two producers": a group of N told before, in a listing, is the N entities the
    listing before it named."""
    before: Event | None = None
    for event in sorted(events, key=lambda e: e.mentions[0].sentence.start):
        if event_types()[event.type].counts != "listed":
            continue
        size = max((definite_group_size(t) for t in _listed_tokens(event, ctx)), default=0)
        if size and before is not None and len(before.targets) == size:
            event.targets = list(before.targets)
        if event.targets:
            before = event
    return events


def _listed_tokens(event: Event, ctx: Context) -> list[Token]:
    """The words a listing's triggers aim at ("against the two producers")."""
    found: list[Token] = []
    for mention in event.mentions:
        start = mention.trigger_start - ctx.article.body_start
        span = ctx.doc.char_span(start, start + len(mention.trigger))
        if span is not None:
            found += [t for role in ("prep:against", "prep:on", "patient")
                      for t in role_tokens(span.root, role)]
    return found


def _without_imposers(events: list[Event], linked: Linked) -> list[Event]:
    """A state body that imposes measures in the article (a treasury, a ministry) is
    not among those listed: "took matching action against the two producers" after
    "the Treasury designated ..." does not list the Treasury."""
    listing = [e for e in events if event_types()[e.type].counts == "listed"]
    imposers = {k for e in listing for k in e.actors
                if (entity := linked.entities.get(k)) is not None
                and entity.type == "Organization" and entity.country}
    for event in listing:
        event.targets = [k for k in event.targets if k not in imposers]
    return [e for e in events if e.targets or e not in listing]


def _join_listings(events: list[Event], linked: Linked) -> list[Event]:
    """"Washington followed up with sanctions on Iran. The Treasury blacklisted 16 people
    and two companies": a listing that names no one is part of the measure told before
    it. Without an imposer of its own it joins that measure; with another imposer it
    is aimed at the same target; with no measure before it, it is no event."""
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: e.mentions[0].sentence.start):
        if event.targets or event_types()[event.type].counts != "listed":
            kept.append(event)
            continue
        before = [i for i, e in enumerate(kept) if e.type == event.type and e.targets]
        if not before:
            continue
        if event.actors:
            event.targets = [k for k in kept[before[-1]].targets if k not in event.actors]
            if event.targets:
                kept.append(event)
        else:
            kept[before[-1]] = merge.combine(kept[before[-1]], event, linked)
    return kept


def _fold_described(pairs: list[tuple[Frame, Event]], linked: Linked) -> list[Event]:
    """"security talks, at which the ministers met X and Y": a clause that describes
    an event noun tells the same happening, so its roles join the noun's event."""
    events: list[Event | None] = [event for _, event in pairs]
    position = {frame.trigger.i: i for i, (frame, _) in enumerate(pairs)}
    for i, (frame, event) in enumerate(pairs):
        if frame.trigger.dep_ not in ("relcl", "acl"):
            continue
        described = content_head(frame.trigger.head)  # "the second round of talks, at which"
        j = position.get(described.i, position.get(frame.trigger.head.i))
        if j is not None and j != i and (noun := events[j]) is not None \
                and noun.type == event.type:
            events[j] = merge.combine(noun, event, linked)
            events[i] = None
    return [event for event in events if event is not None]
