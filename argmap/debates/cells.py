"""One cell of the evidence matrix: a thesis's stance on one evidence item and everything behind
it, loaded as a part of the map.

The stance is searched on the map's structure (`argmap.maps.structure`: ids and kinds, three
queries, no texts), narrowed to what can bear on the thesis (`part_towards`); then only what the
cell names is loaded with
its texts (`part_bundle`): the paths' statements and links, the readings contested and those
challenging them; and the map's theses, whose names are told apart across the whole map.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.debates.selectors import Cell, Stances
from argmap.debates.stances import part_towards
from argmap.evaluation.stance import StanceIndex, Undercut
from argmap.evaluation.wording import describe_contests, describe_path, describe_readings, node_name
from argmap.maps.models import Characterisation, Link, Map, Node, NodeKind, Source
from argmap.maps.selectors import characterisations_on, part_bundle
from argmap.maps.structure import link_ends, load_structure


@dataclass
class CellStep:
    words: str
    link: Link
    attested_in: list[Source] = field(default_factory=list)


@dataclass
class CellPath:
    words: str  # "Atomic bombing of Hiroshima → supports → Frank"
    steps: list[CellStep]
    sign: int
    through: list[str]  # names of the theses it passes through; empty for a direct path


@dataclass
class CellDetail:
    """Everything behind one cell: each path's links (with rationale and citation), the
    readings the thesis contests, and others' undercuts of those paths."""

    cell: Cell
    paths: list[CellPath]
    contests: list[CellStep]
    challenges: list[CellStep]
    # What others say this thesis makes of this evidence (a misattribution shown where it bears).
    characterisations: list[Characterisation] = field(default_factory=list)


def matrix_cell(stances: Stances, evidence: Node, thesis: Node) -> CellDetail:
    cell = stances.cell(evidence, thesis)
    graph, bundle = stances.graph, stances.bundle

    def step(words: str, link_id: str) -> CellStep:
        link = bundle.links[int(link_id)]
        return CellStep(words, link, bundle.attested_in.get(link.pk, []))

    paths = [
        CellPath(
            words=describe_path(graph, path),
            steps=[step(describe_readings(graph, [s.link])[0], s.link) for s in path.steps],
            sign=path.sign,
            through=[node_name(graph, t) for t in path.through],
        )
        for path in cell.stance.paths
    ]
    return CellDetail(
        cell,
        paths,
        _grouped(stances, cell.stance.contests),
        _grouped(stances, cell.stance.challenges),
        characterisations_on(bundle, evidence, thesis=thesis),
    )


def _grouped(stances: Stances, undercuts: Iterable[Undercut]) -> list[CellStep]:
    """One step per claim and citation: a claim undercutting five rivals' readings of the same
    evidence with one rationale and one citation is one item naming the five."""
    groups: dict[tuple[object, ...], list[Undercut]] = {}
    for u in undercuts:
        link = stances.bundle.links[int(u.link)]
        key = (u.by, link.citation_id, link.citation_locator, link.attestation, link.rationale)
        groups.setdefault(key, []).append(u)
    steps = []
    for group in groups.values():
        link = stances.bundle.links[int(group[0].link)]
        words = "; ".join(describe_contests(stances.graph, group))
        steps.append(CellStep(words, link, stances.bundle.attested_in.get(link.pk, [])))
    return steps


def cell_detail(map_: Map, evidence_id: int, thesis_id: int) -> CellDetail | None:
    """The cell of `evidence_id` and `thesis_id` in `map_` (None when they are not an evidence
    item and a thesis of it), loading only the statements and links it shows."""
    structure = load_structure(map_.pk)
    evidence, thesis = structure.nodes.get(evidence_id), structure.nodes.get(thesis_id)
    if evidence is None or evidence.kind != NodeKind.EVIDENCE:
        return None
    if thesis is None or thesis.kind != NodeKind.THESIS:
        return None
    index = StanceIndex(part_towards(structure, [thesis_id]))
    towards = index.towards(str(thesis_id))
    stance = towards.stance(str(evidence_id))
    wanted = {evidence_id, thesis_id}
    links = [step.link for path in stance.paths for step in path.steps]
    links += [u.link for u in (*stance.contests, *stance.challenges)]
    for link_id in links:
        wanted |= link_ends(structure, int(link_id))
    # The map's theses are read apart from the part, so that the cell can tell its thesis's
    # name from the others' without listing every thesis among the statements to load.
    theses = list(Node.objects.filter(map=map_, kind=NodeKind.THESIS).select_related("scholar"))
    stances = Stances(
        part_bundle(map_, wanted), index=index, towards={thesis_id: towards}, theses=theses
    )
    nodes = stances.bundle.nodes
    return matrix_cell(stances, nodes[evidence_id], nodes[thesis_id])
