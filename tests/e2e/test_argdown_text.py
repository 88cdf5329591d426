"""Editing a map as Argdown in Chromium: type a new support, see it drawn, review, apply, see it
in the outline; a change made in a second tab makes Apply refuse without losing the text."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.maps.demo import load_demo
from argmap.maps.models import Link, Map, Node
from argmap.maps.services import map_fork
from tests.e2e.helpers import eventually, log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DRAWN = "window.argdownCy ? window.argdownCy.nodes('[kind != \"junction\"]').length : -1"
SHOTS = os.environ.get("ARGMAP_SCREENSHOTS")  # a folder: save the screens to look at them


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=False)


def type_at_end(page: Any, text: str) -> None:
    area = page.locator("#argdown-text")
    area.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def test_type_a_support_see_it_drawn_apply_and_a_second_tab_makes_apply_refuse(
    live_server: Any, page: Any, browser: Any, ada: User, console_errors: list[str]
) -> None:
    mine = map_fork(map=load_demo().map, owner=ada)
    statements = Node.objects.filter(map=mine).count()
    page.set_viewport_size({"width": 1400, "height": 900})
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{mine.get_absolute_url()}")
    page.click(".map-actions details.menu summary")
    page.click("text=Edit as Argdown")
    eventually(page, DRAWN, statements, timeout=15)
    shot(page, "argdown-1400")

    # An error is marked on its line, and the picture keeps its last good state.
    orphan = "\n\n  + [Orphan]: nothing above me"
    type_at_end(page, orphan)
    page.wait_for_selector("#argdown-gutter li.argdown-error-line")
    assert "needs a statement or argument" in page.inner_text("#argdown-status")
    page.click("[data-goto-line]")
    assert page.evaluate("document.activeElement.id") == "argdown-text"
    page.keyboard.press("Control+End")
    for _ in orphan:
        page.keyboard.press("Backspace")
    page.wait_for_selector("#argdown-gutter li.argdown-error-line", state="detached")

    # A new statement that supports the first thesis: drawn before anything is saved.
    thesis = Node.objects.filter(map=mine, kind="thesis").order_by("pk").first()
    assert thesis is not None and thesis.title
    type_at_end(page, f'\n[Leaflets]: Leaflets warned of more bombs. {{"kind": "claim"}}\n'
                      f"    +> [{thesis.title}]\n")  # fmt: skip
    eventually(page, DRAWN, statements + 1, timeout=10)
    assert Node.objects.filter(map=mine).count() == statements  # nothing saved yet

    page.click("text=Review changes")
    page.wait_for_selector("#argdown-review >> text=1 statement added, 1 link added")
    assert page.evaluate("document.activeElement.textContent") == "Apply these changes"
    shot(page, "argdown-review-1400")
    page.keyboard.press("Escape")  # closes the review, back to the text
    assert page.evaluate("document.activeElement.id") == "argdown-text"
    page.click("text=Review changes")
    page.click("text=Apply these changes")
    page.wait_for_url(f"**{mine.get_absolute_url()}")
    page.wait_for_selector(".messages >> text=1 statement added, 1 link added")
    page.click(f"#thesis-{thesis.pk} .disclose")
    page.wait_for_selector("#outline >> text=Leaflets")
    leaflets = Node.objects.get(map=mine, title="Leaflets")
    assert Link.objects.filter(source_node=leaflets, target_node=thesis, kind="supports").exists()

    # Open the text again, then change the map in a second tab.
    page.click(".map-actions details.menu summary")
    page.click("text=Edit as Argdown")
    eventually(page, DRAWN, statements + 1, timeout=15)
    other = browser.new_context()
    second = other.new_page()
    log_in(second, live_server, "ada")
    second.goto(f"{live_server.url}{mine.get_absolute_url()}argdown/")
    edited = (
        second.locator("#argdown-text")
        .input_value()
        .replace("Leaflets warned of more bombs.", "Leaflets warned of more raids.")
    )
    # Setting the value (as pasting would): typing 100 kB of text key by key takes minutes.
    second.evaluate(
        "v => { const a = document.getElementById('argdown-text'); a.value = v;"
        " a.dispatchEvent(new Event('input', {bubbles: true})); }",
        edited,
    )
    second.click("text=Review changes")
    second.click("text=Apply these changes")
    second.wait_for_url(f"**{mine.get_absolute_url()}")
    other.close()

    type_at_end(page, '\n[Radio]: Radio Tokyo reported the bomb. {"kind": "claim"}\n')
    typed = page.locator("#argdown-text").input_value()
    page.click("text=Review changes")
    page.click("text=Apply these changes")
    page.wait_for_selector("#argdown-review >> text=the map changed since you opened this text")
    assert "1 statement changed" in page.inner_text("#argdown-review")
    assert page.locator("#argdown-text").input_value() == typed  # nothing typed is lost
    assert not Node.objects.filter(map=mine, title="Radio").exists()
    shot(page, "argdown-refused-1400")

    # Reviewing again compares with the map as it is now; applying then works.
    page.click("button:has-text('Review again')")
    page.wait_for_selector("#argdown-review >> text=Apply these changes")
    page.click("text=Apply these changes")
    page.wait_for_selector(".messages >> text=1 statement added, 1 changed")
    assert Node.objects.filter(map=mine, title="Radio").exists()
    # The refused Apply answers 409, which Chromium logs as a failed load: nothing else.
    assert [e for e in console_errors if "409 (Conflict)" not in e] == []


def test_text_view_on_a_phone_and_read_only_for_others(
    live_server: Any, page: Any, ada: User, ben: User
) -> None:
    demo = load_demo().map
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "ben")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}argdown/")
    eventually(page, DRAWN, Node.objects.filter(map=demo).count(), timeout=15)
    assert page.locator("#argdown-text").get_attribute("readonly") is not None
    assert page.locator("text=Review changes").count() == 0
    shot(page, "argdown-390")
    assert serious_violations(page, live_server) == []
    assert Map.objects.filter(owner=ben).count() == 0
