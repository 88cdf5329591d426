"""A map's structure without its texts: which statements there are and how they link.

Three queries of plain values load it, about a tenth of the cost of loading the whole map as
model rows (`map_bundle`). It is what evaluation reads, and what a page needs to work out which
part of the map an edit touched: the thesis sections a statement appears in
(`theses_reaching`), the members of one section (`section_members`), the statements no
thesis reaches (`unattached`), and what a statement's panel shows (`neighbourhood`). The map
page loads texts only for the parts it shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from argmap.graph import Graph, GraphLink, GraphNode
from argmap.maps.columns import load_columns
from argmap.maps.models import LinkKind, NodeKind
from argmap.maps.packed import Columns


@dataclass(slots=True)
class Row:
    kind: str
    base_score: float | None
    scholar_id: int | None


@dataclass(slots=True)
class Edge:
    kind: str
    source: int
    target: int | None  # a node, for supports and opposes
    target_link: int | None  # a link, for undercuts
    scholar_id: int | None
    co_premises: list[int] = field(default_factory=list)


@dataclass
class Structure:
    nodes: dict[int, Row]
    links: dict[int, Edge]
    incoming: dict[int, list[int]]  # node id -> ids of the links into it
    outgoing: dict[int, list[int]]  # node id -> ids of the links out of it
    undercutters: dict[int, list[int]]  # link id -> ids of the undercuts of it
    premise_of: dict[int, list[int]]  # node id -> ids of the links it is a co-premise of
    # The same statements and links as columns: what evaluation compiles (argmap.maps.results).
    columns: Columns = field(default_factory=Columns)

    def theses(self) -> list[int]:
        return [pk for pk, row in self.nodes.items() if row.kind == NodeKind.THESIS]

    def graph(
        self, nodes: Container[int] | None = None, links: Container[int] | None = None
    ) -> Graph:
        """The plain graph evaluation reads (ids as text; no texts); or only some of its
        statements and links, in the same order as in the whole."""
        graph = Graph()
        for pk, row in self.nodes.items():
            if nodes is not None and pk not in nodes:
                continue
            key = str(pk)
            graph.nodes[key] = GraphNode(id=key, kind=row.kind, text="", base_score=row.base_score)
        for pk, edge in self.links.items():
            if links is not None and pk not in links:
                continue
            key = str(pk)
            graph.links[key] = GraphLink(
                id=key,
                kind=edge.kind,
                source=str(edge.source),
                target=str(edge.target) if edge.target is not None else None,
                target_link=str(edge.target_link) if edge.target_link is not None else None,
                co_premises=[str(p) for p in edge.co_premises],
            )
        return graph


def load_structure(map_id: int) -> Structure:
    """The live statements and links of one map, as plain values (at most three queries)."""
    return load_structures([map_id])[map_id]


def load_structures(map_ids: Iterable[int]) -> dict[int, Structure]:
    """`load_structure` for several maps (the scholar page reads every map a scholar is in):
    at most three queries in all, whatever their number or size."""
    return {pk: _structure(columns) for pk, columns in load_columns(map_ids).items()}


def _structure(columns: Columns) -> Structure:
    scores, scholars = columns.base_scores, columns.scholars
    nodes = {
        pk: Row(kind, scores.get(pk), scholars.get(pk))
        for pk, kind in zip(columns.nodes, columns.kinds, strict=True)
    }
    lk = columns.links
    premises, scholars = lk.co_premises, columns.link_scholars
    links = {
        pk: Edge(kind, source, target, target_link, scholars.get(pk), list(premises.get(pk, ())))
        for pk, kind, source, target, target_link in zip(
            lk.ids, lk.kinds, lk.sources, lk.targets, lk.target_links, strict=True
        )
    }
    incoming: dict[int, list[int]] = defaultdict(list)
    outgoing: dict[int, list[int]] = defaultdict(list)
    undercutters: dict[int, list[int]] = defaultdict(list)
    premise_of: dict[int, list[int]] = defaultdict(list)
    for pk, edge in links.items():
        outgoing[edge.source].append(pk)
        if edge.target is not None:
            incoming[edge.target].append(pk)
        elif edge.target_link is not None:
            undercutters[edge.target_link].append(pk)
        for premise in edge.co_premises:
            premise_of[premise].append(pk)
    return Structure(nodes, links, incoming, outgoing, undercutters, premise_of, columns)


def link_ends(structure: Structure, link_id: int) -> set[int]:
    """The statements to load for a link to be loaded with them (`part_bundle` keeps only the
    links among what it loads): its source, co-premises and target, and for an undercut those
    of the link it answers, and so on."""
    found: set[int] = set()
    seen: set[int] = set()
    edge = structure.links.get(link_id)
    while edge is not None and link_id not in seen:
        seen.add(link_id)
        found.add(edge.source)
        found.update(edge.co_premises)
        if edge.target is not None:
            found.add(edge.target)
            break
        link_id = edge.target_link or 0
        edge = structure.links.get(link_id)
    return found


def section_members(structure: Structure, thesis: int) -> set[int]:
    """The statements one thesis's section of the outline shows: the thesis, and everything
    whose supports, objections, undercuts and co-premises lead to it, without going past
    another thesis (which has a section of its own)."""
    members = {thesis}
    frontier = [thesis]
    while frontier:
        node = frontier.pop()
        for link_id in _links_into(structure, node):
            edge = structure.links[link_id]
            for pk in (edge.source, *edge.co_premises):
                if pk in members:
                    continue
                members.add(pk)
                # Co-premises are named, not expanded; other theses likewise.
                if pk == edge.source and structure.nodes[pk].kind != NodeKind.THESIS:
                    frontier.append(pk)
    return members


def _links_into(structure: Structure, node: int) -> list[int]:
    """The links the outline shows under `node`: those into it, and the undercuts of those."""
    found: list[int] = []
    stack = list(structure.incoming.get(node, []))
    while stack:
        link_id = stack.pop()
        found.append(link_id)
        stack.extend(structure.undercutters.get(link_id, []))
    return found


def theses_reaching(structure: Structure, node_ids: Iterable[int]) -> set[int]:
    """The theses whose sections show any of `node_ids`: the theses among them, and those their
    links lead to (through claims, undercuts and co-premises, but not through other theses)."""
    found: set[int] = set()
    seen: set[int] = set()
    frontier = [pk for pk in node_ids if pk in structure.nodes]
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        if structure.nodes[node].kind == NodeKind.THESIS:
            found.add(node)
        for link_id in [*structure.outgoing.get(node, []), *structure.premise_of.get(node, [])]:
            target = _end_node(structure, link_id)
            if target is None:
                continue
            if structure.nodes[target].kind == NodeKind.THESIS:
                found.add(target)
            else:
                frontier.append(target)
    return found


def _end_node(structure: Structure, link_id: int) -> int | None:
    """The statement a link finally bears on: its target, or for an undercut the target of the
    link it undercuts (and so on)."""
    seen: set[int] = set()
    edge = structure.links.get(link_id)
    while edge is not None and edge.target is None and link_id not in seen:
        seen.add(link_id)
        link_id = edge.target_link or 0
        edge = structure.links.get(link_id)
    return edge.target if edge is not None else None


def unattached(structure: Structure) -> set[int]:
    """The statements no thesis's section shows: what `section_members` reaches from every
    thesis, walked once for them all (sections overlap: walking each would cost their sum)."""
    shown = set(structure.theses())
    expanded: set[int] = set()
    frontier = list(shown)
    while frontier:
        for link_id in _links_into(structure, frontier.pop()):
            edge = structure.links[link_id]
            shown.update(edge.co_premises)
            shown.add(edge.source)
            # A statement named as a co-premise in one section may be expanded in another.
            if edge.source not in expanded and structure.nodes[edge.source].kind != NodeKind.THESIS:
                expanded.add(edge.source)
                frontier.append(edge.source)
    return set(structure.nodes) - shown


def counts_into(structure: Structure, node: int) -> tuple[int, int]:
    """How many links support and oppose a statement directly."""
    kinds = [structure.links[pk].kind for pk in structure.incoming.get(node, [])]
    return kinds.count(LinkKind.SUPPORTS), kinds.count(LinkKind.OPPOSES)


def neighbourhood(structure: Structure, node: int) -> set[int]:
    """What a statement's panel shows: the statement, what its links join, the undercuts of
    them, and for each objection to it what answers that objection."""
    found = {node}
    links = [*structure.incoming.get(node, []), *structure.outgoing.get(node, [])]
    for link_id in list(links):
        links.extend(structure.undercutters.get(link_id, []))
    for link_id in links:
        found |= link_ends(structure, link_id)
    # Who answers each objection: objections to the objecting statement.
    for link_id in structure.incoming.get(node, []):
        for answer in structure.incoming.get(structure.links[link_id].source, []):
            found.add(structure.links[answer].source)
    return found
