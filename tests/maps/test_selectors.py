"""A stored map converts to the plain graph, the outline and the picture without losing anything."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from argmap.interchange.base import DEFAULT_LIMITS
from argmap.interchange.checks import check_graph
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Map
from argmap.maps.outline import map_outline
from argmap.maps.picture import map_elements
from argmap.maps.selectors import map_bundle
from tests.factories import build_map

pytestmark = pytest.mark.django_db


def test_bundle_graph_of_the_demo_is_well_formed_and_complete(demo: Map) -> None:
    graph = bundle_graph(map_bundle(demo))
    assert check_graph(graph, DEFAULT_LIMITS) is graph
    assert len(graph.nodes) == demo.nodes.count()
    assert len(graph.links) == demo.links.count()
    assert sum(1 for _ in graph.theses()) == 19
    hiroshima = next(n for n in graph.nodes.values() if n.key == "ev_hiroshima")
    assert hiroshima.date == "1945-08-06T08:15+09:00" and hiroshima.source in graph.sources


def test_outline_reaches_every_node_once_expanded(ada: User) -> None:
    map_ = build_map(ada, nodes=60)
    bundle = map_bundle(map_)
    outline = map_outline(bundle)
    seen: set[int] = set()

    def walk(items):  # type: ignore[no-untyped-def]
        for item in items:
            if item.first:
                assert item.node.pk not in seen
                seen.add(item.node.pk)
            walk(item.children)
            walk(item.undercuts)

    for section in outline.sections:
        seen.add(section.thesis.pk)
        walk(section.items)
    assert seen | {n.pk for n in outline.unattached} == set(bundle.nodes)


def test_picture_draws_undercuts_and_co_premises_through_junctions(ada: User) -> None:
    map_ = build_map(ada, nodes=12)
    elements = map_elements(map_bundle(map_), statuses={})
    statements = [n for n in elements["nodes"] if n["data"]["kind"] != "junction"]
    junctions = [n for n in elements["nodes"] if n["data"]["kind"] == "junction"]
    assert len(statements) == 12 and len(junctions) == 2
    ids = {n["data"]["id"] for n in elements["nodes"]}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in elements["edges"])
