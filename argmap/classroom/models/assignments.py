"""Assignments, their rubric, groups, and the maps students work on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from argmap.classroom.models.courses import Course, Role, courses_of
from argmap.maps.models import Map

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


def groups_of(user: Any) -> models.QuerySet[Membership, Any]:
    """The ids of the groups a signed-in student is in now, as a subquery, if they are still a
    student of the group's course: leaving the course or the group ends what the group gives."""
    return Membership.objects.filter(
        student_id=user.pk,
        student__enrolments__course=models.F("assignment__course"),
        student__enrolments__role=Role.STUDENT,
    ).values("group_id")


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def for_user(self, user: AnyUser) -> AssignmentQuerySet:
        """Assignments of the courses this user is in (the `classroom.view_assignment` rule)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(course__in=courses_of(user))


class Assignment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(max_length=200)
    prompt = models.TextField(
        blank=True, help_text="What students should do. Markdown: **bold**, lists, links."
    )
    due_at = models.DateTimeField("due", help_text="Date and time (UTC).")
    starter_map = models.ForeignKey(
        Map,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="starter_for",
        help_text="Each student starts from their own copy of it; without one, from a blank map.",
    )
    reference_map = models.ForeignKey(
        Map,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reference_for",
        help_text="Your model answer: never shown to students; submissions are compared with it.",
    )
    allow_resubmission = models.BooleanField(
        "students may submit again before you review",
        default=True,
        help_text="Returning a submission for revision always lets the student submit again.",
    )
    students_see_coverage = models.BooleanField(
        "students see their coverage",
        default=False,
        help_text="Which theses and key evidence of the reference map their submission uses.",
    )
    work_in_groups = models.BooleanField(
        "students work in groups",
        default=False,
        help_text="Each group shares one map, which any member edits and submits for the group.",
    )
    students_anonymous = models.BooleanField(
        "students are anonymous to each other",
        default=False,
        help_text="Group members and peer reviewers are shown as “Member 2”, “Reviewer 1”.",
    )
    anonymous_grading = models.BooleanField(
        "grade anonymously",
        default=False,
        help_text="Student names are hidden from you while you review, until you release grades.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("classroom:assignment-detail", args=[self.pk])

    @property
    def past_due(self) -> bool:
        return timezone.now() > self.due_at

    def grading_is_blind(self) -> bool:
        """Anonymous grading holds until the review of every submission is released (one query;
        none when the assignment does not ask for it). See `argmap.classroom.naming`."""
        if not self.anonymous_grading:
            return False
        submitted = self.submissions.all()
        return not submitted.exists() or submitted.exclude(review__released=True).exists()


class Criterion(models.Model):
    """One line of an assignment's rubric."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    points = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return f"{self.title} ({self.points})"


class GroupQuerySet(models.QuerySet["Group"]):
    def for_user(self, user: AnyUser) -> GroupQuerySet:
        """The groups of the courses this user teaches, and the student's own group (the
        `classroom.view_group` rule)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(assignment__course__in=courses_of(user, Role.INSTRUCTOR))
            | Q(memberships__student_id=user.pk)
        ).distinct()


class Group(models.Model):
    """Students who work on one assignment together, on one shared map."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    name = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["assignment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "number"], name="groups_numbered_per_assignment"
            )
        ]

    def __str__(self) -> str:
        return self.name or f"Group {self.number}"


class Membership(models.Model):
    """A student in a group. `assignment` repeats the group's so that the database itself holds
    a student to one group per assignment."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "joined", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"],
                name="one_group_per_student_and_assignment",
                violation_error_message="This student is already in a group of the assignment.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.group}"


class WorkingMap(models.Model):
    """The map a student works on for an assignment: their own private copy of the starter; or,
    when the assignment is done in groups, the group's shared copy (then `student` is the member
    who started it, and access follows the group's members, never that student alone)."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="working_maps"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    group = models.OneToOneField(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="working_map"
    )
    map = models.OneToOneField(Map, on_delete=models.PROTECT, related_name="working_for")
    started = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"],
                condition=Q(group__isnull=True),
                name="one_working_map_per_student",
            )
        ]

    def __str__(self) -> str:
        return f"{self.student}'s map for {self.assignment}"
