"""The one plain graph type that evaluation and interchange speak.

Plain dataclasses, no Django import: `argmap.maps.selectors.map_graph()` converts a stored map to a
`Graph` in a constant number of queries, and the interchange formats read and write it. Ids are
strings so that a graph built from the database (ids are primary keys as text) and a graph parsed
from a file (ids are whatever the file uses) are the same type.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

NODE_KINDS = ("thesis", "claim", "evidence")
LINK_KINDS = ("supports", "opposes", "undercuts")


@dataclass(slots=True)
class GraphSource:
    id: str
    title: str
    authors: str = ""
    container: str = ""
    year: int | None = None
    kind: str = "secondary"  # primary | secondary
    url: str = ""
    doi: str = ""
    archive_locator: str = ""
    notes: str = ""
    key: str = ""  # a stable external id such as "src_frank_ws_2005", when there is one


@dataclass(slots=True)
class GraphScholar:
    id: str
    name: str
    role: str = ""
    works: list[str] = field(default_factory=list)  # source ids
    key: str = ""


@dataclass(slots=True)
class GraphNode:
    id: str
    kind: str  # one of NODE_KINDS
    text: str
    title: str = ""
    scholar: str | None = None  # scholar id: who holds this thesis or claim
    school: str = ""
    evidence_kind: str = ""  # document | event | statistic (evidence only)
    source: str | None = None  # source id of the main citation
    extra_sources: list[str] = field(default_factory=list)
    locator: str = ""
    quote: str = ""
    date: str = ""  # ISO 8601 point ("1945-08-06", "1945-08") or interval ("1945-08-09/1945-08-10")
    uncertainty: str = ""
    base_score: float | None = None  # None means the default (0.5)
    key: str = ""


@dataclass(slots=True)
class GraphLink:
    id: str
    kind: str  # one of LINK_KINDS
    source: str  # node id
    target: str | None = None  # node id, for supports / opposes
    target_link: str | None = None  # link id, for undercuts
    co_premises: list[str] = field(default_factory=list)  # node ids that support only together
    scholar: str | None = None  # who makes this use of the source node
    rationale: str = ""
    citation: str | None = None  # source id
    locator: str = ""
    attestation: str = ""
    attested_in: list[str] = field(default_factory=list)  # source ids
    note: str = ""
    key: str = ""


@dataclass(slots=True)
class GraphCharacterisation:
    """Source `source` characterises scholar `scholar`'s view as `text`."""

    id: str
    scholar: str
    source: str
    text: str
    status: str = "accepted"  # accepted | disputed
    status_note: str = ""
    thesis: str | None = None  # node id
    evidence: str | None = None  # node id, when the characterisation concerns one item
    counter_sources: list[str] = field(default_factory=list)
    note: str = ""


@dataclass(slots=True)
class Graph:
    title: str = ""
    question: str = ""
    description: str = ""
    nodes: dict[str, GraphNode] = field(default_factory=dict)
    links: dict[str, GraphLink] = field(default_factory=dict)
    sources: dict[str, GraphSource] = field(default_factory=dict)
    scholars: dict[str, GraphScholar] = field(default_factory=dict)
    characterisations: list[GraphCharacterisation] = field(default_factory=list)

    def add_node(self, node: GraphNode) -> GraphNode:
        self.nodes[node.id] = node
        return node

    def add_link(self, link: GraphLink) -> GraphLink:
        self.links[link.id] = link
        return link

    def theses(self) -> Iterator[GraphNode]:
        return (n for n in self.nodes.values() if n.kind == "thesis")

    def problems(self) -> list[str]:
        """Structural errors (dangling ids, wrong kinds); an empty list means well formed."""
        found: list[str] = []
        for link in self.links.values():
            where = f"link {link.id}"
            if link.kind not in LINK_KINDS:
                found.append(f"{where}: unknown kind {link.kind!r}")
            if link.source not in self.nodes:
                found.append(f"{where}: source node {link.source!r} does not exist")
            if link.kind == "undercuts":
                if link.target is not None or link.target_link is None:
                    found.append(f"{where}: an undercut must target exactly one link")
                elif link.target_link not in self.links:
                    found.append(f"{where}: target link {link.target_link!r} does not exist")
                elif link.target_link == link.id:
                    found.append(f"{where}: a link cannot undercut itself")
            else:
                if link.target_link is not None or link.target is None:
                    found.append(f"{where}: a {link.kind} link must target exactly one node")
                elif link.target not in self.nodes:
                    found.append(f"{where}: target node {link.target!r} does not exist")
                elif link.target == link.source:
                    found.append(f"{where}: a node cannot {link.kind[:-1]} itself")
            for premise in link.co_premises:
                if premise not in self.nodes:
                    found.append(f"{where}: co-premise {premise!r} does not exist")
        for node in self.nodes.values():
            if node.kind not in NODE_KINDS:
                found.append(f"node {node.id}: unknown kind {node.kind!r}")
        return found
