"""Ada edits her copy of the demo debate at 1400 × 900 and sees the result of every action where
she is looking: the statement's details beside the outline and the picture, messages and Undo
in a live region in the window, focus where the keyboard needs it, and Escape closing what is
open. Positions are measured in the browser, not assumed."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.maps import services
from argmap.maps.models import Link, Map, Node
from tests.e2e.helpers import log_in, serious_violations, wait_for_graph

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1400, "height": 900}


@pytest.fixture
def adas_copy(ada: User, demo: Map) -> Map:
    return services.map_fork(map=demo, owner=ada)


def open_copy(page: Any, live_server: Any, map_: Map) -> None:
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{map_.get_absolute_url()}")
    wait_for_graph(page)


def in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["x"] >= 0
        and box["y"] + min(box["height"], 40) <= size["height"]
        and box["x"] + box["width"] <= size["width"]
    )


def focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement.id || document.activeElement.className"))


def test_a_statement_opens_beside_the_outline_with_focus_on_its_heading(
    live_server: Any, page: Any, console_errors: list[str], adas_copy: Map
) -> None:
    open_copy(page, live_server, adas_copy)
    frank = Node.objects.get(map=adas_copy, key="th_frank")
    page.click(f"#thesis-{frank.pk} .disclose")
    page.wait_for_selector(f"#body-{frank.pk}[data-loaded] a.statement")
    statement = page.locator(f"#body-{frank.pk} a.statement").nth(2)
    statement.scroll_into_view_if_needed()
    scrolled = page.evaluate("scrollY")
    label = statement.inner_text()
    statement.click()
    page.wait_for_selector("#node-panel-title")
    assert page.inner_text("#node-panel-title").strip() in label or label in page.inner_text(
        "#node-panel"
    )
    assert focused(page) == "node-panel-title"
    assert in_view(page, "#node-panel-title") and in_view(page, "#map-graph")
    assert page.evaluate("scrollY") == scrolled  # the outline did not move
    # Escape closes the details and gives the keyboard back to the statement that opened them.
    page.keyboard.press("Escape")
    page.wait_for_selector("#node-panel .panel-empty")
    assert page.evaluate("document.activeElement.textContent") == label
    assert console_errors == []


def test_adding_a_claim_shows_only_its_fields_and_lands_on_the_new_statement(
    live_server: Any, page: Any, console_errors: list[str], adas_copy: Map
) -> None:
    open_copy(page, live_server, adas_copy)
    page.click("[data-add=claim]")
    form = page.locator("#node-panel form.editor-form")
    form.wait_for()
    assert in_view(page, "#node-panel form.editor-form textarea[name=text]")
    names = form.evaluate(
        "f => [...f.elements].filter(e => e.type !== 'hidden' && e.name).map(e => e.name)"
    )
    assert "text" in names and "scholar" in names
    assert not {"evidence_kind", "source", "date_text", "quote", "school"} & set(names)
    labels = form.evaluate("f => [...f.querySelectorAll('label')].map(l => l.textContent.trim())")
    assert len(labels) == len(set(labels))  # every control has its own name
    # Escape closes the form and returns to the button that opened it.
    page.keyboard.press("Escape")
    page.wait_for_selector("#node-panel form.editor-form", state="detached")
    assert page.evaluate("document.activeElement.dataset.add") == "claim"
    # Choosing "evidence" redraws the form with evidence's fields, keeping the text typed.
    page.click("[data-add=claim]")
    page.fill("#node-panel textarea[name=text]", "The Emperor's broadcast of 15 August")
    page.select_option("#node-panel select[name=kind]", "evidence")
    page.wait_for_selector("#node-panel input[name=date_text]")
    assert (
        page.input_value("#node-panel textarea[name=text]")
        == "The Emperor's broadcast of 15 August"
    )
    page.select_option("#node-panel select[name=kind]", "claim")
    page.wait_for_selector("#node-panel input[name=date_text]", state="detached")
    page.click("#node-panel button[type=submit]")
    page.wait_for_selector("#map-status .message")
    assert "Added claim" in page.inner_text("#map-status")
    assert in_view(page, "#map-status")
    assert focused(page) == "node-panel-title"
    assert "The Emperor's broadcast" in page.inner_text("#node-panel-title")
    # The new statement is listed apart, under "Not yet linked to a thesis".
    assert "(1)" in page.inner_text("#thesis-head-0")
    assert console_errors == []


def test_deleting_says_so_in_view_with_undo_by_keyboard_and_clears_the_details(
    live_server: Any, page: Any, console_errors: list[str], adas_copy: Map
) -> None:
    open_copy(page, live_server, adas_copy)
    page.on("dialog", lambda dialog: dialog.accept())
    hiroshima = Node.objects.get(map=adas_copy, key="ev_hiroshima")
    page.evaluate(f"window.argmapEditor.showStatement({hiroshima.pk}, null)")
    page.wait_for_selector("#node-panel-title")
    page.mouse.wheel(0, 900)
    page.wait_for_timeout(200)
    scrolled = page.evaluate("scrollY")
    page.click("#node-panel button:has-text('Delete')")
    page.wait_for_selector("#map-status .undo")
    assert in_view(page, "#map-status .undo")
    assert "Deleted" in page.inner_text("#map-status")
    assert page.locator("#node-panel-title").count() == 0  # the details of what is gone
    assert focused(page).startswith("button small undo")
    assert page.evaluate("scrollY") == scrolled
    assert Node.objects.filter(pk=hiroshima.pk).count() == 0
    page.keyboard.press("Enter")
    page.wait_for_selector("#map-status:has-text('Restored')")
    assert Node.objects.filter(pk=hiroshima.pk).count() == 1
    assert focused(page) == "node-panel-title"
    assert "Hiroshima" in page.inner_text("#node-panel-title")
    assert console_errors == []


def test_setting_evidence_aside_keeps_the_place_and_shows_what_changes_beside_it(
    live_server: Any, page: Any, console_errors: list[str], adas_copy: Map
) -> None:
    open_copy(page, live_server, adas_copy)
    orthodox = Node.objects.get(map=adas_copy, key="th_orthodox")
    page.click(f"#thesis-{orthodox.pk} .disclose")
    toggle = page.locator(f"#body-{orthodox.pk} .aside-toggle").first
    toggle.wait_for()
    toggle.scroll_into_view_if_needed()
    scrolled = page.evaluate("scrollY")
    evidence = toggle.get_attribute("data-aside")
    row = page.locator(f"#body-{orthodox.pk} .row-{evidence}").first
    where = row.bounding_box()
    toggle.click()
    page.wait_for_selector("#node-panel .what-if")
    assert "aside=" in page.url
    # The row clicked stays where it was on the screen (the note that the map is read without
    # the evidence appears above the outline: the browser keeps the row in place, not scrollY).
    after = row.bounding_box()
    assert where is not None and after is not None and abs(after["y"] - where["y"]) <= 1
    assert page.evaluate("scrollY") >= scrolled  # never thrown to the top or the end
    assert in_view(page, "#node-panel .what-if")
    assert page.locator("#aside-note .what-if-note").count() == 1
    assert "Set aside" in page.inner_text("#map-status")
    assert console_errors == []


def test_a_link_target_is_found_by_typing_and_chosen_with_the_keyboard(
    live_server: Any, page: Any, console_errors: list[str], adas_copy: Map
) -> None:
    open_copy(page, live_server, adas_copy)
    claim = services.node_create(map=adas_copy, kind="claim", text="The court feared unrest")
    page.evaluate(f"window.argmapEditor.showStatement({claim.pk}, null)")
    page.wait_for_selector("#node-panel-title")
    page.click("#node-panel a:has-text('Supports…')")
    box = page.locator("#panel-editor [name=target_search]")
    box.wait_for()
    box.type("Hirohito court")
    page.wait_for_selector("#panel-editor [role=option]")
    option = page.locator("#panel-editor [role=option]").first
    assert "Thesis" in option.inner_text() and "protect the throne" in option.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    page.keyboard.press("Enter")
    assert box.get_attribute("aria-expanded") == "false"
    page.click("#panel-editor button[type=submit]")
    page.wait_for_selector("#map-status:has-text('Linked')")
    bix = Node.objects.get(map=adas_copy, key="th_bix")
    assert Link.objects.filter(source_node=claim, target_node=bix, kind="supports").exists()
    assert console_errors == []


def test_a_link_is_drawn_in_the_picture_and_its_stance_chosen(
    live_server: Any, page: Any, console_errors: list[str], adas_copy: Map
) -> None:
    open_copy(page, live_server, adas_copy)
    frank = Node.objects.get(map=adas_copy, key="th_frank")
    wilson = Node.objects.get(map=adas_copy, key="th_wilson")
    page.evaluate(f"window.argmapEditor.showStatement({wilson.pk}, null)")
    page.wait_for_selector("#node-panel-title")
    page.click("#node-panel [data-draw-link]")
    assert "choose the statement" in page.inner_text("#graph-mode")
    page.evaluate(f"void window.argmapCy.getElementById('n{frank.pk}').emit('tap')")
    page.wait_for_selector("#node-panel form.editor-form input[name=target]", state="attached")
    assert page.input_value("#node-panel input[name=target]") == str(frank.pk)
    assert page.evaluate("document.activeElement.name") == "kind"
    page.check("#node-panel input[name=kind][value=opposes]")
    page.click("#node-panel button[type=submit]")
    page.wait_for_selector("#map-status:has-text('Linked')")
    assert Link.objects.filter(source_node=wilson, target_node=frank, kind="opposes").exists()
    assert console_errors == []


def test_the_keyboard_reaches_everything_and_the_shortcuts_are_listed(
    live_server: Any, page: Any, console_errors: list[str], adas_copy: Map
) -> None:
    open_copy(page, live_server, adas_copy)
    first = page.locator("#outline .thesis-link").first
    first.focus()
    page.keyboard.press("ArrowDown")
    second = page.locator("#outline .thesis-link").nth(1)
    assert page.evaluate("document.activeElement.textContent") == second.inner_text()
    page.keyboard.press("ArrowRight")  # open the thesis and go to its first statement
    page.wait_for_selector("#outline .section-body[data-loaded] a.statement")
    assert page.evaluate("document.activeElement.closest('.section-body') !== null")
    page.keyboard.press("ArrowLeft")  # back to its thesis
    assert page.evaluate("document.activeElement.textContent") == second.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_selector("#node-panel-title")
    assert focused(page) == "node-panel-title"
    page.keyboard.press("?")
    assert page.evaluate("document.getElementById('shortcuts-dialog').open")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('shortcuts-dialog').open")
    # The skip link, second in the tab order, goes straight to the statement's details.
    page.reload()
    wait_for_graph(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.skipPanel") == ""
    page.keyboard.press("Enter")
    assert focused(page) == "node-panel"
    assert serious_violations(page, live_server) == []
    assert console_errors == []
