"""Groups for an assignment done in groups: made by hand or at random, students moved between
them until the group they leave or join has submitted.

A group's map and submissions belong to the group (`argmap.classroom.models.WorkingMap.group`):
who reads and edits them follows the memberships kept here, so moving a student out of a group
ends their access to its map at once (argmap.maps.visibility).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from argmap.classroom.models import (
    Assignment,
    Enrolment,
    Group,
    Membership,
    Role,
    Submission,
    WorkingMap,
)
from argmap.lib.permissions import require

MAX_GROUP_SIZE = 50
NOT_YOURS = "Only an instructor of the course arranges its groups."


def _check_grouped(assignment: Assignment, actor: User) -> Assignment:
    """The assignment, locked (inside the caller's transaction) so that two instructors
    arranging groups at once take turns and number groups without gaps or clashes."""
    require(actor, "classroom.teach_assignment", assignment, NOT_YOURS)
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not current.work_in_groups:
        raise ValidationError(
            "This assignment is done individually. Edit it and choose group work first."
        )
    return current


def _next_number(assignment: Assignment) -> int:
    highest = Group.objects.filter(assignment=assignment).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


def _has_submitted(group: Group | None) -> bool:
    return group is not None and Submission.objects.filter(group=group).exists()


def students_without_group(assignment: Assignment) -> list[User]:
    """The course's students who are in no group of the assignment, by name."""
    return list(
        User.objects.filter(enrolments__course=assignment.course_id, enrolments__role=Role.STUDENT)
        .exclude(memberships__assignment=assignment)
        .order_by("username")
    )


@transaction.atomic
def group_create(*, assignment: Assignment, actor: User, name: str = "") -> Group:
    """A new, empty group with the next number."""
    current = _check_grouped(assignment, actor)
    group = Group(assignment=current, number=_next_number(current), name=name.strip())
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def groups_make_random(
    *, assignment: Assignment, actor: User, size: int, seed: int | None = None
) -> list[Group]:
    """Put every student who is in no group yet into new groups of about `size`, at random.

    Groups are balanced: 7 students at size 3 make groups of 3, 2 and 2 rather than 3, 3 and 1
    (as many groups as `ceil(students / size)`, sizes differing by one at most)."""
    current = _check_grouped(assignment, actor)
    if not 1 <= size <= MAX_GROUP_SIZE:
        raise ValidationError({"size": f"A group has between 1 and {MAX_GROUP_SIZE} students."})
    students = students_without_group(current)
    if not students:
        raise ValidationError("Every student of the course is in a group already.")
    random.Random(seed).shuffle(students)
    count = math.ceil(len(students) / size)
    first = _next_number(current)
    groups = [Group(assignment=current, number=first + i) for i in range(count)]
    Group.objects.bulk_create(groups)
    Membership.objects.bulk_create(
        Membership(group=groups[i % count], assignment=current, student=student)
        for i, student in enumerate(students)
    )
    return groups


@transaction.atomic
def membership_set(
    *, assignment: Assignment, student: User, group: Group | None, actor: User
) -> Membership | None:
    """Move `student` into `group`, or out of every group with None.

    Refused once the group they leave or join has submitted: a submission is the group's
    work, and who made it must not change afterwards."""
    current = _check_grouped(assignment, actor)
    if not Enrolment.objects.filter(
        course_id=current.course_id, user=student, role=Role.STUDENT
    ).exists():
        raise ValidationError("Only students of the course can be in its groups.")
    if group is not None and group.assignment_id != current.pk:
        raise ValidationError("That group belongs to another assignment.")
    existing = (
        Membership.objects.select_for_update()
        .filter(assignment=current, student=student)
        .select_related("group")
        .first()
    )
    old = existing.group if existing is not None else None
    if old is not None and group is not None and old.pk == group.pk:
        return existing
    for affected in (old, group):
        if _has_submitted(affected):
            raise ValidationError(
                f"{affected} has submitted already, so its members cannot change any more."
            )
    if existing is not None:
        existing.delete()
    if group is None:
        return None
    return Membership.objects.create(group=group, assignment=current, student=student)


@transaction.atomic
def group_delete(*, group: Group, actor: User) -> None:
    """Delete a group that has no map yet; its members are left without a group."""
    _check_grouped(group.assignment, actor)
    if WorkingMap.objects.filter(group=group).exists():
        raise ValidationError(
            f"{group} has started its map, so it cannot be deleted. Move its members instead."
        )
    group.delete()


def members(group: Group) -> Sequence[Membership]:
    """The group's members in the order they joined: the order "Member 1", "Member 2" follow."""
    return list(group.memberships.select_related("student").order_by("joined", "pk"))
