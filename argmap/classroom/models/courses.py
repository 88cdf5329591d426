"""Courses and who is in them: enrolments with a role, and removals."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.urls import reverse

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser

# No 0/O or 1/I/L: a code is read aloud, copied from a slide and typed on a phone.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# 31^12 ≈ 8 × 10^17 codes: guessing one is hopeless, and a leaked code can be regenerated.
JOIN_CODE_LENGTH = 12


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(text: str) -> str:
    """What a student typed, as stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class Role(models.TextChoices):
    INSTRUCTOR = "instructor", "Instructor"
    STUDENT = "student", "Student"


def courses_of(user: Any, role: str | None = None) -> models.QuerySet[Enrolment, Any]:
    """The ids of the courses a signed-in user is in, in `role` or any (as a subquery): the one
    definition of "my courses" that the classroom's querysets and map visibility share."""
    enrolments = Enrolment.objects.filter(user_id=user.pk)
    if role is not None:
        enrolments = enrolments.filter(role=role)
    return enrolments.values("course_id")


class CourseQuerySet(models.QuerySet["Course"]):
    def for_user(self, user: AnyUser) -> CourseQuerySet:
        """Courses this user is in, in any role (the `classroom.view_course` rule)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=courses_of(user))

    def taught_by(self, user: AnyUser) -> CourseQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=courses_of(user, Role.INSTRUCTOR))


class Course(models.Model):
    title = models.CharField(max_length=200)
    join_code = models.CharField(max_length=20, unique=True, default=new_join_code, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("classroom:course-detail", args=[self.pk])

    @property
    def display_code(self) -> str:
        """ABCD-EFGH-JKLM: easier to read aloud than twelve letters in a row."""
        code = self.join_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    role = models.CharField(max_length=20, choices=Role)
    joined = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "user"],
                name="one_enrolment_per_user_and_course",
                violation_error_message="This person is already in the course.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course} ({self.role})"


class Removal(models.Model):
    """A student an instructor took out of a course. The join code of that moment no longer lets
    them in: they come back with a code made after the removal, or when an instructor lets them
    back (which deletes this row)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="removals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    join_code = models.CharField(max_length=20)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="one_removal_per_student")
        ]

    def __str__(self) -> str:
        return f"{self.user} removed from {self.course}"
