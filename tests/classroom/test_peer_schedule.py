"""A peer review that opens by itself at the due date: Iris plans it the day before, the first
page anyone opens after the due date opens it (or the scheduler's command does), and when it
cannot open then, she is told why instead of it being retried on every page."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from argmap.classroom import services
from argmap.classroom.models import Assignment, PeerReview, PeerRound, PeerSchedule
from tests.cast import Scene, api_client_for, client_for, make_user, peer_scene

pytestmark = pytest.mark.django_db

RUBRIC = "Evidence is cited | 3\nBoth sides | 2"


@pytest.fixture
def tomorrow(iris: User, ada: User, ben: User, otto: User, cleo: User) -> Scene:
    """Ada, Ben, Dee and Eve have submitted; the assignment is due tomorrow."""
    students = [ada, ben, make_user("dee"), make_user("eve")]
    return peer_scene(iris=iris, students=students, otto=otto, cleo=cleo, due_days=1)


def fall_due(assignment: Assignment) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def test_a_planned_review_opens_on_the_first_visit_after_the_due_date(
    tomorrow: Scene, iris: User, ben: User
) -> None:
    peer_page = f"/assignments/{tomorrow.assignment.pk}/peer/"
    answer = client_for(iris).post(
        f"{peer_page}open/", {"k": "2", "rubric": RUBRIC, "when": "due"}, follow=True
    )
    assert "opens by itself at the due date" in answer.text
    assert "Do not open it by itself" in answer.text
    assert not PeerRound.objects.exists()
    # Before the due date Ben is told when his reviews will come.
    assert "opens when the assignment is due" in client_for(ben).get(peer_page).text
    fall_due(tomorrow.assignment)
    # Ben opens the assignment page: the round opens, in Iris's name, as she planned it.
    assert client_for(ben).get(f"/assignments/{tomorrow.assignment.pk}/").status_code == 200
    round_ = PeerRound.objects.get(assignment=tomorrow.assignment)
    assert (round_.reviewers_per_submission, round_.opened_by) == (2, iris)
    assert PeerReview.objects.filter(round=round_).count() == 8  # 4 submissions × 2
    assert [c.title for c in tomorrow.assignment.peer_criteria.all()] == [
        "Evidence is cited",
        "Both sides",
    ]
    assert not PeerSchedule.objects.exists()
    assert PeerReview.objects.filter(round=round_, reviewer=ben).count() == 2


def test_the_api_opens_a_due_plan_too(tomorrow: Scene, iris: User, ada: User) -> None:
    services.peer_round_schedule(
        assignment=tomorrow.assignment,
        actor=iris,
        k=1,
        criteria=[services.PeerCriterionData("Fair", 2)],
    )
    path = f"/api/assignments/{tomorrow.assignment.pk}/peer-review/"
    assert api_client_for(ada).get(path).status_code == 404  # not open before the due date
    fall_due(tomorrow.assignment)
    assert api_client_for(ada).get(path).status_code == 200


def test_the_scheduler_command_opens_every_due_plan(tomorrow: Scene, iris: User) -> None:
    services.peer_round_schedule(
        assignment=tomorrow.assignment,
        actor=iris,
        k=1,
        criteria=[services.PeerCriterionData("Fair", 2)],
    )
    call_command("open_due_peer_reviews")
    assert not PeerRound.objects.exists()  # not due yet
    fall_due(tomorrow.assignment)
    call_command("open_due_peer_reviews")
    assert PeerRound.objects.filter(assignment=tomorrow.assignment).count() == 1


def test_a_plan_that_cannot_open_says_why_and_is_not_retried(
    tomorrow: Scene, iris: User, ada: User
) -> None:
    # Five reviewers per submission among four students, none reviewing their own: impossible.
    services.peer_round_schedule(
        assignment=tomorrow.assignment,
        actor=iris,
        k=5,
        criteria=[services.PeerCriterionData("Fair", 2)],
    )
    fall_due(tomorrow.assignment)
    client_for(ada).get(f"/assignments/{tomorrow.assignment.pk}/")
    schedule = PeerSchedule.objects.get()
    assert schedule.failure and not PeerRound.objects.exists()
    page = client_for(iris).get(f"/assignments/{tomorrow.assignment.pk}/peer/").text
    assert "could not open at the due date" in page
    # Iris opens it by hand with a K that works; the failed plan goes.
    services.peer_round_open(
        assignment=tomorrow.assignment,
        actor=iris,
        k=2,
        criteria=[services.PeerCriterionData("Fair", 2)],
    )
    assert not PeerSchedule.objects.exists()


def test_only_an_instructor_plans_and_only_before_the_due_date(
    tomorrow: Scene, iris: User, ada: User
) -> None:
    fair = [services.PeerCriterionData("Fair", 2)]
    with pytest.raises(PermissionDenied):
        services.peer_round_schedule(assignment=tomorrow.assignment, actor=ada, k=1, criteria=fair)
    with pytest.raises(ValidationError, match="between 1 and 10"):
        services.peer_round_schedule(assignment=tomorrow.assignment, actor=iris, k=0, criteria=fair)
    services.peer_round_schedule(assignment=tomorrow.assignment, actor=iris, k=1, criteria=fair)
    services.peer_schedule_cancel(assignment=tomorrow.assignment, actor=iris)
    assert not PeerSchedule.objects.exists()
    fall_due(tomorrow.assignment)
    tomorrow.assignment.refresh_from_db()
    with pytest.raises(ValidationError, match="due already"):
        services.peer_round_schedule(assignment=tomorrow.assignment, actor=iris, k=1, criteria=fair)
    assert (
        client_for(ada).post(f"/assignments/{tomorrow.assignment.pk}/peer/plan/cancel/").status_code
        == 403
    )
