"""A reviewer in Chromium, at 1400×900 and at 390×844: opening a statement's comment box puts
the keyboard in it and Escape closes it again (the keyboard back on its toggle); the comment
added is shown in the window with the keyboard on it; the rubric submits and the review is
then read-only, its confirmation in view."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.classroom import services
from argmap.classroom.models import PeerComment, PeerReview
from tests.cast import Scene
from tests.e2e.helpers import eventually, log_in
from tests.e2e.test_review_page import in_view

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = [(1400, 900), (390, 844)]


def focused_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def focus_reaches(page: Any, element_id: str) -> None:
    """The keyboard moves once the box's toggle event has run (the next task)."""
    eventually(page, "document.activeElement ? document.activeElement.id : ''", element_id)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_reviewer_comments_on_a_statement_and_submits(
    live_server: Any,
    page: Any,
    peer: Scene,
    iris: User,
    console_errors: list[str],
    width: int,
    height: int,
) -> None:
    services.peer_round_open(
        assignment=peer.assignment,
        actor=iris,
        k=2,
        criteria=[services.PeerCriterionData("Evidence is cited", 3)],
        seed=6,
    )
    review = PeerReview.objects.filter(reviewer=peer.students[0]).order_by("pk").first()
    assert review is not None
    page.set_viewport_size({"width": width, "height": height})
    page.on("dialog", lambda dialog: dialog.accept())  # "Submit your review?"
    log_in(page, live_server, review.reviewer.username)
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    assert "Your review of Submission" in page.inner_text("h1")

    # The first statement's comment box: opened, the keyboard is in it; Escape closes it.
    box = page.locator("li.peer-item[id^=node-] details.comment-box").first
    anchor = box.locator("input[name=anchor]").get_attribute("value")
    box.locator("summary").click()
    focus_reaches(page, f"comment-{anchor}")
    page.keyboard.press("Escape")
    assert box.evaluate("d => d.open") is False
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"

    # Opened from the keyboard, written and sent: the page comes back at the new comment.
    page.keyboard.press("Enter")
    focus_reaches(page, f"comment-{anchor}")
    page.keyboard.type("Which archive is this cable from?")
    box.locator("button[type=submit]").click()
    page.wait_for_selector("text=Which archive is this cable from?")
    comment = PeerComment.objects.get(body="Which archive is this cable from?")
    assert comment.node_id is not None and f"node-{comment.node_id}" == anchor
    in_view(page, f"#c-{comment.pk}")
    focus_reaches(page, f"c-{comment.pk}")

    # The rubric, then submit: the confirmation is in view and nothing can be added any more.
    page.fill("input[name^=score_]", "2")
    page.fill("textarea[name=feedback]", "Clear and well sourced.")
    page.click("text=Submit the review")
    page.wait_for_selector("#submitted")
    in_view(page, "#submitted")
    assert page.locator("details.comment-box:not(.reply-box)").count() == 0
    assert page.locator("text=Submit the review").count() == 0
    review.refresh_from_db()
    assert review.submitted_at is not None
    assert console_errors == []
