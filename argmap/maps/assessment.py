"""Which statements of a stored map stand, how strongly, what-if, and the map checks.

The glue between a loaded map (`MapBundle`) and the pure `argmap.evaluation` core: no queries,
linear in the size of the map. What it finds for each statement travels in an `Assessment`,
keyed by the statement's id (`Assessment.results`); the loaded rows are left as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.evaluation import (
    CHECKS,
    Counterfactual,
    Evaluation,
    Finding,
    counterfactual,
    evaluate,
    inherited,
)
from argmap.evaluation import check_map as run_checks
from argmap.graph import Graph
from argmap.maps.graphs import evaluation_graph, light_graphs
from argmap.maps.models import Link, Node, NodeKind
from argmap.maps.selectors import MapBundle

SEMANTICS = {
    "df-quad": "DF-QuAD (the map has no cycle)",
    "quadratic-energy": "quadratic energy (the map has cycles)",
}


@dataclass(frozen=True, slots=True)
class NodeResult:
    """What the evaluation the page shows says of one statement."""

    status: str  # in | out | undecided | aside
    strength: float | None  # None when set aside
    aside: bool
    # For evidence, the query string that sets it aside or puts it back ("" otherwise).
    aside_query: str = ""
    # Preferred semantics: in at least one coherent position, in every one (None: set aside, or
    # too tangled to work out within the page's budget).
    defensible: bool | None = None
    everywhere: bool | None = None


@dataclass(frozen=True, slots=True)
class SetAside:
    node: Node
    put_back: str  # the query string without it


@dataclass
class ThesisChangeView:
    thesis: Node
    before: str
    after: str | None  # None: the thesis itself is set aside
    before_strength: float
    after_strength: float | None

    @property
    def delta(self) -> float | None:
        return None if self.after_strength is None else self.after_strength - self.before_strength


@dataclass
class FindingView:
    code: str
    title: str
    message: str
    nodes: list[Node]
    links: list[Link]


@dataclass
class Assessment:
    evaluation: Evaluation  # what the page shows: with the evidence set aside, if any
    graph: Graph
    results: dict[int, NodeResult]  # node id -> what the evaluation says of it
    aside: list[SetAside]
    changes: list[ThesisChangeView]
    findings: list[FindingView]
    counts: Counter[str] = field(default_factory=Counter)
    # A student's map: the findings its starter map already had, shown apart once (`findings`
    # then holds only what the student added or changed).
    from_starter: list[FindingView] = field(default_factory=list)

    def set_apart_the_starters(self, flags: list[bool]) -> None:
        """Move the findings `flags` marks (see `starter_findings`) to `from_starter`."""
        self.from_starter = [f for f, given in zip(self.findings, flags, strict=True) if given]
        self.findings = [f for f, given in zip(self.findings, flags, strict=True) if not given]

    def result(self, node_id: int) -> NodeResult | None:
        return self.results.get(node_id)

    def link_state(self, link_id: int) -> str | None:
        state = self.evaluation.link_state(str(link_id))
        return str(state) if state is not None else None

    @property
    def statuses(self) -> dict[int, str]:
        return {pk: r.status for pk, r in self.results.items()}

    @property
    def semantics(self) -> str:
        return SEMANTICS.get(self.evaluation.semantics, self.evaluation.semantics)

    def findings_by_check(self) -> list[tuple[str, list[FindingView]]]:
        grouped: dict[str, list[FindingView]] = {}
        for item in self.findings:
            grouped.setdefault(item.title, []).append(item)
        return list(grouped.items())


def parse_aside(raw: str | None, bundle: MapBundle) -> list[int]:
    """Evidence ids from `?aside=12,34`; anything else (unknown ids, non-evidence, junk) is
    ignored rather than refused: it is a view setting in a URL, not data."""
    found = []
    for part in (raw or "").split(","):
        if part.strip().isdigit():
            pk = int(part)
            node = bundle.nodes.get(pk)
            if node is not None and node.kind == NodeKind.EVIDENCE and pk not in found:
                found.append(pk)
    return found


def assess(bundle: MapBundle, *, aside: Iterable[int] = (), with_checks: bool = True) -> Assessment:
    graph = evaluation_graph(bundle)
    aside_ids = [pk for pk in aside if pk in bundle.nodes]
    before = evaluate(graph)
    what_if: Counterfactual | None = None
    shown = before
    if aside_ids:
        what_if = counterfactual(graph, {str(pk) for pk in aside_ids}, before=before)
        shown = what_if.after
    aside_set = set(aside_ids)
    labels, strengths = shown.labels, shown.strengths
    results: dict[int, NodeResult] = {}
    # Preferred semantics only where grounded leaves something in dispute: elsewhere a statement
    # is defensible and in every coherent position exactly when it holds.
    disputed = any(label == "undecided" for label in labels.values())
    # evaluation_graph keeps the bundle's order, so the graph's keys are the nodes' ids as text.
    for key, (pk, node) in zip(graph.nodes, bundle.nodes.items(), strict=True):
        query = ""
        if node.kind == NodeKind.EVIDENCE:
            # The link that toggles this evidence: ids are integers, so no encoding is needed.
            query = _aside_query(aside_set ^ {pk})
        label = labels.get(key, "aside")
        if label == "aside":
            defensible = everywhere = None
        elif disputed:
            defensible, everywhere = shown.defensible(key), shown.sceptical(key)
        else:
            defensible = everywhere = label == "in"
        results[pk] = NodeResult(
            label, strengths.get(key), pk in aside_set, query, defensible, everywhere
        )
    changes = []
    if what_if is not None:
        for change in what_if.theses:
            changes.append(
                ThesisChangeView(
                    bundle.nodes[int(change.thesis)],
                    change.before,
                    change.after,
                    change.before_strength,
                    change.after_strength,
                )
            )
    findings = []
    if with_checks:
        for item in run_checks(graph):
            findings.append(
                FindingView(
                    item.code,
                    CHECKS[item.code][0],
                    item.message,
                    [bundle.nodes[int(n)] for n in item.nodes if int(n) in bundle.nodes],
                    [bundle.links[int(ln)] for ln in item.links if int(ln) in bundle.links],
                )
            )
    counts = Counter(
        str(labels[key])
        for key, item in graph.nodes.items()
        if item.kind == NodeKind.THESIS and key in labels
    )
    set_aside = [SetAside(bundle.nodes[pk], _aside_query(aside_set - {pk})) for pk in aside_ids]
    return Assessment(shown, graph, results, set_aside, changes, findings, counts)


def _aside_query(ids: set[int]) -> str:
    return "?aside=" + ",".join(map(str, sorted(ids)))


def starter_findings(bundle: MapBundle, findings: list[FindingView], starter_id: int) -> list[bool]:
    """For each finding of the loaded map, whether its starter map (`starter_id`) already had it
    (three queries for the starter)."""
    light = light_graphs([starter_id])[starter_id]
    theirs = run_checks(light.graph)
    their_idents = {nid: str(origin or nid) for nid, origin in light.origins.items()}
    idents = {str(pk): str(n.origin_id) for pk, n in bundle.nodes.items() if n.origin_id}
    mine = [Finding(f.code, f.message, tuple(str(n.pk) for n in f.nodes)) for f in findings]
    return inherited(mine, idents, theirs, their_idents)


def check_counts(map_ids: Iterable[int]) -> dict[int, int]:
    """Number of map-check findings per map, for lists of maps: three queries for all of them."""
    return {pk: len(run_checks(light.graph)) for pk, light in light_graphs(map_ids).items()}
