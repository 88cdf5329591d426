"""A peer review that opens by itself when the assignment falls due.

The instructor sets K and the peer rubric beforehand ("Open at the due date"); the first page of
the assignment anyone opens after the due date (the assignment page, the peer review page), or
`manage.py open_due_peer_reviews` run by a scheduler, opens the round then, as
`peer_round_open` does, in the name of the instructor who planned it. An opening that cannot
happen (nobody submitted, too few students for K) is not retried on every page: its reason is
kept for the instructor, who opens it by hand.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from argmap.classroom.models import Assignment, PeerRound, PeerSchedule
from argmap.classroom.services.peer import PeerCriterionData, check_setup, peer_round_open
from argmap.lib.permissions import require


@transaction.atomic
def peer_round_schedule(
    *, assignment: Assignment, actor: User, k: int, criteria: Sequence[PeerCriterionData]
) -> PeerSchedule:
    """Plan the assignment's peer review to open at its due date (replacing an earlier plan)."""
    require(actor, "classroom.teach_assignment", assignment, "Only an instructor plans this.")
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if PeerRound.objects.filter(assignment=current).exists():
        raise ValidationError("The peer review of this assignment is open already.")
    if current.past_due:
        raise ValidationError("The assignment is due already: open the peer review now.")
    check_setup(k=k, criteria=criteria)
    schedule, _ = PeerSchedule.objects.update_or_create(
        assignment=current,
        defaults={
            "reviewers_per_submission": k,
            "rubric": [[c.title.strip(), c.points] for c in criteria],
            "scheduled_by": actor,
            "failure": "",
        },
    )
    return schedule


@transaction.atomic
def peer_schedule_cancel(*, assignment: Assignment, actor: User) -> None:
    require(actor, "classroom.teach_assignment", assignment, "Only an instructor plans this.")
    PeerSchedule.objects.filter(assignment=assignment).delete()


def peer_round_open_if_due(
    assignment: Assignment, *, now: datetime.datetime | None = None
) -> PeerRound | None:
    """Open the planned round if the assignment is due and it is not open yet (one query when
    there is nothing to do)."""
    now = now or timezone.now()
    if now < assignment.due_at:
        return None
    schedule = (
        PeerSchedule.objects.filter(assignment=assignment, failure="")
        .select_related("scheduled_by")
        .first()
    )
    if schedule is None:
        return None
    return _open(schedule, now)


def peer_rounds_open_due(*, now: datetime.datetime | None = None) -> list[PeerRound]:
    """Every planned round whose assignment is due (what `open_due_peer_reviews` runs)."""
    now = now or timezone.now()
    due = PeerSchedule.objects.filter(failure="", assignment__due_at__lte=now).select_related(
        "assignment", "scheduled_by"
    )
    return [round_ for schedule in due if (round_ := _open(schedule, now)) is not None]


def _open(schedule: PeerSchedule, now: datetime.datetime) -> PeerRound | None:
    assignment, planner = schedule.assignment, schedule.scheduled_by
    criteria = [PeerCriterionData(str(title), int(points)) for title, points in schedule.rubric]
    try:
        with transaction.atomic():
            if planner is None:
                raise ValidationError("The instructor who planned it no longer has an account.")
            return peer_round_open(
                assignment=assignment,
                actor=planner,
                k=schedule.reviewers_per_submission,
                criteria=criteria,
                now=now,
            )
    except (ValidationError, PermissionDenied) as exc:
        # Two pages at once: the other opened it; nothing failed.
        if PeerRound.objects.filter(assignment=assignment).exists():
            return None
        reason = "; ".join(getattr(exc, "messages", None) or [str(exc)])
        PeerSchedule.objects.filter(pk=schedule.pk).update(failure=reason[:2000])
        return None
