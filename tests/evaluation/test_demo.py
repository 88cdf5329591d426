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
    # The debate is not settled one way: some positions hold here, some face an open objection.
    thesis_labels = {result.labels[t.id] for t in demo_graph.theses()}
    assert {Label.IN, Label.OUT} <= thesis_labels
    # Wilson's thesis is opposed by nothing recorded; Frank's objection (Hasegawa's thesis) is
    # itself answered by Kort's and Newman's, which nothing recorded answers.
    assert result.labels[by_key(demo_graph, "th_wilson")] == Label.IN
    assert result.labels[by_key(demo_graph, "th_frank")] == Label.IN
    assert result.labels[by_key(demo_graph, "th_hasegawa")] == Label.OUT
    # Nothing is left in dispute, so defensible and in every position agree with grounded.
    for thesis in demo_graph.theses():
        held = result.labels[thesis.id] == Label.IN
        assert result.defensible(thesis.id) is held and result.sceptical(thesis.id) is held


# The findings on the shipped demo, every one of them true of the data: key claims no evidence
# is linked to, and answers whose work is older than the use they answer.
UNSUPPORTED_KEY_CLAIMS = {
    "th_alperovitz-k3", "th_bernstein-k4", "th_bernstein-k5", "th_butow-k1", "th_butow-k2",
    "th_gordin-k3", "th_hasegawa-k4", "th_hatano-k3", "th_kawamura-k1", "th_kawamura-k3",
    "th_kort-k1", "th_newman-k3", "th_sigal-k1", "th_soviet_official-k2", "th_walker-k4",
}  # fmt: skip


def test_demo_debate_checks_list_only_true_findings(demo_graph: Graph) -> None:
    findings = check_map(demo_graph)
    assert {f.code for f in findings} == {"unsupported-claim", "answer-older-than-use"}
    unsupported = {
        demo_graph.nodes[f.nodes[0]].key for f in findings if f.code == "unsupported-claim"
    }
    assert unsupported == UNSUPPORTED_KEY_CLAIMS
    for key in unsupported:  # nothing at all points at them
        node_id = by_key(demo_graph, key)
        assert not any(
            ln.target == node_id for ln in demo_graph.links.values() if ln.kind == "supports"
        )
    older = [demo_graph.links[f.links[0]] for f in findings if f.code == "answer-older-than-use"]
    assert len(older) == 13  # the data's 13 answers with relation "inconsistent"
    for undercut in older:
        answered = demo_graph.links[undercut.target_link or ""]
        mine, theirs = (
            demo_graph.sources[undercut.citation or ""],
            demo_graph.sources[answered.citation or ""],
        )
        assert mine.year is not None and theirs.year is not None and mine.year < theirs.year
    assert len(findings) == 28  # 87 in the version-1 demo


def test_demo_debate_setting_aside_the_soviet_declaration_weakens_wilson(
    demo_graph: Graph,
) -> None:
    declaration = by_key(demo_graph, "ev_soviet_declaration")
    result = counterfactual(demo_graph, {declaration})
    changes = {c.thesis: c for c in result.theses}
    assert len(changes) == 19
    wilson = changes[by_key(demo_graph, "th_wilson")]
    assert wilson.delta is not None and wilson.delta < 0
