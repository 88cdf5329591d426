"""Reads for comparing theses: the debate view and the evidence matrix (one cell of it is in
`argmap.debates.cells`).

Every page starts from one `map_bundle` (a constant number of queries, whatever the map's size)
and its plain graph; stances come from `argmap.evaluation.stance`, so no per-node query is ever
made. The counterfactual (setting evidence aside and seeing each column's status and strength
change) plugs in at `Stances.graph`: the evaluation core evaluates that same plain graph, with the
evidence removed, and its result joins the `Column`s built here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from argmap.evaluation.stance import NetStance, StanceIndex, Towards
from argmap.evaluation.wording import (
    describe_contests,
    describe_path,
    describe_readings,
    graph_answer_verb,
    node_name,
)
from argmap.graph import Graph
from argmap.lib.dates import Chronology
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Characterisation, Link, LinkKind, Map, Node, NodeKind
from argmap.maps.selectors import MapBundle

if TYPE_CHECKING:
    from argmap.maps.assessment import ThesisChangeView


def chronological(node: Node) -> Chronology:
    """In the order things happened (`Node.chronology`)."""
    return node.chronology


def thesis_names(map_: Map, theses: list[Node]) -> dict[int, str]:
    """What the pages call each of a map's theses (`theses`, with their scholars loaded): its
    scholar ("Frank"), or its title; told apart when two theses would share a name, so every
    page of the map must name them from the same list (all its theses)."""
    named = bundle_graph(MapBundle(map_, {t.pk: t for t in theses}, {}, {}, {}, {}, []))
    names = {t.pk: node_name(named, str(t.pk), limit=40) for t in theses}
    counts = Counter(names.values())
    return {
        t.pk: names[t.pk] if counts[names[t.pk]] == 1 else f"{names[t.pk]} ({t.label[:30]})"
        for t in theses
    }


@dataclass
class Cell:
    """One thesis's stance on one evidence item, with what a reader needs to judge it."""

    evidence: Node
    thesis: Node
    thesis_name: str  # "Frank"
    stance: NetStance
    link: Link | None  # carries the rationale and citation: the evidence's use, or the undercut
    words: list[str]  # the paths or the contested readings, in words
    rationale: str  # the use's rationale; for a contest without one, the undercutting claim

    @property
    def label(self) -> str:
        return self.stance.label

    @property
    def mark(self) -> str:
        return self.stance.mark

    @property
    def indirect(self) -> bool:
        return self.stance.indirect

    @property
    def uses(self) -> bool:
        return self.stance.uses

    @property
    def attestation(self) -> str:
        return self.link.attestation if self.link is not None else ""


class Stances:
    """A loaded map, its plain graph and its stance index: what every page below starts from."""

    def __init__(
        self,
        bundle: MapBundle,
        *,
        index: StanceIndex | None = None,
        towards: dict[int, Towards] | None = None,
        theses: list[Node] | None = None,
    ) -> None:
        self.bundle = bundle
        self.graph: Graph = bundle_graph(bundle)
        # A page showing a part of the map searches the whole map's structure (`index`, ids and
        # kinds only) and words what it shows from `bundle`, that part loaded with its texts;
        # `theses` are then the map's theses, whose names are told apart across the map.
        self.index = index or StanceIndex(self.graph)
        self._towards: dict[int, Towards] = dict(towards or {})
        self.names = thesis_names(bundle.map, bundle.theses() if theses is None else theses)

    def towards(self, thesis: Node) -> Towards:
        if thesis.pk not in self._towards:
            self._towards[thesis.pk] = self.index.towards(str(thesis.pk))
        return self._towards[thesis.pk]

    def reached_by(self, thesis: Node) -> set[int]:
        return {int(node_id) for node_id in self.towards(thesis).reached()}

    def reaching(self, theses: Iterable[Node]) -> dict[int, list[Node]]:
        """For each statement, the theses among `theses` it bears on, in their order. One pass
        over what each thesis reaches, rather than a test of every thesis for every statement,
        whose cost would grow with the square of the map (a thesis per twenty statements)."""
        found: dict[int, list[Node]] = defaultdict(list)
        for thesis in theses:
            for pk in self.reached_by(thesis):
                found[pk].append(thesis)
        return found

    def cell(self, evidence: Node, thesis: Node) -> Cell:
        stance = self.towards(thesis).stance(str(evidence.pk))
        link: Link | None = None
        words: list[str] = []
        rationale = ""
        paths = stance.shown_paths
        if paths and paths[0].steps:
            link = self.bundle.links[int(paths[0].steps[0].link)]
            words = [describe_path(self.graph, p) for p in paths]
            rationale = link.rationale
        elif stance.contests:
            link = self.bundle.links[int(stance.contests[0].link)]
            words = describe_contests(self.graph, stance.contests)
            rationale = link.rationale or self.bundle.nodes[link.source_node_id].text
        name = self.names.get(thesis.pk, "")
        return Cell(evidence, thesis, name, stance, link, words, rationale)

    def evidence(self) -> list[Node]:
        return sorted(
            (n for n in self.bundle.nodes.values() if n.kind == NodeKind.EVIDENCE),
            key=chronological,
        )


# --- the debate view ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A reading that answers a use, and how it stands to it ("replies to", or "is
    inconsistent with" when its work is older than the one it answers)."""

    node: Node
    verb: str


@dataclass
class ColumnItem:
    """A use of `node` for the node above it, with what hangs below it in this column."""

    link: Link
    node: Node
    children: list[ColumnItem]
    answered_by: list[Answer]  # the readings that answer this use (undercut `link`)
    answers: list[str]  # what `node` answers, in words: "replies to Frank’s use of …"
    co_premises: list[Node]
    expanded: bool  # False where the node was expanded earlier in the column, or is a thesis


@dataclass
class RestsOn:
    """What a thesis rests on, before any standing: the evidence its argument uses and how well
    each use is attested, the readings it gives that answer others, and the objections recorded
    against it."""

    evidence: list[Node]
    attestations: list[tuple[str, int]]  # (attestation, how many uses), most first
    readings: list[ColumnItem]  # its readings that answer another's use of the evidence
    objections: list[ColumnItem]


@dataclass
class Column:
    thesis: Node
    name: str
    supports: list[ColumnItem]
    opposes: list[ColumnItem]
    characterisations: list[Characterisation]
    rests_on: RestsOn
    # How setting evidence aside changes this thesis (set by the debate page), if it does.
    change: ThesisChangeView | None = None


@dataclass
class SharedRow:
    evidence: Node
    cells: list[Cell]  # one per chosen thesis, in column order
    contested: bool  # one chosen thesis reads it as support, another as an objection


@dataclass
class Debate:
    columns: list[Column]
    shared: list[SharedRow]  # used by the arguments of two or more chosen theses
    # used by one chosen thesis's argument and bearing on another only through other theses
    linked: list[SharedRow] = field(default_factory=list)


def _column(stances: Stances, thesis: Node) -> Column:
    bundle, graph = stances.bundle, stances.graph
    expanded = {thesis.pk}

    def items_for(node_id: int) -> list[ColumnItem]:
        links = sorted(
            bundle.incoming.get(node_id, []),
            key=lambda ln: (
                ln.kind != LinkKind.SUPPORTS,
                chronological(bundle.nodes[ln.source_node_id]),
            ),
        )
        return [item_for(link) for link in links]

    def item_for(link: Link) -> ColumnItem:
        node = bundle.nodes[link.source_node_id]
        # Another thesis is named, not expanded: it has a column or a page of its own.
        expand = node.pk not in expanded and node.kind != NodeKind.THESIS
        expanded.add(node.pk)
        answers: dict[str, list[str]] = {}
        for u in bundle.outgoing.get(node.pk, []):
            if u.kind == LinkKind.UNDERCUTS and u.target_link_id in bundle.links:
                answers.setdefault(graph_answer_verb(graph, str(u.pk)), []).append(
                    str(u.target_link_id)
                )
        words = [
            f"{verb} {reading}"
            for verb, targets in answers.items()
            for reading in describe_readings(graph, targets)
        ]
        return ColumnItem(
            link=link,
            node=node,
            children=items_for(node.pk) if expand else [],
            answered_by=[
                Answer(bundle.nodes[u.source_node_id], graph_answer_verb(graph, str(u.pk)))
                for u in bundle.undercutters.get(link.pk, [])
            ],
            answers=words if expand else [],
            co_premises=[bundle.nodes[p] for p in bundle.co_premises.get(link.pk, [])],
            expanded=expand,
        )

    items = items_for(thesis.pk)
    supports = [i for i in items if i.link.kind == LinkKind.SUPPORTS]
    opposes = [i for i in items if i.link.kind == LinkKind.OPPOSES]
    return Column(
        thesis=thesis,
        name=stances.names[thesis.pk],
        supports=supports,
        opposes=opposes,
        characterisations=[c for c in bundle.characterisations if c.thesis_id == thesis.pk],
        rests_on=_rests_on(supports, opposes),
    )


def _rests_on(supports: list[ColumnItem], opposes: list[ColumnItem]) -> RestsOn:
    evidence: dict[int, Node] = {}
    attested: Counter[str] = Counter()
    readings: list[ColumnItem] = []
    stack = list(supports)
    while stack:
        item = stack.pop()
        if item.node.kind == NodeKind.EVIDENCE:
            evidence.setdefault(item.node.pk, item.node)
            attested[item.link.attestation or "not given"] += 1
        if item.answers:
            readings.append(item)
        stack.extend(item.children)
    return RestsOn(
        sorted(evidence.values(), key=chronological),
        attested.most_common(),
        readings,
        opposes,
    )


def _contested(cells: Iterable[Cell]) -> bool:
    pro = {c.thesis.pk for c in cells if c.label in ("supports", "mixed")}
    con = {c.thesis.pk for c in cells if c.label in ("opposes", "mixed", "contests")}
    return any(a != b for a in pro for b in con)


def debate(stances: Stances, theses: list[Node]) -> Debate:
    """Columns for the chosen theses, and the evidence they share: used by two or more of their
    arguments (`shared`), or used by one and bearing on another only through other theses
    (`linked`, e.g. evidence for Hasegawa's thesis, which opposes Frank's)."""
    reached: set[int] = set()
    for thesis in theses:
        reached |= stances.reached_by(thesis)
    shared, linked = [], []
    for evidence in stances.evidence():
        if evidence.pk not in reached:
            continue
        cells = [stances.cell(evidence, thesis) for thesis in theses]
        users = sum(1 for c in cells if c.uses)
        bearing = sum(1 for c in cells if c.label != "none")
        if users >= 2:
            shared.append(SharedRow(evidence, cells, _contested(cells)))
        elif users == 1 and bearing >= 2:
            linked.append(SharedRow(evidence, cells, _contested(cells)))
    return Debate([_column(stances, t) for t in theses], shared, linked)


# --- the evidence matrix ------------------------------------------------------------------------

MATRIX_SORTS = {"date": "date", "title": "title", "uses": "number of theses using it"}


@dataclass
class MatrixRow:
    evidence: Node
    cells: list[Cell | None]  # None: no stance (or only an indirect one, when those are hidden)
    users: int  # theses whose own argument uses it or contests a reading of it


@dataclass
class ThesisHead:
    node: Node
    name: str


@dataclass
class Matrix:
    theses: list[ThesisHead]
    rows: list[MatrixRow]


def evidence_matrix(
    stances: Stances, *, sort: str = "date", kind: str = "", indirect: bool = False
) -> Matrix:
    """Evidence × theses (analysis of competing hypotheses). `sort` is a key of MATRIX_SORTS;
    `kind` an evidence kind or "" for all; `indirect` shows stances that come only through
    other theses too."""
    theses = stances.bundle.theses()
    reached = {t.pk: stances.reached_by(t) for t in theses}
    rows = []
    for evidence in stances.evidence():
        if kind and evidence.evidence_kind != kind:
            continue
        cells: list[Cell | None] = []
        for thesis in theses:
            cell = stances.cell(evidence, thesis) if evidence.pk in reached[thesis.pk] else None
            if cell is not None and (cell.label == "none" or (cell.indirect and not indirect)):
                cell = None
            cells.append(cell)
        rows.append(MatrixRow(evidence, cells, sum(1 for c in cells if c is not None and c.uses)))
    if sort == "title":
        rows.sort(key=lambda r: (r.evidence.label.lower(), r.evidence.pk))
    elif sort == "uses":
        rows.sort(key=lambda r: -r.users)  # stable: chronological within a count
    return Matrix([ThesisHead(t, stances.names[t.pk]) for t in theses], rows)
