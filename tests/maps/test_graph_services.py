"""Writing a whole graph as a map (forks, imports): complete, all or nothing, constant queries."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap.graph import Graph, GraphLink, GraphNode, GraphSource
from argmap.interchange.base import Limits
from argmap.maps import services
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Link, Map, Node, Source
from argmap.maps.selectors import map_bundle
from tests.factories import build_map

pytestmark = pytest.mark.django_db


def shape(map_: Map) -> tuple[int, int, int, int]:
    graph = bundle_graph(map_bundle(map_))
    kinds = [ln.kind for ln in graph.links.values()]
    return (
        len(graph.nodes),
        kinds.count("supports"),
        kinds.count("opposes"),
        kinds.count("undercuts"),
    )


def test_fork_copies_every_node_and_link_and_shares_the_sources(ada: User, demo: Map) -> None:
    sources_before = Source.objects.count()
    fork = services.map_fork(map=demo, owner=ada)
    assert fork.owner == ada and fork.visibility == "private" and fork.forked_from == demo
    assert shape(fork) == shape(demo)
    assert Source.objects.count() == sources_before
    hiroshima = Node.objects.get(map=fork, key="ev_hiroshima")
    assert hiroshima.origin == Node.objects.get(map=demo, key="ev_hiroshima")
    assert hiroshima.date_precision == "time" and hiroshima.source is not None
    co = Link.objects.filter(
        map=fork, key="th_wilson--on--ev_rescript_aug15--x--ev_rescript_aug15--th_orthodox"
    ).get()
    assert co.target_link is not None and co.target_link.map == fork


def test_fork_of_a_fork_points_at_the_first_origin(ada: User, ben: User, demo: Map) -> None:
    first = services.map_fork(map=demo, owner=ada)
    second = services.map_fork(map=first, owner=ben)
    copy = Node.objects.get(map=second, key="th_frank")
    assert copy.origin == Node.objects.get(map=demo, key="th_frank")


def test_fork_queries_do_not_grow_with_the_map(ada: User) -> None:
    small, large = build_map(ada, nodes=10), build_map(ada, nodes=400)
    with CaptureQueriesContext(connection) as few:
        services.map_fork(map=small, owner=ada)
    with CaptureQueriesContext(connection) as many:
        services.map_fork(map=large, owner=ada)
    assert len(few) == len(many)


def graph_with(*nodes: GraphNode, links: tuple[GraphLink, ...] = ()) -> Graph:
    graph = Graph(title="Imported")
    for node in nodes:
        graph.add_node(node)
    for link in links:
        graph.add_link(link)
    return graph


def test_graph_with_a_bad_date_writes_nothing_and_names_the_node(ada: User) -> None:
    graph = graph_with(
        GraphNode(id="t", kind="thesis", text="The bomb ended the war"),
        GraphNode(id="e7", kind="evidence", text="Hiroshima", date="6 Aug 1945"),
        links=(GraphLink(id="l1", kind="supports", source="e7", target="t"),),
    )
    before = (Map.all_objects.count(), Node.all_objects.count())
    with pytest.raises(ValidationError) as caught:
        services.map_create_from_graph(owner=ada, graph=graph)
    assert "node 'e7'" in caught.value.messages[0] and "is not a date" in caught.value.messages[0]
    assert (Map.all_objects.count(), Node.all_objects.count()) == before


def test_graph_with_a_dangling_link_writes_nothing(ada: User) -> None:
    graph = graph_with(
        GraphNode(id="t", kind="thesis", text="T"),
        links=(GraphLink(id="l1", kind="supports", source="ghost", target="t"),),
    )
    with pytest.raises(ValidationError, match="does not exist"):
        services.map_create_from_graph(owner=ada, graph=graph)
    assert not Map.all_objects.exists()


def test_graph_with_undercuts_of_undercuts_is_written_in_layers(ada: User) -> None:
    graph = graph_with(
        GraphNode(id="t", kind="thesis", text="T"),
        GraphNode(id="a", kind="claim", text="A"),
        GraphNode(id="b", kind="claim", text="B"),
        GraphNode(id="c", kind="claim", text="C"),
        links=(
            GraphLink(id="1", kind="supports", source="a", target="t"),
            GraphLink(id="2", kind="undercuts", source="b", target_link="1"),
            GraphLink(id="3", kind="undercuts", source="c", target_link="2"),
        ),
    )
    map_ = services.map_create_from_graph(owner=ada, graph=graph)
    third = Link.objects.get(map=map_, source_node__text="C")
    assert third.target_link is not None and third.target_link.target_link is not None


def test_graph_with_an_undercut_cycle_is_refused(ada: User) -> None:
    graph = graph_with(
        GraphNode(id="a", kind="claim", text="A"),
        GraphNode(id="b", kind="claim", text="B"),
        links=(
            GraphLink(id="1", kind="undercuts", source="a", target_link="2"),
            GraphLink(id="2", kind="undercuts", source="b", target_link="1"),
        ),
    )
    with pytest.raises(ValidationError, match="undercuts form a cycle"):
        services.map_create_from_graph(owner=ada, graph=graph)
    assert not Map.all_objects.exists()


def test_graph_sources_are_matched_by_key_or_created(ada: User) -> None:
    existing = services.source_create(title="Racing the Enemy", key="src_hasegawa_2005")
    graph = graph_with(
        GraphNode(id="e", kind="evidence", text="E", source="s1", extra_sources=["s2"])
    )
    graph.sources = {
        "s1": GraphSource(id="s1", title="anything", key="src_hasegawa_2005"),
        "s2": GraphSource(id="s2", title="A brand new book"),
    }
    map_ = services.map_create_from_graph(owner=ada, graph=graph)
    node = Node.objects.get(map=map_)
    assert node.source == existing
    assert [s.title for s in node.extra_sources.all()] == ["A brand new book"]


def test_graph_naming_a_source_it_does_not_carry_is_refused(ada: User) -> None:
    graph = graph_with(GraphNode(id="e", kind="evidence", text="E", source="nowhere"))
    with pytest.raises(ValidationError, match="node 'e': source 'nowhere' does not exist"):
        services.map_create_from_graph(owner=ada, graph=graph)
    assert not Map.all_objects.exists()


def test_graph_with_a_co_premise_that_is_an_end_is_refused(ada: User) -> None:
    graph = graph_with(
        GraphNode(id="a", kind="claim", text="A"),
        GraphNode(id="t", kind="thesis", text="T"),
        links=(GraphLink(id="1", kind="supports", source="a", target="t", co_premises=["t"]),),
    )
    with pytest.raises(ValidationError, match="a co-premise is a further statement, not an end"):
        services.map_create_from_graph(owner=ada, graph=graph)


def test_two_records_with_one_key_are_refused_as_an_import_is(ada: User) -> None:
    graph = graph_with(
        GraphNode(id="e", kind="evidence", text="E", source="s1", extra_sources=["s2"])
    )
    graph.sources = {
        "s1": GraphSource(id="s1", title="Same", key="src_same"),
        "s2": GraphSource(id="s2", title="Same", key="src_same"),
    }
    with pytest.raises(ValidationError, match="source 's2': the key 'src_same' is used twice"):
        services.map_create_from_graph(owner=ada, graph=graph)
    assert not Source.objects.filter(key="src_same").exists()


def test_a_long_chain_of_undercuts_is_written(ada: User) -> None:
    nodes = [GraphNode(id=f"n{i}", kind="claim", text=f"N{i}") for i in range(1202)]
    links = [GraphLink(id="0", kind="supports", source="n0", target="n1")]
    links += [
        GraphLink(id=str(i), kind="undercuts", source=f"n{i + 1}", target_link=str(i - 1))
        for i in range(1, 1200)
    ]
    graph = graph_with(*nodes, links=tuple(links))
    with pytest.raises(ValidationError, match="nest more than 40 deep"):
        services.map_create_from_graph(owner=ada, graph=graph)
    # Deeper than an import may hold, but written all the same when the caller allows it (a fork
    # copies what is stored): one layer of undercuts at a time, no recursion.
    map_ = services.map_create_from_graph(owner=ada, graph=graph, limits=Limits(max_depth=1200))
    assert Link.objects.filter(map=map_, kind="undercuts").count() == 1199
