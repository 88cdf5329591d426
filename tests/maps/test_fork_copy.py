"""A fork is copied inside the database (argmap/maps/services/copy.py): the copy reads, field for
field, as the original does, its statements remember where they came from, and the number of
queries does not grow with the map."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap.graph import Graph
from argmap.maps import services
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Characterisation, Link, Map, Node, Revision
from argmap.maps.selectors import map_bundle
from tests.factories import build_map

pytestmark = pytest.mark.django_db

# What a copy sets itself instead of taking it from the original row.
OWN = {"id", "map", "origin", "version", "source_node", "target_node", "target_link"}


def rich_map(owner: User) -> Map:
    """Every field and relation a copy carries: attributions, citations, dates, extra sources,
    co-premises, attestations, an undercut of an undercut, and rows deleted in every way."""
    map_ = services.map_create(owner=owner, title="Why did Japan surrender?", question="Why?")
    report = services.source_create(title="Strategic Bombing Survey", year=1946, key="usbss")
    diary = services.source_create(title="Kido diary", kind="primary")
    kido = services.scholar_create(name="Kido Kōichi", role="Lord Keeper")
    frank = services.scholar_create(name="Richard Frank", key="frank")
    bomb = services.node_create(map=map_, kind="thesis", text="The bombs ended it",
                                title="Bombs", scholar=frank, school="orthodox", key="th_bomb",
                                base_score=0.7, uncertainty="much")  # fmt: skip
    soviet = services.node_create(map=map_, kind="thesis", text="The Soviet entry ended it")
    claim = services.node_create(map=map_, kind="claim", text="Tokyo feared a coup",
                                 is_argument=True, scholar=kido)  # fmt: skip
    hiroshima = services.node_create(
        map=map_, kind="evidence", text="Hiroshima is destroyed", evidence_kind="event",
        source=report, extra_sources=[diary], locator="p. 3", quote="a flash",
        date_text="1945-08-06T08:15+09:00", place_time="Tokyo (UTC+9)",
    )  # fmt: skip
    meeting = services.node_create(map=map_, kind="evidence", text="The council meets",
                                   evidence_kind="event", date_text="1945-08-09",
                                   order_hint=2, source=diary)  # fmt: skip
    gone = services.node_create(map=map_, kind="claim", text="Deleted later")
    hidden = services.node_create(map=map_, kind="claim", text="Deleted around the services")
    main = services.link_create(
        map=map_, kind="supports", source=hiroshima, target=bomb, co_premises=[claim, gone],
        scholar=frank, rationale="shock", citation=report, citation_locator="ch. 2",
        attestation="direct", attested_in=[diary, report], note="n", key="l_main",
        scheme="cause to effect", argument="Shock",
    )  # fmt: skip
    services.link_create(map=map_, kind="opposes", source=soviet, target=bomb)
    services.link_create(map=map_, kind="supports", source=meeting, target=soviet)
    cut = services.link_create(map=map_, kind="undercuts", source=claim, target_link=main,
                               rationale="not the bomb")  # fmt: skip
    services.link_create(map=map_, kind="undercuts", source=soviet, target_link=cut)
    services.link_create(map=map_, kind="supports", source=gone, target=claim)
    doomed = services.link_create(map=map_, kind="opposes", source=meeting, target=claim)
    services.link_create(map=map_, kind="undercuts", source=bomb, target_link=doomed)
    orphan = services.link_create(map=map_, kind="supports", source=claim, target=hidden)
    services.characterisation_create(scholar=frank, source=report, text="Frank says so",
                                     thesis=bomb, map=map_)  # fmt: skip
    services.node_delete(node=gone, actor=owner)  # with its links, not its co-premise rows
    services.link_delete(link=doomed, actor=owner)  # with the undercut aimed at it
    # Deleted without the services: the link to it stays alive, and map_bundle hides it.
    Node.objects.filter(pk=hidden.pk).update(deleted_at=gone.updated)
    assert Link.objects.filter(pk=orphan.pk).exists()
    return map_


def relabelled(graph: Graph) -> Graph:
    """The graph with its statements and links numbered in order (a copy's ids differ); the
    sources and scholars keep theirs, since a copy shares them."""
    nodes = {old: str(i) for i, old in enumerate(graph.nodes)}
    links = {old: f"l{i}" for i, old in enumerate(graph.links)}
    copy = Graph(title="", question=graph.question, sources=graph.sources,
                 scholars=graph.scholars)  # fmt: skip
    for node in graph.nodes.values():
        copy.add_node(dataclasses.replace(node, id=nodes[node.id]))
    for link in graph.links.values():
        copy.add_link(
            dataclasses.replace(
                link,
                id=links[link.id],
                source=nodes[link.source],
                target=nodes[link.target] if link.target else None,
                target_link=links[link.target_link] if link.target_link else None,
                co_premises=[nodes[p] for p in link.co_premises],
            )
        )
    return copy


def rows(model: type[Node] | type[Link], map_: Map) -> list[dict[str, Any]]:
    """Every stored column but those a copy sets itself (and its timestamps)."""
    fields = [f.attname for f in model._meta.concrete_fields
              if f.name not in OWN | {"created", "updated"}]  # fmt: skip
    return [{f: getattr(r, f) for f in fields} for r in model.all_objects.filter(map=map_)]


def test_a_fork_reads_as_its_original_field_for_field(ada: User, ben: User) -> None:
    original = rich_map(ada)
    fork = services.map_fork(map=original, owner=ben)
    before, after = bundle_graph(map_bundle(original)), bundle_graph(map_bundle(fork))
    assert before.characterisations and not after.characterisations
    assert not Characterisation.objects.filter(map=fork).exists()
    before.characterisations = []
    assert relabelled(after) == relabelled(before)
    assert len(after.nodes) == 5 and len(after.links) == 5
    main = next(ln for ln in after.links.values() if ln.key == "l_main")
    assert len(main.co_premises) == 1 and len(main.attested_in) == 2
    # Rows as stored, with the dates the text was parsed into, the deleted ones left behind.
    alive = [r for r in rows(Node, original) if r["deleted_at"] is None]
    assert rows(Node, fork) == alive
    assert Node.objects.get(map=fork, key="th_bomb").version == 1
    revision = Revision.objects.get(map=fork, target_type="map")
    assert revision.summary == (
        "map “Why did Japan surrender? (copy)”, copied from “Why did Japan surrender?”: "
        "5 statements, 5 links"
    )
    assert fork.forked_from == original and fork.visibility == "private"


def test_each_copy_descends_from_the_first_statement_of_its_chain(ada: User, ben: User) -> None:
    original = rich_map(ada)
    first = services.map_fork(map=original, owner=ben)
    second = services.map_fork(map=first, owner=ada, title="Again")
    live = list(Node.objects.filter(map=original).values_list("pk", flat=True))
    for copy in (first, second):
        assert list(Node.objects.filter(map=copy).values_list("origin", flat=True)) == live
    assert second.title == "Again"


def test_the_copy_s_links_name_only_the_copy_s_rows(ada: User, ben: User) -> None:
    original = rich_map(ada)
    fork = services.map_fork(map=original, owner=ben)
    nodes = set(Node.objects.filter(map=fork).values_list("pk", flat=True))
    link_ids = set(Link.objects.filter(map=fork).values_list("pk", flat=True))
    for link in Link.objects.filter(map=fork):
        assert link.source_node_id in nodes
        assert link.target_node_id in nodes or link.target_link_id in link_ids
        assert {n.pk for n in link.co_premises.all()} <= nodes


def test_a_fork_takes_the_same_queries_at_10_and_200_statements(ada: User) -> None:
    small, large = build_map(ada, nodes=10), build_map(ada, nodes=200)
    counts = []
    for map_ in (small, large):
        with CaptureQueriesContext(connection) as captured:
            services.map_fork(map=map_, owner=ada)
        counts.append(len(captured))
    # four savepoints; the owner, the map, its revision and its count (map_create), its origin;
    # the ids of the statements and of the links; the co-premises; five inserts; the summary;
    # the notice to the pages open on the new map (pg_notify in bump: argmap/lib/bus.py)
    assert counts == [19, 19]
