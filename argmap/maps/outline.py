"""The outline of a map: each thesis with what supports and opposes it, recursively.

Built in Python from a loaded map (no queries); `argmap.maps.outline_html` turns its items into
HTML and the map page's template draws the thesis sections around them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.maps.models import Characterisation, Link, LinkKind, Node, NodeKind
from argmap.maps.selectors import MapBundle

if TYPE_CHECKING:
    from argmap.maps.assessment import NodeResult


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
    # Set by the page (argmap.maps.pages), which knows the evaluation and the URLs.
    result: NodeResult | None = None
    items_html: str = ""


@dataclass
class Outline:
    sections: list[ThesisSection]
    unattached: list[Node]  # nodes no thesis reaches
    unattached_html: str = ""  # set by the page, as `items_html`


_STANCE_ORDER: dict[str, int] = {LinkKind.SUPPORTS: 0, LinkKind.OPPOSES: 1, LinkKind.UNDERCUTS: 2}


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
            key=lambda ln: (_STANCE_ORDER[ln.kind], bundle.nodes[ln.source_node_id].chronology),
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
    unattached = sorted(
        (n for n in bundle.nodes.values() if n.pk not in reached), key=lambda n: n.chronology
    )
    return Outline(sections, unattached)
