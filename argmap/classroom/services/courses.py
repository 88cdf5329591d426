"""Courses and who is in them: create, join with a code, a new code, remove a student and let
them back."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from argmap.classroom.models import (
    Course,
    Enrolment,
    Removal,
    Role,
    new_join_code,
    normalise_join_code,
)
from argmap.lib.permissions import require


@transaction.atomic
def course_create(*, owner: User, title: str) -> Course:
    """A new course taught by `owner`, with a fresh join code."""
    course = Course(title=title.strip(), created_by=owner)
    course.full_clean()
    course.save()
    Enrolment.objects.create(course=course, user=owner, role=Role.INSTRUCTOR)
    return course


@transaction.atomic
def course_join(*, user: User, code: str) -> Enrolment:
    """Enrol `user` as a student of the course with this join code (spaces, dashes and case do
    not matter)."""
    wanted = normalise_join_code(code)
    if not wanted:
        raise ValidationError({"code": "Type the join code your instructor gave you."})
    course = Course.objects.filter(join_code=wanted).first()
    if course is None:
        raise ValidationError(
            {
                "code": "No course has this join code. Check it with your instructor: "
                "a code looks like ABCD-EFGH-JKLM."
            }
        )
    if Removal.objects.filter(course=course, user=user, join_code=course.join_code).exists():
        raise ValidationError(
            {
                "code": f"Your instructor took you out of “{course.title}”, and this join code "
                "no longer lets you in. Ask them for a new code, or to let you back in."
            },
            code="removed",
        )
    existing = Enrolment.objects.filter(course=course, user=user).first()
    if existing is not None:
        raise ValidationError(
            {"code": f"You are already in “{course.title}” (as {existing.get_role_display()})."},
            code="already-enrolled",
        )
    return Enrolment.objects.create(course=course, user=user, role=Role.STUDENT)


@transaction.atomic
def course_regenerate_code(*, course: Course, actor: User) -> str:
    """Give the course a new join code; the old one stops working at once."""
    require(actor, "classroom.teach_course", course, "Only an instructor changes the join code.")
    course.join_code = new_join_code()
    course.full_clean()
    course.save(update_fields=["join_code"])
    return course.join_code


@transaction.atomic
def enrolment_remove(*, course: Course, student: User, actor: User) -> None:
    """Take a student out of the course. Their maps and submissions are kept (nothing is lost);
    they no longer see the course, its instructors no longer read their working maps (their
    submitted snapshots stay readable), and the current join code no longer lets them back in."""
    require(actor, "classroom.teach_course", course, "Only an instructor removes students.")
    enrolment = Enrolment.objects.filter(course=course, user=student).first()
    if enrolment is None:
        raise ValidationError(f"{student.username} is not in this course.")
    if enrolment.role != Role.STUDENT:
        raise ValidationError("Only students can be removed from a course, not instructors.")
    enrolment.delete()
    Removal.objects.update_or_create(
        course=course,
        user=student,
        defaults={"join_code": course.join_code, "removed_by": actor},
    )


@transaction.atomic
def removal_undo(*, course: Course, student: User, actor: User) -> None:
    """Let a removed student join again with the current code (the instructor's consent)."""
    require(actor, "classroom.teach_course", course, "Only an instructor lets students back in.")
    deleted, _ = Removal.objects.filter(course=course, user=student).delete()
    if not deleted:
        raise ValidationError(f"{student.username} was not removed from this course.")
