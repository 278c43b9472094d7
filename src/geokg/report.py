"""`geokg report`: one self-contained HTML page showing what was extracted.

Analysts check an extraction by looking: every event in the table links to
the sentence it was read from, every sentence links back to its events, the
entity mentions are highlighted by displaCy, and the graph, the timeline and
the SHACL result sit next to them. The page needs no network: the CSS and JS
(src/geokg/data/report/) are inlined and the pictures are SVG drawn here with
a fixed, deterministic layout, so the same input gives the same bytes.

The values come from the existing stages only: geokg.pipeline.process_many
for the articles, geokg.export.events_json for the table cells,
geokg.mapper.article_graph and geokg.validate.validate for the SHACL result.
All text from articles is HTML-escaped (displaCy escapes the text it renders;
everything else goes through `esc`).
"""

from __future__ import annotations

import html
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import yaml

from geokg import __version__
from geokg.export import entity_json, events_json
from geokg.iris import DEFAULT_BASE
from geokg.model import COUNTRY, ArticleResult, Event
from geokg.validate import ValidationReport

ROW_H = 30  # vertical distance between nodes of the article graph, px
UNDATED = "undated"


def esc(value: Any) -> str:
    """HTML-escape any value for text or a double-quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


@cache
def asset(name: str) -> str:
    """A file of src/geokg/data/report/ (template, CSS, JS), read once."""
    return resources.files("geokg.data").joinpath("report", name).read_text("utf-8")


@lru_cache(maxsize=1)
def style() -> dict[str, Any]:
    """Colours and choices of the report (data/report/style.yaml)."""
    return yaml.safe_load(asset("style.yaml"))


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
    from geokg import mapper, validate

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
    from geokg.reader import collect_articles
    from geokg.write import write_text

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
    summary = f"{len(views)} article{plural}, {n_events} events; {shacl}."
    parts = [_legend()]
    if len(views) > 1:
        parts.append(_toc(views))
        parts.append(corpus_section(views))
    parts.extend(article_section(view) for view in views)
    default_title = views[0].result.article.headline if len(views) == 1 else "geokg corpus report"
    return Template(asset("page.html")).substitute(
        title=esc(title or f"geokg report: {default_title}"),
        version=esc(__version__), summary=esc(summary), body="\n".join(parts),
        style=asset("report.css"), script=asset("report.js"),
    )


# ---------------------------------------------------------------- small pieces


def _label(key: str | None, view: ArticleView) -> str:
    return entity_json(key, view.result.linked)["label"] if key else ""


def _type(key: str, view: ArticleView) -> str:
    return entity_json(key, view.result.linked)["type"]


def _chip(event_type: str) -> str:
    color = style()["event_colors"].get(event_type, "#777")
    return f'<span class="chip" style="background: {esc(color)}">{esc(event_type)}</span>'


def _swatch(color: str, text: str, cls: str = "swatch") -> str:
    return f'<span class="{cls}" style="background: {esc(color)}"></span>{esc(text)}'


def _legend() -> str:
    entities = " ".join(f"<li>{_swatch(c, t)}</li>" for t, c in style()["entity_colors"].items())
    events = " ".join(f"<li>{_chip(t)}</li>" for t in style()["event_colors"])
    return (f'<nav class="legend"><ul class="inline"><li class="what">Entities:</li>{entities}'
            f'</ul><ul class="inline"><li class="what">Events:</li>{events}</ul></nav>')


def _toc(views: list[ArticleView]) -> str:
    items = "".join(
        f'<li><a href="#{v.prefix}">{esc(v.result.article.headline or v.result.article.doc_id)}'
        f"</a> <small>({len(v.result.events)} events, "
        f'{"conforms" if v.report.conforms else "SHACL violations"})</small></li>'
        for v in views
    )
    return f'<nav class="toc"><h2>Articles</h2><ol>{items}</ol></nav>'


def _quantity(event: Event) -> str:
    q = event.quantity
    if q is None:
        return ""
    amount = f"{q.low:,}–{q.value:,}" if q.low is not None and q.value is not None \
        else (f"{q.value:,}" if q.value is not None else "?")
    unit = f" {q.unit}" if q.unit else ""
    return f'{esc(amount + unit)} <span class="qual">{esc(q.qualifier)}</span>'


def _summary(row: dict[str, Any]) -> str:
    """"Claire Dubois → Kenya at Nairobi", from an events_json row."""
    actors = ", ".join(a["label"] for a in row["actors"]) or "?"
    text = actors
    if row["targets"]:
        text += " → " + ", ".join(t["label"] for t in row["targets"])
    if row["place"]:
        text += f" at {row['place']['label']}"
    return text


# ---------------------------------------------------------------- article section


def article_section(view: ArticleView) -> str:
    """The section of one article: text, events, graph, timeline, SHACL result."""
    article = view.result.article
    sentences = sentence_ids(view)
    meta = [esc(article.path.name)]
    if article.published:
        meta.append(f"published {esc(article.published.isoformat())}")
    if article.byline:
        meta.append(esc(article.byline))
    badge = ('<span class="badge ok">SHACL: conforms</span>' if view.report.conforms
             else '<span class="badge bad">SHACL: violations</span>')
    return f"""<section class="article" id="{view.prefix}">
<h2>{esc(article.headline or article.doc_id)}</h2>
<p class="meta">{" · ".join(meta)} · {len(view.result.events)} events · {badge}</p>
<div class="columns">
<div class="text-panel"><h3>Text</h3>{text_html(view, sentences)}</div>
<div class="facts">
<h3>Events</h3>{events_table(view, sentences)}
<h3>Graph</h3>{graph_svg(view)}
<h3>Timeline</h3>{timeline([view])}
<h3>SHACL validation</h3>{shacl_html(view)}
</div>
</div>
</section>"""


def sentence_ids(view: ArticleView) -> dict[tuple[int, int], str]:
    """(start, end) of every event sentence -> its HTML id, in text order.

    Overlapping sentences (not expected, but trimming may differ between
    mentions) are merged, so the text can be cut into disjoint pieces.
    """
    spans = sorted({(m.sentence.start, m.sentence.end)
                    for e in view.result.events for m in e.mentions})
    merged: list[list[int]] = []
    for start, end in spans:
        # A mention running over the sentence's end ("Caliber." | "Az") stays whole.
        end = max([end, *(m.end for m in view.result.linked.at(end - 1, end))])
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return {(s, e): f"{view.prefix}-s{i}" for i, (s, e) in enumerate(merged, 1)}


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


def text_html(view: ArticleView, sentences: dict[tuple[int, int], str]) -> str:
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
    pieces, cursor = [], 0
    for (start, end), sid in sentences.items():
        if cursor < start:
            pieces.append(_displacy(text, cursor, start, spans))
        refs = "".join(f'<a class="evref" href="#{view.prefix}-e{n}">E{n}</a>'
                       for n in per_sentence[sid])
        pieces.append(f'<div class="sent" id="{sid}">{_displacy(text, start, end, spans)}'
                      f'<sup class="backrefs">{refs}</sup></div>')
        cursor = end
    if cursor < len(text):
        pieces.append(_displacy(text, cursor, len(text), spans))
    return f'<div class="text">{"".join(pieces)}</div>'


def _spans(view: ArticleView) -> list[dict[str, Any]]:
    """displaCy spans (absolute offsets): entity mentions, then non-overlapping triggers."""
    colors = style()["entity_colors"]
    linked = view.result.linked
    spans: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for m in sorted(linked.mentions, key=lambda m: (m.start, -m.end)):
        if any(m.start < e and s < m.end for s, e in taken):
            continue  # displaCy's "ent" style cannot show overlapping spans
        info = entity_json(m.entity, linked)
        color = colors.get(info["type"], "#ddd")
        spans.append({"start": m.start, "end": m.end, "label": info["type"], "params": {
            "cls": "mention", "bg": color, "border": color,
            "title": esc(f"{info['label']} ({m.how})")}})
        taken.append((m.start, m.end))
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


def _displacy(text: str, start: int, end: int, spans: list[dict[str, Any]]) -> str:
    """text[start:end] with the spans inside it, rendered by displaCy's "ent" style."""
    from spacy import displacy

    inside = [{**s, "start": s["start"] - start, "end": s["end"] - start}
              for s in spans if start <= s["start"] and s["end"] <= end]
    return displacy.render(
        {"text": text[start:end], "ents": inside, "title": None}, style="ent", manual=True,
        page=False, options={"template": asset("entity.html")},
    )


# ---------------------------------------------------------------- events table

COLUMNS = ("#", "Type", "CAMEO", "Actors", "Targets", "Place", "Date", "Quantity", "Status",
           "Attributed to", "Sentence")


def events_table(view: ArticleView, sentences: dict[tuple[int, int], str]) -> str:
    """One row per event; clicking a row highlights its sentence (report.js)."""
    if not view.result.events:
        return '<p class="none">No events were found in this article.</p>'
    head = "".join(f"<th>{esc(c)}</th>" for c in COLUMNS)
    body = []
    ids = event_sentences(view, sentences)
    for n, (event, row) in enumerate(zip(view.result.events, view.rows, strict=True), 1):
        links = " ".join(f'<a class="to-sentence" href="#{sid}">¶{sid.rsplit("-s", 1)[1]}</a>'
                         for sid in ids[n - 1])
        date = "" if not row["date"] else \
            f'<span title="{esc(row["date_text"])}">{esc(row["date"])}</span>'
        cells = [
            f"E{n}", _chip(event.type), esc(row["cameo"] or ""),
            _names(row["actors"]), _names(row["targets"]),
            esc(row["place"]["label"]) if row["place"] else "", date, _quantity(event),
            f'<span class="status {esc(row["status"])}">{esc(row["status"])}</span>',
            esc(", ".join(row["attributed_to"])), links,
        ]
        tds = "".join(f'<td class="c{i}">{c}</td>' for i, c in enumerate(cells))
        body.append(f'<tr class="event-row" id="{view.prefix}-e{n}" tabindex="0" '
                    f'data-type="{esc(event.type)}" data-sentences="{" ".join(ids[n - 1])}" '
                    f'title="{esc(row["event"])}">{tds}</tr>')
    return (f'<div class="table-wrap"><table class="events"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _names(entities: list[dict[str, Any]]) -> str:
    return "<br>".join(esc(e["label"]) for e in entities)


# ---------------------------------------------------------------- article graph


@dataclass
class _Node:
    key: str
    label: str
    color: str
    x: float = 0.0
    y: float = 0.0
    href: str | None = None


def _edges(view: ArticleView) -> list[tuple[str, int, str]]:
    """(entity key, event number, role) for every role an entity plays."""
    edges = []
    for n, event in enumerate(view.result.events, 1):
        roles = [("actor", k) for k in event.actors] + [("target", k) for k in event.targets]
        roles += [("place", event.place)] if event.place else []
        roles += [("source", k) for k in event.attributed_to]
        edges.extend((key, n, role) for role, key in dict.fromkeys(roles))
    return edges


def graph_svg(view: ArticleView) -> str:
    """Events in the middle column, actors on the left, other roles on the right.

    An entity stands on the side of the role it plays most; within a column
    nodes are ordered by the mean position of their events (fewer crossings),
    so the layout is deterministic and stays readable for many nodes.
    """
    events = view.result.events
    if not events:
        return '<p class="none">No events, no graph.</p>'
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
    for column, x in ((left, xl), (right, xr)):
        for i, key in enumerate(column):
            nodes[key] = _Node(key, _label(key, view), colors.get(_type(key, view), "#ddd"), x,
                               _slot(i, len(column), height))
    for n, event in enumerate(events, 1):
        nodes[f"#{n}"] = _Node(f"#{n}", f"E{n} {event.type}",
                               style()["event_colors"].get(event.type, "#777"), xm,
                               _slot(n - 1, len(events), height), f"#{view.prefix}-e{n}")
    parts = [_edge_svg(nodes[key], nodes[f"#{n}"], role, f"{nodes[key].label} — {role} — "
                       f"{nodes[f'#{n}'].label}") for key, n, role in edges]
    parts += [_entity_node(nodes[k], "end" if k in left else "start") for k in left + right]
    parts += [_event_node(nodes[f"#{n}"]) for n in range(1, len(events) + 1)]
    head = (f'<text class="col" x="{xl}" y="16" text-anchor="end">mostly actors</text>'
            f'<text class="col" x="{xm}" y="16" text-anchor="middle">events</text>'
            f'<text class="col" x="{xr}" y="16">targets, places, sources</text>')
    return (f'<figure class="graph"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
            f'<title>Actors, events and roles of {esc(view.result.article.doc_id)}</title>'
            f'{head}{"".join(parts)}</svg>{_role_legend()}</figure>')


def _slot(i: int, count: int, height: float) -> float:
    """y of the i-th of `count` nodes spread evenly over the drawing's height."""
    return 30 + (i + 0.5) * (height - 40) / count


def _edge_svg(a: _Node, b: _Node, role: str, title: str) -> str:
    spec = style()["roles"][role]
    x1 = a.x + (8 if a.x < b.x else -8)
    x2 = b.x - 75 if a.x < b.x else b.x + 75
    mid = (x1 + x2) / 2
    dash = f' stroke-dasharray="{spec["dash"]}"' if spec["dash"] else ""
    return (f'<path class="edge {role}" d="M{x1:.1f},{a.y:.1f} C{mid:.1f},{a.y:.1f} '
            f'{mid:.1f},{b.y:.1f} {x2:.1f},{b.y:.1f}" stroke="{spec["color"]}"{dash}>'
            f"<title>{esc(title)}</title></path>")


def _entity_node(node: _Node, anchor: str) -> str:
    dx = -12 if anchor == "end" else 12
    return (f'<g class="node entity"><circle cx="{node.x}" cy="{node.y:.1f}" r="7" '
            f'fill="{node.color}" stroke="#555"/><text x="{node.x + dx}" y="{node.y + 4:.1f}" '
            f'text-anchor="{anchor}">{esc(_short(node.label))}</text>'
            f"<title>{esc(node.label)}</title></g>")


def _event_node(node: _Node) -> str:
    return (f'<a href="{node.href}"><g class="node event"><rect x="{node.x - 75}" '
            f'y="{node.y - 11:.1f}" width="150" height="22" rx="11" fill="{node.color}"/>'
            f'<text x="{node.x}" y="{node.y + 4:.1f}" text-anchor="middle">'
            f"{esc(_short(node.label, 22))}</text><title>{esc(node.label)}</title></g></a>")


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _role_legend() -> str:
    items = "".join(
        f'<li><svg width="34" height="10"><line x1="0" y1="5" x2="34" y2="5" '
        f'stroke="{spec["color"]}" stroke-width="2" stroke-dasharray="{spec["dash"]}"/></svg>'
        f"{esc(role)}</li>" for role, spec in style()["roles"].items()
    )
    return f'<figcaption><ul class="inline roles">{items}</ul></figcaption>'


# ---------------------------------------------------------------- timeline


def timeline(views: list[ArticleView]) -> str:
    """Dated events in date order (coarser dates first within their period)."""
    items, undated = [], 0
    for view in views:
        for n, (event, row) in enumerate(zip(view.result.events, view.rows, strict=True), 1):
            if not row["date"]:
                undated += 1
                continue
            items.append((row["date"], view, n, event, row))
    if not items:
        return f'<p class="none">No dated events ({undated} undated).</p>'
    items.sort(key=lambda it: (it[0], it[1].prefix, it[2]))
    lis = []
    for date, view, n, event, row in items:
        where = f' <small class="article-ref">{esc(view.result.article.doc_id)}</small>' \
            if len(views) > 1 else ""
        lis.append(f'<li><time title="{esc(row["date_text"])}">{esc(date)}</time>'
                   f'{_chip(event.type)} <a href="#{view.prefix}-e{n}">E{n}</a> '
                   f"{esc(_summary(row))}{where}</li>")
    what = "event" if undated == 1 else "events"
    note = f'<p class="note">{undated} {what} without a date.</p>' if undated else ""
    return f'<ol class="timeline">{"".join(lis)}</ol>{note}'


# ---------------------------------------------------------------- SHACL


def shacl_html(view: ArticleView) -> str:
    """"Conforms (N triples)" or a table of the violations with their nodes."""
    report = view.report
    if report.conforms and not report.violations:
        return (f'<p class="shacl ok">The graph of this article conforms to the SHACL shapes '
                f"({view.triples} triples).</p>")
    head = "conforms with warnings" if report.conforms else "does not conform"
    rows = "".join(
        f"<tr><td>{esc(v.severity)}</td><td><code>{esc(v.focus_node)}</code></td>"
        f"<td>{esc(v.shape)}</td><td>{esc(v.path or '')}</td><td>{esc(v.message)}</td>"
        f"<td>{esc(v.value or '')}</td><td>{esc(v.sentence_text or '')}</td></tr>"
        for v in report.violations
    )
    return (f'<p class="shacl {"warn" if report.conforms else "bad"}">The graph {head}: '
            f"{len(report.violations)} result(s).</p>"
            '<div class="table-wrap"><table class="violations"><thead><tr><th>Severity</th>'
            "<th>Node</th><th>Shape</th><th>Path</th><th>Message</th><th>Value</th>"
            f"<th>Sentence</th></tr></thead><tbody>{rows}</tbody></table></div>")


# ---------------------------------------------------------------- corpus section


def corpus_section(views: list[ArticleView]) -> str:
    """Across articles: entities by events, the network of states, one timeline."""
    return f"""<section class="corpus" id="corpus">
<h2>All articles</h2>
<div class="columns even">
<div><h3>Entities by number of events</h3>{entity_ranking(views)}</div>
<div><h3>Network of states</h3>{state_network(views)}</div>
</div>
<h3>Timeline across articles</h3>{timeline(views)}
</section>"""


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


def entity_ranking(views: list[ArticleView], limit: int = 40) -> str:
    """Entities (merged on their key across articles) by the events they take part in."""
    counts: dict[str, Counter] = defaultdict(Counter)  # key -> role -> events
    events: dict[str, set[tuple[str, int]]] = defaultdict(set)
    info = entity_infos(views)
    for view in views:
        for key, n, role in _edges(view):
            counts[key][role] += 1
            events[key].add((view.prefix, n))
    total = {k: len(e) for k, e in events.items()}
    articles = {k: {prefix for prefix, _ in e} for k, e in events.items()}
    ranked = sorted(total, key=lambda k: (-total[k], info[k]["label"]))[:limit]
    if not ranked:
        return '<p class="none">No entity takes part in an event.</p>'
    top = total[ranked[0]]
    colors = style()["entity_colors"]
    rows = "".join(
        f'<tr><td>{_swatch(colors.get(info[k]["type"], "#ddd"), info[k]["label"])}</td>'
        f'<td>{esc(info[k]["type"])}</td><td class="num"><span class="bar" '
        f'style="width: {100 * total[k] / top:.0f}px"></span>{total[k]}</td>'
        + "".join(f'<td class="num">{counts[k][r] or ""}</td>' for r in style()["roles"])
        + f'<td class="num">{len(articles[k])}</td></tr>'
        for k in ranked
    )
    roles = "".join(f"<th>as {esc(r)}</th>" for r in style()["roles"])
    return (f'<div class="table-wrap"><table class="ranking"><thead><tr><th>Entity</th>'
            f"<th>Type</th><th>Events</th>{roles}<th>Articles</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>")


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


def state_network(views: list[ArticleView]) -> str:
    """The states on a circle, one curved edge per (pair, event type), arrows if directed."""
    links = state_links(views)
    if not links:
        return '<p class="none">No cooperation, agreement, deployment or sanction between ' \
               "states.</p>"
    known = entity_infos(views)
    labels = {key: known[key]["label"] for a, b, _ in links for key in (a, b)}
    keys = sorted(labels, key=lambda k: labels[k])
    size, radius = 520, 180
    pos = {k: (size / 2 + radius * math.cos(2 * math.pi * i / len(keys) - math.pi / 2),
               size / 2 + radius * math.sin(2 * math.pi * i / len(keys) - math.pi / 2))
           for i, k in enumerate(keys)}
    types = list(style()["network"]["mutual"]) + list(style()["network"]["directed"])
    colors = style()["event_colors"]
    markers = "".join(
        f'<marker id="arrow-{t}" viewBox="0 0 10 10" refX="19" refY="5" markerWidth="10" '
        f'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" '
        f'fill="{colors[t]}"/></marker>' for t in style()["network"]["directed"])
    edges = []
    for (a, b, kind), count in sorted(links.items()):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        bend = 0.12 * (types.index(kind) - 1.5)
        cx = (x1 + x2) / 2 - bend * (y2 - y1)
        cy = (y1 + y2) / 2 + bend * (x2 - x1)
        arrow = f' marker-end="url(#arrow-{kind})"' if kind in style()["network"]["directed"] \
            else ""
        edges.append(
            f'<path class="link" d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" '
            f'stroke="{colors[kind]}" stroke-width="{1.5 + count:.1f}"{arrow}><title>'
            f"{esc(f'{labels[a]} — {kind} — {labels[b]}: {count} event(s)')}</title></path>")
    nodes = []
    for k in keys:
        x, y = pos[k]
        anchor = "start" if x > size / 2 + 1 else ("end" if x < size / 2 - 1 else "middle")
        dx = 14 if anchor == "start" else (-14 if anchor == "end" else 0)
        dy = -14 if y < size / 2 and anchor == "middle" else (22 if anchor == "middle" else 4)
        nodes.append(f'<g class="node state"><circle cx="{x:.1f}" cy="{y:.1f}" r="9" '
                     f'fill="{style()["entity_colors"][COUNTRY]}" stroke="#555"/>'
                     f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
                     f"{esc(labels[k])}</text></g>")
    legend = "".join(f"<li>{_chip(t)}</li>" for t in types)
    return (f'<figure class="network"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'viewBox="-60 0 {size + 120} {size}" width="{size + 120}" height="{size}">'
            f"<title>Network of states</title><defs>{markers}</defs>{''.join(edges)}"
            f'{"".join(nodes)}</svg><figcaption><ul class="inline">{legend}</ul>'
            "<small>Edge width grows with the number of events; arrows point from the "
            "acting state to the target.</small></figcaption></figure>")
