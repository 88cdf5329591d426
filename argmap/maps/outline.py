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


def section_items(bundle: MapBundle, thesis: int) -> list[OutlineItem]:
    """What supports and opposes one thesis, recursively (no queries).

    Each section stands on its own, so that it can be drawn, collapsed and redrawn without the
    others: a statement reached twice *within the section* is expanded only the first time, and
    later uses point back to it. That keeps a section linear in its size and finite on cyclic
    maps. Another thesis reached from this one is named, not expanded (it has its own section).
    """
    expanded: set[int] = {thesis}

    def items_for(node_id: int) -> list[OutlineItem]:
        links = sorted(
            bundle.incoming.get(node_id, []),
            key=lambda ln: (_STANCE_ORDER[ln.kind], bundle.nodes[ln.source_node_id].chronology),
        )
        return [item_for(link) for link in links]

    def item_for(link: Link) -> OutlineItem:
        node = bundle.nodes[link.source_node_id]
        premises = [bundle.nodes[p] for p in bundle.co_premises.get(link.pk, [])]
        first = node.pk not in expanded and node.kind != NodeKind.THESIS
        children: list[OutlineItem] = []
        if first:
            expanded.add(node.pk)
            children = items_for(node.pk)
        undercuts = [item_for(u) for u in bundle.undercutters.get(link.pk, [])]
        return OutlineItem(link, node, children, undercuts, premises, first)

    return items_for(thesis)


def reached(items: list[OutlineItem]) -> set[int]:
    """Every statement a section's items show (with co-premises)."""
    found: set[int] = set()
    stack = list(items)
    while stack:
        item = stack.pop()
        found.add(item.node.pk)
        found.update(p.pk for p in item.co_premises)
        stack.extend(item.children)
        stack.extend(item.undercuts)
    return found


def map_outline(bundle: MapBundle) -> Outline:
    """Each thesis with what supports and opposes it (`section_items`), and the statements no
    thesis reaches (no queries)."""
    by_thesis: dict[int, list[Characterisation]] = defaultdict(list)
    for item in bundle.characterisations:
        if item.thesis_id is not None:
            by_thesis[item.thesis_id].append(item)
    sections = []
    shown: set[int] = set()
    for thesis in bundle.theses():
        items = section_items(bundle, thesis.pk)
        shown |= reached(items) | {thesis.pk}
        sections.append(ThesisSection(thesis, items, by_thesis.get(thesis.pk, [])))
    unattached = sorted(
        (n for n in bundle.nodes.values() if n.pk not in shown), key=lambda n: n.chronology
    )
    return Outline(sections, unattached)
