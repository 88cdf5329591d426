"""A reader opens the demo debate in Chromium and finds the map drawn."""

from __future__ import annotations

from typing import Any

import pytest

from argmap.maps.models import Map

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_map_draws_every_statement_and_opens_details_on_click(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    statements = demo.nodes.count()
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.wait_for_selector("#map-graph[data-ready='true']")
    drawn = page.evaluate("window.argmapCy.nodes('[kind != \"junction\"]').length")
    assert drawn == statements == 130
    shapes = "window.argmapCy.nodes('[kind != \"junction\"]').map(n => n.style('shape'))"
    kinds = page.evaluate(f"[...new Set({shapes})].sort()")
    assert kinds == ["cut-rectangle", "ellipse", "round-rectangle"]  # evidence, claim, thesis
    # Theses are drawn above everything they are linked from.
    top_of_others = page.evaluate(
        "Math.min(...window.argmapCy.nodes('[kind = \"evidence\"]').map(n => n.position('y')))"
    )
    lowest_thesis = page.evaluate(
        "Math.max(...window.argmapCy.nodes('[kind = \"thesis\"]').map(n => n.position('y')))"
    )
    assert lowest_thesis < top_of_others
    # Clicking a statement in the picture shows its details beside it.
    page.evaluate("window.argmapCy.nodes('[kind = \"evidence\"]').first().emit('tap')")
    page.wait_for_selector("#node-panel #node-panel-title")
    assert "Used for" in page.inner_text("#node-panel")
    assert page.evaluate("htmx.version") == "4.0.1"
    assert console_errors == []


def test_outline_link_opens_the_panel_in_place(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.wait_for_selector("#map-graph[data-ready='true']")
    page.get_by_role("link", name="Atomic bombing of Hiroshima").first.click()
    page.wait_for_selector("#node-panel #node-panel-title")
    assert page.inner_text("#node-panel-title") == "Atomic bombing of Hiroshima"
    assert page.url.endswith(demo.get_absolute_url())  # no navigation away from the map
    assert console_errors == []
