"""Participants named by description, resolved to the entities they refer to.

A frame's argument is often no name: "the two leaders", "both governments",
"ministers from the two countries", "its defence ministry", "the militants",
"the country". Each is resolved here, once for every event type, from what the
article named before; the words that classify descriptions are data
(data/lexicon.yaml), the armed groups come from the gazetteer.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from geokg.entities import gazetteer
from geokg.entities.references.features import kept_apart
from geokg.events.context import PLACE_RANK, Context, resolve_pronoun
from geokg.language.lexicon import lexicon
from geokg.language.memo import per_token
from geokg.language.quantity import number_word
from geokg.language.sentences import sentence_of
from geokg.language.syntax import LOCATIVE_PREPS, conjuncts, phrase
from geokg.model import COUNTRY, PERSON


def referents(token: Token, ctx: Context, taken: set[str], owned: bool = False) -> list[str]:
    """The entities an unnamed argument refers to; `taken` are the frame's own
    participants, which "the country" cannot be. With `owned` (a target or a
    destination), whatever a possessive pronoun owns is its owner's: "the US bombing
    of its nuclear sites" targets the state "its" refers to."""
    return (resolve_pronoun(ctx, token) or _head_match(token, ctx)
            or _pair_before(token, ctx, taken)
            or _possessor(token, ctx, any_noun=owned) or _relative_possessor(token, ctx)
            or _described_group(token, ctx) or _the_country(token, ctx, taken)
            or home_forces(token, ctx))


def _head_match(token: Token, ctx: Context) -> list[str]:
    """"the delegation", "the frigate": the reference layer's head-noun pass."""
    return ctx.references.head_match(token) if ctx.references else []


def appositive_name(token: Token, ctx: Context) -> list[Token]:
    """Role apposition: "a spokesman for X, Y, said", "an envoy of X, Y, met Z":
    an unnamed role noun with a person's name in apposition is that person; X
    is whose spokesman, not a second participant. [] when there is none."""
    if ctx.by_token.get(token.i) or token.lemma_.lower() not in _role_nouns():
        return []
    # The parser may hang the name on the principal ("for X, | Y", "the leader of the
    # advance party, | Y"): a person's name cannot be in apposition to a state, a body,
    # a group or another person's name.
    principals = [g for p in token.children if p.dep_ == "prep"
                  and p.lower_ in ("for", "of", "from", "to") for g in p.children
                  if g.dep_ == "pobj" and (ctx.by_token.get(g.i)
                                           or g.lemma_.lower() not in _role_nouns())]
    for node in (token, *principals):
        own = {m.entity for m in ctx.by_token.get(node.i, ())}
        for child in node.children:
            people = {m.entity for m in ctx.by_token.get(child.i, ())
                      if ctx.kind(m.entity) == PERSON}
            if child.dep_ == "appos" and people and not people & own:
                return [t for c in conjuncts(child) for t in c.subtree if any(
                    ctx.kind(m.entity) == PERSON for m in ctx.by_token.get(t.i, ()))]
    return []


def _role_nouns() -> frozenset[str]:
    lex = lexicon()
    return lex["person_nouns"] | lex["speaker_nouns"]


def led_by(token: Token, ctx: Context) -> list[str]:
    """"a US delegation led by A, B and C visited X": the named people a group is led
    or headed by take part in what it does."""
    clauses = [c for c in token.children if c.dep_ in ("acl", "relcl")
               and c.lemma_.lower() in lexicon()["leading_verbs"]]
    agents = [g for c in clauses for a in c.children if a.dep_ == "agent"
              for g in a.children if g.dep_ == "pobj"]
    return [m.entity for g in agents for c in conjuncts(g) for m in ctx.mentions_in(phrase(c))
            if ctx.kind(m.entity) == PERSON]


def leaders_of(token: Token, ctx: Context) -> list[str]:
    """"the leaders of Japan and South Korea": the one person the article names as
    leading each of those states (a head of state or government by the post the
    article gives, of that state by the post or the office-holders' list)."""
    lex = lexicon()
    if token.lemma_.lower() not in lex["leader_nouns"]:
        return []
    states = [k for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
              for g in prep.children if g.dep_ == "pobj" for c in conjuncts(g)
              for k in ctx.keys_in([c]) if ctx.kind(k) == COUNTRY]
    leaders = [e for e in ctx.linked.entities.values() if e.type == PERSON and any(
        post.role.lower() in lex["leader_titles"] for post in e.posts)]
    people = gazetteer.load().people
    found: list[str] = []
    for state in dict.fromkeys(states):
        code = ctx.linked.entities[state].country
        leading = [e.key for e in leaders if (e.country or (
            people[e.key].country if e.key in people else None)) == code]
        if len(leading) != 1:
            return []
        found += leading
    return found


def _described_group(token: Token, ctx: Context, bare: bool = False) -> list[str]:
    """"the militants", "the rebels", "the group": the armed group named last before
    (within a few sentences), as a pronoun would refer; a bare plural ("fighting
    between insurgents and troops") is the one armed group the article names."""
    if token.lemma_.lower() not in lexicon()["armed_group_nouns"]:
        return []
    if not any(c.lower_ in ("the", "these", "those") for c in token.children):
        bare = bare or token.tag_ == "NNS" and not any(
            c.dep_ in ("det", "poss", "nummod") for c in token.children)
        return armed_group_of(token, ctx) if bare else []
    armed = armed_groups(ctx)
    for scope in _scopes_before(token, 4)[1:] or _scopes_before(token, 0):
        named = [m.entity for tok in reversed(scope) for m in ctx.by_token.get(tok.i, ())
                 if m.entity in armed]
        if named:
            return named[:1]
    return armed_group_of(token, ctx)


def armed_group_of(token: Token, ctx: Context) -> list[str]:
    """"Kurdish militant positions": a bare description of armed men is the one armed
    group the article names, if it names exactly one (before or after)."""
    if token.lemma_.lower() not in lexicon()["armed_group_nouns"]:
        return []
    return _only_armed_group(ctx)


def _only_armed_group(ctx: Context) -> list[str]:
    """The one armed group the article names, if it names exactly one."""
    armed = armed_groups(ctx)
    named = {m.entity for m in ctx.linked.mentions if m.entity in armed}
    return list(named) if len(named) == 1 else []


def opponent(side: str, ctx: Context) -> list[str]:
    """The other side of a fight told from one side only ("government forces put up a
    brief fight at X"): in an article about one armed group, a state's forces fight
    that group, and the group fights the state the article is about."""
    if side in armed_groups(ctx):
        state = _main_state(ctx)
        return [state] if state else []
    if ctx.country_of(side) is not None:
        return [k for k in _only_armed_group(ctx) if ctx.country_of(k) != side]
    return []


def armed_groups(ctx: Context) -> frozenset[str]:
    """The gazetteer's armed groups and those the article calls armed."""
    return gazetteer.load().armed_groups | ctx.linked.armed_groups


def _possessor(token: Token, ctx: Context, any_noun: bool = False) -> list[str]:
    """"its defence ministry said", "its troops killed", "its jets struck": an unnamed
    body, force or weapon acts for the state or body its possessive pronoun refers to."""
    lex = lexicon()
    if not any_noun and token.lemma_.lower() not in lex["speaker_nouns"] | lex[
            "source_nouns"] | lex["force_nouns"] | lex["equipment_nouns"]:
        return []
    owners = [c for c in token.children if c.dep_ == "poss" and c.pos_ == "PRON"]
    return [k for o in owners for k in resolve_pronoun(ctx, o)]


def _relative_possessor(token: Token, ctx: Context) -> list[str]:
    """"NATO, whose heads of state gathered in Vilnius": what "whose" owns acts for the
    named antecedent of its relative clause, the name just before it (the parser does
    not always attach the clause to it: "the Community (ECOWAS), whose ...")."""
    whose = next((c for c in token.children if c.dep_ == "poss" and c.tag_ == "WP$"), None)
    if whose is None:
        return []
    before = whose.doc[whose.i - 1] if whose.i > 0 else whose
    while before.is_punct and before.i > 0:
        before = before.doc[before.i - 1]
    # a bracketed acronym stands in apposition to the name it abbreviates
    return ctx.keys_in([before]) or (ctx.keys_in([before.head]) if before.dep_ == "appos"
                                     else [])


def _group_size(word: str) -> int:
    """2 for "both", N for a number word of two or more ("the four"), else 0."""
    size = 2 if word.lower() == "both" else number_word(word) or 0
    return size if size >= 2 else 0


@per_token
def _group_head(token: Token) -> tuple[Token, int] | None:
    """The counted group a phrase names ("the two leaders", "ministers from the two
    countries", "both governments") and its size."""
    for node in phrase(token):
        size = _group_size(node.lower_) if node.i == token.i else 0
        size = size or next((n for c in node.children
                             if c.dep_ in ("nummod", "det", "predet", "quantmod")
                             and (n := _group_size(c.lower_))), 0)
        if size:
            return node, size
    if _group_size(token.lower_):
        return token, _group_size(token.lower_)
    return None


def _pair_before(token: Token, ctx: Context, taken: set[str] = frozenset()) -> list[str]:
    """"between the two nations", "the two signed", "the four agreed": the people, or
    else the states, named before the phrase: in its sentence, failing that in the
    sentences before (where "the four" were introduced), the N of them the article
    has named most often; failing that, the N the article has named most often so far
    (the story's protagonists: "the two leaders" a paragraph after their names).
    The frame's own participants (`taken`) are not in the group: "Ghana's president
    will hold talks with the three juntas"."""
    group = _group_head(token)
    if group is None or not _definite(group[0]):
        return []
    head, size = group
    wanted = _group_kinds(head)
    before = ctx.char(token)
    # A mediator or host stays apart while the group can be made up without it
    # ("X hosted talks between Y and Z ... the two sides"), not when it is needed
    # ("X hosted the leaders of Y and Z ... the three leaders").
    # A group of mediators alone is never "both sides".
    kept = _kept_apart(ctx, token)
    for apart in (kept, set()):
        for scope in _scopes_before(token, 4):
            earlier = [m for tok in reversed(scope) if not _setting(tok)
                       for m in ctx.by_token.get(tok.i, ())]
            for kind in wanted:
                found = [k for k in dict.fromkeys(_as_kind(m.entity, kind, ctx)
                                                  for m in earlier)
                         if k and k not in taken and k not in apart]
                if len(found) >= size:
                    counts = _mention_counts(ctx, before, kind)
                    group = sorted(found, key=lambda k: -counts.get(k, (0, 0))[0])[:size]
                    if not set(group) <= kept:
                        return group
    return _most_named_before(ctx, before, wanted[0], size)


def _kept_apart(ctx: Context, token: Token) -> set[str]:
    """The mediators and hosts named in the sentences before a group description:
    never members of "the two sides" (geokg.entities.references.features)."""
    scope = _scopes_before(token, 4)[-1]
    return {m.entity for tok in scope if tok.i in ctx.by_token and kept_apart(tok)
            for m in ctx.by_token[tok.i]}


def definite_group_size(token: Token) -> int:
    """N for a group told before ("the two producers", "both firms"), else 0."""
    group = _group_head(token)
    return group[1] if group is not None and _definite(group[0]) else 0


def _definite(head: Token) -> bool:
    """"the two companies", "both sides", "their three allies" refer back; "two
    companies" or "three officials" with no determiner introduce new ones."""
    return head.lower_ == "both" or any(
        c.lower_ in ("the", "these", "those", "both") or c.dep_ == "poss"
        for c in head.children)


def _setting(token: Token) -> bool:
    """"talks in Syria": a place named as where something happens is its setting,
    not one of the sides a later "both countries" counts."""
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS


def _as_kind(key: str, kind: str, ctx: Context) -> str | None:
    """The entity as a member of a group of `kind`: a president counts among states
    as his state ("Biden hosted the leaders of Japan and South Korea, where the three
    allies agreed")."""
    if ctx.kind(key) == kind:
        return key
    if kind == COUNTRY and ctx.kind(key) == PERSON:
        return ctx.state_of(key)  # "Putin and Erdogan ... both countries"
    return None


def _mention_counts(ctx: Context, before: int, kind: str) -> dict[str, tuple[int, int]]:
    """How often, and last where, each entity of a kind is named before an offset."""
    counts: dict[str, tuple[int, int]] = {}
    for mention in ctx.linked.mentions:
        if mention.start < before and ctx.kind(mention.entity) == kind:
            count, _ = counts.get(mention.entity, (0, 0))
            counts[mention.entity] = (count + 1, mention.start)
    return counts


def _group_kinds(head: Token) -> tuple[str, ...]:
    """What a counted group is made of, by its noun: "the two governments" and "the
    two armies" are states, "the two leaders" people, "the two producers" bodies or
    firms; a bare "the four" people, else states."""
    lemma = head.lemma_.lower()
    lex = lexicon()
    if lemma in lex["state_nouns"] or lemma in lex["force_nouns"]:
        return (COUNTRY,)
    if lemma in lex["person_nouns"]:
        return (PERSON,)
    if head.pos_ == "NUM" or _group_size(head.lower_):
        return (PERSON, COUNTRY)
    return ("Organization",)


def _scopes_before(token: Token, sentences: int) -> list[Span]:
    """The text before a token in its sentence, then with each of up to `sentences`
    sentences before it added: nearest names first."""
    doc = token.doc
    own = sentence_of(token)
    scopes = [doc[own.start: token.i]]
    start = own.start
    for _ in range(sentences):
        if start == 0:
            break
        start = sentence_of(doc[start - 1]).start
        scopes.append(doc[start: token.i])
    return scopes


def _most_named_before(ctx: Context, before: int, kind: str, size: int) -> list[str]:
    counts = _mention_counts(ctx, before, kind)
    ranked = sorted(counts, key=lambda k: counts[k], reverse=True)
    if len(ranked) < size or (len(ranked) > size and counts[ranked[size - 1]][0]
                              == counts[ranked[size]][0]):
        return []  # no clear protagonists
    return ranked[:size]


# How many sentences before "the country" its antecedent is looked for among the
# states the story is about.
COUNTRY_SCOPE = 3


def _the_country(token: Token, ctx: Context, taken: set[str]) -> list[str]:
    """"sent to the country": the state named last before in its paragraph (other
    than the actor's); when the paragraph names none, of the states named in the
    sentences just before, the one the story has named most, which is where it is set
    ("French and US personnel" beside "Burkina Faso security forces" leave Burkina
    Faso the country); failing that, the state named last before."""
    if token.lemma_.lower() not in ("country", "nation") or not any(
            c.lower_ == "the" for c in token.children):
        return []
    before = ctx.char(token)
    paragraph = ctx.article.text.rfind("\n\n", 0, before)
    near = [k for k in ctx.keys_in(list(_scopes_before(token, COUNTRY_SCOPE)[-1]))
            if ctx.kind(k) == COUNTRY and k not in taken]
    if near and not any(paragraph < m.start < before and m.entity in near
                        for m in ctx.linked.mentions):
        counts = _mention_counts(ctx, before, COUNTRY)
        return [max(reversed(near), key=lambda k: counts.get(k, (0, 0)))]
    for mention in sorted(ctx.linked.mentions, key=lambda m: -m.start):
        if mention.start < before and ctx.kind(mention.entity) == COUNTRY \
                and mention.entity not in taken:
            return [mention.entity]
    return []


def home_forces(token: Token, ctx: Context) -> list[str]:
    """"security forces", "government troops", "the police", "the army": forces named
    by their service to a state and by no name are that state's where they fight,
    the state of the place the sentence names ("fighting between insurgents and
    security forces in the town of X"), failing that the state the article names
    most (in front of the rest)."""
    if not _home_force(token):
        return []
    state = _state_of_setting(token, ctx) or _main_state(ctx)
    return [state] if state else []


def _home_force(token: Token) -> bool:
    """"security forces", "government troops", "pro-government militias", "the police",
    "the army" (a definite noun alone: "an army" or "rebel army" is no state's)."""
    lex = lexicon()
    lemma = token.lemma_.lower()
    modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod")]
    if lemma in lex["force_nouns"] | lex["armed_group_nouns"] and any(
            c.lemma_.lower() in lex["home_force_modifiers"] for c in modifiers):
        return True
    return lemma in lex["home_force_nouns"] and not modifiers and any(
        c.lower_ == "the" for c in token.children)


def _state_of_setting(token: Token, ctx: Context) -> str | None:
    """The state of the place nearest the token in its sentence, if it names one."""
    sentence = sentence_of(token)
    places = [(abs(m_tok.i - token.i), state) for m_tok in sentence
              for m in ctx.by_token.get(m_tok.i, ()) if ctx.kind(m.entity) in PLACE_RANK
              and (state := ctx.country_of(m.entity)) and (
                  ctx.kind(m.entity) != COUNTRY or _setting(m_tok))]
    return min(places)[1] if places else None


def _main_state(ctx: Context) -> str | None:
    """The state the article names most often, if it leads the rest."""
    counts = _mention_counts(ctx, len(ctx.article.text) + ctx.article.body_start + 1, COUNTRY)
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return max(counts, key=lambda k: counts[k])


def led_group(token: Token, keys: list[str], ctx: Context) -> list[str]:
    """"his fighters", "Dalu's men": armed men of a person who leads an armed group
    (by the post the article gives him) are that group, not the person; "Ruritanian
    rebels" are no state's but the armed group the article names there ("Ruritanian
    fighters" may be a state's troops)."""
    lex = lexicon()
    lemma = token.lemma_.lower()
    if lemma in lex["armed_group_nouns"] - lex["force_nouns"] and keys and not ctx.by_token.get(
            token.i) and all(ctx.kind(k) == COUNTRY for k in keys):
        return _described_group(token, ctx, bare=True)
    if lemma not in lex["force_nouns"] | lex["armed_group_nouns"] | {"man"}:
        return keys
    armed = armed_groups(ctx)
    groups = [post.organization for k in keys if ctx.kind(k) == PERSON
              for post in ctx.linked.entities[k].posts if post.organization in armed]
    return list(dict.fromkeys(groups)) or keys
