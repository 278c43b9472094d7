"""The declared extraction rules and event types, loaded once; a rule's match.

data/events.yaml holds one family per event type: the type's registry entry
(CAMEO and PLOVER codes, symmetric or directed, situated or not) and its
rules over predicate–argument frames (the words that change what an event
is, reporting, planning, denying, are geokg.language.lexicon's). The rules file
is checked against data/events.schema.json before use, and a key given twice
is refused: malformed rules must fail loudly, never silently match nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import jsonschema
import yaml

from geokg.model import Quantity
from geokg.resources import SafeLoader, data_text, read_data

if TYPE_CHECKING:
    from spacy.tokens import Token

RULES_FILE = "events.yaml"
SCHEMA_FILE = "events.schema.json"
# Words derived from a public event coder's dictionary (scripts/derive_lexicon.py).
DICTIONARY_FILE = "cameo_lexicon.yaml"


class RuleFileError(ValueError):
    """A rules file that does not follow its schema; the message names file and line."""


@dataclass(frozen=True)
class EventType:
    """One event type as declared once in the registry (data/events.yaml)."""

    name: str
    cameo: str
    plover: str | None
    symmetric: bool
    situated: bool
    state_level: bool
    target: str  # how a destination gives the target: "location" or "owner"
    scene: bool  # puts its people somewhere at some time (what undated acts read from)
    story_dated: bool  # told in the past without a day, takes the story's day
    host_state: bool = False  # a host person's state is a target beside the person
    counts: str = ""  # "listed": the quantity counts the entities a measure lists
    recipient_in_context: bool = False  # an unsaid recipient is the article's recipient
    organs_hit_state: bool = False  # a measure on a state's bodies targets the state too
    abroad: bool = False  # only outside the actors' own state: a trip at home is no visit


@dataclass(frozen=True)
class Rule:
    """One declared trigger family member (see data/events.yaml)."""

    id: str
    type: str
    cameo: str
    pos: str
    lemmas: frozenset[str]
    roles: dict[str, str]
    requires: tuple[str, ...] = ()
    min_parties: int = 1
    actor_kinds: frozenset[str] = frozenset()
    target_kinds: frozenset[str] = frozenset()
    object_kind: str | None = None
    modifier_any: frozenset[str] = frozenset()
    # prepositions whose object modifies the noun too: "cooperation in defence"
    modifier_preps: frozenset[str] = frozenset({"of"})
    modifier_none: frozenset[str] = frozenset()
    opponent_in_context: bool = False
    support: frozenset[str] = frozenset()
    needs_support_or_prep: bool = False
    needs_support: bool = False
    status: str | None = None
    speaker: bool = False
    state_level: bool = False
    destination_not_state: frozenset[str] = frozenset()
    also_after: frozenset[str] = frozenset()
    agent_not_force: bool = False
    # a call is a conversation of two: "phoned X and Y" is one event per callee
    pairwise: bool = False
    # "agreed to expand exercises": a decision whose complement is another event is
    # that event's plan, not an event of its own
    yields_to_complement: bool = False
    # Word-sense checks: objects that make the trigger mean something else ("struck
    # a deal", "seized the opportunity"), per lemma (the dictionary's and declared).
    not_objects: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class Frame:
    """Roles a rule found for one trigger, before they become an Event (read by
    every extraction pass, so it lives here, below them all)."""

    rule: Rule
    trigger: Token
    roles: dict[str, list[str]] = field(default_factory=dict)
    quantity: Quantity | None = None
    place: str | None = None
    antecedent: Token | None = None  # the event noun "that attack" refers back to

    def add(self, role: str, keys: Iterable[str]) -> None:
        bucket = self.roles.setdefault(role, [])
        bucket.extend(k for k in keys if k not in bucket)


class _StrictLoader(SafeLoader):
    """SafeLoader that refuses a mapping key given twice (YAML would keep the last)."""


def _strict_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise RuleFileError(
                f"line {key_node.start_mark.line + 1}: key {key!r} given twice "
                f"(first on line {seen[key]})")
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _strict_mapping)


def _line_of(root: yaml.Node, path: list[Any]) -> int:
    """The line of the node at a JSON path of the document, as near as it exists."""
    node = root
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == step), None)
            if found is None:
                break
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and step < len(node.value):
            node = node.value[step]
        else:
            break
    return node.start_mark.line + 1


def parse_rules(text: str, name: str = RULES_FILE) -> dict[str, Any]:
    """Parse and check a rules document; RuleFileError names the file and line."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except RuleFileError as exc:
        raise RuleFileError(f"{name}: {exc}") from None
    except yaml.YAMLError as exc:
        raise RuleFileError(f"{name}: not valid YAML: {exc}") from None
    schema = json.loads(data_text(SCHEMA_FILE))
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        root = yaml.compose(text, Loader=SafeLoader)  # the lines, for the message only
        line = _line_of(root, list(error.absolute_path)) if root is not None else 1
        raise RuleFileError(f"{name}, line {line} ({where}): {error.message}")
    return data


@cache
def _rules_data() -> dict[str, Any]:
    return parse_rules(data_text(RULES_FILE))


@cache
def event_types() -> dict[str, EventType]:
    """The registry: each event type declared once, read by every stage."""
    return {name: EventType(name=name, cameo=str(family["cameo"]), plover=family["plover"],
                            symmetric=bool(family["symmetric"]),
                            situated=bool(family.get("situated", False)),
                            state_level=bool(family.get("state_level", False)),
                            target=family.get("target", "location"),
                            scene=bool(family.get("scene", False)),
                            story_dated=bool(family.get("story_dated", False)),
                            host_state=bool(family.get("host_state", False)),
                            abroad=bool(family.get("abroad", False)),
                            counts=family.get("counts", ""),
                            organs_hit_state=bool(family.get("organs_hit_state", False)),
                            recipient_in_context=bool(family.get("recipient_in_context",
                                                                 False)))
            for name, family in _rules_data().items()}


def _derived_lemmas(spec: dict[str, Any], family: dict[str, Any],
                    dictionary: dict[str, Any]) -> set[str]:
    """The dictionary's words a rule takes (`derived: [alone, with_forces]`), less
    those its family rejects and those another rule of the family declares by hand
    (a hand-declared word keeps the rule it was declared for)."""
    entry = dictionary.get(spec.get("_family", ""), {})
    words = {w for part in spec.get("derived", ()) for w in entry.get(part, ())}
    declared = {w for other in family["rules"] for w in other["lemmas"]}
    return words - set(family.get("dictionary", {}).get("reject", ())) - declared


def _senses(lemmas: frozenset[str], derived: set[str], spec: dict[str, Any],
            entry: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Per lemma, the objects that give it another sense: those the rule declares
    (`not_objects`), and for a word it takes from the dictionary, the dictionary's
    (a hand-declared word was reviewed with its own checks)."""
    senses: dict[str, set[str]] = {}
    if spec["pos"] == "VERB":
        for sense in entry.get("senses", ()):
            for verb in set(sense["verbs"]) & derived:
                senses.setdefault(verb, set()).update(sense["objects"])
    for lemma in lemmas:
        if spec.get("not_objects"):
            senses.setdefault(lemma, set()).update(spec["not_objects"])
    return {lemma: frozenset(words) for lemma, words in senses.items()}


def build_rules(data: dict[str, Any], dictionary: dict[str, Any] | None = None
                ) -> dict[tuple[str, str], tuple[Rule, ...]]:
    """Rules indexed by (lemma, part of speech) for one lookup per token."""
    dictionary = dictionary or {}
    index: dict[tuple[str, str], list[Rule]] = {}
    for event_type, family in data.items():
        entry = dictionary.get(event_type, {})
        for spec in family["rules"]:
            derived = _derived_lemmas({**spec, "_family": event_type}, family, dictionary)
            lemmas = frozenset(spec["lemmas"]) | derived
            rule = Rule(
                id=spec["id"], type=event_type, cameo=str(spec.get("cameo", family["cameo"])),
                pos=spec["pos"], lemmas=lemmas, roles=dict(spec["roles"]),
                requires=tuple(spec.get("requires", ())),
                min_parties=int(spec.get("min_parties", 1)),
                actor_kinds=frozenset(spec.get("actor_kinds", ())),
                target_kinds=frozenset(spec.get("target_kinds", ())),
                object_kind=spec.get("object_kind"),
                modifier_any=frozenset(spec.get("modifier_any", ())),
                modifier_preps=frozenset(spec.get("modifier_preps", ("of",))),
                modifier_none=frozenset(spec.get("modifier_none", ())),
                opponent_in_context=bool(spec.get("opponent_in_context", False)),
                support=frozenset(spec.get("support", ())),
                needs_support_or_prep=bool(spec.get("needs_support_or_prep", False)),
                needs_support=bool(spec.get("needs_support", False)),
                status=spec.get("status"), speaker=bool(spec.get("speaker", False)),
                state_level=bool(family.get("state_level", False)),
                destination_not_state=frozenset(spec.get("destination_not_state", ())),
                also_after=frozenset(spec.get("also_after", ())),
                agent_not_force=bool(spec.get("agent_not_force", False)),
                pairwise=bool(spec.get("pairwise", False)),
                yields_to_complement=bool(spec.get("yields_to_complement", False)),
                not_objects=_senses(lemmas, derived, spec, entry),
            )
            for lemma in rule.lemmas:
                index.setdefault((lemma, rule.pos), []).append(rule)
    return {key: tuple(rules) for key, rules in index.items()}


@cache
def load_rules() -> dict[tuple[str, str], tuple[Rule, ...]]:
    return build_rules(_rules_data(), read_data(DICTIONARY_FILE))
