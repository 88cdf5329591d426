"""A page makes the same number of SQL queries whatever the size of the map."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.clients import browsing
from tests.factories import build_map

pytestmark = pytest.mark.django_db


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_map_page_queries_do_not_grow_with_the_map(ada: User, ada_client: Client) -> None:
    small = build_map(ada, nodes=10)
    large = build_map(ada, nodes=1000)
    assert large.nodes.count() == 1000
    browsing(ada_client)
    small_count = queries_for(ada_client, small.get_absolute_url())
    large_count = queries_for(ada_client, large.get_absolute_url())
    assert small_count == large_count
    # session, user, map, the generation of the page's tag; the structure (nodes, links,
    # co-premises); the results, cached per revision (a first reading stores them: 5 more);
    # the theses listed, the picture's list of every thesis, the scholars, coursework.
    assert large_count <= 17
    assert queries_for(ada_client, large.get_absolute_url()) <= 12  # now from the cache


def test_map_page_queries_for_an_anonymous_reader(ada: User, anon_client: Client) -> None:
    small = build_map(ada, nodes=10, visibility="public")
    large = build_map(ada, nodes=300, visibility="public")
    browsing(anon_client)
    assert queries_for(anon_client, small.get_absolute_url()) == queries_for(
        anon_client, large.get_absolute_url()
    )


def edit_queries(client: Client, map_: object) -> dict[str, int]:
    """Queries of each kind of edit, as htmx sends them (the answer redraws the changed parts)."""
    from argmap.maps.models import Link, Node

    node = Node.objects.filter(map=map_, kind="claim").first()
    thesis = Node.objects.filter(map=map_, kind="thesis").first()
    link = Link.objects.filter(map=map_, kind="supports").first()
    assert node and thesis and link
    base = f"/maps/{map_.pk}"  # type: ignore[attr-defined]
    hx = {"HX-Request": "true"}
    counts = {}
    steps = {
        "add": (f"{base}/nodes/add/", {"kind": "claim", "text": "A new claim"}),
        "edit": (
            f"{base}/nodes/{node.pk}/edit/",
            {"kind": "claim", "text": "Edited", "version": node.version},
        ),
        "link": (f"{base}/nodes/{node.pk}/links/add/", {"kind": "opposes", "target": thesis.pk}),
        "link-edit": (
            f"{base}/links/{link.pk}/edit/",
            {"kind": "opposes", "version": link.version},
        ),
        "delete": (f"{base}/nodes/{node.pk}/delete/", {}),
    }
    for name, (url, data) in steps.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, data, headers=hx)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured.captured_queries)
    return counts


def test_edit_queries_do_not_grow_with_the_map(ada: User, ada_client: Client) -> None:
    small = edit_queries(ada_client, build_map(ada, nodes=10))
    large = edit_queries(ada_client, build_map(ada, nodes=1000))
    assert small == large
    assert max(large.values()) <= 40
