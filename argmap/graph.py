"""The one plain graph type that evaluation and interchange speak.

Plain dataclasses, no Django import: `argmap.maps.graphs` converts a stored map to a `Graph` (and
back), and the interchange formats read and write it; `argmap.interchange.checks.check_graph` is
the one validation of a graph, used by every importer and by the map writer. Ids are
strings so that a graph built from the database (ids are primary keys as text) and a graph parsed
from a file (ids are whatever the file uses) are the same type.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

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
    place_time: str = ""  # whose clock the date is on, e.g. "Tokyo (UTC+9)"
    order_hint: int | None = None  # its place among the events of its day, when the hour is unknown
    uncertainty: str = ""
    base_score: float | None = None  # None means the default (0.5)
    key: str = ""
    # An argument given only by its gist (Argdown's `<Title>: text` without premises and a
    # conclusion): argmap weighs it as a claim and writes it back as an argument.
    is_argument: bool = False


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
    scheme: str = ""  # the argumentation scheme or inference rule ("Argument from expert opinion")
    # The reconstructed argument (premises, inferences, conclusion) this link is a step of: its
    # title; the steps of one argument share it, and the last step's rationale describes it.
    argument: str = ""


@dataclass(slots=True)
class GraphCharacterisation:
    """Source `source` characterises scholar `scholar`'s view as `text`."""

    id: str
    scholar: str
    source: str
    text: str
    status: str = "accepted"  # accepted | critic | disputed
    status_note: str = ""
    thesis: str | None = None  # node id
    evidence: str | None = None  # node id, when the characterisation concerns one item
    counter_sources: list[str] = field(default_factory=list)
    note: str = ""
    # A disputed attribution: the words side by side ({"source": source id, "text": …,
    # "paraphrase": bool}), the plain explanation, how it probably arose, the evidence it bears on.
    quotes: list[dict[str, Any]] = field(default_factory=list)
    explanation: str = ""
    likely_cause: str = ""
    applies_to_evidence: list[str] = field(default_factory=list)


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
