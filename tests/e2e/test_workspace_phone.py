"""On a phone (390 × 844) the map is three tabs: the outline (theses collapsed, so the first
screen shows the theses), the picture and the details; tapping a statement shows its details
in view, and editing works by touch."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.maps import services
from argmap.maps.models import Map, Node
from tests.e2e.helpers import log_in, wait_for_graph

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A phone: its size, touch and a mobile viewport."""
    return {**browser_context_args, "viewport": PHONE, "has_touch": True, "is_mobile": True}


def visible_in_window(page: Any, selector: str) -> list[dict[str, float]]:
    boxes = [
        page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())
    ]
    return [
        b
        for b in boxes
        if b and b["height"] > 0 and b["y"] >= 0 and b["y"] + b["height"] <= PHONE["height"]
    ]


def test_the_first_screen_shows_the_theses_and_a_tap_shows_the_details(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    wait_for_graph(page)
    assert page.get_attribute("#tab-outline", "aria-selected") == "true"
    assert len(visible_in_window(page, "#outline .thesis-link")) >= 2
    assert page.locator("#outline .section-body:not([hidden])").count() == 0  # collapsed
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 6000  # was 72,000 px and more with every thesis open
    page.locator("#outline .thesis-link").nth(1).tap()
    page.wait_for_selector("#node-panel-title")
    assert page.get_attribute("#tab-details", "aria-selected") == "true"
    box = page.locator("#node-panel-title").bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"] - 40
    page.locator("#tab-picture").tap()
    assert page.locator("#map-graph").bounding_box()["height"] > 300  # type: ignore[index]
    assert page.locator("#node-panel-title").is_hidden()
    assert console_errors == []


def test_a_student_adds_and_links_a_statement_by_touch(
    live_server: Any, page: Any, console_errors: list[str], ada: User, demo: Map
) -> None:
    copy = services.map_fork(map=demo, owner=ada)
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{copy.get_absolute_url()}")
    wait_for_graph(page)
    page.locator("[data-add=claim]").tap()
    page.wait_for_selector("#node-panel form.editor-form")
    assert page.get_attribute("#tab-details", "aria-selected") == "true"
    # Escape closes the form and goes back to the outline's tab, to the button that opened it.
    page.keyboard.press("Escape")
    page.wait_for_selector("#node-panel form.editor-form", state="detached")
    assert page.get_attribute("#tab-outline", "aria-selected") == "true"
    assert page.evaluate("document.activeElement.dataset.add") == "claim"
    assert visible_in_window(page, "[data-add=claim]")
    page.locator("[data-add=claim]").tap()
    page.wait_for_selector("#node-panel form.editor-form")
    page.fill("#node-panel textarea[name=text]", "Fear of a communist uprising moved the court")
    page.locator("#node-panel button[type=submit]").tap()
    page.wait_for_selector("#map-status .message")
    box = page.locator("#map-status").bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    page.locator("#node-panel a:has-text('Supports…')").tap()
    page.locator("#panel-editor [name=target_search]").fill("delayed surrender")
    page.locator("#panel-editor [role=option]").first.tap()
    page.locator("#panel-editor button[type=submit]").tap()
    page.wait_for_selector("#map-status:has-text('Linked')")
    made = Node.objects.get(map=copy, text="Fear of a communist uprising moved the court")
    assert made.outgoing.filter(target_node__key="th_bix").exists()
    assert console_errors == []
