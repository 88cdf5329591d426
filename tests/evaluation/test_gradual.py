"""Gradual strength: DF-QuAD on acyclic maps, quadratic energy on cyclic ones."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings

from argmap.evaluation import Label, evaluate
from argmap.graph import Graph, GraphLink
from tests.evaluation.maps import build, maps

FAST = settings(max_examples=300, deadline=None)


def test_dfquad_worked_example_from_the_definitions() -> None:
    """DF-QuAD as defined by Rago, Toni, Aurisicchio & Baroni, "Discontinuity-free decision
    support with quantitative argumentation debates", KR 2016, Defs. 1-3: strengths of
    attackers (and of supporters) combine as F(v1..vn) = 1 - prod(1 - vi); the result is
    C(v0, va, vs) = v0 - v0 (va - vs) if va >= vs, else v0 + (1 - v0)(vs - va).

    Worked by hand on a thesis t (base 0.5) supported by e1 (0.8) and e2 (0.5) and opposed by
    c (0.6), which d (0.5) opposes:
      d = 0.5 (no attackers or supporters: its base score)
      c: va = 0.5, vs = 0      -> 0.6 - 0.6 * 0.5           = 0.3
      t: va = 0.3, vs = 1 - (1 - 0.8)(1 - 0.5) = 0.9 -> 0.5 + 0.5 * (0.9 - 0.3) = 0.8
    With the neutral base score 0.5 of Rago, Čyras & Toni's bipolar adaptation (SAFA 2016),
    one unopposed attacker takes a node to 0.25 and one unopposed supporter to 0.75.
    """
    graph = build(
        "t e1 e2 c d",
        ("s1", "e1", "supports", "t"),
        ("s2", "e2", "supports", "t"),
        ("o1", "c", "opposes", "t"),
        ("o2", "d", "opposes", "c"),
        base={"e1": 0.8, "c": 0.6},
    )
    result = evaluate(graph)
    assert result.semantics == "df-quad"
    assert result.strengths == pytest.approx({"t": 0.8, "e1": 0.8, "e2": 0.5, "c": 0.3, "d": 0.5})
    assert evaluate(build("a b", ("l", "a", "opposes", "b"))).strengths["b"] == 0.25
    assert evaluate(build("a b", ("l", "a", "supports", "b"))).strengths["b"] == 0.75


def test_an_undercut_scales_the_link_by_one_minus_its_strength() -> None:
    # s = 0.5 supports t; u = 0.5 undercuts that support: weight 0.5, contribution 0.25.
    graph = build("s t u", ("l", "s", "supports", "t"), ("x", "u", "undercuts", "l"))
    assert evaluate(graph).strengths["t"] == pytest.approx(0.5 + 0.5 * 0.25)
    full = build("s t u", ("l", "s", "supports", "t"), ("x", "u", "undercuts", "l"), base={"u": 1})
    assert evaluate(full).strengths["t"] == pytest.approx(0.5)


def test_a_link_with_co_premises_is_as_strong_as_its_weakest_premise() -> None:
    graph = build("a b c", ("l", "a", "opposes", "b", "c"), base={"a": 0.9, "c": 0.4})
    assert evaluate(graph).strengths["b"] == pytest.approx(0.5 - 0.5 * 0.4)


def test_base_score_defaults_to_half_and_a_node_can_override_it() -> None:
    graph = build("a b", base={"b": 0.9})
    assert evaluate(graph).strengths == {"a": 0.5, "b": 0.9}


def test_semantics_is_dfquad_when_acyclic_and_quadratic_energy_with_a_cycle() -> None:
    acyclic = build("a b", ("l", "a", "opposes", "b"))
    cyclic = build("a b", ("l1", "a", "opposes", "b"), ("l2", "b", "opposes", "a"))
    assert evaluate(acyclic).semantics == "df-quad"
    result = evaluate(cyclic)
    assert (result.semantics, result.converged) == ("quadratic-energy", True)
    with pytest.raises(ValueError, match="acyclic"):
        evaluate(cyclic, semantics="df-quad")
    assert evaluate(acyclic, semantics="quadratic-energy").semantics == "quadratic-energy"


# --- DF-QuAD against the definitions, on generated acyclic maps ---------------------------------


def naive_strengths(graph: Graph, quadratic: dict[str, float] | None = None) -> dict[str, float]:
    """The definitions written as plain recursion (acyclic maps only). With `quadratic` given
    (strengths of a quadratic-energy result), return instead the target value f of each node
    under Potyka's model at those strengths, for a fixed-point check."""
    links = list(graph.links.values())
    memo: dict[str, float] = {}

    def value(x: str) -> float:
        return quadratic[x] if quadratic is not None else strength(x)

    def contribution(link: GraphLink) -> float:
        weight = math.prod(
            1 - contribution(u) for u in links if u.kind == "undercuts" and u.target_link == link.id
        )
        return weight * min(value(p) for p in [link.source, *link.co_premises])

    def strength(x: str) -> float:
        if x not in memo:
            v0 = graph.nodes[x].base_score
            v0 = 0.5 if v0 is None else v0
            into = [lk for lk in links if lk.target == x]
            attack = [contribution(lk) for lk in into if lk.kind == "opposes"]
            support = [contribution(lk) for lk in into if lk.kind == "supports"]
            if quadratic is not None:
                energy = sum(support) - sum(attack)
                h = lambda e: max(0.0, e) ** 2 / (1 + max(0.0, e) ** 2)  # noqa: E731
                memo[x] = v0 - v0 * h(-energy) + (1 - v0) * h(energy)
            else:
                va = 1 - math.prod(1 - v for v in attack)
                vs = 1 - math.prod(1 - v for v in support)
                memo[x] = v0 - v0 * (va - vs) if va >= vs else v0 + (1 - v0) * (vs - va)
        return memo[x]

    return {x: strength(x) for x in graph.nodes}


@FAST
@given(maps(acyclic=True))
def test_dfquad_equals_the_recursive_definition_on_generated_acyclic_maps(graph: Graph) -> None:
    result = evaluate(graph)
    assert result.semantics == "df-quad"
    assert result.strengths == pytest.approx(naive_strengths(graph), abs=1e-12)


@FAST
@given(maps(acyclic=True, kinds=("opposes",), co_premises=False))
def test_dfquad_with_base_score_one_gives_one_to_in_and_zero_to_out(graph: Graph) -> None:
    for node in graph.nodes.values():
        node.base_score = 1.0
    result = evaluate(graph)
    for nid, label in result.labels.items():
        assert result.strengths[nid] == (1.0 if label == Label.IN else 0.0)


# --- quadratic energy on generated cyclic maps --------------------------------------------------


@FAST
@given(maps(max_nodes=10, max_links=25))
def test_quadratic_energy_converges_to_a_fixed_point_in_the_unit_interval(graph: Graph) -> None:
    result = evaluate(graph, semantics="quadratic-energy")
    assert result.converged, (
        f"residual {result.strength.residual} after {result.strength.iterations}"
    )
    assert all(0.0 <= v <= 1.0 for v in result.strengths.values())
    # At the fixed point every strength equals its target f under Potyka's model (tolerance 1e-6
    # on the residual; the Euler step halves the distance, so allow a little more here).
    targets = naive_strengths(graph, quadratic=result.strengths)
    assert result.strengths == pytest.approx(targets, abs=1e-5)


def test_quadratic_energy_on_a_long_cycle_of_attacks() -> None:
    ids = [f"a{i}" for i in range(101)]
    links = [(f"l{i}", ids[i], "opposes", ids[(i + 1) % len(ids)]) for i in range(len(ids))]
    result = evaluate(build(ids, *links))
    assert result.semantics == "quadratic-energy" and result.converged
    assert all(0.0 <= v <= 1.0 for v in result.strengths.values())
