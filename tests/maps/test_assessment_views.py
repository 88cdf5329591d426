"""Which claims stand, in the app: statuses and strengths on the map page, "set aside", the
explanation in the panel, and the map checks (on the page and counted in the list of maps)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from argmap.evaluation import check_map, counterfactual, evaluate
from argmap.maps import services
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Map, Node
from argmap.maps.selectors import map_bundle
from tests.clients import browsing
from tests.factories import MapFactory, build_map

pytestmark = pytest.mark.django_db


def test_every_statement_on_the_map_page_shows_its_status_and_strength(
    demo: Map, anon_client: Client
) -> None:
    theses = list(demo.nodes.filter(kind="thesis").values_list("pk", flat=True))
    # The outline's sections open on request; `?open=` opens them without JavaScript.
    page = anon_client.get(f"{demo.get_absolute_url()}?open={','.join(map(str, theses))}").text
    evaluation = evaluate(bundle_graph(map_bundle(demo)))
    outline = page[page.index('id="outline"') :]
    shown = re.findall(
        r'class="status status-(in|out|undecided)" href="/maps/\d+/nodes/(\d+)/#why"', outline
    )
    # Every statement (the version-2 demo links each one to some thesis).
    assert {pk for _, pk in shown} == {str(n.pk) for n in demo.nodes.all()}
    assert '<div class="thesis-head" id="thesis-head-0" hidden>' in outline  # nothing unlinked
    for label, pk in shown:
        assert evaluation.labels[pk] == label
    # One meter per status shown (a statement used under several theses is shown each time).
    assert outline.count('<meter class="strength"') == len(shown)
    # Each mark says in words what it means and how to read it, never a bare verdict.
    marks = re.findall(r'class="status status-\w+"[^>]*>([^<]*)</a>', outline)
    assert set(marks) <= {"holds here", "open objection", "in dispute"}
    assert "given only the objections recorded in this map" in outline


def test_a_closed_page_shows_every_thesis_and_loads_a_section_when_it_is_opened(
    demo: Map, anon_client: Client
) -> None:
    page = anon_client.get(demo.get_absolute_url()).text
    frank = Node.objects.get(map=demo, key="th_frank")
    theses = demo.nodes.filter(kind="thesis")
    assert all(f'id="thesis-{t.pk}"' in page for t in theses)
    section = anon_client.get(
        f"{demo.get_absolute_url()}outline/{frank.pk}/", headers={"HX-Request": "true"}
    ).text
    assert "<html" not in section
    members = re.findall(r'href="/maps/\d+/nodes/(\d+)/#why"', section)
    assert len(set(members)) > 5
    missing = anon_client.get(
        f"{demo.get_absolute_url()}outline/999999/", headers={"HX-Request": "true"}
    )
    assert missing.status_code == 404


def test_setting_evidence_aside_shows_each_thesis_before_and_after(
    demo: Map, anon_client: Client
) -> None:
    soviet = Node.objects.get(map=demo, key="ev_soviet_declaration")
    page = anon_client.get(f"{demo.get_absolute_url()}?aside={soviet.pk}&node={soviet.pk}").text
    graph = bundle_graph(map_bundle(demo))
    expected = counterfactual(graph, {str(soviet.pk)})
    wilson = Node.objects.get(map=demo, key="th_wilson")
    change = next(c for c in expected.theses if c.thesis == str(wilson.pk))
    panel = page[page.index('id="node-panel"') :]
    assert "What changes without it" in panel
    assert f"{change.before_strength:.2f}" in panel and f"{change.after_strength:.2f}" in panel
    assert "Put it back" in panel
    assert "Read as if 1 piece of evidence is not there" in page


def test_setting_aside_through_htmx_redraws_only_what_the_evaluation_changes(
    demo: Map, anon_client: Client
) -> None:
    soviet = Node.objects.get(map=demo, key="ev_soviet_declaration")
    page = demo.get_absolute_url()
    wilson = Node.objects.get(map=demo, key="th_wilson")
    response = anon_client.get(
        f"{page}?aside={soviet.pk}",
        # The reader's page has Wilson's section open (map.js says which in a header).
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://testserver{page}",
            "X-Argmap-Sections": str(wilson.pk),
        },
    )
    text = response.text
    assert "<html" not in text
    # Standings that moved, the counts, the picture's view and the panel with the what-if.
    marks = re.findall(r'<hx-partial hx-target="\.st-(\d+)"', text)
    assert str(soviet.pk) in marks and len(marks) < demo.nodes.count()
    for part in ("#assessment-counts", "#graph-data", "#node-panel", "#map-status"):
        assert f'<hx-partial hx-target="{part}"' in text, part
    assert "What changes without it" in text
    # The outline's sections the page has not loaded are not sent.
    assert '<hx-partial hx-target="#body-' not in text


def test_unknown_or_non_evidence_ids_in_aside_are_ignored(demo: Map, anon_client: Client) -> None:
    thesis = Node.objects.get(map=demo, key="th_frank")
    page = anon_client.get(f"{demo.get_absolute_url()}?aside={thesis.pk},999999,abc,").text
    assert "What if" not in page


def test_panel_explains_the_status_in_words(demo: Map, anon_client: Client) -> None:
    orthodox = Node.objects.get(map=demo, key="th_orthodox")
    panel = anon_client.get(orthodox.get_absolute_url(), headers={"HX-Request": "true"}).text
    assert evaluate(bundle_graph(map_bundle(demo))).labels[str(orthodox.pk)] == "out"
    assert "open objection" in panel and "given only the objections recorded in this map" in panel
    assert "not a verdict on the historian" in panel
    # The objections recorded, who makes each, and which are answered.
    assert "USSBS early-surrender conclusion" in panel and "used by Gar Alperovitz" in panel
    assert "not answered here" in panel
    assert "strength" in panel and 'class="why"' in panel


def test_panel_follows_the_pages_set_aside_evidence(demo: Map, anon_client: Client) -> None:
    soviet = Node.objects.get(map=demo, key="ev_soviet_declaration")
    panel = anon_client.get(
        soviet.get_absolute_url(),
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://testserver/maps/{demo.pk}/?aside={soviet.pk}",
        },
    ).text
    assert "This evidence is set aside" in panel and "Put it back" in panel


def test_map_checks_are_listed_with_links_to_the_statements(ada: User, ada_client: Client) -> None:
    mine = MapFactory(owner=ada)
    services.node_create(map=mine, kind="claim", text="Nobody supports me", actor=ada)
    services.node_create(map=mine, kind="evidence", text="An uncited document", actor=ada)
    page = ada_client.get(mine.get_absolute_url()).text
    # The page asks for its checks once it is shown, so that they never delay it.
    checks_url = f"{mine.get_absolute_url()}checks/"
    assert "Map checks: working them out" in page and f'hx-get="{checks_url}"' in page
    checks = ada_client.get(checks_url, headers={"HX-Request": "true"}).text
    found = re.search(r"Map checks: (\d+) things to look at", checks)
    assert found and int(found[1]) == len(check_map(bundle_graph(map_bundle(mine))))
    assert "Unsupported claims" in checks and "Evidence without a citation" in checks
    node = Node.objects.get(map=mine, text="Nobody supports me")
    assert f'data-node-panel="{node.pk}"' in checks


def test_map_list_counts_the_checks_of_every_map_in_constant_queries(
    ada: User, ada_client: Client
) -> None:
    build_map(ada, nodes=10)
    with CaptureQueriesContext(connection) as few:
        first = ada_client.get("/maps/")
    for _ in range(5):
        build_map(ada, nodes=30)
    with CaptureQueriesContext(connection) as many:
        second = ada_client.get("/maps/")
    assert len(few) == len(many)
    assert "map check" in first.text and second.text.count("map check") == 6


def test_evaluation_adds_no_query_per_node(ada: User, ada_client: Client) -> None:
    small, large = build_map(ada, nodes=10), build_map(ada, nodes=400)
    browsing(ada_client)
    with CaptureQueriesContext(connection) as few:
        ada_client.get(f"{small.get_absolute_url()}?aside=")
    with CaptureQueriesContext(connection) as many:
        evidence = Node.objects.filter(map=large, kind="evidence").values_list("pk", flat=True)[:20]
        ada_client.get(f"{large.get_absolute_url()}?aside={','.join(map(str, evidence))}")
    assert len(few) == len(many) - 1  # the one extra query is the evidence ids read above
