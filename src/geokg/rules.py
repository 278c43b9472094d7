"""The declared extraction rules and word lists, loaded once.

data/events.yaml holds one family of rules per event type; data/lexicon.yaml
the words that change what an event is (reporting, planning, denying, ...).
This module only reads them into typed, indexed values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from geokg.gazetteer import read_data


@dataclass(frozen=True)
class Rule:
    """One declared trigger family member (see data/events.yaml)."""

    id: str
    type: str
    cameo: str
    pos: str
    lemmas: frozenset[str]
    slots: dict[str, str]
    requires: tuple[str, ...] = ()
    min_parties: int = 1
    actor_kinds: frozenset[str] = frozenset()
    target_kinds: frozenset[str] = frozenset()
    object_kind: str | None = None
    modifier_any: frozenset[str] = frozenset()
    host_lemmas: frozenset[str] = frozenset()
    needs_host_or_prep: bool = False
    needs_host: bool = False
    status: str | None = None
    speaker: bool = False
    state_level: bool = False
    destination_not_state: frozenset[str] = frozenset()



@cache
def load_rules() -> dict[tuple[str, str], tuple[Rule, ...]]:
    """Rules indexed by (lemma, part of speech) for one lookup per token."""
    index: dict[tuple[str, str], list[Rule]] = {}
    for event_type, family in read_data("events.yaml").items():
        for spec in family["rules"]:
            rule = Rule(
                id=spec["id"], type=event_type, cameo=str(spec.get("cameo", family["cameo"])),
                pos=spec["pos"], lemmas=frozenset(spec["lemmas"]), slots=dict(spec["slots"]),
                requires=tuple(spec.get("requires", ())),
                min_parties=int(spec.get("min_parties", 1)),
                actor_kinds=frozenset(spec.get("actor_kinds", ())),
                target_kinds=frozenset(spec.get("target_kinds", ())),
                object_kind=spec.get("object_kind"),
                modifier_any=frozenset(spec.get("modifier_any", ())),
                host_lemmas=frozenset(spec.get("host_lemmas", ())),
                needs_host_or_prep=bool(spec.get("needs_host_or_prep", False)),
                needs_host=bool(spec.get("needs_host", False)),
                status=spec.get("status"), speaker=bool(spec.get("speaker", False)),
                state_level=bool(family.get("state_level", False)),
                destination_not_state=frozenset(spec.get("destination_not_state", ())),
            )
            for lemma in rule.lemmas:
                index.setdefault((lemma, rule.pos), []).append(rule)
    return {key: tuple(rules) for key, rules in index.items()}


@cache
def lexicon() -> dict[str, frozenset[str]]:
    data = read_data("lexicon.yaml")
    return {key: frozenset(value) for key, value in data.items()}
