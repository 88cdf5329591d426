"""Which statements of two maps are "the same": what the diff between two submissions and the
coverage of a reference map build on. Pure Python on plain `Graph`s, no Django: the classroom's
selectors build the inputs in a constant number of queries.

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
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from argmap.graph import Graph, GraphNode

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
        ids_b = sorted(keyed_b.get(key, []), key=sort_key)
        for a_id, b_id in zip(sorted(ids_a, key=sort_key), ids_b, strict=False):
            matching.pairs[a_id], matching.how[a_id] = b_id, how


def sort_key(node_id: str) -> tuple[int, str]:
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
                        candidates.append((-score, sort_key(x.id), sort_key(y.id), x.id, y.id))
        used_b: set[str] = set()
        for _, _, _, x_id, y_id in sorted(candidates):
            if x_id not in matching.pairs and y_id not in used_b:
                matching.pairs[x_id], matching.how[x_id] = y_id, TEXT
                used_b.add(y_id)
    return matching
