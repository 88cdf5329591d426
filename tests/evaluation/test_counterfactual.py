"""Setting evidence aside: each thesis's status and strength before and after."""

from __future__ import annotations

import pytest

from argmap.evaluation import Label, counterfactual, evaluate
from argmap.graph import Graph
from tests.evaluation.maps import build


def debate() -> Graph:
    # Two theses; the Soviet declaration (sov) supports w and opposes f; the bomb (bomb)
    # supports f.
    graph = build(
        "w f sov bomb",
        ("s1", "sov", "supports", "w"),
        ("o1", "sov", "opposes", "f"),
        ("s2", "bomb", "supports", "f"),
    )
    graph.nodes["w"].kind = graph.nodes["f"].kind = "thesis"
    return graph


def test_setting_evidence_aside_reports_each_thesis_before_and_after() -> None:
    result = counterfactual(debate(), {"sov"})
    changes = {c.thesis: c for c in result.theses}
    assert list(changes) == ["w", "f"]
    assert (changes["f"].before, changes["f"].after) == (Label.OUT, Label.IN)
    assert changes["f"].label_changed
    assert changes["f"].before_strength == pytest.approx(0.5)  # one attacker, one supporter
    assert changes["f"].after_strength == pytest.approx(0.75)
    assert changes["f"].delta == pytest.approx(0.25)
    assert changes["w"].after_strength == pytest.approx(0.5)
    assert changes["w"].delta == pytest.approx(-0.25)
    assert result.after.labels.keys() == {"w", "f", "bomb"}


def test_a_thesis_set_aside_has_no_after() -> None:
    change = next(c for c in counterfactual(debate(), {"w"}).theses if c.thesis == "w")
    assert (change.after, change.after_strength, change.delta) == (None, None, None)


def test_counterfactual_keeps_the_semantics_of_the_whole_map() -> None:
    # The only cycle runs through c; without c the map is acyclic, but the comparison must
    # not switch from quadratic energy to DF-QuAD.
    graph = build(
        "t c d e",
        ("l1", "c", "opposes", "d"),
        ("l2", "d", "opposes", "c"),
        ("s", "e", "supports", "t"),
    )
    graph.nodes["t"].kind = "thesis"
    before = evaluate(graph)
    result = counterfactual(graph, {"c"}, before=before)
    assert before.semantics == result.after.semantics == "quadratic-energy"
    assert result.before is before
    assert evaluate(graph, set_aside={"c"}).semantics == "df-quad"


def test_ids_that_are_not_in_the_map_are_ignored() -> None:
    result = counterfactual(debate(), {"nope"})
    assert result.set_aside == frozenset()
    assert all(not c.label_changed and c.delta == 0 for c in result.theses)
