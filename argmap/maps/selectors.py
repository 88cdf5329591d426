"""Reads that span relations: a whole map in a constant number of queries, and its outline.

`map_bundle()` loads every live node and link of a map with everything the pages show in seven
queries, whatever the size of the map; the outline, the graph picture and the plain `Graph` are
then built in Python from that bundle, never by touching the ORM per node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.graph import (
    Graph,
    GraphCharacterisation,
    GraphLink,
    GraphNode,
    GraphScholar,
    GraphSource,
)
from argmap.lib.dates import describe
from argmap.maps.models import (
    Characterisation,
    Link,
    LinkKind,
    Map,
    Node,
    NodeKind,
    Scholar,
    Source,
)


@dataclass
class MapBundle:
    map: Map
    nodes: dict[int, Node]
    links: dict[int, Link]
    co_premises: dict[int, list[int]]  # link id -> node ids
    attested_in: dict[int, list[Source]]  # link id -> sources
    extra_sources: dict[int, list[Source]]  # node id -> sources
    characterisations: list[Characterisation]
    incoming: dict[int, list[Link]] = field(default_factory=dict)  # node id -> links into it
    undercutters: dict[int, list[Link]] = field(default_factory=dict)  # link id -> undercuts
    outgoing: dict[int, list[Link]] = field(default_factory=dict)  # node id -> links out of it

    def __post_init__(self) -> None:
        incoming: dict[int, list[Link]] = defaultdict(list)
        undercutters: dict[int, list[Link]] = defaultdict(list)
        outgoing: dict[int, list[Link]] = defaultdict(list)
        for link in self.links.values():
            # Point each link at the loaded nodes, so that reading its ends costs no query.
            link.source_node = self.nodes[link.source_node_id]
            if link.target_node_id is not None:
                link.target_node = self.nodes[link.target_node_id]
            elif link.target_link_id in self.links:
                link.target_link = self.links[link.target_link_id]
            outgoing[link.source_node_id].append(link)
            if link.target_node_id is not None:
                incoming[link.target_node_id].append(link)
            elif link.target_link_id is not None:
                undercutters[link.target_link_id].append(link)
        self.incoming, self.undercutters, self.outgoing = incoming, undercutters, outgoing

    def theses(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == NodeKind.THESIS]


def map_bundle(map_: Map) -> MapBundle:
    """Every live node and link of `map_` with their sources and scholars: 7 queries."""
    nodes = {n.pk: n for n in Node.objects.filter(map=map_).select_related("source", "scholar")}
    links = {
        link.pk: link
        for link in Link.objects.filter(map=map_).select_related("scholar", "citation")
        # A link whose end was deleted is hidden with it (deleting a node deletes its links,
        # this only guards against rows written around the services).
        if link.source_node_id in nodes
        and (link.target_node_id is None or link.target_node_id in nodes)
    }
    co_premises: dict[int, list[int]] = defaultdict(list)
    for link_id, node_id in Link.co_premises.through.objects.filter(link__map=map_).values_list(
        "link_id", "node_id"
    ):
        if node_id in nodes:
            co_premises[link_id].append(node_id)
    attested: dict[int, list[Source]] = defaultdict(list)
    for row in Link.attested_in.through.objects.filter(link__map=map_).select_related("source"):
        attested[row.link_id].append(row.source)
    extra: dict[int, list[Source]] = defaultdict(list)
    for cited in Node.extra_sources.through.objects.filter(node__map=map_).select_related("source"):
        extra[cited.node_id].append(cited.source)
    characterisations = list(
        Characterisation.objects.filter(thesis__map=map_, thesis__deleted_at__isnull=True)
        .select_related("source", "scholar")
        .prefetch_related("counter_sources")
    )
    return MapBundle(
        map_, nodes, links, dict(co_premises), dict(attested), dict(extra), characterisations
    )


# --- the plain graph ----------------------------------------------------------------------------


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


def bundle_graph(bundle: MapBundle) -> Graph:
    """The plain `Graph` of a loaded map (no queries)."""
    graph = Graph(title=bundle.map.title, question=bundle.map.question)
    sources: dict[int, Source] = {}
    for node in bundle.nodes.values():
        if node.source is not None:
            sources[node.source.pk] = node.source
        for src in bundle.extra_sources.get(node.pk, []):
            sources[src.pk] = src
        _add_scholar(graph, node.scholar)
        graph.add_node(
            GraphNode(
                id=str(node.pk),
                kind=node.kind,
                text=node.text,
                title=node.title,
                scholar=str(node.scholar_id) if node.scholar_id else None,
                school=node.school,
                evidence_kind=node.evidence_kind,
                source=str(node.source_id) if node.source_id else None,
                extra_sources=[str(s.pk) for s in bundle.extra_sources.get(node.pk, [])],
                locator=node.locator,
                quote=node.quote,
                date=node.date_text,
                uncertainty=node.uncertainty,
                base_score=node.base_score,
                key=node.key,
            )
        )
    for link in bundle.links.values():
        if link.citation is not None:
            sources[link.citation.pk] = link.citation
        for src in bundle.attested_in.get(link.pk, []):
            sources[src.pk] = src
        _add_scholar(graph, link.scholar)
        graph.add_link(
            GraphLink(
                id=str(link.pk),
                kind=link.kind,
                source=str(link.source_node_id),
                target=str(link.target_node_id) if link.target_node_id else None,
                target_link=str(link.target_link_id) if link.target_link_id else None,
                co_premises=[str(n) for n in bundle.co_premises.get(link.pk, [])],
                scholar=str(link.scholar_id) if link.scholar_id else None,
                rationale=link.rationale,
                citation=str(link.citation_id) if link.citation_id else None,
                locator=link.citation_locator,
                attestation=link.attestation,
                attested_in=[str(s.pk) for s in bundle.attested_in.get(link.pk, [])],
                note=link.note,
                key=link.key,
            )
        )
    for item in bundle.characterisations:
        sources[item.source.pk] = item.source
        for src in item.counter_sources.all():
            sources[src.pk] = src
        _add_scholar(graph, item.scholar)
        graph.characterisations.append(
            GraphCharacterisation(
                id=str(item.pk),
                scholar=str(item.scholar_id),
                source=str(item.source_id),
                text=item.text,
                status=item.status,
                status_note=item.status_note,
                thesis=str(item.thesis_id) if item.thesis_id else None,
                evidence=str(item.evidence_id) if item.evidence_id in bundle.nodes else None,
                counter_sources=[str(s.pk) for s in item.counter_sources.all()],
                note=item.note,
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
    """The plain graph with just what evaluation and the map checks read (no queries).

    Cheaper than `bundle_graph` (no sources, scholars or citations to convert), because it is
    built on every page view. Field values are read from each instance's `__dict__`: Django's
    field descriptors cost more than the rest of the conversion (bench/map_page.py's 5 ms aim
    for evaluating a 1,000-statement map includes this step).
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
            key,
            row["kind"],
            row["text"],
            row["title"],
            None,
            "",
            "",
            str(source) if source else None,
            [],
            row["locator"],
            row["quote"],
            row["date_text"],
            "",
            row["base_score"],
        )
    links = graph.links
    premises = bundle.co_premises
    for pk, link in bundle.links.items():
        row = link.__dict__
        target, target_link = row["target_node_id"], row["target_link_id"]
        source = row["source_node_id"]
        key = str(pk)
        links[key] = GraphLink(
            key,
            row["kind"],
            ids.get(source) or str(source),
            (ids.get(target) or str(target)) if target is not None else None,
            str(target_link) if target_link is not None else None,
            [str(p) for p in premises[pk]] if pk in premises else [],
        )
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
    for (
        pk,
        map_id,
        kind,
        title,
        text,
        source_id,
        quote,
        locator,
        date,
        origin,
    ) in Node.objects.filter(map__in=ids).values_list(*fields):
        item = found[map_id]
        item.graph.add_node(
            GraphNode(
                id=str(pk),
                kind=kind,
                title=title,
                text=text,
                quote=quote,
                locator=locator,
                source=str(source_id) if source_id else None,
                date=date,
            )
        )
        item.origins[str(pk)] = origin
    premises: dict[int, list[str]] = defaultdict(list)
    for link_id, node_id in Link.co_premises.through.objects.filter(link__map__in=ids).values_list(
        "link_id", "node_id"
    ):
        premises[link_id].append(str(node_id))
    for pk, map_id, kind, source, target, target_link in Link.objects.filter(
        map__in=ids
    ).values_list("pk", "map_id", "kind", "source_node_id", "target_node_id", "target_link_id"):
        graph = found[map_id].graph
        if str(source) not in graph.nodes or (target and str(target) not in graph.nodes):
            continue  # an end was deleted
        graph.add_link(
            GraphLink(
                id=str(pk),
                kind=kind,
                source=str(source),
                target=str(target) if target else None,
                target_link=str(target_link) if target_link else None,
                co_premises=[p for p in premises.get(pk, []) if p in graph.nodes],
            )
        )
    return found


# --- the outline --------------------------------------------------------------------------------


@dataclass
class OutlineItem:
    """One use of a node under another: the link, the node, and what hangs below it."""

    link: Link
    node: Node
    children: list[OutlineItem]
    undercuts: list[OutlineItem]  # links attacking `link`, each shown with its source node
    co_premises: list[Node]
    first: bool  # the first place this node is expanded; later places point back to it


@dataclass
class ThesisSection:
    thesis: Node
    items: list[OutlineItem]
    characterisations: list[Characterisation]
    items_html: str = ""  # set by the view (argmap.maps.outline_html), which knows the URLs


@dataclass
class Outline:
    sections: list[ThesisSection]
    unattached: list[Node]  # nodes no thesis reaches
    unattached_html: str = ""  # set by the view, as `items_html`


_STANCE_ORDER: dict[str, int] = {LinkKind.SUPPORTS: 0, LinkKind.OPPOSES: 1, LinkKind.UNDERCUTS: 2}


def _date_key(node: Node) -> tuple[int, str]:
    return (0, node.date_start.isoformat()) if node.date_start else (1, node.label.lower())


def map_outline(bundle: MapBundle) -> Outline:
    """Each thesis with what supports and opposes it, recursively (no queries).

    A node reached twice is expanded only the first time; later uses show the node and point
    back to it. That keeps the outline linear in the size of the map even where many theses
    share evidence, and makes it finite on cyclic maps.
    """
    expanded: set[int] = set()
    reached: set[int] = set()

    def items_for(node_id: int) -> list[OutlineItem]:
        links = sorted(
            bundle.incoming.get(node_id, []),
            key=lambda ln: (_STANCE_ORDER[ln.kind], _date_key(bundle.nodes[ln.source_node_id])),
        )
        return [item_for(link) for link in links]

    def item_for(link: Link) -> OutlineItem:
        node = bundle.nodes[link.source_node_id]
        reached.add(node.pk)
        premises = [bundle.nodes[p] for p in bundle.co_premises.get(link.pk, [])]
        reached.update(p.pk for p in premises)
        # Theses have their own sections: under another thesis they are named, not expanded.
        first = node.pk not in expanded and node.kind != NodeKind.THESIS
        children: list[OutlineItem] = []
        if first:
            expanded.add(node.pk)
            children = items_for(node.pk)
        undercuts = [item_for(u) for u in bundle.undercutters.get(link.pk, [])]
        return OutlineItem(link, node, children, undercuts, premises, first)

    by_thesis: dict[int, list[Characterisation]] = defaultdict(list)
    for item in bundle.characterisations:
        if item.thesis_id is not None:
            by_thesis[item.thesis_id].append(item)
    sections = []
    for thesis in bundle.theses():
        reached.add(thesis.pk)
        expanded.add(thesis.pk)
        sections.append(ThesisSection(thesis, items_for(thesis.pk), by_thesis.get(thesis.pk, [])))
    unattached = sorted((n for n in bundle.nodes.values() if n.pk not in reached), key=_date_key)
    return Outline(sections, unattached)


# --- the graph picture --------------------------------------------------------------------------


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def map_scholars(bundle: MapBundle) -> list[Scholar]:
    """Everyone who holds a statement or makes a link in this map, by name (no queries)."""
    found: dict[int, Scholar] = {}
    for scholar in [n.scholar for n in bundle.nodes.values()] + [
        ln.scholar for ln in bundle.links.values()
    ]:
        if scholar is not None:
            found[scholar.pk] = scholar
    return sorted(found.values(), key=lambda s: s.name)


def map_elements(bundle: MapBundle) -> dict[str, list[dict[str, object]]]:
    """Cytoscape elements for the graph picture (no queries).

    Cytoscape edges join nodes, but an undercut attacks a link and co-premises join a link
    together. Such a link is drawn through a small junction node: source → junction → target,
    co-premises → junction, undercutter → junction. Junctions carry kind "junction" so that
    they are styled apart and never counted as statements. Labels are data, set as text by
    Cytoscape (never HTML), and the whole dict reaches the page through `json_script`.
    """
    nodes: list[dict[str, object]] = []
    edges: list[dict[str, object]] = []
    for node in bundle.nodes.values():
        nodes.append(
            {
                "data": {
                    "id": f"n{node.pk}",
                    "pk": node.pk,
                    "kind": node.kind,
                    "label": _short(node.label),
                    "scholar": node.scholar.name if node.scholar else "",
                    "sid": node.scholar_id,
                    # Set by argmap.maps.assessment when the page evaluates the map.
                    "status": str(getattr(node, "status", "")),
                    "date": describe(node.date_text) if node.date_text else "",
                }
            }
        )
    needs_junction = {ln for ln, premises in bundle.co_premises.items() if premises}
    needs_junction.update(bundle.undercutters)

    def end_of(link: Link) -> str:
        if link.target_node_id is not None:
            return f"n{link.target_node_id}"
        return f"j{link.target_link_id}"

    for link in bundle.links.values():
        if link.kind == LinkKind.UNDERCUTS and link.target_link_id not in bundle.links:
            continue  # an undercut of a hidden link has nothing to attach to in the picture
        base = {
            "kind": link.kind,
            "pk": link.pk,
            "scholar": link.scholar.name if link.scholar else "",
            "sid": link.scholar_id,
        }
        if link.pk in needs_junction:
            nodes.append({"data": {"id": f"j{link.pk}", "kind": "junction", "pk": link.pk}})
            edges.append(
                {
                    "data": {
                        **base,
                        "id": f"l{link.pk}a",
                        "source": f"n{link.source_node_id}",
                        "target": f"j{link.pk}",
                        "part": "head",
                    }
                }
            )
            edges.append(
                {
                    "data": {
                        **base,
                        "id": f"l{link.pk}",
                        "source": f"j{link.pk}",
                        "target": end_of(link),
                    }
                }
            )
            for premise in bundle.co_premises.get(link.pk, []):
                edges.append(
                    {
                        "data": {
                            **base,
                            "id": f"l{link.pk}p{premise}",
                            "source": f"n{premise}",
                            "target": f"j{link.pk}",
                            "part": "co-premise",
                        }
                    }
                )
        else:
            edges.append(
                {
                    "data": {
                        **base,
                        "id": f"l{link.pk}",
                        "source": f"n{link.source_node_id}",
                        "target": end_of(link),
                    }
                }
            )
    return {"nodes": nodes, "edges": edges}
