"""Iris arranges the groups of a group assignment in Chromium, on a wide screen and on a phone:
she makes random groups of three for her six students, moves one with the select in their row
(the row answers in place, the keyboard stays on the select), and opens a group's delete dialog
and closes it with Escape (nothing is deleted, the keyboard is back on the button)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from argmap.classroom import services
from argmap.classroom.models import Group, Membership
from tests.cast import make_user
from tests.e2e.helpers import log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def in_viewport(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
    )


def focused_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)], ids=["wide", "phone"])
def test_iris_makes_random_groups_and_moves_a_student(
    live_server: Any, page: Any, iris: User, console_errors: list[str], width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    course = services.course_create(owner=iris, title="History 301")
    for name in ("ada", "ben", "dee", "eve", "fay", "gus"):
        services.course_join(user=make_user(name), code=course.join_code)
    assignment = services.assignment_create(
        course=course, actor=iris, title="Map it together", work_in_groups=True,
        due_at=timezone.now() + datetime.timedelta(days=7),
    )  # fmt: skip
    log_in(page, live_server, "iris")
    page.goto(f"{live_server.url}{assignment.get_absolute_url()}")
    page.click("a.button:has-text('Groups')")
    page.wait_for_selector("text=No groups yet.")

    page.fill("#id_size", "3")
    page.click("button:has-text('Make random groups')")
    page.wait_for_selector("text=Made 2 groups at random.")
    assert page.locator("article.group-card").count() == 2
    assert page.locator(".group-members li").count() == 6

    # Move Fay (the table lists students by name) to the group she is not in.
    fay = User.objects.get(username="fay")
    hers = Membership.objects.get(student=fay).group
    other = Group.objects.exclude(pk=hers.pk).get(assignment=assignment)
    select = f"#move-{fay.pk}"
    page.locator(select).scroll_into_view_if_needed()
    page.focus(select)
    page.select_option(select, str(other.pk))
    result = f"#move-{fay.pk}-result"
    page.wait_for_selector(f"{result}:has-text('Moved to {other}.')")
    assert Membership.objects.get(student=fay).group == other
    assert page.locator(select).input_value() == str(other.pk)
    assert focused_id(page) == f"move-{fay.pk}"
    assert in_viewport(page, f"#student-{fay.pk}"), "the moved row left the screen"
    assert page.get_attribute(result, "aria-live") == "polite"
    # The group cards followed: Fay is listed under her new group.
    card = page.locator("article.group-card", has_text=str(other))
    assert card.locator("li", has_text="fay").count() == 1

    # A new empty group; its delete asks first, and Escape keeps the group.
    page.click("button:has-text('New group')")
    page.wait_for_selector("text=Group 3 is made.")
    delete = page.locator("article.group-card", has_text="Group 3").locator("a:has-text('Delete…')")
    delete.click()
    dialog = page.locator("dialog[open]")
    assert dialog.is_visible() and "Delete Group 3?" in dialog.inner_text()
    page.keyboard.press("Escape")
    assert page.locator("dialog[open]").count() == 0
    assert Group.objects.filter(assignment=assignment, number=3).exists()
    assert page.evaluate("document.activeElement.textContent") == "Delete…"
    assert serious_violations(page, live_server) == []
    assert console_errors == []
