"""The scholar page's evidence: what each of a scholar's theses uses, and how.

A scholar's theses may sit in many maps (the demo, its forks, students' maps), so the maps are
loaded together (`map_bundles`: seven queries, whatever their number or size).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from argmap.debates.selectors import Cell, Stances
from argmap.maps.models import Map, Node, NodeKind, Scholar
from argmap.maps.selectors import map_bundles


@dataclass
class ThesisEvidence:
    thesis: Node
    map: Map
    cells: list[Cell]  # the evidence its argument uses or contests, chronologically


def scholar_evidence(scholar: Scholar, maps: Iterable[Map]) -> list[ThesisEvidence]:
    """For each thesis of `scholar` in `maps`: the evidence it uses and how (stance, rationale,
    attestation). Only the thesis's own argument counts here, not paths through other theses."""
    found = []
    for bundle in map_bundles(maps):
        stances = Stances(bundle)
        for thesis in bundle.theses():
            if thesis.scholar_id != scholar.pk:
                continue
            reached = stances.reached_by(thesis)
            cells = [
                cell
                for evidence in stances.evidence()
                if evidence.pk in reached
                and (cell := stances.cell(evidence, thesis)).uses
                and evidence.kind == NodeKind.EVIDENCE
            ]
            found.append(ThesisEvidence(thesis, bundle.map, cells))
    return found
