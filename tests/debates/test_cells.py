"""A matrix cell loads only the part of the map it shows, and says exactly what it would say
with the whole map loaded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from argmap.debates.cells import CellDetail, cell_detail, matrix_cell
from argmap.debates.selectors import Stances
from argmap.maps.models import Map, NodeKind
from argmap.maps.selectors import map_bundle
from tests.factories import build_map

pytestmark = pytest.mark.django_db


def plain(detail: CellDetail) -> tuple[object, ...]:
    cell = detail.cell

    def steps(items: list) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
        # The sources a use is attested in are a set (the page lists them as loaded).
        return [(s.words, s.link.pk, sorted(a.pk for a in s.attested_in)) for s in items]

    return (
        cell.evidence.pk,
        cell.thesis.pk,
        cell.thesis_name,
        cell.label,
        cell.indirect,
        cell.link.pk if cell.link else None,
        cell.words,
        cell.rationale,
        [(p.words, steps(p.steps), p.sign, p.through) for p in detail.paths],
        steps(detail.contests),
        steps(detail.challenges),
        [c.pk for c in detail.characterisations],
    )


def compare_cells(map_: Map) -> int:
    whole = Stances(map_bundle(map_))
    evidence = [n for n in whole.bundle.nodes.values() if n.kind == NodeKind.EVIDENCE]
    checked = 0
    for thesis in whole.bundle.theses():
        reached = whole.reached_by(thesis)
        for item in evidence:
            # Every cell with a stance, and a few without one.
            if item.pk not in reached and item.pk % 7:
                continue
            part = cell_detail(map_, item.pk, thesis.pk)
            assert part is not None
            assert plain(part) == plain(matrix_cell(whole, item, thesis)), (item, thesis)
            checked += 1
    return checked


def test_cells_from_the_part_match_the_whole_map(demo: Map) -> None:
    assert compare_cells(demo) > 100


def test_cells_of_a_built_map_with_undercuts_and_co_premises(ada: User) -> None:
    assert compare_cells(build_map(ada, nodes=120)) > 20


def test_a_cell_of_a_statement_that_is_not_evidence_is_none(demo: Map) -> None:
    theses = map_bundle(demo).theses()
    assert cell_detail(demo, theses[0].pk, theses[1].pk) is None
    assert cell_detail(demo, 0, theses[1].pk) is None
