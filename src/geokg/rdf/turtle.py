"""Turtle and TriG written by rdflib's own serialisers, each IRI's prefixed name looked up once.

rdflib's Turtle serialiser asks for the prefixed name of every IRI each time
it meets it (once to collect the prefixes, again to write it). An IRI that has
no prefix (every `id:` IRI with a '/' in its local part, so nearly all of
geokg's subjects) is not remembered by rdflib's namespace manager: each look-up
splits the IRI again and searches the namespace trie linearly, and that trie
grows by one entry per distinct IRI folder. Writing a build's merged Turtle
spent two thirds of its time there.

`PrefixMemoTurtle` (and `PrefixMemoTrig`) remember each answer for the length
of one serialisation, and answer at once "none" for an IRI that no bound
namespace starts (rdflib can only find a prefix bound to a namespace the IRI
starts with). The algorithm, and so every byte written, is rdflib's: the only
change is that a question is not asked twice, or not asked when its answer is
sure. One answer can change while writing: an IRI with no prefix gets one when
a predicate in its namespace makes rdflib generate a prefix (`ns1:`); so
remembered failures and the bound namespaces are renewed whenever a predicate
is looked up for the first time.
tests/test_turtle.py compares the output with rdflib's on graphs that do this.
"""

from __future__ import annotations

from typing import IO, Any

from rdflib import Graph, URIRef, plugin
from rdflib.namespace import split_uri
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import VERB, TurtleSerializer
from rdflib.serializer import Serializer


class _PrefixMemo:
    """get_pname() remembered per (IRI, may-generate-a-prefix), for one serialisation."""

    def reset(self) -> None:
        super().reset()  # type: ignore[misc]
        self._pnames: dict[tuple[URIRef, bool], str | None] = {}
        self._labels: dict[tuple[URIRef, bool], str] = {}
        self._bound = self._namespaces()

    def _namespaces(self) -> tuple[str, ...]:
        """Every namespace bound in the graph."""
        return tuple(str(ns) for _, ns in self.store.namespaces())  # type: ignore[attr-defined]

    def _cannot_have_prefix(self, uri: URIRef) -> bool:
        """True when rdflib is sure to find no prefixed name for `uri` without making a prefix.

        The namespace rdflib settles on is where split_uri cuts the IRI, or a
        longer namespace it knows that the IRI starts with (or the IRI itself);
        it gives a prefixed name only if that namespace is bound. So when no
        bound namespace at least as long as the cut starts the IRI, there is none.
        """
        starting = tuple(ns for ns in self._bound if str.startswith(uri, ns))
        if not starting:
            return True
        try:
            cut = len(split_uri(uri)[0])
        except ValueError:
            cut = len(uri)
        return all(len(ns) < cut for ns in starting)

    def get_pname(self, uri: Any, gen_prefix: bool = True) -> str | None:
        if not isinstance(uri, URIRef):
            return None
        key = (uri, gen_prefix)
        if key in self._pnames:
            # Its prefix was declared (addNamespace) the first time: declaring it again is a no-op.
            return self._pnames[key]
        if gen_prefix:  # may bind a new prefix: what failed before may succeed now
            found = super().get_pname(uri, gen_prefix)  # type: ignore[misc]
            self._pnames = {k: v for k, v in self._pnames.items() if v is not None}
            self._labels.clear()
            self._bound = self._namespaces()
        elif self._cannot_have_prefix(uri):
            found = None
        else:
            found = super().get_pname(uri, gen_prefix)  # type: ignore[misc]
        self._pnames[key] = found
        return found

    def label(self, node: Any, position: int) -> str:
        """rdflib's label of an IRI, made once per IRI and place (predicate or not).

        It is the IRI's prefixed name or <IRI>: it changes only when a prefix is
        made, and get_pname then forgets every label remembered.
        """
        if not isinstance(node, URIRef):
            return super().label(node, position)  # type: ignore[misc]
        key = (node, position == VERB)
        found = self._labels.get(key)
        if found is None:
            found = self._labels[key] = super().label(node, position)  # type: ignore[misc]
        return found


class PrefixMemoTurtle(_PrefixMemo, TurtleSerializer):
    """rdflib's Turtle serialiser, each prefixed name looked up once."""


class PrefixMemoTrig(_PrefixMemo, TrigSerializer):
    """rdflib's TriG serialiser, each prefixed name looked up once."""


# Registered with rdflib under names of their own, so that they are reached through
# Graph.serialize like any serialiser (and rdflib's "turtle" and "trig" stay rdflib's).
SERIALISERS = {"turtle": "geokg-turtle", "trig": "geokg-trig"}
plugin.register("geokg-turtle", Serializer, __name__, PrefixMemoTurtle.__name__)
plugin.register("geokg-trig", Serializer, __name__, PrefixMemoTrig.__name__)


def serialize(data: Graph, destination: IO[bytes], fmt: str, **options: Any) -> None:
    """`data.serialize(destination, format=fmt, encoding="utf-8", **options)`, the same bytes,
    through the remembering serialisers for Turtle and TriG."""
    data.serialize(destination=destination, format=SERIALISERS.get(fmt, fmt), encoding="utf-8",
                   **options)


def turtle_text(graph: Graph) -> str:
    """`graph.serialize(format="turtle")`, the same text, through PrefixMemoTurtle."""
    from io import BytesIO

    stream = BytesIO()
    serialize(graph, stream, "turtle")
    return stream.getvalue().decode("utf-8")
