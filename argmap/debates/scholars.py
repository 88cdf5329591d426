"""The scholar page's evidence: every use of evidence a scholar makes, whoever's position it
bears on (a link is credited to who makes that use: Alperovitz uses the Bombing Survey against
the orthodox thesis; Giangreco, who holds no thesis of his own, uses casualty projections; a use
nobody is named for is the holder's of the thesis it bears on).

A scholar's uses may sit in many maps (the demo, its forks, students' maps), so the maps are
loaded together: their structures first (three queries, ids only) to find the uses, then just
those uses with their texts (`map_bundles`, seven queries), whatever the number or size of the
maps.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.maps.models import Link, LinkKind, Map, Node, NodeKind, Scholar
from argmap.maps.selectors import MapBundle, map_bundles
from argmap.maps.standing import verb_of
from argmap.maps.structure import Structure, link_ends, load_structures


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


def _thesis_of(structure: Structure, node: int) -> int | None:
    """The thesis a statement bears on, along supports (a key claim's thesis, a reading's)."""
    seen, queue = {node}, deque([node])
    while queue:
        current = queue.popleft()
        if structure.nodes[current].kind == NodeKind.THESIS:
            return current
        for link_id in structure.outgoing.get(current, []):
            edge = structure.links[link_id]
            target = edge.target
            if edge.kind == LinkKind.SUPPORTS and target is not None and target not in seen:
                seen.add(target)
                queue.append(target)
    return None


def _uses_in(structure: Structure, scholar: Scholar) -> list[tuple[int, int | None]]:
    """The scholar's uses of evidence in one map, as (link, thesis it bears on), in the map's
    order of links."""
    found = []
    for pk, edge in structure.links.items():
        if structure.nodes[edge.source].kind != NodeKind.EVIDENCE or edge.target is None:
            continue
        if edge.scholar_id not in (None, scholar.pk):
            continue
        thesis = _thesis_of(structure, edge.target)
        # A use nobody is named for is the holder's of the thesis it bears on.
        held = thesis is not None and structure.nodes[thesis].scholar_id == scholar.pk
        if edge.scholar_id is None and not held:
            continue
        found.append((pk, thesis))
    return found


def _shown(structure: Structure, uses: list[tuple[int, int | None]]) -> set[int]:
    """The statements the uses show: the evidence, what it bears on, the thesis, and what a
    reading answers (the uses it undercuts, with their ends)."""
    wanted: set[int] = set()
    for pk, thesis in uses:
        edge = structure.links[pk]
        target = edge.target
        assert target is not None  # `_uses_in` keeps the links into statements only
        wanted |= {edge.source, target} | ({thesis} if thesis is not None else set())
        if structure.nodes[target].kind == NodeKind.CLAIM:
            for undercut in structure.outgoing.get(target, []):
                wanted |= link_ends(structure, undercut)
    return wanted


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
    maps = list(maps)
    structures = load_structures(m.pk for m in maps)
    # Whose use a link is, is read off the maps' structures (ids only); then only the uses
    # found are loaded with their texts, however large the maps around them.
    uses = {m.pk: _uses_in(structures[m.pk], scholar) for m in maps}
    wanted: set[int] = set()
    for pk, found_in in uses.items():
        wanted |= _shown(structures[pk], found_in)
    found = []
    for bundle in map_bundles([m for m in maps if uses[m.pk]], only=wanted):
        shown = []
        for pk, thesis_id in uses[bundle.map.pk]:
            link = bundle.links[pk]
            source, target = (
                bundle.nodes[link.source_node_id],
                bundle.nodes[link.target_node_id or 0],
            )
            thesis = bundle.nodes[thesis_id] if thesis_id is not None else None
            answers = _answers(bundle, target) if target.kind == NodeKind.CLAIM else []
            kind = "contests" if answers else link.kind
            shown.append(Use(source, kind, link, thesis, answers))
        shown.sort(key=lambda u: u.evidence.chronology)
        found.append(MapUses(bundle.map, shown))
    return found
