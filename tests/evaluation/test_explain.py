"""Explanations: a sentence per node, with the ids a page links to."""

from __future__ import annotations

from hypothesis import given, settings

from argmap.evaluation import Label, evaluate
from argmap.graph import Graph
from tests.evaluation.maps import build, maps


def test_unattacked_node_is_in_because_nothing_recorded_objects_to_it() -> None:
    explanation = evaluate(build("a")).explain("a")
    assert (explanation.label, explanation.code) == (Label.IN, "unattacked")
    assert explanation.text == "Nothing recorded in this map objects to it."


def test_out_node_names_the_objection_that_stands() -> None:
    graph = build("a b", ("l", "a", "opposes", "b"))
    explanation = evaluate(graph).explain("b")
    assert explanation.code == "attacked-by-in"
    assert explanation.text == (
        "An objection recorded here stands against it: “Statement a”, which nothing answers."
    )
    assert (explanation.nodes, explanation.links) == (("a",), ("l",))


def test_a_supporter_of_an_objection_is_not_itself_an_objection() -> None:
    # e supports x, x opposes t, z opposes x: x is answered, so t holds; e's support of x
    # does not turn into an objection of its own to t.
    graph = build(
        "e x t z",
        ("s", "e", "supports", "x"),
        ("l1", "x", "opposes", "t"),
        ("l2", "z", "opposes", "x"),
    )
    result = evaluate(graph)
    assert result.labels["t"] == Label.IN
    explanation = result.explain("t")
    assert explanation.code == "attacks-fail"
    assert "“Statement x” is itself answered" in explanation.text
    assert explanation.nodes == ("x",)


def test_in_node_lists_why_every_objection_is_answered() -> None:
    graph = build(
        "a b c u z",
        ("l1", "a", "opposes", "b"),
        ("l2", "c", "opposes", "b"),
        ("x", "u", "undercuts", "l2"),
        ("k", "z", "opposes", "a"),
    )
    explanation = evaluate(graph).explain("b")
    assert explanation.code == "attacks-fail"
    assert explanation.text.startswith("Every objection recorded against it is answered: ")
    assert "“Statement a” is itself answered" in explanation.text
    assert "the objection of “Statement c” is answered by “Statement u”" in explanation.text
    assert set(explanation.nodes) == {"a", "c", "u"}


def test_undecided_node_names_who_is_in_dispute_and_the_circle() -> None:
    graph = build(
        "a b c",
        ("l1", "a", "opposes", "b"),
        ("l2", "b", "opposes", "a"),
        ("l3", "b", "opposes", "c"),
    )
    result = evaluate(graph)
    on_cycle, downstream = result.explain("a"), result.explain("c")
    assert on_cycle.code == "attacked-by-undecided" and on_cycle.cycle
    assert on_cycle.text == (
        "In dispute here: “Statement b” objects to it and is itself in dispute. "
        "They answer each other in a circle."
    )
    assert not downstream.cycle and downstream.nodes == ("b",)
    assert "hangs on statements that answer each other in a circle" in downstream.text


@settings(max_examples=300, deadline=None)
@given(maps())
def test_every_node_gets_an_explanation_that_agrees_with_its_label(graph: Graph) -> None:
    result = evaluate(graph)
    explanations = result.explanations()
    assert explanations.keys() == result.labels.keys()
    openings = {
        Label.IN: ("Nothing recorded", "Every objection recorded"),
        Label.OUT: ("An objection recorded here stands",),
        Label.UNDECIDED: ("In dispute here",),
    }
    for nid, explanation in explanations.items():
        assert explanation.label == result.labels[nid]
        assert explanation.text.startswith(openings[explanation.label])
        for verdict in ("IN", "OUT", "UNDECIDED", "defeated"):
            assert verdict not in explanation.text.split()
        assert set(explanation.nodes) <= set(graph.nodes)
        if explanation.label != Label.IN:
            assert explanation.nodes, "an open or disputed node always names who objects to it"
