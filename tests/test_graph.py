"""The plain graph type reports structural problems in words."""

from __future__ import annotations

from argmap.graph import Graph, GraphLink, GraphNode


def test_graph_problems_names_dangling_and_ill_typed_links() -> None:
    graph = Graph()
    graph.add_node(GraphNode(id="a", kind="claim", text="A"))
    graph.add_node(GraphNode(id="b", kind="thesis", text="B"))
    graph.add_link(GraphLink(id="1", kind="supports", source="a", target="b"))
    assert graph.problems() == []
    graph.add_link(GraphLink(id="2", kind="supports", source="a", target="zz"))
    graph.add_link(GraphLink(id="3", kind="undercuts", source="a", target="b"))
    graph.add_link(GraphLink(id="4", kind="opposes", source="b", target="b"))
    problems = "\n".join(graph.problems())
    assert "link 2: target node 'zz' does not exist" in problems
    assert "link 3: an undercut must target exactly one link" in problems
    assert "link 4: a node cannot oppose itself" in problems
