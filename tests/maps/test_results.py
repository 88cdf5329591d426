"""The standings the page caches (`compute`), worked out from the database's columns, are those
of the full path through the loaded map and a `Graph` (`assess`): on the demo, and on built maps
with undercuts of undercuts, co-premises, cycles and evidence set aside."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from argmap.graph import Graph, GraphLink, GraphNode
from argmap.maps.assessment import assess
from argmap.maps.columns import load_columns
from argmap.maps.models import Link, Map, Node
from argmap.maps.results import compute
from argmap.maps.selectors import map_bundle
from argmap.maps.services import map_create_from_graph
from argmap.maps.structure import load_structure
from tests.factories import build_map

pytestmark = pytest.mark.django_db


def full_path(map_: Map, aside: list[int]) -> dict[int, tuple[Any, ...]]:
    """What the page showed before it read columns: the map loaded as rows, a `Graph`,
    `evaluate`, and set aside through `counterfactual`."""
    found = assess(map_bundle(map_), aside=aside, with_checks=False).results
    return {pk: (r.status, r.strength, r.defensible, r.everywhere) for pk, r in found.items()}


def lean_path(map_: Map, aside: list[int]) -> dict[int, tuple[Any, ...]]:
    return compute(load_structure(map_.pk), map_.revision, aside).nodes


def tangled(owner: User, *, cycle: bool) -> Map:
    """Two theses, an objection undercut by an undercut that is undercut in turn, supports with
    co-premises, evidence of set base scores; with `cycle` the theses object to each other and
    two claims do (quadratic energy, and the claims in dispute, so preferred semantics is asked)."""
    graph = Graph(title="Tangled")
    names = ["t1", "t2", "c1", "c2", "c3", "c4"]
    for nid, kind in zip(names, ["thesis"] * 2 + ["claim"] * 4, strict=True):
        graph.add_node(GraphNode(nid, kind, f"Statement {nid}"))
    for i in range(1, 7):
        graph.add_node(GraphNode(f"e{i}", "evidence", f"Evidence {i}", base_score=0.1 * i))
    links = [
        GraphLink("l1", "supports", "e1", target="t1"),
        GraphLink("l2", "opposes", "e2", target="t1"),
        GraphLink("u1", "undercuts", "c1", target_link="l2"),
        GraphLink("u2", "undercuts", "c2", target_link="u1"),
        GraphLink("l3", "supports", "e3", target="t1", co_premises=["e4"]),
        GraphLink("l4", "opposes", "t1", target="t2"),
        GraphLink("l6", "opposes", "e5", target="c1"),
        GraphLink("l7", "supports", "e6", target="c2"),
        GraphLink("l8", "supports", "e4", target="t2", co_premises=["e5", "e6"]),
    ]
    if cycle:
        links.append(GraphLink("l5", "opposes", "t2", target="t1"))
        links.append(GraphLink("l9", "opposes", "c3", target="c4"))
        links.append(GraphLink("l10", "opposes", "c4", target="c3"))
        links.append(GraphLink("l11", "supports", "c3", target="t2"))
    for link in links:
        graph.add_link(link)
    return map_create_from_graph(owner=owner, graph=graph)


def evidence(map_: Map) -> list[int]:
    return list(Node.objects.filter(map=map_, kind="evidence").values_list("pk", flat=True))


@pytest.mark.parametrize("cycle", [False, True], ids=["acyclic", "cyclic"])
def test_built_maps_give_the_full_paths_standings_with_and_without_evidence_aside(
    ada: User, cycle: bool
) -> None:
    map_ = tangled(ada, cycle=cycle)
    e = evidence(map_)
    for aside in ([], [e[0]], [e[3]], [e[2], e[4]], e):
        assert lean_path(map_, aside) == full_path(map_, aside), aside
    semantics = compute(load_structure(map_.pk), 0).semantics
    assert semantics == ("quadratic-energy" if cycle else "df-quad")
    # With the cycle, the theses are in dispute: their flags came from preferred semantics.
    assert any(r[0] == "undecided" for r in lean_path(map_, []).values()) == cycle


def test_the_demo_gives_the_full_paths_standings(demo: Map) -> None:
    assert lean_path(demo, []) == full_path(demo, [])
    for aside in ([evidence(demo)[0]], evidence(demo)[5:9]):
        assert lean_path(demo, aside) == full_path(demo, aside)


def test_rows_written_around_the_services_are_read_as_the_structure_always_read_them(
    ada: User,
) -> None:
    map_ = tangled(ada, cycle=True)
    node = {n.text: n for n in Node.objects.filter(map=map_)}
    # A statement deleted without its links: its objection (l2) and the undercut of it (u1) go;
    # the undercut of that undercut (u2) stays in the structure and evaluation leaves it out.
    # A co-premise deleted alone is left off its link.
    now = timezone.now()
    Node.objects.filter(pk__in=[node["Evidence 2"].pk, node["Evidence 5"].pk]).update(
        deleted_at=now
    )
    structure = load_structure(map_.pk)
    assert structure.nodes.keys() == {n.pk for n in Node.objects.filter(map=map_)}
    assert structure == former_structure(map_.pk)
    assert lean_path(map_, []) == full_path(map_, [])


def former_structure(map_id: int) -> Any:
    """The structure as it was read before columns, row by row (the rules to keep)."""
    from argmap.maps.structure import Edge, Row, Structure

    nodes = {
        pk: Row(kind, base, scholar)
        for pk, kind, base, scholar in Node.objects.filter(map_id=map_id).values_list(
            "pk", "kind", "base_score", "scholar_id"
        )
    }
    premises: dict[int, list[int]] = defaultdict(list)
    for link_id, node_id in (
        Link.co_premises.through.objects.filter(link__map_id=map_id, link__deleted_at__isnull=True)
        .order_by("pk")
        .values_list("link_id", "node_id")
    ):
        if node_id in nodes:
            premises[link_id].append(node_id)
    fields = ("pk", "kind", "source_node_id", "target_node_id", "target_link_id", "scholar_id")
    links = {
        pk: Edge(kind, source, target, target_link, scholar, premises.get(pk, []))
        for pk, kind, source, target, target_link, scholar in Link.objects.filter(
            map_id=map_id
        ).values_list(*fields)
        if source in nodes and (target is None or target in nodes)
    }
    links = {pk: e for pk, e in links.items() if e.target_link is None or e.target_link in links}
    index: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(4)]
    for pk, edge in links.items():
        index[1][edge.source].append(pk)
        if edge.target is not None:
            index[0][edge.target].append(pk)
        elif edge.target_link is not None:
            index[2][edge.target_link].append(pk)
        for premise in edge.co_premises:
            index[3][premise].append(pk)
    return Structure(nodes, links, *index, columns=load_columns([map_id])[map_id])


def test_the_demos_structure_is_read_as_before(demo: Map) -> None:
    assert load_structure(demo.pk) == former_structure(demo.pk)


def test_columns_read_row_by_row_are_the_arrays_columns(
    demo: Map, ada: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What SQLite (`make run`) reads, through the ORM, equals what PostgreSQL's arrays give."""
    built = tangled(ada, cycle=True)
    arrays = load_columns([demo.pk, built.pk])
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert load_columns([demo.pk, built.pk]) == arrays


def test_structure_and_standings_take_constant_queries(ada: User) -> None:
    small, large = build_map(ada, nodes=10), build_map(ada, nodes=300)
    for map_ in (small, large):
        aside = evidence(map_)[:1]
        with CaptureQueriesContext(connection) as loading:
            structure = load_structure(map_.pk)
        with CaptureQueriesContext(connection) as evaluating:
            compute(structure, map_.revision, aside)
        # statements, links, co-premises; evaluating reads nothing more
        assert (len(loading), len(evaluating)) == (3, 0)
