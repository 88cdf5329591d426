"""The diff between two submissions: statements and links added, removed and changed.

Statements are paired by `argmap.classroom.compare.matching`; links are the same when their
matched ends and their kind are: a link whose kind changed is one removed and one added, a link
with the same ends and kind but another rationale, citation, attribution or co-premises is
*changed*.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from argmap.classroom.compare.matching import Side, match_nodes
from argmap.evaluation.wording import describe_link
from argmap.graph import Graph, GraphLink, GraphNode

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
