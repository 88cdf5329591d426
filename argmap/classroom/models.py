"""The classroom: courses, who is in them, assignments, students' work, submissions and reviews.

Access is decided by the predicates in `argmap.classroom.rules`; the `for_user()` queryset methods
here are their queryset twins (a test keeps each pair in agreement), so that a page fetches only
what its reader may see and answers 404 for anything else. Writes go through
`argmap.classroom.services`.

A submission's map is a *snapshot*: a copy of the student's working map made at submit time and
flagged `Map.is_snapshot`, which every editing path refuses to change. Comments anchor on the
snapshot's own Node and Link rows.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from argmap.maps.models import Link, Map, Node

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


class WorkingMap(models.Model):
    """The map a student works on for an assignment: their own private copy of the starter."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="working_maps"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    map = models.OneToOneField(Map, on_delete=models.PROTECT, related_name="working_for")
    started = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"], name="one_working_map_per_student"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student}'s map for {self.assignment}"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for revision"
    ACCEPTED = "accepted", "Accepted"


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def for_user(self, user: AnyUser) -> SubmissionQuerySet:
        """The user's own submissions and those of the courses they teach (the
        `classroom.view_submission` rule)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(student_id=user.pk) | Q(assignment__course__in=courses_of(user, Role.INSTRUCTOR))
        )


class Submission(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="submissions")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    snapshot = models.OneToOneField(Map, on_delete=models.PROTECT, related_name="submission")
    submitted_at = models.DateTimeField()
    late = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=SubmissionStatus, default=SubmissionStatus.SUBMITTED
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["assignment", "student", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student", "number"],
                name="submissions_numbered_per_student",
            )
        ]

    def __str__(self) -> str:
        return f"{self.student}: {self.assignment} #{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("classroom:submission-detail", args=[self.pk])


class Review(models.Model):
    """The instructor's review of one submission; the student sees none of it until released."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="review")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    feedback = models.TextField("overall feedback", blank=True)
    released = models.BooleanField(default=False)
    released_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Review of {self.submission}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.title}: {self.points}"

    def clean(self) -> None:
        if self.points > self.criterion.points:
            raise ValidationError(
                {"points": f"“{self.criterion.title}” is out of {self.criterion.points}."}
            )


class CommentQuerySet(models.QuerySet["Comment"]):
    def for_user(self, user: AnyUser) -> CommentQuerySet:
        """Comments this user may read (the `classroom.view_comment` rule): all of those on the
        submissions of the courses they teach; on their own submissions, once the review is
        released (and their own replies)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(submission__assignment__course__in=courses_of(user, Role.INSTRUCTOR))
            | Q(submission__student_id=user.pk, submission__review__released=True)
            | Q(submission__student_id=user.pk, author_id=user.pk)
        )


class Comment(models.Model):
    """A remark pinned to one node or one link of a submitted snapshot; replies share the anchor
    of the comment that starts their thread."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    node = models.ForeignKey(
        Node, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    link = models.ForeignKey(
        Link, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=5000)
    resolved = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(node__isnull=False, link__isnull=True)
                | Q(node__isnull=True, link__isnull=False),
                name="comment_on_one_node_or_one_link",
                violation_error_message="A comment is pinned to one statement or one link.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"

    def clean(self) -> None:
        if not self.body.strip():
            raise ValidationError({"body": "Write something first."})
