"""A reader compares historians in Chromium: Frank against Wilson side by side, the evidence
matrix (and its pages, at 1400×900 and 390×844) and the timeline; and axe-core finds nothing
serious on any of those pages."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from argmap.debates import matrix as paged
from argmap.debates.selectors import Stances, evidence_matrix
from argmap.maps.models import Map
from argmap.maps.selectors import map_bundle
from tests.e2e.helpers import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The four items the surrender debate turns on, and how Frank and Wilson read each.
CONTESTED = {
    "Atomic bombing of Hiroshima": ("supports", "contests"),
    "Soviet declaration of war on Japan": ("contests", "supports"),
    "Imperial Rescript on the Termination of the War": ("supports", "contests"),
    "Imperial Rescript to Soldiers and Sailors": ("opposes", "supports"),
}


def stance(row: Any, thesis: str) -> str:
    """The stance word in a shared-evidence row's cell for `thesis` ("supports", "contests"…)."""
    words = row.locator(f'td[data-thesis="{thesis}"] .net-stance').inner_text()
    return words.split()[1]


def test_frank_and_wilson_read_the_same_four_items_differently(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.get_by_role("link", name="Debate view").click()
    page.get_by_label("Frank: Japan was not ready to surrender").check()
    page.get_by_label("Wilson: Soviet entry, not the bomb").check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_selector("#shared-evidence")
    assert "thesis=" in page.url  # htmx pushed the comparison's own URL
    assert page.locator("article.column h3").all_inner_texts() == ["Frank", "Wilson"]
    shared = page.locator("#shared-evidence")
    for title, (frank, wilson) in CONTESTED.items():
        row = shared.locator("tr.shared-row", has=page.get_by_role("link", name=title, exact=True))
        assert row.count() == 1, title
        assert (stance(row, "Frank"), stance(row, "Wilson")) == (frank, wilson), title
        assert "contested" in row.locator("th").inner_text()
    assert console_errors == []
    assert serious_violations(page, live_server) == []


def test_too_few_theses_get_a_message_in_place(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.goto(f"{live_server.url}/maps/{demo.pk}/debate/")
    page.get_by_label("Frank: Japan was not ready to surrender").check()
    page.get_by_role("button", name="Compare").click()
    assert "Choose at least 2 theses" in page.get_by_role("alert").inner_text()
    assert console_errors == []


def test_matrix_filters_sorts_and_opens_a_cell_in_the_panel(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.goto(f"{live_server.url}/maps/{demo.pk}/matrix/")
    evidence = demo.nodes.filter(kind="evidence")
    assert page.locator("table.matrix tbody tr").count() == evidence.count()
    page.get_by_label("Kind of evidence").select_option("event")
    events = evidence.filter(evidence_kind="event").count()
    # (Playwright's wait_for_function evaluates a string, which our CSP refuses: use expect.)
    expect(page.locator("table.matrix tbody tr")).to_have_count(events)
    assert "kind=event" in page.url
    # Sorting keeps the filter: the table carries the sort, the form the kind.
    page.get_by_role("link", name="title", exact=True).click()
    page.wait_for_selector("nav.matrix-tools a[aria-current='true']:text('title')")
    assert page.locator("table.matrix tbody tr").count() == events
    titles = page.locator("table.matrix tbody th[scope='row'] a").all_inner_texts()
    assert titles == sorted(titles, key=str.lower)
    row = page.locator("tr", has=page.get_by_role("link", name="Atomic bombing of Hiroshima"))
    row.locator("td.cell a").first.click()
    page.wait_for_selector("#matrix-cell #cell-title")
    assert "Atomic bombing of Hiroshima" in page.inner_text("#matrix-cell")
    assert "/matrix/" in page.url and "sort=title" in page.url  # the panel did not navigate
    assert console_errors == []
    assert serious_violations(page, live_server) == []


def test_timeline_zooms_to_august_1945(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.goto(f"{live_server.url}/maps/{demo.pk}/timeline/")
    dated = demo.nodes.filter(kind="evidence").exclude(date_start=None)
    assert page.locator(".tl-items > li").count() == dated.count()
    assert serious_violations(page, live_server) == []
    page.get_by_role("link", name="August 1945 (busiest month)").click()
    page.wait_for_selector("#window-heading:text('1–31 August 1945')")
    assert "from=1945-08-01" in page.url
    assert page.locator(".tl-items > li").count() == 33  # as tests/debates/test_timeline.py
    hiroshima = page.locator("li.tl-row[data-evidence='ev_hiroshima']")
    assert hiroshima.get_attribute("data-shape") == "point"
    assert "Frank" in hiroshima.locator(".marks").inner_text()
    assert console_errors == []
    assert serious_violations(page, live_server) == []


def test_the_map_page_and_its_links_to_the_debate_pages_pass_axe(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.wait_for_selector("#map-graph[data-ready='true']")
    nav = page.get_by_role("navigation", name="Compare the theses of this map")
    assert nav.get_by_role("link").all_inner_texts() == [
        "Debate view",
        "Evidence matrix",
        "Timeline",
    ]
    assert serious_violations(page, live_server) == []
    assert console_errors == []


SIZES = [(1400, 900), (390, 844)]


def inside_the_window(locator: Any, width: int, height: int) -> None:
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, box


def focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_matrix_pages_are_reached_by_keyboard_and_keep_the_focus(
    live_server: Any,
    page: Any,
    console_errors: list[str],
    demo: Map,
    monkeypatch: pytest.MonkeyPatch,
    width: int,
    height: int,
) -> None:
    # Pages of 20 rows and windows of 6 theses, so that the demo's 57 items and 19 theses page.
    monkeypatch.setattr(paged, "ROWS_PER_PAGE", 20)
    monkeypatch.setattr(paged, "THESES_PER_PAGE", 6)
    order = [r.evidence.label for r in evidence_matrix(Stances(map_bundle(demo)), sort="uses").rows]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/maps/{demo.pk}/matrix/?sort=uses")
    status = page.locator("#rows-status")
    assert status.inner_text() == "Rows 1–20 of 57"
    # The pager follows the sort links and the CSV link in the tab order, on the screen.
    page.get_by_role("link", name="Download as CSV").focus()
    page.keyboard.press("Tab")
    assert focused(page) == "rows-next"
    inside_the_window(page.locator("#rows-next"), width, height)
    inside_the_window(status, width, height)
    page.keyboard.press("Enter")
    expect(status).to_have_text("Rows 21–40 of 57")
    assert "page=2" in page.url and "sort=uses" in page.url
    assert focused(page) == "rows-next"  # Enter again goes on
    titles = page.locator("table.matrix tbody th[scope='row'] a").all_inner_texts()
    assert titles == order[20:40]
    page.keyboard.press("Enter")
    expect(status).to_have_text("Rows 41–57 of 57")
    # The last page has no "Next": the focus is on where the reader now is.
    assert focused(page) == "rows-status"
    inside_the_window(status, width, height)
    # The window of theses moves alone, keeping the rows.
    page.locator("#theses-next").click()
    expect(page.locator("#theses-status")).to_have_text("Theses 7–12 of 19")
    assert status.inner_text() == "Rows 41–57 of 57"
    # The links under the table bring the reader back to the top of the new page.
    below = page.get_by_role("navigation", name="Pages of evidence, below the table")
    below.get_by_role("link", name="‹ Previous").click()
    expect(status).to_have_text("Rows 21–40 of 57")
    assert focused(page) == "rows-status"
    inside_the_window(status, width, height)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert console_errors == []
    assert serious_violations(page, live_server) == []
