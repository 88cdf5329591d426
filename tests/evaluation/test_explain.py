"""Explanations: a sentence per node, with the ids a page links to."""

from __future__ import annotations

from hypothesis import given, settings

from argmap.evaluation import Label, evaluate
from argmap.graph import Graph
from tests.evaluation.maps import build, maps


def test_unattacked_node_is_in_because_nothing_attacks_it() -> None:
    explanation = evaluate(build("a")).explain("a")
    assert (explanation.label, explanation.code) == (Label.IN, "unattacked")
    assert explanation.text == "IN: nothing attacks it."


def test_out_node_names_the_in_attacker() -> None:
    graph = build("a b", ("l", "a", "opposes", "b"))
    explanation = evaluate(graph).explain("b")
    assert explanation.code == "attacked-by-in"
    assert explanation.text == "OUT: attacked by “Statement a”, which is IN."
    assert (explanation.nodes, explanation.links) == (("a",), ("l",))


def test_out_by_supported_attack_names_the_chain_back_to_an_in_node() -> None:
    graph = build(
        "e x t z",
        ("s", "e", "supports", "x"),
        ("l1", "x", "opposes", "t"),
        ("l2", "z", "opposes", "x"),
    )
    explanation = evaluate(graph).explain("t")
    assert explanation.code == "supported-attack"
    assert "“Statement e” supports" in explanation.text
    assert explanation.nodes == ("x", "e")
    assert explanation.links == ("l1", "s")


def test_in_node_lists_why_every_attack_fails() -> None:
    graph = build(
        "a b c u z",
        ("l1", "a", "opposes", "b"),
        ("l2", "c", "opposes", "b"),
        ("x", "u", "undercuts", "l2"),
        ("k", "z", "opposes", "a"),
    )
    explanation = evaluate(graph).explain("b")
    assert explanation.code == "attacks-fail"
    assert "“Statement a” is OUT" in explanation.text
    assert "undercut by “Statement u”" in explanation.text
    assert set(explanation.nodes) == {"a", "c", "u"}


def test_undecided_node_names_the_undecided_attacker_and_the_cycle() -> None:
    graph = build(
        "a b c",
        ("l1", "a", "opposes", "b"),
        ("l2", "b", "opposes", "a"),
        ("l3", "b", "opposes", "c"),
    )
    result = evaluate(graph)
    on_cycle, downstream = result.explain("a"), result.explain("c")
    assert on_cycle.code == "attacked-by-undecided" and on_cycle.cycle
    assert on_cycle.text == "UNDECIDED: attacked by “Statement b”, which is UNDECIDED (cycle)."
    assert not downstream.cycle and downstream.nodes == ("b",)
    assert "depends on a cycle" in downstream.text


@settings(max_examples=300, deadline=None)
@given(maps())
def test_every_node_gets_an_explanation_that_agrees_with_its_label(graph: Graph) -> None:
    result = evaluate(graph)
    explanations = result.explanations()
    assert explanations.keys() == result.labels.keys()
    for nid, explanation in explanations.items():
        assert explanation.label == result.labels[nid]
        assert explanation.text.startswith(explanation.label.name + ":")
        assert set(explanation.nodes) <= set(graph.nodes)
        if explanation.label != Label.IN:
            assert explanation.nodes, "an OUT or UNDECIDED node always names who attacks it"
