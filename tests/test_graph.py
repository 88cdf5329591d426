"""A graph is checked in one place (`check_graph`), which names what is wrong in words."""

from __future__ import annotations

import pytest

from argmap.graph import Graph, GraphLink, GraphNode
from argmap.interchange.base import DEFAULT_LIMITS, InterchangeError
from argmap.interchange.checks import check_graph


def _graph(*links: GraphLink) -> Graph:
    graph = Graph()
    graph.add_node(GraphNode(id="a", kind="claim", text="A"))
    graph.add_node(GraphNode(id="b", kind="thesis", text="B"))
    for link in links:
        graph.add_link(link)
    return graph


def test_a_well_formed_graph_passes() -> None:
    graph = _graph(GraphLink(id="1", kind="supports", source="a", target="b"))
    assert check_graph(graph, DEFAULT_LIMITS) is graph


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (
            GraphLink(id="2", kind="supports", source="a", target="zz"),
            "link '2': target statement 'zz' does not exist",
        ),
        (
            GraphLink(id="3", kind="undercuts", source="a", target="b"),
            "link '3': an undercut attacks exactly one link (and no statement)",
        ),
        (
            GraphLink(id="4", kind="opposes", source="b", target="b"),
            "link '4': a statement cannot oppose itself",
        ),
        (
            GraphLink(id="5", kind="attacks", source="a", target="b"),
            "link '5': kind must be one of supports, opposes, undercuts, not 'attacks'",
        ),
        (
            GraphLink(id="6", kind="supports", source="a", target="b", co_premises=["q"]),
            "link '6': co-premise 'q' does not exist",
        ),
    ],
)
def test_check_graph_names_dangling_and_ill_typed_links(link: GraphLink, message: str) -> None:
    with pytest.raises(InterchangeError) as refused:
        check_graph(_graph(link), DEFAULT_LIMITS)
    assert str(refused.value) == message
