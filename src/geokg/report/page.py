"""`geokg report`: one self-contained HTML page showing what was extracted.

Analysts check an extraction by looking: every event in the table links to
the sentence it was read from, every sentence links back to its events, the
entity mentions are highlighted by displaCy, and the graph, the timeline and
the SHACL result sit next to them. The page needs no network: the CSS and JS
(src/geokg/data/report/) are inlined and the pictures are SVG drawn here with
a fixed, deterministic layout, so the same input gives the same bytes.

The markup lives in Jinja2 templates (src/geokg/data/report/*.html) rendered
with autoescape: this module computes values and layouts, the templates draw
them, and every value from an article is escaped by Jinja2 unless it is
already markup (displaCy's output, which escapes the text it renders).
entity.html alone is displaCy's template (filled with str.format), not Jinja2's.

The values come from the existing stages only: geokg.pipeline.process_many
for the articles, geokg.rdf.export.events_json for the table cells,
geokg.rdf.mapper.article_graph and geokg.rdf.validate.validate for the SHACL result.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from geokg import __version__
from geokg.model import COUNTRY, ArticleResult, Event, Mention
from geokg.rdf.export import entity_json, events_json
from geokg.rdf.iris import DEFAULT_BASE
from geokg.rdf.validate import ValidationReport

ROW_H = 30  # vertical distance between nodes of the article graph, px
UNDATED = "undated"


def esc(value: Any) -> str:
    """HTML-escape a value for displaCy's entity template (entity.html).

    displaCy fills that template with str.format and escapes only the text
    it cuts, so the tooltip we pass as a span parameter is escaped here; all
    other markup is escaped by Jinja2's autoescape.
    """
    return html.escape("" if value is None else str(value), quote=True)


@cache
def asset(name: str) -> str:
    """A file of src/geokg/data/report/ (template, CSS, JS), read once."""
    return resources.files("geokg.data").joinpath("report", name).read_text("utf-8")


@lru_cache(maxsize=1)
def style() -> dict[str, Any]:
    """Colours and choices of the report (data/report/style.yaml)."""
    return yaml.safe_load(asset("style.yaml"))


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    """The report's Jinja2 templates; StrictUndefined makes a misspelt value an error."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("geokg", "data/report"), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["style"] = style()
    return env


def render(name: str, **values: Any) -> Markup:
    """Template `name` of data/report/ filled with `values`; markup to put in another one."""
    return Markup(templates().get_template(name).render(**values))


@dataclass
class ArticleView:
    """One article with everything its section of the page shows."""

    result: ArticleResult
    report: ValidationReport
    triples: int
    prefix: str  # id prefix of its HTML elements, "a1"
    rows: list[dict[str, Any]]  # events_json(result): the table's values


# ---------------------------------------------------------------- building


def analyse(results: Iterable[ArticleResult], base: str = DEFAULT_BASE) -> list[ArticleView]:
    """Map and validate each article's graph, as `geokg build` does before writing."""
    from geokg.rdf import mapper, validate

    views = []
    for i, result in enumerate(results, 1):
        graph = mapper.article_graph(result, base)
        views.append(ArticleView(result, validate.validate(graph), len(graph), f"a{i}",
                                 events_json(result, base)))
    return views


def build_report(paths: Iterable[Path | str], out: Path | str, base: str = DEFAULT_BASE,
                 title: str | None = None, progress=None) -> list[ArticleView]:
    """Articles -> the HTML report at `out` (written atomically); return what it shows."""
    from geokg.pipeline import process_many
    from geokg.rdf.write import write_text
    from geokg.read.article import collect_articles

    views = analyse(process_many(collect_articles(paths), progress), base)
    write_text(render_page(views, title), out)
    return views


def render_page(views: list[ArticleView], title: str | None = None) -> str:
    """The whole HTML document for the articles of `views`."""
    n_events = sum(len(v.result.events) for v in views)
    failing = sum(not v.report.conforms for v in views)
    plural = "" if len(views) == 1 else "s"
    shacl = "every article's graph conforms to the SHACL shapes" if not failing \
        else f"{failing} article graph(s) do not conform to the SHACL shapes"
    default_title = (f"geokg report: {views[0].result.article.headline}" if len(views) == 1
                     else f"geokg corpus report: {len(views)} articles")
    page = render(
        "page.html", title=title or default_title, version=__version__,
        summary=f"{len(views)} article{plural}, {n_events} events; {shacl}.", views=views,
        corpus=corpus_section(views) if len(views) > 1 else "",
        sections=[article_section(view) for view in views],
        css=Markup(asset("report.css")), script=Markup(asset("report.js")),
    )
    return str(page) + "\n"  # Jinja2 drops the template's final newline


# ---------------------------------------------------------------- small pieces


def _label(key: str | None, view: ArticleView) -> str:
    return entity_json(key, view.result.linked)["label"] if key else ""


def _type(key: str, view: ArticleView) -> str:
    return entity_json(key, view.result.linked)["type"]


# How the table reads a quantity's qualifier: before the amount, in words; "exact" and a
# range (shown as low–high) need none.
_QUALIFIER_WORDS = {"approx": "about", "upTo": "up to", "atLeast": "at least"}
_NO_PLURAL = {"people", "personnel", "staff", "police", "equipment", "ammunition", "aid"}


def _amount(event: Event) -> str:
    """ "up to 12,000 troops", "1,000–2,000 troops": the quantity of an event as a person
    reads it (the qualifier as words, not "12000 troop upTo")."""
    q = event.quantity
    if q is None:
        return ""
    if q.value is None:  # vague: "thousands of troops" says it best
        return q.text
    amount = f"{q.low:,}–{q.value:,}" if q.low is not None else f"{q.value:,}"
    words = _QUALIFIER_WORDS.get(q.qualifier)
    unit = q.unit or ""
    if (unit and q.value != 1 and not unit.endswith("s") and unit.isalpha()
            and unit.islower() and unit not in _NO_PLURAL):
        unit += "s"  # "troop" -> "troops"; "USD", "people" stay
    return " ".join(part for part in (words, amount, unit) if part)


def _summary(row: dict[str, Any]) -> str:
    """"Claire Dubois → Kenya in Nairobi", "on Russia", from an events_json row: who did
    it to whom where, without a "?" for an actor the text does not name."""
    actors = ", ".join(a["label"] for a in row["actors"])
    targets = ", ".join(t["label"] for t in row["targets"])
    parts = [actors] if actors else []
    if targets:
        parts.append(f"→ {targets}" if actors else f"on {targets}")
    if row["place"]:
        parts.append(f"in {row['place']['label']}")
    return " ".join(parts)


# ---------------------------------------------------------------- article section


def article_section(view: ArticleView) -> Markup:
    """The section of one article: text, events, graph, timeline, SHACL result."""
    article = view.result.article
    sentences = sentence_ids(view)
    meta = [article.path.name]
    if article.published:
        meta.append(f"published {article.published.isoformat()}")
    if article.byline:
        meta.append(article.byline)
    return render("article.html", view=view, article=article, meta=meta,
                  text=text_html(view, sentences), events=events_table(view, sentences),
                  graph=graph_svg(view), timeline=timeline([view]), shacl=shacl_html(view))


def sentence_ids(view: ArticleView) -> dict[tuple[int, int], str]:
    """(start, end) of every event sentence -> its HTML id, in text order.

    Overlapping sentences (not expected, but trimming may differ between
    mentions) are merged, so the text can be cut into disjoint pieces.
    """
    spans = sorted({(m.sentence.start, m.sentence.end)
                    for e in view.result.events for m in e.mentions})
    text = view.result.article.text
    marks = [(m.start, written_end(text, m.end)) for m in view.result.linked.mentions]
    merged: list[list[int]] = []
    for start, end in spans:
        # A mention running over the sentence's end ("Caliber." | "Az") stays whole.
        end = max([end, *(e for s, e in marks if s < end < e)])
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return {(s, e): f"{view.prefix}-s{i}" for i, (s, e) in enumerate(merged, 1)}


_NAME_GOES_ON = re.compile(r"(?:\.[^\W_]+)+")  # ".Az" of "Caliber.Az"; not "’s" or "-Ukraine"


def written_end(text: str, end: int) -> int:
    """Where the name written at a mention ending at `end` ends: the linker may know only
    "Caliber" of "Caliber.Az", and the page should mark what the article wrote."""
    if end and text[end - 1:end].isalnum():
        found = _NAME_GOES_ON.match(text, end)
        if found:
            return found.end()
    return end


def _sentence_of(start: int, end: int, sentences: dict[tuple[int, int], str]) -> str | None:
    return next((sid for (s, e), sid in sentences.items() if s <= start and end <= e), None)


def event_sentences(view: ArticleView, sentences: dict[tuple[int, int], str]
                    ) -> list[list[str]]:
    """For each event, the ids of its sentences (first mention first, no repeats)."""
    out = []
    for event in view.result.events:
        ids = (_sentence_of(m.sentence.start, m.sentence.end, sentences) for m in event.mentions)
        out.append(list(dict.fromkeys(i for i in ids if i)))
    return out


def text_html(view: ArticleView, sentences: dict[tuple[int, int], str]) -> Markup:
    """article.text rendered by displaCy, cut into pieces at the event sentences.

    Each event sentence becomes an element with an id (rows link to it) and
    links back to its event rows; mentions and triggers are displaCy spans
    with offsets into article.text, shifted into the piece they fall in.
    """
    text = view.result.article.text
    per_sentence = defaultdict(list)
    for n, ids in enumerate(event_sentences(view, sentences), 1):
        for sid in ids:
            per_sentence[sid].append(n)
    spans = _spans(view)
    pieces: list[dict[str, Any]] = []
    cursor = 0
    for (start, end), sid in sentences.items():
        if cursor < start:
            pieces.append({"id": None, "html": _displacy(text, cursor, start, spans)})
        pieces.append({"id": sid, "html": _displacy(text, start, end, spans),
                       "events": per_sentence[sid]})
        cursor = end
    if cursor < len(text):
        pieces.append({"id": None, "html": _displacy(text, cursor, len(text), spans)})
    return render("text.html", pieces=pieces, prefix=view.prefix)


def _spans(view: ArticleView) -> list[dict[str, Any]]:
    """displaCy spans (absolute offsets): entity mentions, then non-overlapping triggers."""
    colors = style()["entity_colors"]
    linked = view.result.linked
    spans: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    text = view.result.article.text
    # "the two leaders" is one span with a mention of each leader: one mark naming both
    by_span: dict[tuple[int, int], list[Mention]] = {}
    for m in linked.mentions:
        by_span.setdefault((m.start, m.end), []).append(m)
    for (start, end), group in sorted(by_span.items(), key=lambda s: (s[0][0], -s[0][1])):
        end = written_end(text, end)
        if any(start < e and s < end for s, e in taken):
            continue  # displaCy's "ent" style cannot show overlapping spans
        infos = [entity_json(m.entity, linked) for m in group]
        color = colors.get(infos[0]["type"], "#ddd")
        names = " and ".join(dict.fromkeys(info["label"] for info in infos))
        spans.append({"start": start, "end": end, "label": infos[0]["type"], "params": {
            "cls": "mention", "bg": color, "border": color,
            "title": esc(f"{names} ({group[0].how})")}})
        taken.append((start, end))
    for n, event in enumerate(view.result.events, 1):
        color = style()["event_colors"].get(event.type, "#777")
        for m in event.mentions:
            if any(m.trigger_start < e and s < m.trigger_end for s, e in taken):
                continue
            spans.append({
                "start": m.trigger_start, "end": m.trigger_end, "label": event.type,
                "kb_id": f"E{n}", "kb_url": f"#{view.prefix}-e{n}",
                "params": {"cls": "trigger", "bg": "#fff", "border": color,
                           "title": esc(f"{event.type} trigger of event E{n}")}})
            taken.append((m.trigger_start, m.trigger_end))
    return sorted(spans, key=lambda s: s["start"])


def _displacy(text: str, start: int, end: int, spans: list[dict[str, Any]]) -> Markup:
    """text[start:end] with the spans inside it, rendered by displaCy's "ent" style.

    displaCy escapes the text it renders, so its output is markup as it is.
    """
    from spacy import displacy

    inside = [{**s, "start": s["start"] - start, "end": s["end"] - start}
              for s in spans if start <= s["start"] and s["end"] <= end]
    return Markup(displacy.render(
        {"text": text[start:end], "ents": inside, "title": None}, style="ent", manual=True,
        page=False, options={"template": asset("entity.html")},
    ))


# ---------------------------------------------------------------- events table

COLUMNS = ("#", "Type", "CAMEO", "Actors", "Targets", "Place", "Date", "Quantity", "Status",
           "Attributed to", "Sentence")


def events_table(view: ArticleView, sentences: dict[tuple[int, int], str]) -> Markup:
    """One row per event; clicking a row highlights its sentence (report.js)."""
    rows = [
        {"type": event.type, "data": values, "sentences": ids,
         "quantity": {"amount": _amount(event), "text": event.quantity.text}
         if event.quantity else None}
        for event, values, ids in zip(view.result.events, view.rows,
                                      event_sentences(view, sentences), strict=True)
    ]
    return render("events.html", rows=rows, columns=COLUMNS, prefix=view.prefix)


# ---------------------------------------------------------------- article graph


@dataclass
class _Node:
    key: str
    label: str
    color: str
    x: float = 0.0
    y: float = 0.0
    href: str | None = None
    anchor: str = "middle"  # text-anchor of the label


def _edges(view: ArticleView) -> list[tuple[str, int, str]]:
    """(entity key, event number, role) for every role an entity plays."""
    edges = []
    for n, event in enumerate(view.result.events, 1):
        roles = [("actor", k) for k in event.actors] + [("target", k) for k in event.targets]
        roles += [("place", event.place)] if event.place else []
        roles += [("source", k) for k in event.attributed_to]
        edges.extend((key, n, role) for role, key in dict.fromkeys(roles))
    return edges


def graph_svg(view: ArticleView) -> Markup:
    """Events in the middle column, actors on the left, other roles on the right.

    An entity stands on the side of the role it plays most; within a column
    nodes are ordered by the mean position of their events (fewer crossings),
    so the layout is deterministic and stays readable for many nodes.
    """
    events = view.result.events
    if not events:
        return Markup('<p class="none">No events, no graph.</p>')
    edges = _edges(view)
    roles: dict[str, Counter] = defaultdict(Counter)
    where: dict[str, list[int]] = defaultdict(list)
    for key, n, role in edges:
        roles[key][role] += 1
        where[key].append(n)
    left = [k for k in roles if roles[k]["actor"] >= sum(roles[k].values()) - roles[k]["actor"]]
    right = [k for k in roles if k not in left]
    order = lambda k: (sum(where[k]) / len(where[k]), _label(k, view))  # noqa: E731
    left.sort(key=order)
    right.sort(key=order)
    rows = max(len(events), len(left), len(right))
    height = rows * ROW_H + 40
    width, xl, xm, xr = 980, 250, 490, 730
    colors = style()["entity_colors"]
    nodes: dict[str, _Node] = {}
    for column, x, anchor in ((left, xl, "end"), (right, xr, "start")):
        for i, key in enumerate(column):
            nodes[key] = _Node(key, _label(key, view), colors.get(_type(key, view), "#ddd"), x,
                               _slot(i, len(column), height), anchor=anchor)
    for n, event in enumerate(events, 1):
        nodes[f"#{n}"] = _Node(f"#{n}", f"E{n} {event.type}",
                               style()["event_colors"].get(event.type, "#777"), xm,
                               _slot(n - 1, len(events), height), f"#{view.prefix}-e{n}")
    layout = {
        "width": width, "height": height, "xl": xl, "xm": xm, "xr": xr,
        "edges": [_edge(nodes[key], nodes[f"#{n}"], role) for key, n, role in edges],
        "entities": [nodes[k] for k in left + right],
        "events": [nodes[f"#{n}"] for n in range(1, len(events) + 1)],
    }
    return render("graph.html", g=layout, doc_id=view.result.article.doc_id)


def _slot(i: int, count: int, height: float) -> float:
    """y of the i-th of `count` nodes spread evenly over the drawing's height."""
    return 30 + (i + 0.5) * (height - 40) / count


def _edge(a: _Node, b: _Node, role: str) -> dict[str, Any]:
    """A curve from entity node `a` to the side of event node `b`'s box."""
    x1 = a.x + (8 if a.x < b.x else -8)
    x2 = b.x - 75 if a.x < b.x else b.x + 75
    return {"role": role, "x1": x1, "y1": a.y, "x2": x2, "y2": b.y, "mid": (x1 + x2) / 2,
            "title": f"{a.label} — {role} — {b.label}"}


# ---------------------------------------------------------------- timeline


def timeline(views: list[ArticleView]) -> Markup:
    """Dated events in date order (coarser dates first within their period)."""
    items, undated = [], 0
    for view in views:
        for n, (event, row) in enumerate(zip(view.result.events, view.rows, strict=True), 1):
            if not row["date"]:
                undated += 1
                continue
            items.append({"row": row, "prefix": view.prefix, "n": n, "type": event.type,
                          "summary": _summary(row), "doc_id": view.result.article.doc_id})
    items.sort(key=lambda it: (it["row"]["date"], it["prefix"], it["n"]))
    return render("timeline.html", items=items, undated=undated, several=len(views) > 1)


# ---------------------------------------------------------------- SHACL


def shacl_html(view: ArticleView) -> Markup:
    """"Conforms (N triples)" or a table of the violations with their nodes."""
    return render("shacl.html", report=view.report, triples=view.triples)


# ---------------------------------------------------------------- corpus section


def corpus_section(views: list[ArticleView]) -> Markup:
    """Across articles: entities by events, the network of states, one timeline."""
    return render("corpus.html", ranking=entity_ranking(views), network=state_network(views),
                  timeline=timeline(views))


def entity_infos(views: list[ArticleView]) -> dict[str, dict[str, Any]]:
    """Entity key -> entity_json of it, from the first article whose linker described it."""
    infos: dict[str, dict[str, Any]] = {}
    for view in views:
        for key in view.result.linked.entities:
            infos.setdefault(key, entity_json(key, view.result.linked))
    for view in views:  # keys used by events but not described: a fallback label
        for key, _, _ in _edges(view):
            infos.setdefault(key, entity_json(key, view.result.linked))
    return infos


def entity_ranking(views: list[ArticleView], limit: int = 40) -> Markup:
    """Entities (merged on their key across articles) by the events they take part in."""
    counts: dict[str, Counter] = defaultdict(Counter)  # key -> role -> events
    events: dict[str, set[tuple[str, int]]] = defaultdict(set)
    info = entity_infos(views)
    for view in views:
        for key, n, role in _edges(view):
            counts[key][role] += 1
            events[key].add((view.prefix, n))
    total = {k: len(e) for k, e in events.items()}
    ranked = sorted(total, key=lambda k: (-total[k], info[k]["label"]))[:limit]
    rows = [{"label": info[k]["label"], "type": info[k]["type"], "events": total[k],
             "roles": counts[k], "articles": len({prefix for prefix, _ in events[k]})}
            for k in ranked]
    return render("ranking.html", rows=rows, top=rows[0]["events"] if rows else 1)


def state_links(views: list[ArticleView]) -> Counter:
    """(state key, state key, event type) -> number of events linking the two states.

    Mutual types (cooperation, agreements) link every pair of the states
    taking part, in key order; directed types (deployments, sanctions) link
    each acting state to each target state.
    """
    network = style()["network"]
    links: Counter = Counter()
    for view in views:
        for event in view.result.events:
            def states(keys: list[str], view=view) -> list[str]:
                return sorted({k for k in keys if _type(k, view) == COUNTRY})
            if event.type in network["mutual"]:
                both = states(event.actors + event.targets)
                pairs = [(a, b) for i, a in enumerate(both) for b in both[i + 1:]]
            elif event.type in network["directed"]:
                pairs = [(a, b) for a in states(event.actors) for b in states(event.targets)
                         if a != b]
            else:
                continue
            links.update((a, b, event.type) for a, b in pairs)
    return links


LABEL_GAP = 18.0  # px along the circle between two states' nodes: more than a label is high


def state_network(views: list[ArticleView]) -> Markup:
    """The states on a circle, one curved edge per (pair, event type), arrows if directed."""
    links = state_links(views)
    known = entity_infos(views)
    labels = {key: known[key]["label"] for a, b, _ in links for key in (a, b)}
    keys = sorted(labels, key=lambda k: labels[k])
    # Labels stand radially outside the circle, each along its own spoke, so two never
    # overlap while neighbouring nodes are at least LABEL_GAP apart on the circle
    # (horizontal labels ran into each other near the top and bottom with 30 states).
    radius = max(180.0, LABEL_GAP * len(keys) / (2 * math.pi))
    margin = 14 + 7.5 * max((len(label) for label in labels.values()), default=0)
    size = round(2 * (radius + margin))
    angles = {k: 2 * math.pi * i / len(keys) - math.pi / 2 for i, k in enumerate(keys)}
    pos = {k: (size / 2 + radius * math.cos(a), size / 2 + radius * math.sin(a))
           for k, a in angles.items()}
    types = list(style()["network"]["mutual"]) + list(style()["network"]["directed"])
    edges = []
    for (a, b, kind), count in sorted(links.items()):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        bend = 0.12 * (types.index(kind) - 1.5)
        edges.append({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "kind": kind, "count": count,
                      "cx": (x1 + x2) / 2 - bend * (y2 - y1),
                      "cy": (y1 + y2) / 2 + bend * (x2 - x1), "a": labels[a], "b": labels[b]})
    nodes = []
    for k in keys:
        x, y = pos[k]
        degrees = math.degrees(angles[k])
        left = 90 < degrees % 360 < 270  # read left to right: turn the left half around
        out_x, out_y = 14 * math.cos(angles[k]), 14 * math.sin(angles[k])
        nodes.append({"x": x, "y": y, "dx": out_x, "dy": out_y,
                      "anchor": "end" if left else "start",
                      "rotate": degrees - 180 if left else degrees, "label": labels[k]})
    return render("network.html", net={
        "size": size, "edges": edges, "nodes": nodes, "types": types,
        "color": style()["entity_colors"][COUNTRY]})
