"""Every reader's last step: is the graph one the app can store?

`check_graph` applies the rules the database and the model's `clean()` apply (kinds, evidence-only
fields, dates, lengths, slugs, references, limits) so that an import fails here, with the line or
the node named, instead of half-way into a transaction. It raises InterchangeError at the first
problem. The rules must agree with `argmap.maps.models`; `tests/maps` imports what these checks
pass, so a drift shows up as a failing import there.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from argmap.graph import LINK_KINDS, NODE_KINDS, Graph, GraphLink
from argmap.interchange.base import InterchangeError, Limits
from argmap.lib.dates import DateError, parse_date

EVIDENCE_KINDS = ("document", "event", "statistic")
ATTESTATIONS = ("direct", "summary", "characterization", "inferred", "disputed-attribution")
SOURCE_KINDS = ("primary", "secondary")
STATUSES = ("accepted", "critic", "disputed")
_QUOTE_FIELDS = {"source": str, "text": str, "paraphrase": bool}
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")

# (kind of element, id) -> "line 12", or None to name the element by its id
Locate = Callable[[str, str], int | None]


def _fail(message: str, kind: str, item_id: str, locate: Locate | None) -> None:
    line = locate(kind, item_id) if locate else None
    raise InterchangeError(message, line=line, where=f"{kind} {item_id!r}")


def _lengths(
    item: object, maxima: dict[str, int], kind: str, item_id: str, locate: Locate | None
) -> None:
    for name, most in maxima.items():
        value = getattr(item, name)
        if len(value) > most:
            _fail(f"{name} is longer than {most} characters", kind, item_id, locate)


def _key(key: str, kind: str, item_id: str, seen: set[str], locate: Locate | None) -> None:
    if not key:
        return
    if len(key) > 100 or not _SLUG.match(key):
        _fail(f"key {key!r} must be at most 100 letters, digits, '-' or '_'", kind, item_id, locate)
    if key in seen:
        _fail(f"the key {key!r} is used twice", kind, item_id, locate)
    seen.add(key)


def _refs(
    ids: Iterable[str | None], pool: Mapping[str, object], what: str, kind: str, item_id: str,
    locate: Locate | None,
) -> None:  # fmt: skip
    for ref in ids:
        if ref is not None and ref not in pool:
            _fail(f"{what} {ref!r} does not exist", kind, item_id, locate)


def _check_nodes(graph: Graph, locate: Locate | None) -> None:
    keys: set[str] = set()
    for node in graph.nodes.values():
        where = ("node", node.id, locate)
        if node.kind not in NODE_KINDS:
            _fail(f"kind must be one of {', '.join(NODE_KINDS)}, not {node.kind!r}", *where)
        if not node.text.strip():
            _fail("a statement needs some text", *where)
        if node.kind != "evidence":
            evidence_only = ("evidence_kind", "source", "extra_sources", "locator", "quote", "date")
            for name in (*evidence_only, "place_time", "order_hint"):
                if getattr(node, name):
                    _fail(f"only evidence carries {name.replace('_', ' ')}", *where)
        if node.evidence_kind and node.evidence_kind not in EVIDENCE_KINDS:
            _fail(f"evidence kind must be one of {', '.join(EVIDENCE_KINDS)}", *where)
        if node.quote and not node.source:
            _fail("a quote needs the source it is quoted from", *where)
        if node.date:
            if len(node.date) > 100:
                _fail("the date is longer than 100 characters", *where)
            try:
                parse_date(node.date)
            except DateError as exc:
                _fail(str(exc), *where)
        score = node.base_score
        if score is not None and not (math.isfinite(score) and 0 <= score <= 1):
            _fail("the base score must be between 0 and 1", *where)
        _lengths(node, {"title": 300, "school": 200, "locator": 300, "place_time": 300}, *where)
        if node.order_hint is not None and not 0 <= node.order_hint <= 32767:
            _fail("the order within its day must be between 0 and 32767", *where)
        _key(node.key, "node", node.id, keys, locate)
        _refs([node.scholar], graph.scholars, "scholar", *where)
        _refs([node.source, *node.extra_sources], graph.sources, "source", *where)


def _check_links(graph: Graph, locate: Locate | None) -> None:
    for link in graph.links.values():
        where = ("link", link.id, locate)
        if link.kind not in LINK_KINDS:
            _fail(f"kind must be one of {', '.join(LINK_KINDS)}, not {link.kind!r}", *where)
        _refs([link.source], graph.nodes, "source statement", *where)
        if link.kind == "undercuts":
            if link.target is not None or link.target_link is None:
                _fail("an undercut attacks exactly one link (and no statement)", *where)
            _refs([link.target_link], graph.links, "target link", *where)
            if link.target_link == link.id:
                _fail("a link cannot undercut itself", *where)
            if link.co_premises:
                _fail("co-premises belong to supports and opposes links", *where)
        else:
            if link.target is None or link.target_link is not None:
                _fail(f"a {link.kind} link needs exactly one target statement", *where)
            _refs([link.target], graph.nodes, "target statement", *where)
            if link.target == link.source:
                _fail(f"a statement cannot {link.kind[:-1]} itself", *where)
        _refs(link.co_premises, graph.nodes, "co-premise", *where)
        if {link.source, link.target} & set(link.co_premises):
            _fail("a co-premise is a further statement, not an end of the link", *where)
        if link.attestation and link.attestation not in ATTESTATIONS:
            _fail(f"attestation must be one of {', '.join(ATTESTATIONS)}", *where)
        _lengths(link, {"locator": 300, "scheme": 200, "argument": 300}, *where)
        if link.key and (len(link.key) > 100 or not _SLUG.match(link.key)):
            _fail("the key must be at most 100 letters, digits, '-' or '_'", *where)
        _refs([link.scholar], graph.scholars, "scholar", *where)
        _refs([link.citation, *link.attested_in], graph.sources, "source", *where)


_TEXT_FIELDS: dict[type, list[str]] = {}


def _text_fields(cls: type) -> list[str]:
    if cls not in _TEXT_FIELDS:
        _TEXT_FIELDS[cls] = [f.name for f in dataclasses.fields(cls) if f.name != "id"]
    return _TEXT_FIELDS[cls]


def _no_nul(graph: Graph) -> None:
    """PostgreSQL cannot store NUL in text; say so instead of failing in the database."""
    groups: list[tuple[str, Iterable[Any]]] = [
        ("node", graph.nodes.values()),
        ("link", graph.links.values()),
        ("source", graph.sources.values()),
        ("scholar", graph.scholars.values()),
        ("characterisation", graph.characterisations),
    ]
    for kind, items in groups:
        for item in items:
            for name in _text_fields(type(item)):
                value = getattr(item, name)
                if isinstance(value, str):
                    if "\x00" in value:
                        _fail(f"{name} contains a NUL character", kind, item.id, None)
                elif isinstance(value, list) and any("\x00" in v for v in value):
                    _fail(f"{name} contains a NUL character", kind, item.id, None)
            if "\x00" in item.id:
                _fail("the id contains a NUL character", kind, item.id.replace("\x00", "?"), None)
    if "\x00" in graph.title + graph.question + graph.description:
        raise InterchangeError("the title, question or description contains a NUL character")


def undercut_depths(graph: Graph) -> dict[str, int]:
    """Link id -> how many undercuts lie between it and a supports/opposes link (0 for those).
    Raises InterchangeError for a cycle of undercuts. No recursion."""
    depth: dict[str, int] = {}
    for start in graph.links:
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = start
        while current is not None and current not in depth:
            if current in on_chain:
                raise InterchangeError("undercuts form a cycle", where=f"link {current!r}")
            chain.append(current)
            on_chain.add(current)
            link = graph.links.get(current)
            current = link.target_link if link is not None else None
        base = depth[current] + 1 if current is not None else 0
        for offset, link_id in enumerate(reversed(chain)):
            depth[link_id] = base + offset
    return depth


def _check_catalogue(graph: Graph, locate: Locate | None) -> None:
    keys: set[str] = set()
    for source in graph.sources.values():
        where = ("source", source.id, locate)
        if not source.title.strip():
            _fail("a source needs a title", *where)
        if source.kind not in SOURCE_KINDS:
            _fail("kind must be primary or secondary", *where)
        if source.year is not None and not 0 <= source.year <= 32767:
            _fail("the year must be between 0 and 32767", *where)
        maxima = {"title": 500, "authors": 500, "container": 500, "archive_locator": 500}
        _lengths(source, {**maxima, "doi": 200, "url": 1000}, *where)
        _key(source.key, "source", source.id, keys, locate)
    keys = set()
    for scholar in graph.scholars.values():
        where = ("scholar", scholar.id, locate)
        if not scholar.name.strip():
            _fail("a scholar needs a name", *where)
        _lengths(scholar, {"name": 200}, *where)
        _key(scholar.key, "scholar", scholar.id, keys, locate)
        _refs(scholar.works, graph.sources, "source", *where)
    for item in graph.characterisations:
        where = ("characterisation", item.id, locate)
        _refs([item.scholar], graph.scholars, "scholar", *where)
        _refs([item.source, *item.counter_sources], graph.sources, "source", *where)
        if not item.text.strip():
            _fail("a characterisation needs some text", *where)
        if item.status not in STATUSES:
            _fail("status must be accepted, critic or disputed", *where)
        for quote in item.quotes:
            if set(quote) - set(_QUOTE_FIELDS) or not {"source", "text"} <= set(quote):
                _fail("a quote has a source, a text and perhaps paraphrase", *where)
            if any(not isinstance(quote[k], t) for k, t in _QUOTE_FIELDS.items() if k in quote):
                _fail("a quote's source and text are texts, its paraphrase true or false", *where)
            _refs([quote["source"]], graph.sources, "source", *where)
        for ref in item.applies_to_evidence:
            if ref not in graph.nodes or graph.nodes[ref].kind != "evidence":
                _fail(f"evidence {ref!r} is not evidence of this map", *where)
        for name, kind in (("thesis", "thesis"), ("evidence", "evidence")):
            ref = getattr(item, name)
            if ref is not None and (ref not in graph.nodes or graph.nodes[ref].kind != kind):
                _fail(f"{name} {ref!r} is not a {kind} of this map", *where)


def check_counts(limits: Limits, **counts: int) -> None:
    """Refuse more statements, links, sources… than one import may hold (before building them)."""
    most = {"statements": limits.max_statements, "links": limits.max_links}
    for what, count in counts.items():
        limit = most.get(what, limits.max_sources)
        if count > limit:
            raise InterchangeError(
                f"{count:,} {what} is more than the {limit:,} one import may hold"
            )


def check_graph(graph: Graph, limits: Limits, *, locate: Locate | None = None) -> Graph:
    """Raise InterchangeError for the first thing the app could not store; return the graph."""
    check_counts(
        limits,
        statements=len(graph.nodes),
        links=len(graph.links),
        sources=len(graph.sources),
        scholars=len(graph.scholars),
        characterisations=len(graph.characterisations),
    )
    _no_nul(graph)
    ids = [c.id for c in graph.characterisations]
    if len(set(ids)) != len(ids):
        raise InterchangeError("two characterisations have the same id")
    _check_nodes(graph, locate)
    _check_links(graph, locate)
    deepest = max(undercut_depths(graph).values(), default=0)
    if deepest > limits.max_depth:
        raise InterchangeError(f"undercuts of undercuts nest more than {limits.max_depth} deep")
    _check_catalogue(graph, locate)
    return graph


def link_order(graph: Graph) -> list[GraphLink]:
    """Links with every undercut after the link it attacks, otherwise in the graph's order."""
    depth = undercut_depths(graph)
    return sorted(graph.links.values(), key=lambda link: depth[link.id])


def relabelled(graph: Graph) -> Graph:
    """A copy with short stable ids (n1…, l1…, s1…, p1…, c1…) in the graph's order; links in
    `link_order`. Writers use it so that exporting the same map twice gives the same file."""
    nodes = {old: f"n{i}" for i, old in enumerate(graph.nodes, 1)}
    links = {link.id: f"l{i}" for i, link in enumerate(link_order(graph), 1)}
    sources = {old: f"s{i}" for i, old in enumerate(graph.sources, 1)}
    scholars = {old: f"p{i}" for i, old in enumerate(graph.scholars, 1)}

    def opt(table: dict[str, str], value: str | None) -> str | None:
        return table.get(value, value) if value is not None else None

    def many(table: dict[str, str], values: list[str]) -> list[str]:
        return [table.get(v, v) for v in values]

    out = Graph(title=graph.title, question=graph.question, description=graph.description)
    for old, source in graph.sources.items():
        out.sources[sources[old]] = dataclasses.replace(source, id=sources[old])
    for old, scholar in graph.scholars.items():
        new = dataclasses.replace(scholar, id=scholars[old], works=many(sources, scholar.works))
        out.scholars[scholars[old]] = new
    for old, node in graph.nodes.items():
        out.add_node(
            dataclasses.replace(
                node,
                id=nodes[old],
                scholar=opt(scholars, node.scholar),
                source=opt(sources, node.source),
                extra_sources=many(sources, node.extra_sources),
            )
        )
    for link in link_order(graph):
        out.add_link(
            dataclasses.replace(
                link,
                id=links[link.id],
                source=nodes.get(link.source, link.source),
                target=opt(nodes, link.target),
                target_link=opt(links, link.target_link),
                co_premises=many(nodes, link.co_premises),
                scholar=opt(scholars, link.scholar),
                citation=opt(sources, link.citation),
                attested_in=many(sources, link.attested_in),
            )
        )
    for i, item in enumerate(graph.characterisations, 1):
        out.characterisations.append(
            dataclasses.replace(
                item,
                id=f"c{i}",
                scholar=scholars.get(item.scholar, item.scholar),
                source=sources.get(item.source, item.source),
                thesis=opt(nodes, item.thesis),
                evidence=opt(nodes, item.evidence),
                counter_sources=many(sources, item.counter_sources),
                quotes=[
                    {**q, "source": sources.get(q["source"], q["source"])} for q in item.quotes
                ],
                applies_to_evidence=many(nodes, item.applies_to_evidence),
            )
        )
    return out
