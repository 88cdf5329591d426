"""The reading pages: what each of the cast sees, and what answers 404."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.maps.models import Map, Node
from tests.factories import EvidenceFactory, MapFactory, ThesisFactory, build_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def adas_private_map(ada: User) -> Map:
    return build_map(ada, nodes=12, visibility="private")


def test_home_lists_the_public_demo_debate_for_anyone(anon_client: Client, demo: Map) -> None:
    page = anon_client.get("/")
    assert page.status_code == 200
    assert "Why did Japan surrender in August 1945?" in page.text


def test_home_lists_my_maps_when_logged_in(ada_client: Client, adas_private_map: Map) -> None:
    page = ada_client.get("/")
    assert "Your maps" in page.text and adas_private_map.title in page.text


def test_map_list_shows_public_maps_and_my_own(
    ada_client: Client, demo: Map, adas_private_map: Map, ben: User
) -> None:
    bens = MapFactory(owner=ben, title="Ben's private thoughts")
    page = ada_client.get("/maps/")
    assert demo.title in page.text and adas_private_map.title in page.text
    assert bens.title not in page.text


def test_demo_map_page_shows_the_outline_with_stances_attribution_and_dates(
    anon_client: Client, demo: Map
) -> None:
    closed = anon_client.get(demo.get_absolute_url()).text
    # Every thesis is listed with who holds it; each argument opens on request.
    assert "Richard B. Frank" in closed and "Tsuyoshi Hasegawa" in closed
    assert "Atomic bombing of Hiroshima" not in closed
    theses = demo.nodes.filter(kind="thesis").values_list("pk", flat=True)
    page = anon_client.get(f"{demo.get_absolute_url()}?open={','.join(map(str, theses))}")
    assert page.status_code == 200
    text = page.text
    assert "Atomic bombing of Hiroshima" in text
    assert "6 August 1945, 08:15 UTC+9 — Hiroshima, Tokyo clock (UTC+9)" in text
    assert "✓ supports" in text and "⤫ undercuts" in text and "✗ opposes" in text
    assert "attestation: inferred" in text
    assert "Disputed attribution" in text
    assert 'id="map-elements"' in text  # the graph picture's data


def test_map_page_of_a_private_map_answers_404_to_others(
    adas_private_map: Map, ben_client: Client, anon_client: Client, ada_client: Client
) -> None:
    url = adas_private_map.get_absolute_url()
    assert ada_client.get(url).status_code == 200
    assert ben_client.get(url).status_code == 404
    assert anon_client.get(url).status_code == 404


def test_node_page_answers_404_for_a_private_map_and_for_a_node_of_another_map(
    adas_private_map: Map, ben_client: Client, ada_client: Client, demo: Map
) -> None:
    node = adas_private_map.nodes.first()
    assert node is not None
    assert ada_client.get(node.get_absolute_url()).status_code == 200
    assert ben_client.get(node.get_absolute_url()).status_code == 404
    # A node id that belongs to another map is not found under this map's URL.
    assert ben_client.get(f"/maps/{demo.pk}/nodes/{node.pk}/").status_code == 404


def test_node_page_renders_only_the_panel_for_htmx(anon_client: Client, demo: Map) -> None:
    node = Node.objects.get(map=demo, key="ev_hiroshima")
    full = anon_client.get(node.get_absolute_url())
    panel = anon_client.get(node.get_absolute_url(), headers={"HX-Request": "true"})
    assert "<html" in full.text and "<html" not in panel.text
    assert (
        "Atomic bombing of Hiroshima" in panel.text and "Supported or opposed by" not in panel.text
    )
    assert "Used for" in panel.text and "Richard B. Frank" in panel.text


def test_deleted_map_answers_404(ada_client: Client, adas_private_map: Map) -> None:
    from django.utils import timezone

    Map.all_objects.filter(pk=adas_private_map.pk).update(deleted_at=timezone.now())
    assert ada_client.get(adas_private_map.get_absolute_url()).status_code == 404


def test_scholar_page_shows_theses_works_and_the_disputed_characterisation(
    anon_client: Client, demo: Map
) -> None:
    frank = Node.objects.get(map=demo, key="th_frank").scholar
    assert frank is not None
    page = anon_client.get(frank.get_absolute_url())
    assert page.status_code == 200
    assert "Disputed attribution" in page.text and "Sources that show it" in page.text
    assert "Why Truman Dropped the Bomb" in page.text


def test_scholar_page_hides_theses_of_private_maps(ben_client: Client, ada: User) -> None:
    from tests.factories import ScholarFactory

    scholar = ScholarFactory(name="Gar Alperovitz")
    private = MapFactory(owner=ada)
    ThesisFactory(map=private, scholar=scholar, text="Ada's secret reading of Alperovitz")
    page = ben_client.get(scholar.get_absolute_url())
    assert "Ada's secret reading" not in page.text


def test_source_page_lists_the_nodes_and_links_that_cite_it(anon_client: Client, demo: Map) -> None:
    from argmap.maps.models import Source

    hasegawa = Source.objects.get(key="src_hasegawa_apjjf_2007")
    page = anon_client.get(hasegawa.get_absolute_url())
    assert page.status_code == 200
    assert "Links citing it" in page.text and "Tsuyoshi Hasegawa" in page.text


def test_source_page_hides_private_uses(ada: User, ben_client: Client) -> None:
    private = MapFactory(owner=ada)
    evidence = EvidenceFactory(map=private, text="Ada's private evidence")
    assert evidence.source is not None
    page = ben_client.get(evidence.source.get_absolute_url())
    assert "Ada's private evidence" not in page.text


def test_source_list_searches_titles_and_authors(anon_client: Client, demo: Map) -> None:
    page = anon_client.get("/sources/?q=Hasegawa")
    assert "Racing the Enemy" in page.text and "Stimson" not in page.text
    assert "No source matches" in anon_client.get("/sources/?q=zzzz-nothing").text


def test_unknown_ids_answer_404(anon_client: Client) -> None:
    for url in ("/maps/999999/", "/maps/999999/nodes/1/", "/scholars/999999/", "/sources/999999/"):
        assert anon_client.get(url).status_code == 404, url


def test_scholar_and_source_pages_hide_characterisations_about_private_statements(
    ada: User, ben_client: Client, ada_client: Client
) -> None:
    """A characterisation naming only the evidence of Ada's private map is her map's content:
    Ben sees it on neither the scholar page nor the source page (nor through the API); Ada does.
    Nor does a characterisation of a thesis she has deleted show to anyone."""
    from argmap.maps import services
    from tests.factories import ScholarFactory, SourceFactory

    scholar = ScholarFactory(name="Richard B. Frank")
    source = SourceFactory(title="A review essay")
    private = MapFactory(owner=ada)
    secret = EvidenceFactory(map=private, text="Ada's unpublished archive find")
    made = services.characterisation_create(
        scholar=scholar,
        source=source,
        evidence=secret,
        text="Frank is said to use Ada's find",
        status="disputed",
    )
    for url in (scholar.get_absolute_url(), source.get_absolute_url()):
        page = ben_client.get(url).text
        assert "Ada's unpublished archive find" not in page and "said to use Ada" not in page
        assert "said to use Ada" in ada_client.get(url).text, url
    assert ben_client.get(f"/api/characterisations/{made.pk}/").status_code == 404
    services.node_delete(node=secret, actor=ada)
    assert "said to use Ada" not in ada_client.get(source.get_absolute_url()).text
