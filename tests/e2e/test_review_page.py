"""Reviewing in Chromium, measured at 1400×900 and at 390×844: the comment box of the selected
statement is in the window, not clipped inside the panel; the comment count follows a new
comment; the rubric's total follows the marks as they are typed; a rubric takes another
criterion without saving first; due dates are typed and shown in the browser's time zone."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.classroom.models import Assignment, Comment, Course
from tests.cast import PASSWORD, Scene
from tests.e2e.helpers import log_in, serious_violations, wait_for_graph

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = [(1400, 900), (390, 844)]


def in_view(page: Any, selector: str) -> dict[str, float]:
    """The element's box, asserted to lie inside the window and to be what a click at its middle
    reaches (nothing covers or clips it)."""
    box = page.evaluate(
        """(selector) => {
          const el = document.querySelector(selector);
          const r = el.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width,
                  vw: innerWidth, vh: innerHeight, reached: el === hit || el.contains(hit)};
        }""",
        selector,
    )
    assert box["left"] >= 0 and box["right"] <= box["vw"], (selector, box)
    assert box["top"] >= 0 and box["bottom"] <= box["vh"], (selector, box)
    assert box["reached"], (selector, box)
    return box


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_comment_box_is_in_view_and_the_count_follows(
    live_server: Any,
    page: Any,
    scene: Scene,
    console_errors: list[str],
    width: int,
    height: int,
) -> None:
    assert scene.submission and scene.evidence
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, "iris")
    page.goto(f"{live_server.url}{scene.submission.get_absolute_url()}")
    wait_for_graph(page)
    assert page.inner_text("#comments-count") == "Comments (1)"
    # Iris opens a statement from the outline: its panel comes with a comment box in view.
    page.locator(f"#outline a[data-node-panel='{scene.evidence.pk}']").first.click()
    page.wait_for_selector("#node-panel >> text=Which page of the report?")
    page.wait_for_timeout(100)  # the panel is brought into view on the next frame
    box = in_view(page, "#node-panel .comment-form textarea")
    assert box["width"] >= 250
    page.fill("#node-panel .comment-form textarea", "And which edition?")
    page.click("#node-panel .comment-form button")
    page.wait_for_selector("#node-panel >> text=Comment added.")
    assert page.inner_text("#comments-count") == "Comments (2)"
    assert Comment.objects.filter(body="And which edition?").exists()
    in_view(page, "#node-panel .comment-form textarea")
    assert console_errors == []


def test_the_total_follows_the_marks_and_saving_checks_them(
    live_server: Any, page: Any, scene: Scene, console_errors: list[str]
) -> None:
    assert scene.submission
    page.set_viewport_size({"width": 1400, "height": 900})
    log_in(page, live_server, "iris")
    page.goto(f"{live_server.url}{scene.submission.get_absolute_url()}")
    page.evaluate("document.body.dataset.loadedOnce = 'yes'")  # gone if the page reloads
    total = page.locator("[data-rubric-total]")
    assert total.inner_text() == "—"
    page.get_by_label("Evidence is cited").fill("4")
    assert total.inner_text() == "4"
    page.get_by_label("Both sides").fill("9")  # out of 5
    assert total.inner_text() == "4"
    assert "out of its range is not counted" in page.inner_text(".rubric-total")
    assert page.get_by_label("Both sides").get_attribute("aria-invalid") == "true"
    # The server checks again: saving refuses the mark and changes nothing.
    page.click("#review button:has-text('Save')")
    page.wait_for_selector("#review >> text=Ensure this value is less than or equal to 5")
    assert total.inner_text() == "4"
    page.get_by_label("Both sides").fill("3")
    assert total.inner_text() == "7"
    assert page.get_by_label("Both sides").get_attribute("aria-invalid") is None
    page.click("#review button:has-text('Save')")
    page.wait_for_selector("#review-saved >> text=Saved the review.")
    assert page.locator("[data-rubric-total]").inner_text() == "7"
    # The card was redrawn in place: no reload, and the keyboard is on the message.
    assert page.evaluate("document.body.dataset.loadedOnce") == "yes"
    assert page.evaluate("document.activeElement.id") == "review-saved"
    assert [e for e in console_errors if "422" not in e] == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_third_criterion_without_saving_first(
    live_server: Any,
    page: Any,
    iris: User,
    console_errors: list[str],
    width: int,
    height: int,
) -> None:
    from argmap.classroom import services

    course = services.course_create(owner=iris, title="History 301")
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, "iris")
    page.goto(f"{live_server.url}/courses/{course.pk}/assignments/new/")
    page.fill("#id_title", "Map the surrender debate")
    page.fill("#id_due_at", "2030-06-01T17:00")
    for row, (title, points) in enumerate([("Sources", "5"), ("Both sides", "4")]):
        page.fill(f"#id_criteria-{row}-title", title)
        page.fill(f"#id_criteria-{row}-points", points)
    page.click("#add-criterion")
    page.wait_for_selector("#id_criteria-2-title")
    # The cursor is in the new line, on screen, and the page is no wider than the window.
    assert page.evaluate("document.activeElement.id") == "id_criteria-2-title"
    page.evaluate("document.activeElement.scrollIntoView({block: 'center'})")
    in_view(page, "#id_criteria-2-title")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.keyboard.type("Dates are right")
    page.fill("#id_criteria-2-points", "3")
    page.click("#add-criterion")
    page.wait_for_selector("#id_criteria-3-title")
    assert page.input_value("#id_criteria-TOTAL_FORMS") == "4"
    page.click("button:has-text('Set the assignment')")
    page.wait_for_selector("text=Saved “Map the surrender debate”")
    criteria = Assignment.objects.get().criteria.all()
    assert [(c.title, c.points) for c in criteria] == [
        ("Sources", 5),
        ("Both sides", 4),
        ("Dates are right", 3),
    ]
    assert console_errors == []


def signed_in_context(browser: Any, live_server: Any, username: str, zone: str) -> Any:
    context = browser.new_context(timezone_id=zone, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("text=Signed in as")
    return page


def test_a_due_date_is_typed_in_tokyo_and_read_in_new_york(
    live_server: Any, browser: Any, iris: User, ada: User
) -> None:
    from argmap.classroom import services

    course: Course = services.course_create(owner=iris, title="History 301")
    services.course_join(user=ada, code=course.join_code)
    tokyo = signed_in_context(browser, live_server, "iris", "Asia/Tokyo")
    tokyo.goto(f"{live_server.url}/courses/{course.pk}/assignments/new/")
    assert "Tokyo time (Asia/Tokyo)" in tokyo.inner_text("#id_due_at_helptext")
    tokyo.fill("#id_title", "Map it")
    tokyo.fill("#id_due_at", "2030-06-01T17:00")
    tokyo.click("button:has-text('Set the assignment')")
    tokyo.wait_for_selector("text=Saved “Map it”")
    assignment = Assignment.objects.get()
    assert assignment.due_at == datetime.datetime(2030, 6, 1, 8, tzinfo=datetime.UTC)
    assert "Due Saturday 1 June 2030, 17:00 Tokyo time (UTC+9)" in tokyo.inner_text("main")

    new_york = signed_in_context(browser, live_server, "ada", "America/New_York")
    new_york.goto(f"{live_server.url}{assignment.get_absolute_url()}")
    assert "Due Saturday 1 June 2030, 04:00 New York time (UTC−4)" in new_york.inner_text("main")
    assert serious_violations(new_york, live_server) == []
    tokyo.context.close()
    new_york.context.close()
