"""A page makes the same number of SQL queries whatever the size of the map."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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
    small_count = queries_for(ada_client, small.get_absolute_url())
    large_count = queries_for(ada_client, large.get_absolute_url())
    assert small_count == large_count
    assert large_count <= 12  # session, user, map, nodes, links and their m2m rows


def test_map_page_queries_for_an_anonymous_reader(ada: User, anon_client: Client) -> None:
    small = build_map(ada, nodes=10, visibility="public")
    large = build_map(ada, nodes=300, visibility="public")
    assert queries_for(anon_client, small.get_absolute_url()) == queries_for(
        anon_client, large.get_absolute_url()
    )
