"""Every debate page makes the same number of SQL queries whatever the size of the map; the
scholar page, whatever the number of maps its theses are in."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from argmap.maps.models import Map, Node
from tests.clients import browsing
from tests.factories import ScholarFactory, build_map

pytestmark = pytest.mark.django_db

# session, user, the map, the generation of the debate view's tag (argmap/lib/revalidation.py),
# and map_bundle's seven queries
LIMIT = 11
# A matrix cell loads its map's structure (three queries of plain values) to search its paths and
# its theses (one) to name them apart, then only the part of the map it shows (map_bundle's
# seven queries, in proportion to the cell).
CELL_LIMIT = LIMIT + 4


def limit(url: str) -> int:
    return CELL_LIMIT if re.search(r"/matrix/\d+/\d+/$", url) else LIMIT


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def pages(map_: Map) -> list[str]:
    theses = list(map_.nodes.filter(kind="thesis").values_list("pk", flat=True)[:3])
    evidence = map_.nodes.filter(kind="evidence").first()
    assert evidence is not None
    base = f"/maps/{map_.pk}"
    return [
        f"{base}/debate/?" + "&".join(f"thesis={pk}" for pk in theses[:2]),
        f"{base}/debate/?"
        + "&".join(f"thesis={pk}" for pk in theses[:2])
        + f"&aside={evidence.pk}",
        f"{base}/matrix/",
        f"{base}/matrix/?sort=uses&kind=event&indirect=on",
        f"{base}/matrix.csv?sort=title",
        f"{base}/matrix/{evidence.pk}/{theses[0]}/",
        f"{base}/timeline/",
        f"{base}/timeline/?from=1945-08-01&to=1945-08-10&thesis={theses[0]}",
    ]


@pytest.mark.slow
def test_debate_pages_make_as_many_queries_for_1000_statements_as_for_10(
    ada: User, ada_client: Client
) -> None:
    small = build_map(ada, nodes=40)  # two theses at least: build_map makes one per twenty
    large = build_map(ada, nodes=1000)
    assert large.nodes.count() == 1000
    browsing(ada_client)
    for small_url, large_url in zip(pages(small), pages(large), strict=True):
        small_count = queries_for(ada_client, small_url)
        assert small_count == queries_for(ada_client, large_url), small_url
        assert small_count <= limit(small_url), small_url


def test_debate_pages_for_an_anonymous_reader(ada: User, anon_client: Client) -> None:
    small = build_map(ada, nodes=40, visibility="public")
    large = build_map(ada, nodes=300, visibility="public")
    browsing(anon_client)
    for small_url, large_url in zip(pages(small), pages(large), strict=True):
        assert queries_for(anon_client, small_url) == queries_for(anon_client, large_url)
        assert queries_for(anon_client, small_url) <= limit(small_url) - 2  # no session, no user


def test_scholar_page_queries_do_not_grow_with_maps_or_their_size(
    ada: User, ada_client: Client
) -> None:
    scholar = ScholarFactory(name="Richard B. Frank")
    one = build_map(ada, nodes=40)
    Node.objects.filter(map=one, kind="thesis").update(scholar=scholar)
    url = scholar.get_absolute_url()
    with_one_map = queries_for(ada_client, url)
    for _ in range(3):
        more = build_map(ada, nodes=200)
        Node.objects.filter(map=more, kind="thesis").update(scholar=scholar)
    assert queries_for(ada_client, url) == with_one_map


def test_source_page_queries_do_not_grow_with_the_maps_citing_it(
    ada: User, ada_client: Client
) -> None:
    small = build_map(ada, nodes=20)
    source = small.nodes.filter(kind="evidence").first().source  # type: ignore[union-attr]
    count = queries_for(ada_client, source.get_absolute_url())
    large = build_map(ada, nodes=300)
    Node.objects.filter(map=large, kind="evidence").update(source=source)
    assert queries_for(ada_client, source.get_absolute_url()) == count
