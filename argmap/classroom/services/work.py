"""A student's work on an assignment: start (their own copy of the starter, or their group's),
submit (a frozen snapshot of it, numbered per student or per group)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from argmap.classroom.models import (
    Assignment,
    Enrolment,
    Group,
    Submission,
    SubmissionStatus,
    WorkingMap,
)
from argmap.lib.permissions import require
from argmap.maps import services as map_services
from argmap.maps.models import Map, Node
from argmap.maps.visibility import still_handed_out


def _lock_student(assignment: Assignment, student: User) -> Group | None:
    """Serialise one student's starts and submits (a double click, two tabs), or for group work
    the whole group's (two members at once): the second waits for the first and then sees what
    it wrote. Returns the student's group for group work.

    Precondition: called inside a transaction; holds the student's enrolment row (and their
    group's row) until it ends.
    """
    require(
        student,
        "classroom.work_on_assignment",
        assignment,
        "Only the students of the course work on its assignments.",
    )
    Enrolment.objects.select_for_update().filter(
        course_id=assignment.course_id, user=student
    ).first()
    if not assignment.work_in_groups:
        return None
    group = (
        Group.objects.select_for_update()
        .filter(assignment=assignment, memberships__student=student)
        .first()
    )
    if group is None:
        raise ValidationError(
            "This assignment is done in groups, and you are not in one yet. Your instructor "
            "puts you in a group."
        )
    return group


def _whose(assignment: Assignment, group: Group | None, student: User) -> str:
    """Whose map, as its title says: the group, or the student, but never their username when
    the assignment keeps students anonymous (to each other or to the grader): a title travels
    to every page, export and history entry of the map."""
    if group is not None:
        return str(group)
    if assignment.students_anonymous or assignment.anonymous_grading:
        return "anonymous"
    return student.username


def group_of(assignment: Assignment, student: User) -> Group | None:
    """The student's group for a group assignment (None for individual work or no group)."""
    if not assignment.work_in_groups:
        return None
    return Group.objects.filter(assignment=assignment, memberships__student=student).first()


def working_map_of(assignment: Assignment, student: User) -> WorkingMap | None:
    """The map the student works on: their own, or their group's."""
    work = WorkingMap.objects.select_related("map")
    if assignment.work_in_groups:
        group = group_of(assignment, student)
        return work.filter(group=group).first() if group is not None else None
    return work.filter(assignment=assignment, student=student, group__isnull=True).first()


@transaction.atomic
def work_start(*, assignment: Assignment, student: User) -> WorkingMap:
    """The student's working map for the assignment, made on first call: a private copy of the
    starter map, or a blank map when there is none. Calling it again returns the same map. For
    group work it is the group's one map, made by whichever member starts first."""
    group = _lock_student(assignment, student)
    existing = working_map_of(assignment, student)
    if existing is not None:
        return existing
    title = f"{assignment.title} ({_whose(assignment, group, student)})"[:200]
    starter = assignment.starter_map
    if starter is not None:
        # The student may not be able to read the starter: the assignment hands it to them,
        # but only while the course's instructors may still hand it out.
        if not still_handed_out(starter, assignment.course):
            raise ValidationError(
                "The starter map of this assignment is no longer available (its owner made it "
                "private or deleted it). Ask your instructor to choose another one."
            )
        map_ = map_services.map_fork(map=starter, owner=student, title=title)
    else:
        map_ = map_services.map_create(owner=student, title=title, question=assignment.title)
    if group is not None:
        Map.objects.filter(pk=map_.pk).update(is_group_work=True)
        map_.is_group_work = True
    return WorkingMap.objects.create(assignment=assignment, student=student, group=group, map=map_)


def latest_submission(assignment: Assignment, student: User) -> Submission | None:
    """The student's latest submission, or their group's for group work."""
    if assignment.work_in_groups:
        group = group_of(assignment, student)
        if group is None:
            return None
        return Submission.objects.filter(group=group).order_by("number").last()
    return (
        Submission.objects.filter(assignment=assignment, student=student, group__isnull=True)
        .order_by("number")
        .last()
    )


def submit_refusal(assignment: Assignment, latest: Submission | None) -> str:
    """Why the student may not submit now, or "" when they may."""
    if latest is None or latest.status == SubmissionStatus.RETURNED:
        return ""
    if latest.status == SubmissionStatus.ACCEPTED:
        return "Your submission was accepted: there is nothing more to submit."
    if not assignment.allow_resubmission:
        return (
            "You have submitted already. This assignment takes another submission only if your "
            "instructor returns it for revision."
        )
    return ""


@transaction.atomic
def submission_submit(
    *, assignment: Assignment, student: User, now: datetime.datetime | None = None
) -> Submission:
    """Freeze the student's working map as their next submission.

    The snapshot is a copy of the working map (`map_fork`) flagged `is_snapshot`: the rules and
    every editing service refuse to change it, and later edits of the working map touch only the
    working map. Its nodes remember their origin, which is what the diff between submissions and
    the coverage of the reference map match on.
    """
    group = _lock_student(assignment, student)
    working = working_map_of(assignment, student)
    if working is None:
        raise ValidationError("Start the assignment first: there is no map to submit yet.")
    if not Map.objects.filter(pk=working.map_id).exists():
        raise ValidationError(
            "Your map for this assignment is deleted. Restore it from your list of maps first."
        )
    if not Node.objects.filter(map_id=working.map_id).exists():
        raise ValidationError("Your map is empty: add at least one statement before submitting.")
    latest = latest_submission(assignment, student)
    refusal = submit_refusal(assignment, latest)
    if refusal:
        raise ValidationError(refusal)
    number = latest.number + 1 if latest else 1
    snapshot = map_services.map_fork(
        map=working.map,
        owner=student,
        title=f"{assignment.title}: submission {number} ({_whose(assignment, group, student)})"[
            :200
        ],
    )
    # A group's snapshot stays the group's: read by its members, not by the one who submitted.
    Map.objects.filter(pk=snapshot.pk).update(is_snapshot=True, is_group_work=group is not None)
    snapshot.is_snapshot = True
    snapshot.is_group_work = group is not None
    submitted_at = now or timezone.now()
    submission = Submission(
        assignment=assignment,
        student=student,
        group=group,
        number=number,
        snapshot=snapshot,
        submitted_at=submitted_at,
        late=submitted_at > assignment.due_at,
    )
    submission.full_clean()
    submission.save()
    return submission
