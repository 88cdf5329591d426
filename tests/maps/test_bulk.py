"""Writing a graph with COPY (PostgreSQL) stores exactly the rows the ORM's bulk inserts (SQLite)
store, column by column, in a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap.graph import Graph, GraphCharacterisation, GraphLink, GraphScholar, GraphSource
from argmap.interchange import native
from argmap.maps.exports import map_export
from argmap.maps.models import Characterisation, Link, Map, Node, Revision
from argmap.maps.services import bulk, map_create_from_graph
from tests.maps.test_interchange_big import big_graph

pytestmark = pytest.mark.django_db

_OWN = {"id", "map", "created", "updated"}


def rows(map_: Map) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the map owns, in the order of ids, with its own ids replaced by their rank
    among the map's (so that two imports of one graph compare equal) and no timestamps."""
    nodes = _ranks(Node.all_objects.filter(map=map_))
    links = _ranks(Link.all_objects.filter(map=map_))
    said = _ranks(Characterisation.objects.filter(map=map_))
    own = {"source_node": nodes, "target_node": nodes, "thesis": nodes, "evidence": nodes,
           "target_link": links, "node": nodes, "link": links,
           "characterisation": said}  # fmt: skip

    def table(model: Any, **where: Any) -> list[tuple[Any, ...]]:
        fields = [f for f in model._meta.concrete_fields if f.name not in _OWN]
        found = []
        for row in (
            model._base_manager.filter(**where)
            .order_by("pk")
            .values_list(*(f.attname for f in fields))
        ):
            pairs = zip(fields, row, strict=True)
            found.append(tuple(own[f.name].get(v, v) if f.name in own else v for f, v in pairs))
        return found

    node_ids, link_ids = list(nodes), list(links)
    found = {
        "nodes": table(Node, map=map_),
        "links": table(Link, map=map_),
        "extra sources": table(Node.extra_sources.through, node__in=node_ids),
        "co-premises": table(Link.co_premises.through, link__in=link_ids),
        "attested in": table(Link.attested_in.through, link__in=link_ids),
        "characterisations": table(Characterisation, map=map_),
        "applies to": table(Characterisation.applies_to_evidence.through, node__in=node_ids),
        "counter sources": table(
            Characterisation.counter_sources.through, characterisation__map=map_
        ),
        "revisions": list(
            Revision.objects.filter(map=map_).values_list("action", "target_type", "summary")
        ),
    }
    found["map"] = [(map_.title, map_.question, Map.objects.get(pk=map_.pk).revision)]
    return found


def _ranks(rows: Any) -> dict[int, int]:
    return {pk: i for i, pk in enumerate(rows.order_by("pk").values_list("pk", flat=True))}


def rich_graph() -> Graph:
    """Every column a statement or link can fill: dates of each precision and clock, order
    hints, base scores, arguments by their gist, keys, extra sources, citations, attestations,
    co-premises, undercuts of undercuts, characterisations."""
    graph = big_graph(120)
    graph.sources["s2"] = GraphSource(id="s2", title="A second book", year=2001, key="src_two")
    graph.scholars["p2"] = GraphScholar(id="p2", name="B. Historian", works=["s2"])
    dates = ["1945", "1945-08", "1945-08-06T08:15+09:00", "1945-08-09/1945-08-10", "1945-08-14"]
    for i, node in enumerate(n for n in graph.nodes.values() if n.kind == "evidence"):
        node.date, node.place_time = dates[i % len(dates)], "Tokyo (UTC+9)" if i % 3 else ""
        node.order_hint, node.base_score = (i % 4 or None), (0.1 * (i % 10) if i % 2 else None)
        node.extra_sources, node.key, node.quote = (["s2"] if i % 5 == 0 else []), f"ev-{i}", "Q"
    claim = next(n for n in graph.nodes.values() if n.kind == "claim")
    claim.is_argument, claim.scholar, claim.school = True, "p2", "Revisionist"
    links = list(graph.links.values())
    links[3].co_premises = [links[4].source, links[5].source]
    links[6].attested_in, links[6].attestation, links[6].citation = ["s2", "s1"], "summary", "s2"
    links[6].scheme, links[6].argument, links[6].note, links[6].key = "Expert", "A1", "n", "k-1"
    graph.add_link(GraphLink("uu", "undercuts", "10", target_link="u0"))
    graph.add_link(GraphLink("uuu", "undercuts", "11", target_link="uu"))
    thesis = next(n for n in graph.nodes.values() if n.kind == "thesis")
    evidence = [n.id for n in graph.nodes.values() if n.kind == "evidence"][:2]
    graph.characterisations.append(
        GraphCharacterisation(id="c1", scholar="p1", source="s2", text="Said so", thesis=thesis.id,
                              evidence=evidence[0], applies_to_evidence=evidence,
                              counter_sources=["s1"], quotes=[{"source": "s2", "text": "x"}])
    )  # fmt: skip
    return graph


def both_ways(owner: User, graph: Graph, monkeypatch: pytest.MonkeyPatch) -> tuple[Map, Map]:
    copied = map_create_from_graph(owner=owner, graph=graph)
    with monkeypatch.context() as patched:
        patched.setattr(connection, "vendor", "sqlite")
        created = map_create_from_graph(owner=owner, graph=graph)
    return copied, created


def test_copy_writes_what_the_orm_writes(ada: User, monkeypatch: pytest.MonkeyPatch) -> None:
    copied, created = both_ways(ada, rich_graph(), monkeypatch)
    mine, theirs = rows(copied), rows(created)
    assert mine == theirs
    assert len(mine["co-premises"]) == 2 and len(mine["attested in"]) == 2
    assert map_export(map=copied, format="json").text == map_export(map=created, format="json").text


def test_the_demo_comes_back_the_same_either_way(
    ada: User, demo: Map, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = native.read(map_export(map=demo, format="json").text).graph
    copied, created = both_ways(ada, graph, monkeypatch)
    assert rows(copied) == rows(created)
    assert map_export(map=copied, format="json").text == map_export(map=created, format="json").text


def test_every_column_of_a_statement_and_a_link_is_written() -> None:
    for model, columns in ((Node, bulk.NODE_COLUMNS), (Link, bulk.LINK_COLUMNS)):
        assert sorted(columns) == sorted(f.column for f in model._meta.concrete_fields)


def test_copy_takes_constant_queries(ada: User) -> None:
    counts = []
    for n in (40, 400):
        graph = big_graph(n)
        # Sources and scholars of their own: matching stored ones would save their inserts.
        graph.sources["s1"].title = f"A history of the war in {n} statements"
        graph.scholars["p1"].name = f"A. Historian of {n} statements"
        with CaptureQueriesContext(connection) as captured:
            map_create_from_graph(owner=ada, graph=graph)
        counts.append(len(captured))
    assert counts[0] == counts[1]
