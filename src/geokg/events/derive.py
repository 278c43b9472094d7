"""What a frame's filled roles imply: its actor, toll, places and targets.

Once geokg.events.roles has filled a frame's roles from the words of the sentence,
these steps draw what those roles leave implicit, in one declared order (`derive`):
the state behind forces; a toll, an earmarked share or a listed count as the
quantity; the place an event happened from a where-clause, "there" or a verb of
happening; the state a destination or an attacked body stands for; and last the
kinds of entity the rule allows in each role. Each reads and writes one frame only.
"""

from __future__ import annotations

from spacy.tokens import Token

from geokg.entities import gazetteer
from geokg.events.context import PLACE_RANK, Context, place_rank, states_for_places
from geokg.events.participants import armed_groups, opponent
from geokg.events.rules import Frame, event_types
from geokg.language.frames import dead_first, lemma_key, role_tokens, support_verb
from geokg.language.lexicon import lexicon
from geokg.language.quantity import parse_quantity
from geokg.language.sentences import sentence_of
from geokg.language.syntax import LOCATIVE_PREPS, beside, host_verb, phrase
from geokg.model import COUNTRY, PERSON, Quantity

PLACE_KINDS = set(PLACE_RANK)
# A capital that acts is its state, and the linker already links it so ("Moscow
# said": a metonym); any other town or site named as who acts is a word that also
# names a person or a firm ("Obama", "Bush", "Cisco"), never the state it lies in.
TOWNS = frozenset({"City", "Place"})


def derive(frame: Frame, ctx: Context) -> bool:
    """Draw what the frame's filled roles imply, each step seeing the ones before.
    True when the frame counts the entities it lists ("blacklisted 16 people"): such
    a listing needs no named target."""
    _derive_actor_from_forces(frame, ctx)
    _actor_from_origin(frame, ctx)
    _toll_inside(frame)
    _toll_by_clause(frame)
    _earmarked_share(frame, ctx)
    listed = _counts_listed(frame)
    _place_from_where_clause(frame, ctx)
    _place_within_clause(frame, ctx)
    _place_from_there(frame, ctx)
    _place_here(frame, ctx)
    _place_of_happening_verb(frame, ctx)
    _place_fronted_over_report(frame, ctx)
    _derive_targets_from_destination(frame, ctx)
    _stated_territory(frame, ctx)
    _target_of_purpose(frame, ctx)
    _target_where_struck(frame, ctx)
    _place_of_main_clause(frame, ctx)
    _place_of_host(frame, ctx)
    _states_of_attacked_bodies(frame, ctx)
    _filter_kinds(frame, ctx)
    _opponent_in_context(frame, ctx)
    return listed


def quantity_in(words: list[Token], head: Token, whole: bool = False) -> Quantity | None:
    """The amount in a phrase: before its head noun for forces ("12,000 troops"),
    anywhere in it for amounts ("12 howitzers worth 150 million euros")."""
    members = _members(head)  # "a group of about 100 instructors": the members' count
    if members is not None and not whole:
        head, words = members, [t for t in words if t.i >= members.left_edge.i]
    ordered = sorted(words, key=lambda t: t.i)
    end = ordered[-1].i + 1 if whole else head.i + 1
    span = head.doc[ordered[0].i: end]
    return parse_quantity(span.text, noun=head.lemma_.lower() if head.pos_ == "NOUN" else None)


def _members(head: Token) -> Token | None:
    """The members of a collective noun, when it names them ("a contingent of 300
    officers": officers)."""
    if head.lemma_.lower() not in lexicon()["collective_nouns"]:
        return None
    return next((g for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
                 for g in p.children if g.dep_ == "pobj"), None)


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
                frame.quantity = quantity_in(phrase(share), share, whole=True) or frame.quantity
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
                frame.quantity = frame.quantity or quantity_in(phrase(victim), victim)


def _toll_by_clause(frame: Frame) -> None:
    """A toll told in a clause of its own about this act: the killing the event is
    the setting of ("75 people have been killed in the fighting"), a relative clause
    on the attack the act was carried out in ("seized it in an assault that killed two
    dozen people"), and a relative "which" under a report ("launched airstrikes,
    which they say killed 10 militants")."""
    if frame.quantity is not None or "toll" not in frame.rule.roles:
        return
    toll_verbs = lexicon()["toll_verbs"]
    trigger = frame.trigger
    host = host_verb(trigger) or trigger
    killings = []
    if trigger.dep_ == "pobj" and trigger.head.lower_ in SETTING_PREPS:
        killings.append(trigger.head.head)  # "killed in the fighting"
    settings = [g for p in host.children if p.dep_ == "prep" and p.lower_ in SETTING_PREPS
                for g in p.children if g.dep_ == "pobj"]
    killings += [c for g in settings for c in g.children if c.dep_ == "relcl"
                 and _relative_subject(c)]
    killings += [v for c in _clause_words(host) if c.dep_ in ("advcl", "relcl")
                 and c.lemma_.lower() in lexicon()["reporting_verbs"]
                 for v in c.children if v.dep_ == "ccomp" and _relative_subject(v)]
    for verb in (v for k in killings for v in dead_first(k)):
        if verb.pos_ == "VERB" and verb.lemma_.lower() in toll_verbs:
            for victim in role_tokens(verb, "patient"):
                frame.quantity = frame.quantity or quantity_in(phrase(victim), victim)


# Prepositions whose noun is the happening a clause took place in ("killed in fighting")
SETTING_PREPS = ("in", "during", "amid")


def _clause_words(verb: Token) -> list[Token]:
    """The words of the verb's own clause and the clauses hung on them, down to the
    next verb ("on Monday night, which they say ...": the parser's "night" holds it)."""
    found, todo = [], list(verb.children)
    while todo:
        token = todo.pop()
        found.append(token)
        if token.pos_ not in ("VERB", "AUX"):
            todo.extend(token.children)
    return found


def _relative_subject(verb: Token) -> bool:
    """The clause's subject is a relative pronoun ("which", "that"): it is about the
    thing or act it hangs on."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP")
               for c in verb.children)


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
    where the event happened (only cities and regions, never a state). The trigger's
    own phrase is no place: "In the meeting with Peru's prime minister, ..." names the
    meeting and whom it was with."""
    wants_place = {"place", "destination"} & set(frame.rule.roles.values())
    if not wants_place or frame.roles.get("destination") or frame.roles.get("place"):
        return
    for token in phrase(frame.trigger):
        if token.i != frame.trigger.i and token.dep_ == "pobj" and token.head.lower_ in (
                "in", "at"):
            keys = [k for k in ctx.keys_in(phrase(token)) if ctx.kind(k) in PLACE_KINDS]
            if keys:
                frame.add("place", keys)
                return


def dateline_here(trigger: Token, ctx: Context) -> str | None:
    """"announced here", "the deployment of troops here": in a story with a dateline,
    "here" is the dateline's city, in any paragraph (deixis, not the dateline rule)."""
    dateline = ctx.dateline
    if dateline is None:
        return None
    holders = {trigger, host_verb(trigger) or trigger}
    if any(c.dep_ == "advmod" and c.lower_ == "here" for h in holders for c in h.children):
        return dateline
    return None


def _place_here(frame: Frame, ctx: Context) -> None:
    """An act told "here" took place in the dateline's city, unless a place below the
    state is already given."""
    wants_place = {"place", "destination"} & set(frame.rule.roles.values())
    placed = [k for role in ("place", "destination") for k in frame.roles.get(role, [])
              if ctx.kind(k) != COUNTRY]
    if wants_place and not placed and (here := dateline_here(frame.trigger, ctx)):
        frame.add("destination" if "destination" in wants_place else "place", [here])


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


def _place_of_main_clause(frame: Frame, ctx: Context) -> None:
    """"French troops joined the fighting in Gao, firing artillery": a participle with
    no subject of its own tells part of the act of the clause it hangs on, and takes
    its place (said on that verb or on its object), a place below a state; not whom it
    hits ("joined the fighting in X" says nothing of whom against)."""
    wants = {"place", "destination"} & set(frame.rule.roles.values())
    trigger = frame.trigger
    placed = frame.place is not None and ctx.kind(frame.place) != COUNTRY
    if (not wants or placed or trigger.tag_ != "VBG" or trigger.dep_ not in ("advcl", "xcomp")
            or any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in trigger.children)):
        return
    main = trigger.head
    holders = [main, *(o for o in main.children if o.dep_ == "dobj")]
    for prep in (p for h in holders for p in h.children if p.dep_ == "prep"):
        if prep.lower_ in ("in", "at") and prep.i < trigger.i:
            keys = _places_below_state(prep, ctx)
            if keys:
                frame.place = keys[0]
                return


def _places_below_state(prep: Token, ctx: Context) -> list[str]:
    """The cities, regions and sites a preposition's object names ("in Gao")."""
    return [k for g in prep.children if g.dep_ == "pobj"
            for k in ctx.keys_in(phrase(g)) if ctx.kind(k) in PLACE_KINDS - {COUNTRY}]


def _place_fronted_over_report(frame: Frame, ctx: Context) -> None:
    """"In the Abobo district, officials said 31 people had been killed in fighting":
    a place fronted at the head of the sentence sets the scene of what the report
    tells, not of the speaking (which "said in Geneva", after the verb, would be)."""
    wants = {"place", "destination"} & set(frame.rule.roles.values())
    placed = [k for role in ("place", "destination") for k in frame.roles.get(role, [])
              if ctx.kind(k) != COUNTRY]
    if not wants or placed:
        return
    clause = host_verb(frame.trigger) or frame.trigger
    while clause.dep_ in ("conj", "prep", "pobj") and clause.head.i != clause.i:
        clause = clause.head
    report = clause.head
    if clause.dep_ != "ccomp" or report.lemma_.lower() not in lexicon()["reporting_verbs"]:
        return
    first = sentence_of(report).start
    for prep in report.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "at") and prep.i == first:
            keys = _places_below_state(prep, ctx)
            frame.add("destination" if "destination" in wants else "place", keys)


def _derive_targets_from_destination(frame: Frame, ctx: Context) -> None:
    """A destination is the place; its state is the target, unless it is the actor's own."""
    destinations = frame.roles.get("destination", [])
    # where a named place lies says whose it is ("a base at Ramstein in Germany" is
    # German, whatever "US" modifies); failing that, any state the phrase names
    located = [k for k in destinations
               if ctx.kind(k) in ("City", "Region", "Place") and ctx.country_of(k)]
    heads = [k for k in frame.roles.get("destination_head", []) if ctx.kind(k) != "Place"]
    own = _own_states(frame, ctx)
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
    # "a US base in Qatar": the US owns, Qatar hosts; "Saudi Arabia", whose first word
    # reads as an owner, is the destination itself
    owned_by = set(frame.roles.get("destination_owner", [])) - set(
        frame.roles.get("destination_head", []))
    places = [k for k in frame.roles.get("place", []) + destinations if k not in owned_by]
    ranked = sorted((k for k in places if ctx.kind(k) in PLACE_KINDS),
                    key=lambda k: place_rank(k, ctx))
    if ranked:
        frame.place = ranked[0]


def _target_of_purpose(frame: Frame, ctx: Context) -> None:
    """"invaded the island in an effort to topple the rebel leadership of X", "an
    offensive aimed at driving out X": whom the attack sets out to oust (`ousting_verbs`,
    in a clause of purpose on it) is its target, when no other is named; the place
    they are to be driven from is where it is fought."""
    actors = frame.roles.get("actor", [])
    own = set(actors) | {ctx.country_of(k) for k in actors}
    if any(k not in own for k in frame.roles.get("target", [])) or (
            event_types()[frame.rule.type].target != "owner"):
        return
    ousting = lexicon()["ousting_verbs"]
    clause = host_verb(frame.trigger) or frame.trigger
    stack = [c for c in (clause, frame.trigger) for c in c.children
             if c.dep_ in ("prep", "advcl", "xcomp", "acl")]
    while stack:
        node = stack.pop()
        if node.pos_ == "VERB" and (node.lemma_.lower() in ousting or lemma_key(node) in ousting
                                    or node.lemma_.lower() in lexicon()["driving_verbs"]
                                    and any(p.lower_ == "from" for p in node.children)):
            keys = [k for o in node.children if o.dep_ == "dobj"
                    for k in ctx.keys_in(phrase(o)) if ctx.kind(k) not in PLACE_KINDS]
            # a leader stands for the state he heads, unless it is the actor's own:
            # then he leads the rebellion it fights ("Comoros invaded ... to topple X")
            keys = [ctx.state_of(k) or k if ctx.kind(k) == PERSON
                    and ctx.state_of(k) not in actors else k for k in keys]
            frame.add("target", [k for k in dict.fromkeys(keys) if k not in actors])
            driven_from = [k for p in node.children if p.dep_ == "prep" and p.lower_ == "from"
                           for g in p.children for k in ctx.keys_in(phrase(g))
                           if ctx.kind(k) in PLACE_KINDS - {COUNTRY}]
            if driven_from and (frame.place is None or ctx.kind(frame.place) == COUNTRY):
                frame.place = driven_from[0]  # "to drive X from the city": where it is fought
            return
        if node.dep_ in ("prep", "pobj", "pcomp", "acl", "advcl", "xcomp") and node.pos_ != "AUX":
            stack += [c for c in node.children if c.dep_ in ("pobj", "pcomp", "acl", "prep",
                                                             "xcomp")]


def _own_states(frame: Frame, ctx: Context) -> set[str | None]:
    """The states whose own soil the actors stand on: an army's state, never an armed
    group's ("the RSF overran a camp in Darfur", "rebels advanced on the capital" attack
    the state they fight in)."""
    armed = armed_groups(ctx)
    return {ctx.country_of(k) for k in frame.roles.get("actor", []) if k not in armed}


def _target_where_struck(frame: Frame, ctx: Context) -> None:
    """"fired 230 drones and 12 missiles at Ukraine" (the parser hangs "at Ukraine" on
    the missiles), "an attack near Garissa": an attack with no other target hits the
    state where it happened, unless that is the attacker's own."""
    if (frame.roles.get("target") or event_types()[frame.rule.type].target != "owner"
            or "target" in frame.rule.requires):  # a place alone makes no attack
        return
    own = _own_states(frame, ctx)
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
        if frame.roles.get("actor"):  # a delegation is its leaders and the state it is of
            frame.add("actor", frame.roles.get("delegation_state", []))
    # a leader an army attacks in its own state is the enemy himself ("to topple X")
    own = set(frame.roles.get("actor", [])) if event_types()[rule.type].target == "owner" else set()
    if rule.target_kinds and "target" in frame.roles:
        if PERSON not in rule.target_kinds:  # "his government invited": the person's state
            frame.roles["target"] = [
                k if ctx.kind(k) == PERSON and ctx.country_of(k) in own
                else ctx.country_of(k) or k if ctx.kind(k) == PERSON else k
                for k in frame.roles["target"]]
        frame.roles["target"] = [k for k in frame.roles["target"]
                                 if ctx.kind(k) in rule.target_kinds
                                 or ctx.kind(k) == PERSON and ctx.country_of(k) in own]
    for role in ("actor", "party"):  # "Obama said": a town that bears a name does not act
        if role in frame.roles:
            frame.roles[role] = [k for k in frame.roles[role] if ctx.kind(k) not in TOWNS]
    for role in ("actor", "party", "target"):
        if role in frame.roles:
            frame.roles[role] = states_for_places(frame.roles[role], ctx)
    actors = set(frame.roles.get("actor", []))
    if "target" in frame.roles:
        frame.roles["target"] = [k for k in frame.roles["target"] if k not in actors]


def _actor_from_origin(frame: Frame, ctx: Context) -> None:
    """"two missiles had been launched from X": with no one said to fire them, what is
    fired from a state's soil is that state's (an agentless passive)."""
    if not frame.roles.get("actor") and frame.roles.get("origin"):
        frame.add("actor", [k for k in states_for_places(frame.roles["origin"], ctx)
                            if ctx.kind(k) == COUNTRY])


def _opponent_in_context(frame: Frame, ctx: Context) -> None:
    """"Government forces put up a brief fight", "the rebels met resistance": a fight
    told from one side only is against the other side of the article's conflict
    (geokg.events.participants.opponent), for a rule that says so."""
    parties = frame.roles.get("party", [])
    if frame.rule.opponent_in_context and len(parties) == 1:
        frame.add("party", opponent(parties[0], ctx))
