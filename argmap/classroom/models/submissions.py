"""Submissions (frozen snapshots), the instructor's reviews, scores and comments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from argmap.classroom.models.assignments import Assignment, Criterion, Group, groups_of
from argmap.classroom.models.courses import Role, courses_of
from argmap.maps.models import Link, Map, Node

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for revision"
    ACCEPTED = "accepted", "Accepted"


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def for_user(self, user: AnyUser) -> SubmissionQuerySet:
        """The user's own submissions, their group's, and those of the courses they teach (the
        `classroom.view_submission` rule)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(student_id=user.pk, group__isnull=True)
            | Q(group__in=groups_of(user))
            | Q(assignment__course__in=courses_of(user, Role.INSTRUCTOR))
        )

    def series_of(self, submission: Submission) -> SubmissionQuerySet:
        """The submissions of the same work as `submission`, numbered together: its group's, or
        for individual work the one student's on the assignment."""
        if submission.group_id is not None:
            return self.filter(group_id=submission.group_id)
        return self.filter(
            assignment_id=submission.assignment_id,
            student_id=submission.student_id,
            group__isnull=True,
        )


class Submission(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="submissions")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    # For group work, the group's submission; `student` is then the member who submitted it.
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
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
                condition=Q(group__isnull=True),
                name="submissions_numbered_per_student",
            ),
            models.UniqueConstraint(
                fields=["group", "number"],
                condition=Q(group__isnull=False),
                name="submissions_numbered_per_group",
            ),
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
        submissions of the courses they teach; on their own (or their group's) submissions, once
        the review is released (and their own replies)."""
        if not user.is_authenticated:
            return self.none()
        mine = Q(submission__group__in=groups_of(user))
        return self.filter(
            Q(submission__assignment__course__in=courses_of(user, Role.INSTRUCTOR))
            | (
                (Q(submission__student_id=user.pk, submission__group__isnull=True) | mine)
                & (Q(submission__review__released=True) | Q(author_id=user.pk))
            )
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
