"""Linking organisations: a state's ministries and forces ("Japan's Foreign
Ministry", "the Chinese Navy"), armed groups named before a noun for armed men
("ELN rebels"), organisations the gazetteer does not list, and the phrases that
refer back to a listed one ("the alliance" for NATO).

The ministries are found early (`find_ministries`), before the people and the
NER's other spans are linked, so that the NER's spans over them are left to
`link_ministries`.
"""

from __future__ import annotations

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from geokg.entities import gazetteer as gz
from geokg.entities.places import gazetteer_place
from geokg.entities.state import POSSESSIVE, LinkState, clean_name
from geokg.language.lexicon import lexicon
from geokg.language.memo import entities, lower_lemmas, lower_words
from geokg.model import ORGANIZATION


def find_ministries(state: LinkState) -> list[tuple[Span, str]]:
    """(span, kind) of the state ministries and forces the body names, the first and
    longest where two overlap, less those that are part of an organisation's own
    name ("the Arakan Army")."""
    matcher = _ministry_matcher(state.doc.vocab)
    spans = [(state.doc[s:e], state.doc.vocab.strings[m]) for m, s, e in matcher(state.doc)]
    spans.sort(key=lambda x: (x[0].start, -len(x[0])))
    kept: list[tuple[Span, str]] = []
    for span, kind in spans:
        if not kept or span.start >= kept[-1][0].end:
            kept.append((span, kind))
    orgs = org_spans_by_token(state.doc)
    return [(span, kind) for span, kind in kept if not inside_org_name(state, span, orgs)]


def org_spans_by_token(doc: Doc) -> dict[int, Span]:
    """The NER's ORG span over each token (the NER's spans do not overlap), read once:
    each read of `doc.ents` makes every span of the article anew."""
    return {i: ent for ent in entities(doc) if ent.label_ == "ORG"
            for i in range(ent.start, ent.end)}


def inside_org_name(state: LinkState, span: Span, orgs: dict[int, Span] | None = None) -> bool:
    """"Army" of "the Arakan Army": a ministry or force word that ends a name the
    NER found, after words that are no state's ("the Kachin Independence Army"),
    is part of that organisation's own name, not some state's army. (`orgs`:
    org_spans_by_token of the doc; only the ORG span over the word's first
    token can hold it.)"""
    ent = (org_spans_by_token(state.doc) if orgs is None else orgs).get(span.start)
    if ent is None or span.end > ent.end:
        return False
    if state.gaz.known_names.get(clean_name(ent.text)):
        return True  # a curated name: "the US Treasury"
    if ent.start < span.start:
        words = [t for t in state.doc[ent.start:span.start] if t.pos_ == "PROPN"]
        return bool(words) and not any(
            state.gaz.country_of_name(t.text) or state.gaz.country_of_demonym(t.text)
            for t in words)
    return False


def link_named_armed_groups(state: LinkState) -> None:
    """"ELN rebels", "Arakan Army fighters": a name before a noun for armed men
    names an armed group, whether or not the gazetteer lists it, so that a
    clash with it has two sides and "the rebels" later can refer to it."""
    nouns = lexicon()["armed_name_heads"]
    for i, lemma in enumerate(lower_lemmas(state.doc)):
        if lemma not in nouns:
            continue
        tok = state.doc[i]
        if tok.pos_ != "NOUN" or tok.dep_ == "compound":
            continue  # not "the Kaan fighter jet"
        words = _name_run_before(tok)
        if not words:
            continue
        start, end = words[0].i, words[-1].i + 1
        name = clean_name(state.doc[start:end].text)
        if (state.gaz.country_of_demonym(name) or state.gaz.country_of_name(name)
                or gazetteer_place(state, name) or not gz.slug(name)):
            continue  # "Kurdish militants", "Gaza militants": no group's name
        known = state.gaz.known_names.get(name)
        key = (state.known_entity(known) if known
               else state.gaz.unlisted_key("org", name, ORGANIZATION))
        if not known:
            state.entity(key, name, ORGANIZATION)
        state.mention(key, start, end, "name")
        if key.startswith("org/"):
            state.linked.armed_groups.add(key)


def link_ministries(state: LinkState, ministries: list[tuple[Span, str]]) -> None:
    """Each ministry found by `find_ministries`, in the order of the text."""
    for span, kind in ministries:
        link_ministry(state, span, kind)


def link_ministry(state: LinkState, span: Span, kind: str) -> None:
    """'Japan's Foreign Ministry' -> org/jp-foreign-ministry 'Japanese Foreign Ministry'."""
    code, _ = state.qualifier_before(span.start)
    if code is None and (territory := _territory_before(state, span.start)) is not None:
        name, country = territory  # "Gaza's civil defence agency": "Gaza Civil Defence"
        key = f"org/{gz.slug(name)}-{kind}"
        state.entity(key, f"{name} {state.gaz.ministries[kind].label}", ORGANIZATION,
                     country=country)
        state.mention(key, span.start, span.end, "name")
        return
    if code is not None and _shared_by_a_list(state, span):
        return  # "Indian and Chinese military commanders": no one state's body
    if code is None:
        earlier = [k for k in state.linked.entities if _state_body(state, k, kind)]
        if not earlier or _adjective(span):
            return
        key = earlier[-1]
    else:
        override = state.gaz.ministry_overrides.get(code, {}).get(kind)
        if override:
            key = state.known_entity(override)
        else:
            key = f"org/{code.lower()}-{kind}"
            state.entity(key, state.gaz.ministry_label(code, kind), ORGANIZATION, country=code)
    state.mention(key, span.start, span.end, "name")


def _territory_before(state: LinkState, i: int) -> tuple[str, str] | None:
    """"Gaza's civil defence agency", "Kurdistan's interior ministry": a body that a
    region of a known state names as its own, (the name as written, the state)."""
    if i < 2 or state.doc[i - 1].text not in POSSESSIVE:
        return None
    entity = state.linked.entities.get(state.by_token.get(i - 2, ""))
    if entity is None or entity.type != "Region" or not entity.country:
        return None
    return state.doc[i - 2].text, entity.country


def _state_body(state: LinkState, key: str, kind: str) -> bool:
    """Whether an entity is a ministry or force of that kind ("org/jp-army"), not an
    armed group whose name ends in the word ("the National Liberation Army" is no
    state's army that "the army" refers back to)."""
    return key.endswith(f"-{kind}") and key not in state.linked.armed_groups \
        and key not in state.gaz.armed_groups


def _shared_by_a_list(state: LinkState, span: Span) -> bool:
    """Whether the qualifier before a ministry or force word is the last of several
    coordinated ones ("Indian and Chinese military", "US and Korean navies")."""
    qualifier = state.doc[span.start - 1] if span.start else None
    return qualifier is not None and qualifier.dep_ == "conj" and any(
        c.dep_ == "cc" for c in qualifier.head.children)


def _adjective(span: Span) -> bool:
    """"a military operation", "naval drills": a force word used as an adjective
    describes its noun; only a noun ("the military said") refers back to a force
    named before."""
    return len(span) == 1 and span[0].dep_ == "amod"


def link_anaphora(state: LinkState) -> None:
    """'the alliance' -> NATO, only once NATO itself is named in the article."""
    for phrase, key in state.gaz.anaphora.items():
        if key not in state.linked.entities:
            continue
        words = phrase.split()
        lowers = lower_words(state.doc)
        for i in range(len(lowers)):
            j = i + len(words)
            if j <= len(lowers) and list(lowers[i:j]) == words:
                state.mention(key, i, j, "title")


def link_unknown_org(state: LinkState, text: str, start: int, end: int) -> None:
    if (key := _abbreviated(state, text)) is not None:
        state.mention(key, start, end, "name")  # "the Kora Liberation Front (KLF)": an alias
        return
    code, _ = state.qualifier_before(start)
    code = code or country_prefix(state, text)
    key = state.gaz.unlisted_key("org", text, ORGANIZATION)
    if key:
        state.entity(key, text, ORGANIZATION, country=code)
        state.mention(key, start, end, "name")
        if code is None and _armed_by_name(state, text, start):
            state.linked.armed_groups.add(key)


def _abbreviated(state: LinkState, text: str) -> str | None:
    """The organisation named before whose initials an unknown capitalised word is
    ("KLF" after "the Kora Liberation Front"): the acronym pass of the sieve."""
    if not (text.isalpha() and text.isupper() and 2 <= len(text) <= 6):
        return None
    for entity in state.linked.entities.values():
        initials = "".join(w[0] for w in entity.label.split() if w[0].isupper())
        if entity.type == ORGANIZATION and len(entity.label.split()) > 1 and initials == text:
            return entity.key
    return None


def _armed_by_name(state: LinkState, text: str, start: int) -> bool:
    """"the Kora Liberation Army" (a last word that makes a name armed, with no state in
    the name), "the rebel Kora Council" (a word for armed men right before it)."""
    before = state.doc[start - 1] if start else None
    return text.split()[-1].lower() in lexicon()["armed_name_ends"] or (
        before is not None and before.lemma_.lower() in lexicon()["armed_name_heads"])


def country_prefix(state: LinkState, name: str) -> str | None:
    """The state an organisation's own name starts with: "US Army", "Chinese Navy"."""
    words = name.split()
    for size in (2, 1):
        if len(words) > size:
            head = " ".join(words[:size])
            code = state.gaz.country_of_name(head) or state.gaz.country_of_demonym(head)
            if code:
                return code
    return None


def _name_run_before(head: Token) -> list[Token]:
    """The proper-name words right before a head noun, as its compounds:
    "ELN" of "ELN rebels", "Arakan Army" of "Arakan Army fighters"."""
    words: list[Token] = []
    for tok in reversed(head.doc[max(head.i - 4, 0):head.i]):
        if tok.head.i not in {head.i, *(w.i for w in words)} or tok.dep_ not in {
                "compound", "nmod", "amod"}:
            break
        if not (tok.pos_ == "PROPN" or (tok.text.isupper() and len(tok) > 1)):
            break
        words.insert(0, tok)
    return words


_MATCHERS: dict[int, PhraseMatcher] = {}


def _ministry_matcher(vocab) -> PhraseMatcher:  # noqa: ANN001
    """One PhraseMatcher per vocab (i.e. per loaded pipeline), built on first use."""
    matcher = _MATCHERS.get(id(vocab))
    if matcher is None:
        matcher = PhraseMatcher(vocab, attr="LOWER")
        for kind, ministry in gz.load().ministries.items():
            matcher.add(kind, [Doc(vocab, words=p.split()) for p in ministry.phrases])
        _MATCHERS[id(vocab)] = matcher
    return matcher
