"""What every rule application sees of one article: its text, parse and entities.

Built once per article by geokg.events.extract and read by the stages that interpret
frames (geokg.events.participants, geokg.events.stance, geokg.events.situate), so that none of them
imports back from the extractor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from geokg.entities.references import References, listed_state
from geokg.language.syntax import phrase
from geokg.language.timex import Anchor, infer_anchor
from geokg.model import COUNTRY, Article, EventMention, Linked, Mention


@dataclass
class Context:
    """What every rule application needs to see of the article."""

    article: Article
    doc: Doc
    linked: Linked
    anchor: Anchor | None
    by_token: dict[int, list[Mention]] = field(default_factory=dict)
    references: References | None = None  # the article's chains (entities.references)
    # What the event rules resolved that the linker had not: a pronoun or description,
    # the entities it denotes and the trigger it was read for (`note_reference`).
    resolved: list[tuple[int, Mention]] = field(default_factory=list)

    @classmethod
    def build(cls, article: Article, doc: Doc, linked: Linked) -> Context:
        ctx = cls(article, doc, linked, infer_anchor(article.published, article.text))
        offset = article.body_start
        for mention in linked.mentions:
            if mention.how == "dateline":
                continue  # blanked before parsing: no word of the parse names it
            for token in doc.char_span(mention.start - offset, mention.end - offset,
                                       alignment_mode="expand") or ():
                ctx.by_token.setdefault(token.i, []).append(mention)
        ctx.references = References.build(doc, linked, ctx.by_token)
        return ctx

    @cached_property
    def dateline(self) -> str | None:
        """The place the story was filed from (its dateline mention), looked up once:
        the linker's mentions are all there before the extraction reads them."""
        return next((m.entity for m in self.linked.mentions if m.how == "dateline"), None)

    def note_reference(self, trigger: Token, head: Token, keys: list[str]) -> None:
        """Keep "the two leaders" -> A, B (a mention per entity, one span) as read for
        `trigger`'s event, unless the linker already gave those words an entity."""
        words = _referring_words(head)
        if any(self.by_token.get(t.i) for t in words):
            return
        start = self.char(words[0])
        end = self.char(words[-1]) + len(words[-1].text)
        how = "pronoun" if head.pos_ == "PRON" else "description"
        for key in dict.fromkeys(keys):
            self.resolved.append((self.char(trigger), Mention(
                key, start, end, self.article.text[start:end], how)))

    def char(self, token: Token) -> int:
        return self.article.body_start + token.idx

    def trigger_span(self, mention: EventMention) -> Span | None:
        """The words of an event mention's trigger in the parse (its offsets are the
        article's, the parse's are the body's)."""
        offset = self.article.body_start
        span = self.doc.char_span(mention.trigger_start - offset, mention.trigger_end - offset,
                                  alignment_mode="expand")
        return span if span is not None and len(span) else None

    def mentions_in(self, tokens: Iterable[Token]) -> list[Mention]:
        seen: dict[tuple[int, int], Mention] = {}
        for token in tokens:
            for mention in self.by_token.get(token.i, ()):
                seen.setdefault((mention.start, mention.end), mention)
        return sorted(seen.values(), key=lambda m: m.start)

    def keys_in(self, tokens: Iterable[Token]) -> list[str]:
        keys: list[str] = []
        for mention in self.mentions_in(tokens):
            if mention.entity not in keys:
                keys.append(mention.entity)
        return keys

    def kind(self, key: str) -> str:
        entity = self.linked.entities.get(key)
        return entity.type if entity else ""

    def places_as_states(self, keys: list[str]) -> list[str]:
        return states_for_places(keys, self)

    def state_of(self, key: str) -> str | None:
        """`country_of`, or for an office-holder the article gives no state, the
        one the office-holders' list gives, if the article names it."""
        found = self.country_of(key)
        if found is None and self.kind(key) == "Person" and (code := listed_state(key)):
            found = f"country/{code}" if f"country/{code}" in self.linked.entities else None
        return found

    def country_of(self, key: str) -> str | None:
        """The state an entity belongs to, as an entity key, if it is linked."""
        entity = self.linked.entities.get(key)
        if entity is None or not entity.country:
            return None
        if entity.type == COUNTRY:
            return key
        country = f"country/{entity.country}"
        return country if country in self.linked.entities else None


def resolve_pronoun(ctx: Context, token: Token) -> list[str]:
    """"it", "they", "its": the states or bodies the reference layer says the
    pronoun denotes (geokg.entities.references)."""
    return ctx.references.resolve(token) if ctx.references else []


# Most precise first: a city, then a site or venue ("Ramstein Air Base"), then a
# region ("Kursk region", "western Germany", "Borno"), then a state.
PLACE_RANK = ("City", "Place", "Region", COUNTRY)


def place_rank(key: str, ctx: Context) -> int:
    """Where a key stands in PLACE_RANK (the lower the more precise)."""
    return PLACE_RANK.index(ctx.kind(key))


def states_for_places(keys: list[str], ctx: Context) -> list[str]:
    """A city cannot act or be sanctioned: in those roles it stands for its state
    ("sanctions on Tehran"); a place with no known state is dropped."""
    out: list[str] = []
    for key in keys:
        if ctx.kind(key) in ("City", "Region", "Place"):
            key = ctx.country_of(key)
        if key and key not in out:
            out.append(key)
    return out


def _referring_words(head: Token) -> list[Token]:
    """"the two leaders" of "the two leaders of the bloc": a phrase's words up to its
    head, which is what refers (what follows the head narrows it)."""
    start = min(t.i for t in phrase(head) if t.i <= head.i)
    return list(head.doc[start: head.i + 1])
