"""Comparing maps: which statements are "the same", what changed between two submissions (the
diff), and how much of a reference map a submission covers (coverage). Pure Python on plain
`Graph`s, no Django: the classroom's selectors build the inputs in a constant number of queries.

**Matching statements**, in three steps, each one-to-one and each looking only at what the
earlier steps left unmatched:

1. *identity*: every copy of a statement remembers the statement it descends from (`Node.origin`,
   the root of the copy chain). Two statements with the same root are the same statement: the
   demo debate's "Hiroshima" node, its copy in the reference map, in a student's working map and
   in each of their snapshots. A statement the student wrote has no origin in the working map, so
   its copies in every snapshot share the working map's node as their root;
2. *source and date*: two statements of the same kind citing the same source with the same date
   (a reference map written by hand, evidence re-entered by a student);
3. *text*: two statements of the same kind whose texts (or short titles) are similar: difflib's
   `SequenceMatcher.ratio()` of the lower-cased, whitespace-normalised texts at least
   `TEXT_THRESHOLD` (0.8: a reworded sentence matches, two different documents of the same day
   do not). Pairs are taken best first. Above `MAX_TEXT_PAIRS` candidate pairs this step is
   skipped (it is quadratic; matching by identity covers forked maps).

**Links** are the same when their matched ends and their kind are: a link whose kind changed is
one removed and one added; a link with the same ends and kind but another rationale, citation,
attribution or co-premises is *changed*.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from argmap.evaluation.stance import StanceIndex, Towards, describe_link
from argmap.graph import Graph, GraphLink, GraphNode

TEXT_THRESHOLD = 0.8
MAX_TEXT_PAIRS = 40_000

IDENTITY, SOURCE_AND_DATE, TEXT = "identity", "source and date", "similar text"


@dataclass(frozen=True)
class Side:
    """A map to compare: its graph, and for each node the root of its copy chain."""

    graph: Graph
    roots: Mapping[str, str]  # node id -> origin id, or its own id when it is no copy

    @classmethod
    def of(cls, graph: Graph, origins: Mapping[str, int | str | None]) -> Side:
        return cls(graph, {nid: str(origins.get(nid) or nid) for nid in graph.nodes})


@dataclass
class Matching:
    pairs: dict[str, str] = field(default_factory=dict)  # node id in a -> node id in b
    how: dict[str, str] = field(default_factory=dict)  # node id in a -> IDENTITY | …

    def counts(self) -> Counter[str]:
        return Counter(self.how.values())


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _pair_in_order(
    matching: Matching, keyed_a: dict[object, list[str]], keyed_b: dict[object, list[str]], how: str
) -> None:
    """Statements sharing a key are paired in the order of their ids; the extra ones of the
    longer side stay unmatched for the next step."""
    for key, ids_a in keyed_a.items():
        ids_b = sorted(keyed_b.get(key, []), key=_int)
        for a_id, b_id in zip(sorted(ids_a, key=_int), ids_b, strict=False):
            matching.pairs[a_id], matching.how[a_id] = b_id, how


def _int(node_id: str) -> tuple[int, str]:
    return (int(node_id), "") if node_id.isdigit() else (0, node_id)


def _similarity(a: GraphNode, b: GraphNode) -> float:
    best = 0.0
    for x, y in ((a.text, b.text), (a.title, b.title)):
        if not x or not y:
            continue
        matcher = SequenceMatcher(None, _norm(x), _norm(y), autojunk=False)
        # The cheap upper bounds first: most pairs are far apart.
        if matcher.real_quick_ratio() >= TEXT_THRESHOLD and matcher.quick_ratio() >= TEXT_THRESHOLD:
            best = max(best, matcher.ratio())
    return best


def match_nodes(a: Side, b: Side) -> Matching:
    """Pair the statements of `a` with those of `b` (see the module's docstring)."""
    matching = Matching()

    def left() -> tuple[list[GraphNode], list[GraphNode]]:
        taken = set(matching.pairs.values())
        return (
            [n for n in a.graph.nodes.values() if n.id not in matching.pairs],
            [n for n in b.graph.nodes.values() if n.id not in taken],
        )

    by_root_a: dict[object, list[str]] = defaultdict(list)
    by_root_b: dict[object, list[str]] = defaultdict(list)
    for nid in a.graph.nodes:
        by_root_a[a.roots[nid]].append(nid)
    for nid in b.graph.nodes:
        by_root_b[b.roots[nid]].append(nid)
    _pair_in_order(matching, by_root_a, by_root_b, IDENTITY)

    rest_a, rest_b = left()
    cited_a: dict[object, list[str]] = defaultdict(list)
    cited_b: dict[object, list[str]] = defaultdict(list)
    for nodes, into in ((rest_a, cited_a), (rest_b, cited_b)):
        for node in nodes:
            if node.source and node.date:
                into[(node.kind, node.source, node.date)].append(node.id)
    _pair_in_order(matching, cited_a, cited_b, SOURCE_AND_DATE)

    rest_a, rest_b = left()
    if len(rest_a) * len(rest_b) <= MAX_TEXT_PAIRS:
        candidates = []
        for x in rest_a:
            for y in rest_b:
                if x.kind == y.kind:
                    score = _similarity(x, y)
                    if score >= TEXT_THRESHOLD:
                        candidates.append((-score, _int(x.id), _int(y.id), x.id, y.id))
        used_b: set[str] = set()
        for _, _, _, x_id, y_id in sorted(candidates):
            if x_id not in matching.pairs and y_id not in used_b:
                matching.pairs[x_id], matching.how[x_id] = y_id, TEXT
                used_b.add(y_id)
    return matching


# --- the diff between two submissions ------------------------------------------------------------

NODE_FIELDS = {
    "kind": "kind",
    "title": "short title",
    "text": "text",
    "scholar": "held by",
    "school": "school",
    "evidence_kind": "kind of evidence",
    "source": "source",
    "extra_sources": "other sources",
    "locator": "locator",
    "quote": "quote",
    "date": "date",
    "uncertainty": "uncertainty",
    "base_score": "base score",
}
LINK_FIELDS = {
    "co_premises": "co-premises",
    "scholar": "used by",
    "rationale": "rationale",
    "citation": "citation",
    "locator": "citation locator",
    "attestation": "attestation",
    "note": "note",
}


@dataclass
class NodeChange:
    before: GraphNode | None
    after: GraphNode | None
    fields: list[str] = field(default_factory=list)  # labels of the fields that differ
    how: str = ""  # how the two were matched

    @property
    def node(self) -> GraphNode:
        found = self.after or self.before
        assert found is not None
        return found


@dataclass
class LinkChange:
    description: str  # "Hiroshima → supports → Frank"
    before: GraphLink | None
    after: GraphLink | None
    fields: list[str] = field(default_factory=list)


@dataclass
class Diff:
    added_nodes: list[NodeChange]
    removed_nodes: list[NodeChange]
    changed_nodes: list[NodeChange]
    added_links: list[LinkChange]
    removed_links: list[LinkChange]
    changed_links: list[LinkChange]
    unchanged_nodes: int
    unchanged_links: int
    matched_by: Counter[str]

    @property
    def is_empty(self) -> bool:
        return not (
            self.added_nodes
            or self.removed_nodes
            or self.changed_nodes
            or self.added_links
            or self.removed_links
            or self.changed_links
        )


class _LinkKeys:
    """A key per link that two maps share when the link is "the same" (module docstring)."""

    def __init__(self, graph: Graph, node_key: Mapping[str, str]) -> None:
        self.graph, self.node_key = graph, node_key
        self.memo: dict[str, tuple[object, ...]] = {}

    def key(self, link_id: str, depth: int = 0) -> tuple[object, ...]:
        if link_id in self.memo:
            return self.memo[link_id]
        link = self.graph.links[link_id]
        target: object
        if link.target is not None:
            target = self.node_key.get(link.target, "?")
        elif link.target_link in self.graph.links and depth < 20:
            target = self.key(link.target_link, depth + 1)
        else:
            target = "?"
        found = (link.kind, self.node_key.get(link.source, "?"), target)
        self.memo[link_id] = found
        return found


def _node_fields(a: GraphNode, b: GraphNode) -> list[str]:
    changed = []
    for name, label in NODE_FIELDS.items():
        x, y = getattr(a, name), getattr(b, name)
        if name == "extra_sources":
            x, y = sorted(x), sorted(y)
        if x != y:
            changed.append(label)
    return changed


def diff(before: Side, after: Side) -> Diff:
    """What changed from `before` to `after` (an earlier submission to a later one)."""
    matching = match_nodes(before, after)
    back = {b: a for a, b in matching.pairs.items()}
    key_a = {nid: f"m{matching.pairs[nid]}" if nid in matching.pairs else f"a{nid}"
             for nid in before.graph.nodes}  # fmt: skip
    key_b = {nid: f"m{nid}" if nid in back else f"b{nid}" for nid in after.graph.nodes}
    nodes_a, nodes_b = before.graph.nodes, after.graph.nodes
    changed_nodes, unchanged = [], 0
    for a_id, b_id in matching.pairs.items():
        fields = _node_fields(nodes_a[a_id], nodes_b[b_id])
        if fields:
            changed_nodes.append(
                NodeChange(nodes_a[a_id], nodes_b[b_id], fields, matching.how[a_id])
            )
        else:
            unchanged += 1

    links_a, links_b = _LinkKeys(before.graph, key_a), _LinkKeys(after.graph, key_b)
    by_key_a: dict[tuple[object, ...], list[GraphLink]] = defaultdict(list)
    for link in before.graph.links.values():
        by_key_a[links_a.key(link.id)].append(link)
    added_links, changed_links, unchanged_links = [], [], 0
    for link in after.graph.links.values():
        twins = by_key_a.get(links_b.key(link.id))
        if not twins:
            added_links.append(LinkChange(describe_link(after.graph, link.id), None, link))
            continue
        old = twins.pop(0)
        fields = []
        for name, label in LINK_FIELDS.items():
            x, y = getattr(old, name), getattr(link, name)
            if name == "co_premises":
                x, y = sorted(key_a.get(p, p) for p in x), sorted(key_b.get(p, p) for p in y)
            if x != y:
                fields.append(label)
        if fields:
            changed_links.append(LinkChange(describe_link(after.graph, link.id), old, link, fields))
        else:
            unchanged_links += 1
    removed_links = [
        LinkChange(describe_link(before.graph, link.id), link, None)
        for rest in by_key_a.values()
        for link in rest
    ]
    return Diff(
        added_nodes=[NodeChange(None, n) for nid, n in nodes_b.items() if nid not in back],
        removed_nodes=[
            NodeChange(n, None) for nid, n in nodes_a.items() if nid not in matching.pairs
        ],
        changed_nodes=changed_nodes,
        added_links=added_links,
        removed_links=removed_links,
        changed_links=changed_links,
        unchanged_nodes=unchanged,
        unchanged_links=unchanged_links,
        matched_by=matching.counts(),
    )


# --- coverage of a reference map -----------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceUse:
    """A reference thesis's stance on one of its key pieces of evidence."""

    thesis: str
    evidence: str
    label: str  # supports | opposes | mixed | contests (argmap.evaluation.stance)


@dataclass
class Reference:
    """What coverage is measured against, computed once per reference map.

    Its *key evidence* is the evidence its theses use: evidence with a direct stance towards at
    least one thesis, or a reading of which a thesis contests."""

    side: Side
    theses: list[GraphNode]
    key_evidence: list[GraphNode]
    uses: list[ReferenceUse]

    @classmethod
    def of(cls, side: Side) -> Reference:
        graph = side.graph
        index = StanceIndex(graph)
        theses = [n for n in graph.nodes.values() if n.kind == "thesis"]
        uses: list[ReferenceUse] = []
        for thesis in theses:
            towards = index.towards(thesis.id)
            for node_id in sorted(towards.reached(), key=_int):
                if graph.nodes[node_id].kind != "evidence":
                    continue
                stance = towards.stance(node_id)
                if stance.uses:
                    uses.append(ReferenceUse(thesis.id, node_id, stance.label))
        used = {u.evidence for u in uses}
        evidence = [n for n in graph.nodes.values() if n.id in used]
        return cls(side, theses, evidence, uses)


@dataclass
class Covered:
    item: GraphNode  # of the reference
    match: GraphNode | None  # of the submission
    used: bool  # present and, for evidence, bearing on a thesis of the submission
    how: str = ""


@dataclass
class StanceDifference:
    thesis: GraphNode  # of the reference
    evidence: GraphNode
    reference: str  # the reference's label
    submission: str  # the submission's label ("none": both statements there, not linked)


@dataclass
class Coverage:
    theses: list[Covered]
    evidence: list[Covered]
    disagreements: list[StanceDifference]  # the submission takes another stance
    unlinked: list[StanceDifference]  # both there, but the submission does not link them

    @property
    def theses_used(self) -> int:
        return sum(c.used for c in self.theses)

    @property
    def evidence_used(self) -> int:
        return sum(c.used for c in self.evidence)

    @property
    def ratio(self) -> float | None:
        """The share of the reference's theses and key evidence the submission uses."""
        total = len(self.theses) + len(self.evidence)
        return (self.theses_used + self.evidence_used) / total if total else None


def coverage(reference: Reference, submission: Side) -> Coverage:
    """Which reference theses and key evidence `submission` uses, and where its stances differ."""
    matching = match_nodes(reference.side, submission)
    ref_nodes, sub_graph = reference.side.graph.nodes, submission.graph
    index = StanceIndex(sub_graph)
    towards: dict[str, Towards] = {
        n.id: index.towards(n.id) for n in sub_graph.nodes.values() if n.kind == "thesis"
    }
    bearing: set[str] = set()
    for one in towards.values():
        bearing |= one.reached()

    def covered(items: Iterable[GraphNode], *, evidence: bool) -> list[Covered]:
        found = []
        for item in items:
            match_id = matching.pairs.get(item.id)
            match = sub_graph.nodes[match_id] if match_id else None
            used = match is not None and (not evidence or match.id in bearing)
            found.append(Covered(item, match, used, matching.how.get(item.id, "")))
        return found

    disagreements: list[StanceDifference] = []
    unlinked: list[StanceDifference] = []
    for use in reference.uses:
        thesis_id, evidence_id = matching.pairs.get(use.thesis), matching.pairs.get(use.evidence)
        if thesis_id is None or evidence_id is None or thesis_id not in towards:
            continue
        label = towards[thesis_id].stance(evidence_id).label
        if label != use.label:
            difference = StanceDifference(
                ref_nodes[use.thesis], ref_nodes[use.evidence], use.label, label
            )
            (unlinked if label == "none" else disagreements).append(difference)
    return Coverage(
        covered(reference.theses, evidence=False),
        covered(reference.key_evidence, evidence=True),
        disagreements,
        unlinked,
    )
