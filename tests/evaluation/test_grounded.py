"""The grounded labelling: its documented readings of supports, undercuts and co-premises, the
definitions it must satisfy, and agreement with clingo on generated maps."""

from __future__ import annotations

from hypothesis import given, settings

from argmap.evaluation import Label, LinkState, evaluate
from argmap.graph import Graph
from tests.evaluation.maps import attack_graphs, bipolar_maps, build, maps
from tests.evaluation.oracle import clingo_aspartix, clingo_grounded, derived_attacks

IN, OUT, UNDEC = Label.IN, Label.OUT, Label.UNDECIDED


def labels(graph: Graph) -> dict[str, Label]:
    return evaluate(graph).labels


# --- the documented semantics, case by case ------------------------------------------------------


def test_evidence_nothing_attacks_is_in() -> None:
    graph = build("e t", ("s", "e", "supports", "t"), kind="evidence")
    assert labels(graph) == {"e": IN, "t": IN}


def test_an_attack_from_an_in_node_puts_its_target_out_and_reinstates_the_next() -> None:
    graph = build("a b c", ("l1", "a", "opposes", "b"), ("l2", "b", "opposes", "c"))
    assert labels(graph) == {"a": IN, "b": OUT, "c": IN}


def test_mutual_attack_leaves_both_undecided() -> None:
    graph = build("a b", ("l1", "a", "opposes", "b"), ("l2", "b", "opposes", "a"))
    assert labels(graph) == {"a": UNDEC, "b": UNDEC}


def test_no_supported_attack_a_supporter_of_an_objection_does_not_object_itself() -> None:
    # e supports x, x opposes t, and z answers x: x's objection fails, and e, a reason for x,
    # counts against t only through x. (With supported attacks t would be OUT whatever x's fate.)
    graph = build(
        "e x t z",
        ("s", "e", "supports", "x"),
        ("l1", "x", "opposes", "t"),
        ("l2", "z", "opposes", "x"),
    )
    assert labels(graph) == {"e": IN, "x": OUT, "t": IN, "z": IN}


def test_no_mediated_attack_refuting_a_thesis_leaves_its_evidence_in() -> None:
    # Mediated attack would make e OUT (e supports t, r attacks t); historians dispute readings.
    graph = build("e t r", ("s", "e", "supports", "t"), ("l", "r", "opposes", "t"))
    assert labels(graph) == {"e": IN, "t": OUT, "r": IN}


def test_no_secondary_attack_refuting_a_reason_does_not_refute_what_it_supports() -> None:
    graph = build("e t r", ("s", "e", "supports", "t"), ("l", "r", "opposes", "e"))
    assert labels(graph) == {"e": OUT, "t": IN, "r": IN}


def test_an_in_undercut_disables_the_link_it_targets() -> None:
    graph = build("a b u", ("l", "a", "opposes", "b"), ("x", "u", "undercuts", "l"))
    assert labels(graph) == {"a": IN, "b": IN, "u": IN}
    assert evaluate(graph).link_state("l") == LinkState.FAILS


def test_an_undercut_disables_the_supported_attacks_through_a_support_link() -> None:
    graph = build(
        "e x t z u",
        ("s", "e", "supports", "x"),
        ("l1", "x", "opposes", "t"),
        ("l2", "z", "opposes", "x"),
        ("cut", "u", "undercuts", "s"),
    )
    assert labels(graph)["t"] == IN


def test_an_undercut_of_the_undercut_restores_the_link() -> None:
    graph = build(
        "a b u v",
        ("l", "a", "opposes", "b"),
        ("x", "u", "undercuts", "l"),
        ("y", "v", "undercuts", "x"),
    )
    assert labels(graph)["b"] == OUT


def test_an_out_undercutter_leaves_the_link_acting() -> None:
    graph = build(
        "a b u z",
        ("l", "a", "opposes", "b"),
        ("x", "u", "undercuts", "l"),
        ("k", "z", "opposes", "u"),
    )
    assert labels(graph) == {"a": IN, "b": OUT, "u": OUT, "z": IN}


def test_undercuts_in_a_circle_are_undecided_and_disable_nothing() -> None:
    # Each undercut has one target, so a circle of undercuts only bears on itself.
    graph = build("u v", ("x", "u", "undercuts", "y"), ("y", "v", "undercuts", "x"))
    result = evaluate(graph)
    assert result.labels == {"u": IN, "v": IN}
    assert result.link_state("x") == result.link_state("y") == LinkState.UNDECIDED


def test_a_link_with_co_premises_acts_only_when_all_are_in() -> None:
    graph = build("a b c", ("l", "a", "opposes", "b", "c"))
    assert labels(graph)["b"] == OUT
    knocked = build(
        "a b c z", ("l", "a", "opposes", "b", "c"), ("k", "z", "opposes", "c"), kind="claim"
    )
    assert labels(knocked) == {"a": IN, "b": IN, "c": OUT, "z": IN}
    open_ = build(
        "a b c z",
        ("l", "a", "opposes", "b", "c"),
        ("k1", "z", "opposes", "c"),
        ("k2", "c", "opposes", "z"),
    )
    assert labels(open_)["b"] == UNDEC


def test_a_refuted_support_cycle_attacks_nothing() -> None:
    # x and y support each other and are both OUT: their attack on t fails (needs the sweep).
    graph = build(
        "x y t z",
        ("s1", "x", "supports", "y"),
        ("s2", "y", "supports", "x"),
        ("l", "y", "opposes", "t"),
        ("k1", "z", "opposes", "x"),
        ("k2", "z", "opposes", "y"),
    )
    assert labels(graph) == {"x": OUT, "y": OUT, "t": IN, "z": IN}


def test_links_with_missing_ends_are_ignored() -> None:
    graph = build("a b", ("l", "a", "opposes", "gone"), ("x", "b", "undercuts", "nowhere"))
    result = evaluate(graph)
    assert result.labels == {"a": IN, "b": IN}
    assert sorted(result.framework.dropped) == ["l", "x"]
    assert result.link_state("l") is None


def test_set_aside_removes_the_node_and_its_links() -> None:
    graph = build("a b c", ("l1", "a", "opposes", "b"), ("l2", "b", "opposes", "c"))
    result = evaluate(graph, set_aside={"a", "not-a-node"})
    assert result.labels == {"b": IN, "c": OUT}
    assert result.set_aside == frozenset({"a"})
    assert result.label("a") is None


# --- the definitions, on the derived attack relation -------------------------------------------


def _attackers(graph: Graph) -> tuple[set[tuple[str, str]], dict[str, set[str]]]:
    att = derived_attacks(graph)
    by_target: dict[str, set[str]] = {nid: set() for nid in graph.nodes}
    for a, b in att:
        by_target[b].add(a)
    return att, by_target


def _defended(s: set[str], by_target: dict[str, set[str]], att: set[tuple[str, str]]) -> set[str]:
    """Dung's characteristic function: the arguments all of whose attackers S attacks."""
    return {
        x
        for x, attackers in by_target.items()
        if all(any((d, a) in att for d in s) for a in attackers)
    }


FAST = settings(max_examples=300, deadline=None)


@FAST
@given(bipolar_maps())
def test_grounded_in_set_is_conflict_free(graph: Graph) -> None:
    att, _ = _attackers(graph)
    ins = {nid for nid, lab in labels(graph).items() if lab == IN}
    assert not any((a, b) in att for a in ins for b in ins)


@FAST
@given(bipolar_maps())
def test_grounded_in_set_is_admissible(graph: Graph) -> None:
    att, by_target = _attackers(graph)
    ins = {nid for nid, lab in labels(graph).items() if lab == IN}
    for x in ins:
        for a in by_target[x]:
            assert any((d, a) in att for d in ins), f"{x} is not defended against {a}"


@FAST
@given(bipolar_maps())
def test_grounded_in_set_is_complete(graph: Graph) -> None:
    att, by_target = _attackers(graph)
    ins = {nid for nid, lab in labels(graph).items() if lab == IN}
    assert _defended(ins, by_target, att) == ins


@FAST
@given(bipolar_maps())
def test_grounded_in_set_is_the_least_fixed_point(graph: Graph) -> None:
    att, by_target = _attackers(graph)
    least: set[str] = set()
    while (step := _defended(least, by_target, att)) != least:
        least = step
    assert {nid for nid, lab in labels(graph).items() if lab == IN} == least


@FAST
@given(bipolar_maps())
def test_out_is_exactly_what_the_in_set_attacks(graph: Graph) -> None:
    att, _ = _attackers(graph)
    result = labels(graph)
    ins = {nid for nid, lab in result.items() if lab == IN}
    assert {nid for nid, lab in result.items() if lab == OUT} == {b for a, b in att if a in ins}


# --- an independent oracle ----------------------------------------------------------------------


@settings(max_examples=600, deadline=None)
@given(maps())
def test_grounded_equals_clingo_on_generated_maps(graph: Graph) -> None:
    """600 maps with supports, opposes, undercuts (of undercuts) and co-premises; clingo
    computes the least model of the chain encoding in tests/evaluation/oracle.py."""
    result = labels(graph)
    ins, outs = clingo_grounded(graph)
    assert {nid for nid, lab in result.items() if lab == IN} == ins
    assert {nid for nid, lab in result.items() if lab == OUT} == outs


@settings(max_examples=200, deadline=None)
@given(attack_graphs())
def test_grounded_equals_the_aspartix_encoding_on_attack_graphs(
    case: tuple[int, list[tuple[int, int]]],
) -> None:
    n, attacks = case
    links = [(f"l{j}", f"a{a}", "opposes", f"a{b}") for j, (a, b) in enumerate(attacks)]
    graph = build([f"a{i}" for i in range(n)], *links)
    expected = {f"a{i}" for i in clingo_aspartix(n, attacks)}
    assert {nid for nid, lab in labels(graph).items() if lab == IN} == expected
