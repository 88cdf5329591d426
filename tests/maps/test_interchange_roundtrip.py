"""The demo debate through every two-way format, in memory and through the database."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from argmap.graph import Graph
from argmap.interchange import aif, argdown, native
from argmap.interchange.losses import Unsupported, count_lost
from argmap.maps.demo import load_demo
from argmap.maps.exports import map_export, map_export_graph
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Map
from argmap.maps.selectors import map_bundle
from argmap.maps.services.imports import map_import
from tests.factories import build_map
from tests.interchange.helpers import canon


@pytest.fixture(scope="module")
def demo_graph(django_db_setup: None, django_db_blocker: object) -> Iterator[Graph]:
    """The demo debate as a plain graph, built once in a transaction that is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        demo = load_demo().map
        graph = map_export_graph(demo)
        assert len(graph.nodes) == len(bundle_graph(map_bundle(demo)).nodes)
        transaction.set_rollback(True)
    yield graph


def test_demo_graph_has_what_the_formats_must_carry(demo_graph: Graph) -> None:
    kinds = [ln.kind for ln in demo_graph.links.values()]
    assert len(demo_graph.nodes) > 100 and kinds.count("undercuts") > 10
    assert demo_graph.characterisations and any(s.works for s in demo_graph.scholars.values())


@pytest.mark.parametrize("module", [argdown, native], ids=["argdown", "native"])
def test_demo_round_trips_unchanged_through_argdown_and_native_json(
    demo_graph: Graph, module: object
) -> None:
    written = module.write(demo_graph)  # type: ignore[attr-defined]
    result = module.read(written.text)  # type: ignore[attr-defined]
    assert written.lost == [] and result.notes == []
    assert canon(result.graph) == canon(demo_graph)


def without(unsupported: Unsupported, field: str) -> Unsupported:
    group, name = field.split(".")
    plural = {"node": "nodes", "link": "links", "scholar": "scholars", "map": "map"}[group]
    kept = tuple(n for n in getattr(unsupported, plural) if n != name)
    return dataclasses.replace(unsupported, **{plural: kept})


@pytest.mark.parametrize("writer", [aif.write, aif.write_ova], ids=["aifdb", "ova"])
def test_demo_round_trips_through_aif_losing_exactly_what_is_documented(
    demo_graph: Graph, writer: object
) -> None:
    written = writer(demo_graph)  # type: ignore[operator]
    back = aif.read(written.text).graph
    unsupported = aif.UNSUPPORTED
    # Everything AIF expresses comes back…
    assert canon(back, unsupported) == canon(demo_graph, unsupported)
    # …nothing of what it cannot express does…
    assert count_lost(back, unsupported) == {}
    # …and each field listed as lost really differs, while every other field is equal.
    lost = count_lost(demo_graph, unsupported)
    assert {"node.date", "node.quote", "link.citation", "link.attestation"} <= set(lost)
    for field in [f"node.{n}" for n in unsupported.nodes] + [
        f"link.{n}" for n in unsupported.links
    ]:
        narrower = without(unsupported, field)
        same = canon(back, narrower) == canon(demo_graph, narrower)
        assert same == (field not in lost), field
    assert len(written.lost) == len(lost)


@pytest.mark.django_db
def test_native_export_import_export_gives_the_same_file(ada: User, demo: Map) -> None:
    first = map_export(map=demo, format="json")
    copy = map_import(owner=ada, text=first.text, format="json").map
    assert map_export(map=copy, format="json").text == first.text
    assert (copy.title, copy.question, copy.description) == (
        demo.title, demo.question, demo.description,
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["argdown", "aif", "ova"])
def test_demo_exported_and_imported_again_is_the_same_map(
    ada: User, format: str, demo: Map
) -> None:
    copy = map_import(owner=ada, text=map_export(map=demo, format=format).text, format=format).map
    unsupported = aif.UNSUPPORTED if format != "argdown" else Unsupported()
    if format != "argdown":  # AIF carries neither title nor question: the import names the map
        unsupported = dataclasses.replace(unsupported, map=("title", "question", "description"))
    assert canon(map_export_graph(copy), unsupported) == canon(map_export_graph(demo), unsupported)


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_the_map(ada: User) -> None:
    small, large = build_map(ada, nodes=10), build_map(ada, nodes=300)
    with CaptureQueriesContext(connection) as few:
        map_export(map=small, format="argdown")
    with CaptureQueriesContext(connection) as many:
        map_export(map=large, format="argdown")
    assert len(few) == len(many)
