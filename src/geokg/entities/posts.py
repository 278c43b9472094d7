"""Titles: a role phrase next to a person's name ("Japan's Foreign Minister X", "X,
the Philippine defence secretary") becomes one of the person's Posts, and a
description with no name ("the minister", "his Ukrainian counterpart") is the
person who holds that role.

The role phrases are read from the role words of the gazetteer (`role_left`,
`role_right`); the people pass asks `role_left` too, to take two to four unknown
words after a title for a person's name ("President X").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from geokg.entities.pronouns import antecedent, denotes_a_person
from geokg.entities.state import POSSESSIVE, LinkState
from geokg.language.memo import lower_words
from geokg.model import ORGANIZATION, PERSON, Post


def assign_posts(state: LinkState) -> None:
    """Titles next to a person's name become Posts; the post's country is theirs. In
    text order, since "his Vietnamese counterpart X" takes the role of the person
    named before (whatever pass linked X first)."""
    for tok_i, key in sorted(state.person_tokens):
        if state.how_by_token.get(tok_i) != "name":
            continue
        span = _mention_span(state, tok_i)
        post = post_before(state, span.start) or post_after(state, span.end)
        person = state.linked.entities[key]
        if post and post not in person.posts:
            person.posts.append(post)
        if post and post.country and person.country is None:
            person.country = post.country


def _mention_span(state: LinkState, tok_i: int) -> Span:
    key = state.by_token[tok_i]
    start = end = tok_i
    while start > 0 and state.by_token.get(start - 1) == key:
        start -= 1
    while end < len(state.doc) and state.by_token.get(end) == key:
        end += 1
    return state.doc[start:end]


def role_left(state: LinkState, end: int) -> tuple[int, str] | None:
    """A role phrase ending just before token `end`: (start, 'Deputy Foreign Minister')."""
    roles = state.gaz.roles
    i = end - 1
    words: list[Token] = []
    while i >= 0 and i not in state.by_token:
        low = state.doc[i].lower_
        if low in roles.heads or low in roles.modifiers or low in roles.tails or (
                low in roles.inner and words):
            words.insert(0, state.doc[i])
        else:
            break
        i -= 1
    while words and words[0].lower_ in roles.inner:
        words.pop(0)
    if not words or not any(w.lower_ in roles.heads for w in words):
        return None
    return words[0].i, role_label(state, words)


def role_right(state: LinkState, start: int) -> tuple[int, str] | None:
    """A role phrase starting at token `start`: (end, role label)."""
    roles = state.gaz.roles
    words: list[Token] = []
    i = start
    while i < len(state.doc) and i not in state.by_token:
        low = state.doc[i].lower_
        if low in roles.heads or low in roles.modifiers or low in roles.tails or (
                low in roles.inner and words):
            words.append(state.doc[i])
        else:
            break
        i += 1
    while words and (words[-1].lower_ in roles.inner or words[-1].lower_ in {"the"}):
        words.pop()
    if not words or not any(w.lower_ in roles.heads for w in words):
        return None
    return words[-1].i + 1, role_label(state, words)


def role_label(state: LinkState, words: list[Token]) -> str:
    low = state.gaz.roles.lowercase
    return " ".join(w.lower_ if w.lower_ in low else w.text[:1].upper() + w.text[1:].lower()
                    for w in words)


def post_before(state: LinkState, start: int) -> Post | None:
    """'Japan's Foreign Minister, X', 'Ukrainian Deputy Foreign Minister X', 'President X'."""
    end = start - 1 if start > 0 and state.doc[start - 1].text == "," else start
    found = role_left(state, end)
    if found is None:
        return None
    role_start, role = found
    if role.lower().endswith("counterpart"):
        return counterpart_post(state, role_start)
    code, org = state.qualifier_before(role_start)
    return Post(role, code, org)


def post_after(state: LinkState, end: int) -> Post | None:
    """'X, the Philippine defence secretary', 'X, an adviser to President Y'."""
    if end >= len(state.doc) or state.doc[end].text != ",":
        return None
    i = end + 1
    if i < len(state.doc) and state.doc[i].lower_ in {"the", "a", "an"}:
        i += 1
    code, org = None, None
    if i < len(state.doc) and i in state.by_token:
        key = state.by_token[i]
        while i < len(state.doc) and state.by_token.get(i) == key:
            i += 1
        if i < len(state.doc) and state.doc[i].text in POSSESSIVE:
            i += 1
        code, org = state.qualifier_before(i)
    found = role_right(state, i)
    if found is None:
        return None
    role_end, role = found
    if code is None and role_end + 1 < len(state.doc) and state.doc[role_end].lower_ in {
            "to", "of"}:
        key = state.by_token.get(role_end + 1)
        if key is None and role_end + 2 < len(state.doc):
            key = state.by_token.get(role_end + 2)
        ent = state.linked.entities.get(key) if key else None
        if ent is not None:
            code = ent.country
            org = key if ent.type == ORGANIZATION else None
    return Post(role, code, org)


def counterpart_post(state: LinkState, role_start: int) -> Post | None:
    """'her Russian counterpart, X': X holds the possessor's role for that country."""
    code, _ = state.qualifier_before(role_start)
    possessor = None
    i = role_start - 1
    if i >= 0 and code is not None:
        i -= 1
    if i >= 0 and denotes_a_person(state.doc[i].lower_):
        possessor = antecedent(state, state.doc[i])
    if possessor is None:
        return None
    posts = state.linked.entities[possessor].posts
    if not posts:
        return None
    return Post(posts[0].role, code, posts[0].organization if code is None else None)


def link_descriptions(state: LinkState) -> None:
    """'the minister', 'The defence secretary', 'his Ukrainian counterpart'."""
    for i, lower in enumerate(lower_words(state.doc)):
        if i in state.by_token or lower not in {"the", "his", "her", "their"}:
            continue
        tok = state.doc[i]
        j = tok.i + 1
        code = None
        if j < len(state.doc) and state.by_token.get(j, "").startswith("country/") \
                and state.how_by_token.get(j) == "demonym":
            code = state.linked.entities[state.by_token[j]].country
            while state.by_token.get(j, "").startswith("country/"):
                j += 1
        found = role_right(state, j)
        if found is None:
            continue
        end, role = found
        code, after = _of_state(state, end, code)
        if after < len(state.doc) and (state.doc[after].pos_ == "PROPN"
                                       or state.doc[after].text in {",", "of"} | POSSESSIVE):
            continue
        key = describe(state, tok.i, role, code)
        if key:
            state.mention(key, tok.i, end, "title")


def _of_state(state: LinkState, end: int, code: str | None) -> tuple[str | None, int]:
    """"the President of Ruritania": the state an of-phrase after a role names, and
    where the of-phrase ends (`end` unchanged when there is none). The state keeps
    its own mention; the description is the role words."""
    doc = state.doc
    if code is not None or end + 1 >= len(doc) or doc[end].lower_ != "of":
        return code, end
    j = end + 1 + (doc[end + 1].lower_ == "the")
    key = state.by_token.get(j, "")
    if not key.startswith("country/"):
        return code, end
    while state.by_token.get(j) == key:
        j += 1
    return state.linked.entities[key].country, j


def describe(state: LinkState, at: int, role: str, code: str | None) -> str | None:
    """The person a description refers to: matching role (and country), most recent;
    a state's leader ("the President of X") may be the one listed office-holder of
    that state the article names without a post."""
    head = role.split()[-1].lower()
    people = [e for e in state.linked.entities.values() if e.type == PERSON]
    if head == "counterpart":
        candidates = [e.key for e in people if code and e.country == code]
    else:
        candidates = [
            e.key for e in people
            if any(p.role.lower().endswith(role.lower()) and (code is None or p.country == code)
                   for p in e.posts)
        ]
    if not candidates and code and role.lower() in state.gaz.roles.leaders:
        listed = [e.key for e in people if not e.posts and e.key in state.gaz.people
                  and state.gaz.people[e.key].country == code]
        candidates = listed if len(listed) == 1 else []
    if not candidates:
        return None
    before = [(i, k) for i, k in state.person_tokens if i < at and k in candidates]
    if before:
        return max(before)[1]
    return candidates[0] if len(candidates) == 1 else None
