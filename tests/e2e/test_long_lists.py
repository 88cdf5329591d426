"""The map page's long lists in Chromium at 1400×900 and at 390×844: a map of 1,000 statements
lists its first 25 theses and each map check's first findings, with their counts; "Show more",
reached and pressed with the keyboard, brings the next part where the reader looks and puts
the keyboard on its first item; Escape works as before. Without JavaScript the same link loads
the page with the part added, at its first item, where the keyboard goes on."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.maps.models import Map, Node, NodeKind
from argmap.maps.paging import FINDINGS_SHOWN, MORE_FINDINGS, THESES_SHOWN
from tests.e2e.helpers import eventually, log_in, serious_violations, wait_for_graph
from tests.factories import bulk_map

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = [(1400, 900), (390, 844)]
SHOTS = os.environ.get("ARGMAP_SCREENSHOTS")  # a folder: save the screens to look at them


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=False)


FOCUSED = "document.activeElement && document.activeElement.id"


@pytest.fixture
def long_map(ada: User) -> Map:
    return bulk_map(ada, nodes=1000)


def inside_the_window(page: Any, selector: str, width: int, height: int) -> None:
    """The element is in the window, and nothing (the phone's tabs) covers it."""
    box = page.locator(selector).bounding_box()
    assert box is not None and box["height"] > 0, selector
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    on_top = f"document.querySelector({selector!r}).contains(document.elementFromPoint({x}, {y}))"
    assert page.evaluate(on_top), f"{selector} is covered"


def focused_selector(page: Any) -> str:
    """A selector for the focused element: its id, or its thesis link's heading."""
    return str(
        page.evaluate(
            """(() => { const a = document.activeElement;
              if (a.id) { return '#' + a.id; }
              const h = a.closest('h3'); return h ? '#' + h.id + ' a' : a.tagName; })()"""
        )
    )


def press_more(page: Any, selector: str) -> None:
    """Reach "Show more" with the keyboard and press it."""
    page.locator(selector).focus()
    page.keyboard.press("Enter")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_show_more_theses_brings_them_into_view_with_the_keyboard_on_the_first(
    live_server: Any, page: Any, console_errors: list[str], long_map: Map, width: int, height: int
) -> None:
    theses = list(
        Node.objects.filter(map=long_map, kind=NodeKind.THESIS)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{long_map.get_absolute_url()}")
    wait_for_graph(page)
    listed = "#outline-theses > .thesis-section"
    assert page.locator(listed).count() == THESES_SHOWN
    more = page.locator("#theses-more")
    assert f"Theses 1–{THESES_SHOWN} of {len(theses)}" in more.inner_text()
    # The picture's first view draws the same first part, and says so.
    assert page.locator("#graph-view option[value=overview]").inner_text() == (
        f"The first {THESES_SHOWN} of {len(theses)} theses"
    )

    press_more(page, "#theses-more a")
    # 50 in all: the second part is the last.
    eventually(page, f"document.querySelectorAll({listed!r}).length", len(theses))
    assert page.locator("#theses-more").count() == 0
    first_new = f"#thesis-title-{theses[THESES_SHOWN]} a"
    assert focused_selector(page) == first_new
    inside_the_window(page, first_new, width, height)
    shot(page, f"theses-more-{width}")

    # The keyboard goes on from there, and Escape still goes back to where it was.
    page.keyboard.press("Enter")
    page.wait_for_selector("#node-panel #node-panel-title")
    page.keyboard.press("Escape")
    eventually(page, "!!document.querySelector('#node-panel #node-panel-title')", False)
    assert focused_selector(page) == first_new
    assert serious_violations(page, live_server) == []
    assert console_errors == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_show_more_findings_brings_them_into_view_with_the_keyboard_on_the_first(
    live_server: Any, page: Any, console_errors: list[str], long_map: Map, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{long_map.get_absolute_url()}")
    page.wait_for_selector("#map-checks:not([hx-get])")
    page.locator("#map-checks > summary").click()
    group = "#check-unsupported-claim + ul > li:not(.list-more)"
    assert page.locator(group).count() == FINDINGS_SHOWN
    assert "Unsupported claims (" in page.locator("#check-unsupported-claim").inner_text()
    more = "#check-more-unsupported-claim"
    assert f"{FINDINGS_SHOWN} of " in page.locator(more).inner_text()

    press_more(page, f"{more} a")
    shown = FINDINGS_SHOWN + MORE_FINDINGS
    eventually(page, f"document.querySelectorAll({group!r}).length", shown)
    first_new = f"#finding-unsupported-claim-{FINDINGS_SHOWN}"
    assert focused_selector(page) == first_new
    inside_the_window(page, first_new, width, height)
    shot(page, f"findings-more-{width}")
    assert serious_violations(page, live_server) == []
    assert console_errors == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_show_more_theses_without_javascript_loads_the_page_at_them(
    live_server: Any, browser: Any, long_map: Map, width: int, height: int
) -> None:
    theses = list(
        Node.objects.filter(map=long_map, kind=NodeKind.THESIS)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{long_map.get_absolute_url()}")
    with page.expect_navigation():
        page.locator("#theses-more a").click()
    first_new = theses[THESES_SHOWN]
    assert page.url.endswith(f"?theses={2 * THESES_SHOWN}#thesis-{first_new}")
    assert page.locator("#outline-theses > .thesis-section").count() == len(theses)
    # The page opens at the first thesis it added, and the keyboard goes on from there.
    inside_the_window(page, f"#thesis-title-{first_new}", width, height)
    shot(page, f"theses-more-nojs-{width}")
    page.keyboard.press("Tab")
    in_section = "document.activeElement.closest('.thesis-section').id"
    assert page.evaluate(in_section) == f"thesis-{first_new}"
    context.close()
