"""The scholar page's evidence: every use of evidence a scholar makes, whoever's position it
bears on (a link is credited to who makes that use: Alperovitz uses the Bombing Survey against
the orthodox thesis; Giangreco, who holds no thesis of his own, uses casualty projections; a use
nobody is named for is the holder's of the thesis it bears on).

A scholar's uses may sit in many maps (the demo, its forks, students' maps), so the maps are
loaded together (`map_bundles`: seven queries, whatever their number or size).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.maps.models import Link, LinkKind, Map, Node, NodeKind, Scholar
from argmap.maps.selectors import MapBundle, map_bundles
from argmap.maps.standing import verb_of


@dataclass
class Use:
    evidence: Node
    kind: str  # supports | opposes | contests (a reading of the evidence that answers others)
    link: Link  # carries the rationale, the citation and the attestation
    thesis: Node | None  # the position it bears on
    answers: list[str] = field(default_factory=list)  # a reading's answers, in words


@dataclass
class MapUses:
    map: Map
    uses: list[Use]  # in date order of the evidence


def _thesis_of(bundle: MapBundle, node: Node) -> Node | None:
    """The thesis a statement bears on, along supports (a key claim's thesis, a reading's)."""
    seen, queue = {node.pk}, deque([node])
    while queue:
        current = queue.popleft()
        if current.kind == NodeKind.THESIS:
            return current
        for link in bundle.outgoing.get(current.pk, []):
            if link.kind == LinkKind.SUPPORTS and link.target_node_id not in seen:
                seen.add(link.target_node_id or 0)
                queue.append(bundle.nodes[link.target_node_id or 0])
    return None


def _answers(bundle: MapBundle, reading: Node) -> list[str]:
    words = []
    for undercut in bundle.outgoing.get(reading.pk, []):
        answered = bundle.links.get(undercut.target_link_id or 0)
        if undercut.kind != LinkKind.UNDERCUTS or answered is None:
            continue
        whose = answered.scholar.name if answered.scholar else "another"
        words.append(f"{verb_of(bundle, undercut)} {whose}’s use of it")
    return words


def scholar_uses(scholar: Scholar, maps: Iterable[Map]) -> list[MapUses]:
    """Every use of evidence made by `scholar` in `maps`, map by map, in date order."""
    found = []
    for bundle in map_bundles(maps):
        uses = []
        for link in bundle.links.values():
            source = bundle.nodes[link.source_node_id]
            target = bundle.nodes.get(link.target_node_id or 0)
            if source.kind != NodeKind.EVIDENCE or target is None:
                continue
            if link.scholar_id not in (None, scholar.pk):
                continue
            thesis = _thesis_of(bundle, target)
            # A use nobody is named for is the holder's of the thesis it bears on.
            if link.scholar_id is None and (thesis is None or thesis.scholar_id != scholar.pk):
                continue
            answers = _answers(bundle, target) if target.kind == NodeKind.CLAIM else []
            kind = "contests" if answers else link.kind
            uses.append(Use(source, kind, link, thesis, answers))
        if uses:
            uses.sort(key=lambda u: u.evidence.chronology)
            found.append(MapUses(bundle.map, uses))
    return found
