"""The real demo debate, loaded through the app: evaluation and checks run on it sensibly."""

from __future__ import annotations

import pytest

from argmap.evaluation import Label, check_map, counterfactual, evaluate
from argmap.graph import Graph
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Map
from argmap.maps.selectors import map_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_graph(demo: Map) -> Graph:
    return bundle_graph(map_bundle(demo))


def by_key(graph: Graph, key: str) -> str:
    return next(node.id for node in graph.nodes.values() if node.key == key)


def test_demo_debate_every_node_gets_a_label_a_strength_and_an_explanation(
    demo_graph: Graph,
) -> None:
    result = evaluate(demo_graph)
    assert result.labels.keys() == demo_graph.nodes.keys()
    assert all(0.0 <= v <= 1.0 for v in result.strengths.values())
    # Theses oppose each other in both directions (Hasegawa and Asada): a cyclic map.
    assert (result.semantics, result.converged) == ("quadratic-energy", True)
    explanations = result.explanations()
    assert all(explanations[nid].label == label for nid, label in result.labels.items())
    # Every piece of evidence stands (nothing refutes a document; the readings are contested).
    evidence = [n.id for n in demo_graph.nodes.values() if n.kind == "evidence"]
    assert {result.labels[e] for e in evidence} == {Label.IN}
    # The debate is not settled one way: some theses stand and some fall.
    thesis_labels = {result.labels[t.id] for t in demo_graph.theses()}
    assert {Label.IN, Label.OUT} <= thesis_labels
    # Wilson's thesis is opposed by nothing and stands; Frank's is opposed by Hasegawa's.
    assert result.labels[by_key(demo_graph, "th_wilson")] == Label.IN
    assert result.labels[by_key(demo_graph, "th_frank")] == Label.OUT


def test_demo_debate_checks_find_what_the_data_lacks_and_nothing_else(demo_graph: Graph) -> None:
    findings = check_map(demo_graph)
    found = {f.code for f in findings}
    assert found == {"unsupported-claim", "quote-without-locator", "orphan"}
    # The one item no thesis uses: the Suzuki cabinet taking office.
    orphans = [f.nodes for f in findings if f.code == "orphan"]
    assert orphans == [(by_key(demo_graph, "ev_suzuki_cabinet"),)]
    # The loader keeps quotes but no node locators (page numbers live on the links).
    quoted = {n.id for n in demo_graph.nodes.values() if n.quote}
    assert {f.nodes[0] for f in findings if f.code == "quote-without-locator"} == quoted
    # Key claims are asserted by their scholars; the data links evidence to theses only.
    unsupported = {f.nodes[0] for f in findings if f.code == "unsupported-claim"}
    assert {demo_graph.nodes[nid].kind for nid in unsupported} == {"claim"}


def test_demo_debate_setting_aside_the_soviet_declaration_weakens_wilson(
    demo_graph: Graph,
) -> None:
    declaration = by_key(demo_graph, "ev_soviet_declaration")
    result = counterfactual(demo_graph, {declaration})
    changes = {c.thesis: c for c in result.theses}
    assert len(changes) == 14
    wilson = changes[by_key(demo_graph, "th_wilson")]
    assert wilson.delta is not None and wilson.delta < 0
