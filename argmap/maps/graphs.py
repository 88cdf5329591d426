"""The boundary between the stored map and the plain `Graph` that evaluation and interchange speak.

Reading: `bundle_graph` (everything, for exports and forks), `evaluation_graph` (just what the
evaluation and the map checks read, built on every page view) and `light_graphs` (many maps at
once, for lists). Writing: `node_from_graph` and `link_from_graph` make the unsaved rows that
`argmap.maps.services.graph` stores. Each field is mapped here and nowhere else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.auth.models import User

from argmap.graph import (
    Graph,
    GraphCharacterisation,
    GraphLink,
    GraphNode,
    GraphScholar,
    GraphSource,
)
from argmap.maps.models import Link, Map, Node, Scholar, Source
from argmap.maps.selectors import MapBundle


def graph_source(source: Source) -> GraphSource:
    return GraphSource(
        id=str(source.pk),
        title=source.title,
        authors=source.authors,
        container=source.container,
        year=source.year,
        kind=source.kind,
        url=source.url,
        doi=source.doi,
        archive_locator=source.archive_locator,
        notes=source.notes,
        key=source.key or "",
    )


def source_from_graph(item: GraphSource, *, created_by: User | None) -> Source:
    return Source(
        key=item.key or None,
        title=item.title,
        authors=item.authors,
        container=item.container,
        year=item.year,
        kind=item.kind,
        url=item.url,
        doi=item.doi,
        archive_locator=item.archive_locator,
        notes=item.notes,
        created_by=created_by,
    )


def _ref(pk: int | None) -> str | None:
    return str(pk) if pk is not None else None


def bundle_graph(bundle: MapBundle) -> Graph:
    """The plain `Graph` of a loaded map, with its sources and scholars (no queries)."""
    graph = Graph(title=bundle.map.title, question=bundle.map.question)
    sources: dict[int, Source] = {}
    for node in bundle.nodes.values():
        extra = bundle.extra_sources.get(node.pk, [])
        if node.source is not None:
            sources[node.source.pk] = node.source
        sources.update((src.pk, src) for src in extra)
        _add_scholar(graph, node.scholar)
        graph.add_node(
            GraphNode(
                id=str(node.pk),
                kind=node.kind,
                text=node.text,
                title=node.title,
                scholar=_ref(node.scholar_id),
                school=node.school,
                evidence_kind=node.evidence_kind,
                source=_ref(node.source_id),
                extra_sources=[str(s.pk) for s in extra],
                locator=node.locator,
                quote=node.quote,
                date=node.date_text,
                place_time=node.place_time,
                order_hint=node.order_hint,
                uncertainty=node.uncertainty,
                base_score=node.base_score,
                key=node.key,
                is_argument=node.is_argument,
            )
        )
    for link in bundle.links.values():
        attested = bundle.attested_in.get(link.pk, [])
        if link.citation is not None:
            sources[link.citation.pk] = link.citation
        sources.update((src.pk, src) for src in attested)
        _add_scholar(graph, link.scholar)
        graph.add_link(
            GraphLink(
                id=str(link.pk),
                kind=link.kind,
                source=str(link.source_node_id),
                target=_ref(link.target_node_id),
                target_link=_ref(link.target_link_id),
                co_premises=[str(n) for n in bundle.co_premises.get(link.pk, [])],
                scholar=_ref(link.scholar_id),
                rationale=link.rationale,
                citation=_ref(link.citation_id),
                locator=link.citation_locator,
                attestation=link.attestation,
                attested_in=[str(s.pk) for s in attested],
                note=link.note,
                key=link.key,
                scheme=link.scheme,
                argument=link.argument,
            )
        )
    for item in bundle.characterisations:
        counters = list(item.counter_sources.all())
        sources[item.source.pk] = item.source
        sources.update((src.pk, src) for src in counters)
        _add_scholar(graph, item.scholar)
        graph.characterisations.append(
            GraphCharacterisation(
                id=str(item.pk),
                scholar=str(item.scholar_id),
                source=str(item.source_id),
                text=item.text,
                status=item.status,
                status_note=item.status_note,
                thesis=_ref(item.thesis_id),
                evidence=str(item.evidence_id) if item.evidence_id in bundle.nodes else None,
                counter_sources=[str(s.pk) for s in counters],
                note=item.note,
                # Quotes come from the characterising source or a counter-source (the service
                # checks it), so every source they name is among those written above.
                quotes=[{**q, "source": str(q["source"])} for q in item.quotes],
                explanation=item.explanation,
                likely_cause=item.likely_cause,
                applies_to_evidence=[
                    str(n.pk) for n in item.applies_to_evidence.all() if n.pk in bundle.nodes
                ],
            )
        )
    graph.sources = {str(pk): graph_source(src) for pk, src in sources.items()}
    return graph


def _add_scholar(graph: Graph, scholar: Scholar | None) -> None:
    if scholar is not None and str(scholar.pk) not in graph.scholars:
        graph.scholars[str(scholar.pk)] = GraphScholar(
            id=str(scholar.pk), name=scholar.name, role=scholar.role, key=scholar.key or ""
        )


def evaluation_graph(bundle: MapBundle) -> Graph:
    """The plain graph with just what evaluation and the map checks read (no queries), in the
    bundle's order: the graph's keys are the nodes' ids as text.

    Cheaper than `bundle_graph` (no sources, scholars or citations to convert), because it is
    built on every page view. Field values are read from each instance's `__dict__`: Django's
    field descriptors cost more than the rest of the conversion (bench/map_page.py times it).
    """
    graph = Graph()
    nodes = graph.nodes
    # Each node's id as text, made once: the links name their ends by the same strings.
    ids = {pk: str(pk) for pk in bundle.nodes}
    for pk, node in bundle.nodes.items():
        row = node.__dict__
        source = row["source_id"]
        key = ids[pk]
        nodes[key] = GraphNode(
            id=key,
            kind=row["kind"],
            text=row["text"],
            title=row["title"],
            source=str(source) if source else None,
            locator=row["locator"],
            quote=row["quote"],
            date=row["date_text"],
            base_score=row["base_score"],
        )
    links = graph.links
    premises = bundle.co_premises
    for pk, link in bundle.links.items():
        row = link.__dict__
        target, target_link = row["target_node_id"], row["target_link_id"]
        source = row["source_node_id"]
        key = str(pk)
        citation = row["citation_id"]
        links[key] = GraphLink(
            id=key,
            kind=row["kind"],
            source=ids.get(source) or str(source),
            target=(ids.get(target) or str(target)) if target is not None else None,
            target_link=str(target_link) if target_link is not None else None,
            co_premises=[str(p) for p in premises[pk]] if pk in premises else [],
            citation=str(citation) if citation is not None else None,
        )
        if citation is not None and str(citation) not in graph.sources:
            # Only the year: the map checks compare the works an answer and a use cite.
            year = link.citation.year if link.citation is not None else None
            graph.sources[str(citation)] = GraphSource(id=str(citation), title="", year=year)
    return graph


@dataclass
class LightMap:
    """What the map checks and the classroom's comparisons read of a map, for lists of maps."""

    graph: Graph
    origins: dict[str, int | None]  # node id -> the node it was copied from (Node.origin)


def light_graphs(map_ids: Iterable[int]) -> dict[int, LightMap]:
    """The live statements and links of many maps, reduced to the fields the map checks and the
    classroom's diff and coverage read: three queries for all of them, whatever their number.

    Reads values, not whole rows, since a list may hold many maps (an instructor's overview of
    thirty submissions)."""
    ids = list(map_ids)
    found: dict[int, LightMap] = {pk: LightMap(Graph(), {}) for pk in ids}
    fields = (
        "pk", "map_id", "kind", "title", "text", "source_id", "quote", "locator", "date_text",
        "origin_id",
    )  # fmt: skip
    for pk, map_id, kind, title, text, source, quote, locator, date, origin in Node.objects.filter(
        map__in=ids
    ).values_list(*fields):
        item = found[map_id]
        item.graph.add_node(
            GraphNode(
                id=str(pk),
                kind=kind,
                title=title,
                text=text,
                quote=quote,
                locator=locator,
                source=_ref(source),
                date=date,
            )
        )
        item.origins[str(pk)] = origin
    premises: dict[int, list[str]] = defaultdict(list)
    for link_id, node_id in Link.co_premises.through.objects.filter(link__map__in=ids).values_list(
        "link_id", "node_id"
    ):
        premises[link_id].append(str(node_id))
    link_fields = ("pk", "map_id", "kind", "source_node_id", "target_node_id", "target_link_id",
              "citation_id", "citation__year")  # fmt: skip
    for pk, map_id, kind, source, target, target_link, citation, year in Link.objects.filter(
        map__in=ids
    ).values_list(*link_fields):
        graph = found[map_id].graph
        if str(source) not in graph.nodes or (target and str(target) not in graph.nodes):
            continue  # an end was deleted
        graph.add_link(
            GraphLink(
                id=str(pk),
                kind=kind,
                source=str(source),
                target=_ref(target),
                target_link=_ref(target_link),
                co_premises=[p for p in premises.get(pk, []) if p in graph.nodes],
                citation=_ref(citation),
            )
        )
        if citation is not None:
            graph.sources.setdefault(str(citation), GraphSource(str(citation), "", year=year))
    return found


# --- writing: the rows a graph becomes ----------------------------------------------------------


def node_from_graph(
    item: GraphNode,
    *,
    map: Map,
    scholars: Mapping[str, Scholar],
    sources: Mapping[str, Source],
    origin_id: int | None = None,
) -> Node:
    """The unsaved Node a graph node becomes (its references resolved to stored rows)."""
    return Node(
        map=map,
        kind=item.kind,
        title=item.title,
        text=item.text,
        scholar=scholars.get(item.scholar) if item.scholar else None,
        school=item.school,
        evidence_kind=item.evidence_kind,
        source=sources.get(item.source) if item.source else None,
        locator=item.locator,
        quote=item.quote,
        date_text=item.date,
        place_time=item.place_time,
        order_hint=item.order_hint,
        uncertainty=item.uncertainty,
        base_score=item.base_score,
        key=item.key,
        is_argument=item.is_argument,
        origin_id=origin_id,
    )


def link_from_graph(
    item: GraphLink,
    *,
    map: Map,
    nodes: Mapping[str, Node],
    links: Mapping[str, Link],
    scholars: Mapping[str, Scholar],
    sources: Mapping[str, Source],
) -> Link:
    """The unsaved Link a graph link becomes; the link it undercuts must be made first."""
    return Link(
        map=map,
        kind=item.kind,
        source_node=nodes[item.source],
        target_node=nodes[item.target] if item.target is not None else None,
        target_link=links[item.target_link] if item.target_link is not None else None,
        scholar=scholars.get(item.scholar) if item.scholar else None,
        rationale=item.rationale,
        citation=sources.get(item.citation) if item.citation else None,
        citation_locator=item.locator,
        attestation=item.attestation,
        note=item.note,
        key=item.key,
        scheme=item.scheme,
        argument=item.argument,
    )
