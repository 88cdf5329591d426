"""A reader opens the demo debate in Chromium and finds the map drawn."""

from __future__ import annotations

from typing import Any

import pytest

from argmap.maps.models import Map, Node
from tests.e2e.helpers import eventually, statements_drawn, wait_for_graph

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_map_draws_its_theses_then_an_argument_and_opens_details_on_click(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    wait_for_graph(page)
    # First every thesis, each a labelled card.
    assert statements_drawn(page) == demo.nodes.filter(kind="thesis").count() > 10
    # Double-clicking a thesis draws its argument.
    orthodox = Node.objects.get(map=demo, key="th_orthodox")
    page.evaluate(f"void window.argmapCy.getElementById('n{orthodox.pk}').emit('dbltap')")
    eventually(page, "document.getElementById('map-graph').dataset.view", f"thesis:{orthodox.pk}")
    wait_for_graph(page)
    shapes = "window.argmapCy.nodes('[kind != \"junction\"]').map(n => n.style('shape'))"
    kinds = page.evaluate(f"[...new Set({shapes})].sort()")
    assert kinds == ["cut-rectangle", "ellipse", "round-rectangle"]  # evidence, claim, thesis
    # The thesis is drawn above everything it is linked from.
    top_of_others = page.evaluate(
        "Math.min(...window.argmapCy.nodes('[kind = \"evidence\"]').map(n => n.position('y')))"
    )
    thesis_y = page.evaluate(f"window.argmapCy.getElementById('n{orthodox.pk}').position('y')")
    assert thesis_y < top_of_others
    # Clicking a statement in the picture shows its details beside it.
    page.evaluate("void window.argmapCy.nodes('[kind = \"evidence\"]').first().emit('tap')")
    page.wait_for_selector("#node-panel #node-panel-title")
    assert "Used for" in page.inner_text("#node-panel")
    assert page.evaluate("htmx.version") == "4.0.1"
    assert console_errors == []


def test_outline_link_opens_the_panel_in_place(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    wait_for_graph(page)
    orthodox = Node.objects.get(map=demo, key="th_orthodox")
    page.click(f"#thesis-{orthodox.pk} .disclose")
    page.get_by_role("link", name="Atomic bombing of Hiroshima", exact=True).first.click()
    page.wait_for_selector("#node-panel #node-panel-title")
    assert page.inner_text("#node-panel-title") == "Atomic bombing of Hiroshima"
    assert page.url.endswith(demo.get_absolute_url())  # no navigation away from the map
    assert console_errors == []
