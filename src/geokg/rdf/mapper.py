"""Map an ArticleResult to RDF, exactly as docs/mapping.md specifies.

The graph is built from rdflib terms only (never Turtle strings), with IRIs
from geokg.rdf.iris, so output is deterministic and safe whatever the text says.
Vocabulary facts the mapper needs (the default CAMEO code of each event
class, the PLOVER type of each CAMEO code, the status and qualifier concepts)
are read from the ontology (geokg.rdf.vocab.ontology_graph), so the ontology stays the single
place where they are declared.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote, urlsplit, urlunsplit

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.store import Store
from rdflib.term import Node

from geokg.model import (
    Article,
    ArticleResult,
    Entity,
    Event,
    Mention,
    Post,
    Quantity,
    TimeValue,
)
from geokg.rdf.iris import (
    DEFAULT_BASE,
    article_iri,
    check_base,
    entity_iri,
    event_iri,
    graph_iri,
    post_iri,
    quantity_iri,
    role_iri,
    sentence_iri,
    slug,
    time_iri,
)
from geokg.rdf.vocab import (  # noqa: F401 - CAMEO, PLOVER, SEM: re-exported for callers
    CAMEO,
    GK,
    ITSRDF,
    NIF,
    ORG,
    PLOVER,
    SCHEMA,
    SEM,
    TIME,
    bind_prefixes,
    ontology_graph,
)

# Entity.type -> ontology class.
ENTITY_CLASS = {
    "Person": GK.Person, "Country": GK.Country, "Organization": GK.Organization,
    "MilitaryUnit": GK.MilitaryUnit, "City": GK.City, "Region": GK.Region, "Place": GK.Place,
}
# Entity.key kind -> Entity.type, for keys an event uses but the linker did not list.
KIND_TYPE = {
    "country": "Country", "city": "City", "region": "Region", "place": "Place",
    "person": "Person", "org": "Organization", "unit": "MilitaryUnit",
}
# time precision -> (literal datatype, OWL-Time property, OWL-Time unit)
PRECISION = {
    "day": (XSD.date, TIME.inXSDDate, TIME.unitDay),
    "month": (XSD.gYearMonth, TIME.inXSDgYearMonth, TIME.unitMonth),
    "year": (XSD.gYear, TIME.inXSDgYear, TIME.unitYear),
}
# Event properties whose standard super-properties (rdfs:subPropertyOf in the ontology:
# prov:wasAttributedTo, prov:wasDerivedFrom, sem:hasActor, sem:hasPlace, sem:hasTimeStamp)
# are written beside them, so plain PROV/SEM queries work without a reasoner. Only these:
# attribution, derivation from the article, participants, place and date.
STANDARD_ALSO = (GK.accordingTo, GK.reportedBy, GK.actor, GK.target, GK.place, GK.date)
# Words joining an event's actors and targets in its human-readable label.
TARGET_WORD = {"Sanction": "on", "Offensive": "against", "Statement": "about"}
_SUB_DELIMS = "!$&'()*+,;=%~"  # and unreserved letters, digits, -._ (never quoted)
_PATH_SAFE = _SUB_DELIMS + ":@/"
_QUERY_SAFE = _PATH_SAFE + "?"
_IPV6_HOST = re.compile(r"^\[[0-9A-Fa-f:.]+\](?::\d+)?$")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")  # a '%' that starts no %XX escape
# Characters no RDF syntax can carry in a literal (file names may hold any of them).
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NOT_CAMEO = re.compile(r"[^0-9]")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, dict[str, URIRef]]:
    """Lookup tables read from the ontology.

    `default_cameo`: event type -> CAMEO concept (gk:defaultCameoCode);
    `plover`: CAMEO notation -> PLOVER concept (skos:broadMatch);
    `status` / `qualifier`: model string -> concept (skos:notation in scheme);
    `standard`: gk property of STANDARD_ALSO -> its super-property outside gk:.
    """
    onto = ontology_graph()
    tables: dict[str, dict[str, URIRef]] = {
        "default_cameo": {}, "plover": {}, "status": {}, "qualifier": {}, "standard": {},
    }
    for prop in STANDARD_ALSO:
        for parent in onto.objects(prop, RDFS.subPropertyOf):
            if not str(parent).startswith(str(GK)):
                tables["standard"][str(prop)] = parent
    for cls, code in onto.subject_objects(GK.defaultCameoCode):
        tables["default_cameo"][str(cls).removeprefix(str(GK))] = code
    for code, plover in onto.subject_objects(SKOS.broadMatch):
        tables["plover"][str(onto.value(code, SKOS.notation))] = plover
    for table, scheme in (("status", GK.StatusScheme), ("qualifier", GK.QualifierScheme)):
        for concept in onto.subjects(SKOS.inScheme, scheme):
            tables[table][str(onto.value(concept, SKOS.notation))] = concept
    return tables


def article_graph(result: ArticleResult, base: str = DEFAULT_BASE,
                  store: Store | str = "default") -> Graph:
    """All triples docs/mapping.md gives for one article: article, sentences,
    events with their time and quantity nodes, and every linked entity, post
    and role (plus any entity an event names that the linker did not list).

    `store` is rdflib's (its default: an in-memory store with named graphs); the
    build passes a SimpleMemory, which holds no named graphs and so adds a
    triple in about half the time, for a graph it only validates and writes
    as sorted N-Triples."""
    graph = Graph(store=store, bind_namespaces="none")  # only ours: rdflib binds ~30
    bind_prefixes(graph, check_base(base))
    article = _add_article(graph, result.article, base)
    # Countries first, so posts and places that point to them reuse their labels.
    entities = sorted(result.linked.entities.values(), key=lambda e: e.type != "Country")
    for entity in entities:
        _add_entity(graph, entity, base)
    for event in result.events:
        _add_event(graph, event, article, result, base)
    _add_references(graph, result, article, base)
    return graph


def to_dataset(results: Iterable[ArticleResult], base: str = DEFAULT_BASE) -> Dataset:
    """One Dataset with one named graph (`graph_iri(doc_id)`) per article."""
    dataset = Dataset()
    bind_prefixes(dataset, base)
    for result in results:
        named = dataset.graph(URIRef(graph_iri(result.article.doc_id, base)))
        for triple in article_graph(result, base):
            named.add(triple)
    return dataset


# ---------------------------------------------------------------- article


def _add_article(graph: Graph, article: Article, base: str) -> URIRef:
    node = URIRef(article_iri(article.doc_id, base))
    graph.add((node, RDF.type, SCHEMA.NewsArticle))
    graph.add((node, SCHEMA.headline, Literal(article.headline)))
    author = article.author or _byline_name(article.byline)
    if author:
        person = URIRef(entity_iri(f"person/{slug(author)}", base))
        graph.add((node, SCHEMA.author, person))
        graph.add((person, RDF.type, GK.Person))
        if graph.value(person, RDFS.label) is None:
            graph.add((person, RDFS.label, Literal(author)))
    if article.published:
        graph.add((node, SCHEMA.datePublished,
                   Literal(article.published.isoformat(), datatype=XSD.date)))
    if article.publisher:
        graph.add((node, SCHEMA.publisher, Literal(article.publisher)))
    if article.url:
        graph.add((node, SCHEMA.url, URIRef(safe_url(article.url))))
    graph.add((node, GK.sourceFile, Literal(_UNSAFE_TEXT.sub("\ufffd", article.path.name))))
    if article.sha256:
        graph.add((node, GK.sha256, Literal(article.sha256)))
    return node


def safe_url(url: str) -> str:
    """`url` (absolute, as the reader checks) as an IRI every parser accepts.

    Each part is percent-encoded with the characters RFC 3987 allows in it, so
    a space, <>"{}|^`\\, a second '#', a '[' outside an IPv6 host or a stray
    '%' (not starting %XX) can never make the whole graph unreadable.
    """
    url = _BAD_PERCENT.sub("%25", url.strip())
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed '[' in the host
        parts = urlsplit(url.replace("[", "%5B").replace("]", "%5D"))
    return urlunsplit((
        parts.scheme, _safe_netloc(parts.netloc), quote(parts.path, safe=_PATH_SAFE),
        quote(parts.query, safe=_QUERY_SAFE), quote(parts.fragment, safe=_QUERY_SAFE),
    ))


def _safe_netloc(netloc: str) -> str:
    """userinfo@host:port with each part encoded; a port that is not digits stays host."""
    userinfo, at, hostport = netloc.rpartition("@")
    if _IPV6_HOST.match(hostport):
        host, port = hostport, ""
    else:
        host, colon, port = hostport.rpartition(":")
        if not colon or not port.isdigit():
            host, port = hostport, ""
        host = quote(host, safe=_SUB_DELIMS)
    userinfo = quote(userinfo, safe=_SUB_DELIMS + ":") + at
    return f"{userinfo}{host}{':' + port if port else ''}"


def _byline_name(byline: str | None) -> str | None:
    """"By Jane Doe" -> "Jane Doe" (the reader usually fills Article.author already)."""
    if not byline:
        return None
    name = re.sub(r"^\s*by\s+", "", byline.strip(), flags=re.IGNORECASE).strip()
    return name or None


# ---------------------------------------------------------------- entities


def _add_entity(graph: Graph, entity: Entity, base: str) -> URIRef:
    node = URIRef(entity_iri(entity.key, base))
    cls = ENTITY_CLASS.get(entity.type, GK.Place)
    graph.add((node, RDF.type, cls))
    graph.set((node, RDFS.label, Literal(entity.label)))
    for variant in label_variants(entity):
        graph.add((node, SKOS.altLabel, Literal(variant)))
    if cls == GK.Country:
        code = entity.country or entity.key.partition("/")[2]
        graph.add((node, GK.iso3166, Literal(code.upper())))
    if entity.geonames is not None:
        graph.add((node, GK.geonamesId, Literal(int(entity.geonames))))
        graph.add((node, RDFS.seeAlso, URIRef(f"https://sws.geonames.org/{entity.geonames}/")))
    if entity.country and cls != GK.Country:
        country = _country_node(graph, entity.country, base)
        graph.add((node, GK.nationality if cls == GK.Person else GK.inCountry, country))
    if entity.located_in:
        graph.add((node, GK.locatedIn, URIRef(entity_iri(entity.located_in, base))))
    for post in entity.posts:
        post_node = _add_post(graph, post, entity.country, base)
        if post_node is not None:
            graph.add((node, ORG.holds, post_node))
    return node


def label_variants(entity: Entity) -> list[str]:
    """The other spellings of an entity's label among its names, sorted: those that fold
    to the label's slug ("al Qaeda" beside "al-Qaeda", "Selin Aydin" beside "Selin
    Aydın"). A node has one rdfs:label; these are its skos:altLabel. Other names (an
    acronym, a surname) are not variants of the label and are not written."""
    folded = slug(entity.label)
    return sorted(name for name in entity.aliases
                  if name != entity.label and slug(name) == folded)


def _country_node(graph: Graph, code: str, base: str) -> URIRef:
    """The IRI of a country, typed and labelled if no linked entity did it."""
    node = URIRef(entity_iri(f"country/{code}", base))
    if (node, RDF.type, GK.Country) not in graph:
        graph.add((node, RDF.type, GK.Country))
        graph.add((node, GK.iso3166, Literal(code.upper())))
        graph.add((node, RDFS.label, Literal(_country_name(code))))
    return node


def _country_name(code: str) -> str:
    """Common English name of an ISO alpha-2 code (pycountry), else the code."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code.upper()
    return getattr(country, "common_name", None) or country.name


def _add_post(graph: Graph, post: Post, fallback_country: str | None,
              base: str) -> URIRef | None:
    """org:Post for a role in a country or organisation; None if it has neither."""
    if post.country or (not post.organization and fallback_country):
        code = post.country or fallback_country or ""
        holder = _country_node(graph, code, base)
        holder_id = code.upper()
    elif post.organization:
        holder = URIRef(entity_iri(post.organization, base))
        holder_id = post.organization
    else:
        return None
    node = URIRef(post_iri(post.role, holder_id, base))
    role = URIRef(role_iri(post.role, base))
    holder_label = graph.value(holder, RDFS.label) or holder_id
    graph.add((node, RDF.type, ORG.Post))
    graph.set((node, RDFS.label, Literal(f"{post.role} of {holder_label}")))
    graph.add((node, ORG.role, role))
    graph.add((node, ORG.postIn, holder))
    graph.add((role, RDF.type, ORG.Role))
    graph.set((role, RDFS.label, Literal(post.role)))
    return node


def _entity_ref(graph: Graph, key: str, result: ArticleResult, base: str) -> URIRef:
    """IRI of an entity an event names; typed from its key if the linker missed it."""
    node = URIRef(entity_iri(key, base))
    if key in result.linked.entities or (node, RDF.type, None) in graph:
        return node
    kind, _, ident = key.partition("/")
    if kind == "country":
        return _country_node(graph, ident, base)
    graph.add((node, RDF.type, ENTITY_CLASS[KIND_TYPE.get(kind, "Place")]))
    graph.add((node, RDFS.label, Literal(ident.replace("-", " ") or key)))
    return node


def _label(graph: Graph, node: URIRef) -> str:
    return str(graph.value(node, RDFS.label) or node)


# ---------------------------------------------------------------- events

# The Event field each event property is written from (see _add_event): what
# geokg.rdf.completeness checks against the shapes before an event is mapped.
EVENT_FIELDS = {
    GK.actor: "actors", GK.target: "targets", GK.place: "place", GK.time: "time",
    GK.date: "time", GK.quantity: "quantity", GK.status: "status",
    GK.accordingTo: "attributed_to", GK.quote: "quote", GK.trigger: "mentions",
    GK.mentionedIn: "mentions", GK.cameoCode: "cameo",
}


def _add_event(graph: Graph, event: Event, article: URIRef, result: ArticleResult,
               base: str) -> URIRef:
    node = URIRef(event_iri(event, base))
    tables = vocabulary()
    graph.add((node, RDF.type, GK[event.type]))
    actors = [_entity_ref(graph, key, result, base) for key in event.actors]
    targets = [_entity_ref(graph, key, result, base) for key in event.targets]
    for actor in actors:
        graph.add((node, GK.actor, actor))
    for target in targets:
        graph.add((node, GK.target, target))
    graph.add((node, RDFS.label, Literal(_event_label(graph, event.type, actors, targets))))
    if event.place:
        graph.add((node, GK.place, _entity_ref(graph, event.place, result, base)))
    if event.time:
        _add_time(graph, node, event.time, _time_anchor(event, result, article, base))
    if event.quantity:
        _add_quantity(graph, node, event.quantity, tables["qualifier"])
    graph.add((node, GK.status, _concept(tables["status"], event.status, "status")))
    for source in event.attributed_to:
        graph.add((node, GK.accordingTo, _entity_ref(graph, source, result, base)))
    code = _cameo_code(event)
    graph.add((node, GK.cameoCode, CAMEO[code]))
    plover = tables["plover"].get(code)
    if plover is not None:
        graph.add((node, GK.ploverType, plover))
    if event.quote:
        graph.add((node, GK.quote, Literal(event.quote)))
    for mention in event.mentions:
        graph.add((node, GK.trigger, Literal(mention.trigger)))
        sentence = URIRef(sentence_iri(str(article), mention.sentence.start, mention.sentence.end))
        graph.add((node, GK.mentionedIn, sentence))
        graph.add((sentence, RDF.type, GK.Sentence))
        graph.add((sentence, NIF.anchorOf, Literal(mention.sentence.text)))
        graph.add((sentence, NIF.beginIndex,
                   Literal(mention.sentence.start, datatype=XSD.nonNegativeInteger)))
        graph.add((sentence, NIF.endIndex,
                   Literal(mention.sentence.end, datatype=XSD.nonNegativeInteger)))
        graph.add((sentence, GK.inArticle, article))
    graph.add((node, GK.reportedBy, article))
    _add_standard_terms(graph, node, tables["standard"])
    return node


# How a mention names its entity (geokg.model.Mention.how) when the words are no name
# of it: what the graph keeps as a gk:Reference, so that a query, and an analyst,
# sees which words gave an event its participant.
REFERENCE_KINDS = ("pronoun", "description", "title", "surname", "metonym")


def _add_references(graph: Graph, result: ArticleResult, article: URIRef, base: str) -> None:
    """Each reference in a sentence of an event that names one of its participants:
    a gk:Reference (a nif:Phrase) with its words, offsets, sentence and entity."""
    refs = sorted((m for m in result.linked.mentions if m.how in REFERENCE_KINDS),
                  key=lambda m: m.start)
    starts = [m.start for m in refs]
    for event in result.events:
        keys = {*event.actors, *event.targets, *event.attributed_to}
        for mention in event.mentions:
            span = mention.sentence
            sentence = URIRef(sentence_iri(str(article), span.start, span.end))
            for ref in refs[bisect_left(starts, span.start): bisect_left(starts, span.end)]:
                if ref.entity in keys and ref.end <= span.end:
                    _add_reference(graph, ref, sentence, str(article),
                                   _entity_ref(graph, ref.entity, result, base))


def _add_reference(graph: Graph, ref: Mention, sentence: URIRef, article: str,
                   entity: URIRef) -> None:
    node = URIRef(sentence_iri(article, ref.start, ref.end))
    if (node, RDF.type, GK.Reference) not in graph:  # a group: one span, several entities
        graph.add((node, RDF.type, GK.Reference))
        graph.add((node, NIF.anchorOf, Literal(ref.text)))
        graph.add((node, NIF.beginIndex, Literal(ref.start, datatype=XSD.nonNegativeInteger)))
        graph.add((node, NIF.endIndex, Literal(ref.end, datatype=XSD.nonNegativeInteger)))
        graph.add((node, NIF.sentence, sentence))
        graph.add((node, GK.referenceKind, Literal(ref.how)))
    graph.add((node, ITSRDF.taIdentRef, entity))


def _add_standard_terms(graph: Graph, event: URIRef, standard: dict[str, URIRef]) -> None:
    """Each STANDARD_ALSO value of the event again under its standard super-property."""
    values: list[tuple[Node, Node]] = list(graph.predicate_objects(event))
    for prop, value in values:
        parent = standard.get(str(prop))
        if parent is not None:
            graph.add((event, parent, value))


def _event_label(graph: Graph, kind: str, actors: list[URIRef], targets: list[URIRef]) -> str:
    """"Visit: Jane Doe to Exampleland", "Sanction: on Sampleland" (imposer unknown)."""
    parts = [" and ".join(_label(graph, a) for a in actors)]
    if targets:
        whom = " and ".join(_label(graph, t) for t in targets)
        parts.append(f"{TARGET_WORD.get(kind, 'to')} {whom}")
    return f"{kind}: {' '.join(p for p in parts if p)}".rstrip(": ")


def cameo_concept(event: Event) -> URIRef:
    """The CAMEO concept the event's gk:cameoCode points to."""
    return CAMEO[_cameo_code(event)]


def _cameo_code(event: Event) -> str:
    """The event's CAMEO code ("042"), or its type's default from the ontology."""
    if event.cameo:
        return _NOT_CAMEO.sub("", event.cameo) or event.cameo
    default = vocabulary()["default_cameo"].get(event.type)
    if default is None:
        raise ValueError(f"event type {event.type!r} has no gk:defaultCameoCode in the ontology")
    return str(default).removeprefix(str(CAMEO))


def _concept(table: dict[str, URIRef], value: str, what: str) -> URIRef:
    try:
        return table[value]
    except KeyError:
        raise ValueError(f"unknown {what} {value!r}; expected one of {sorted(table)}") from None


def _add_time(graph: Graph, event: URIRef, value: TimeValue,
              anchor: URIRef | None = None) -> None:
    datatype, time_property, unit = PRECISION[value.precision]
    literal = Literal(value.iso, datatype=datatype)
    node = URIRef(time_iri(str(event)))
    graph.add((event, GK.date, literal))
    graph.add((event, GK.time, node))
    graph.add((node, RDF.type, TIME.Instant))
    graph.add((node, time_property, literal))
    graph.add((node, TIME.unitType, unit))
    graph.add((node, GK.expression, Literal(value.text)))
    if value.year_inferred:
        graph.add((node, GK.yearInferred, Literal(True)))
    if anchor is not None:
        graph.add((node, GK.relativeTo, anchor))


def _time_anchor(event: Event, result: ArticleResult, article: URIRef,
                 base: str) -> URIRef | None:
    """What the event's date was counted from: the event of the article dated by the
    expression it counts from ("the following day" after "visited A on Monday": the
    visit), else the article, whose publication date a date such as "on Monday"
    counts from (directly, or through a date no event of the article carries).
    None for a date the text states in full."""
    value = event.time
    if value is None:
        return None
    if value.anchor_start is not None:
        own = URIRef(event_iri(event, base))
        dated = [other for other in result.events if other.time is not None
                 and other.time.start == value.anchor_start
                 and URIRef(event_iri(other, base)) != own]
        at = result.article.body_start + value.anchor_start
        # the event whose own sentence holds that date, before one that inherited it
        dated.sort(key=lambda other: not any(m.sentence.start <= at < m.sentence.end
                                             for m in other.mentions))
        if dated:
            return URIRef(event_iri(dated[0], base))
    return article if value.from_published and result.article.published else None


def _add_quantity(graph: Graph, event: URIRef, value: Quantity,
                  qualifiers: dict[str, URIRef]) -> None:
    node = URIRef(quantity_iri(str(event)))
    graph.add((event, GK.quantity, node))
    graph.add((node, RDF.type, GK.Quantity))
    if value.value is not None:
        graph.add((node, GK.value, Literal(int(value.value))))
    graph.add((node, GK.qualifier, _concept(qualifiers, value.qualifier, "qualifier")))
    if value.low is not None:
        graph.add((node, GK.lowerBound, Literal(int(value.low))))
    if value.unit:
        graph.add((node, GK.unit, Literal(value.unit)))
    graph.add((node, GK.expression, Literal(value.text)))
