"""Peer review: a round per assignment, the peer rubric, each reviewer's review of one
submission, its scores and the comments pinned to the snapshot's statements and links.

Students are shown to each other by labels, never names (`PeerReview.number` is "Reviewer N" to
the author); the rules in `argmap.classroom.rules` decide who reads what, and the `for_user()`
methods here are their queryset twins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from argmap.classroom.models.assignments import Assignment, groups_of
from argmap.classroom.models.courses import Role, courses_of
from argmap.classroom.models.submissions import Submission
from argmap.maps.models import Link, Node

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser

# The instructor rates each submitted review from 0 to this; see `peer_review_points`.
MAX_RATING = 5


class PeerRound(models.Model):
    """An assignment's peer-review round, opened by an instructor once (its allocation is then
    fixed), and released to the authors when the instructor says so."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="peer_round"
    )
    reviewers_per_submission = models.PositiveSmallIntegerField(
        "reviewers per submission", validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    seed = models.BigIntegerField()
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    released = models.BooleanField(default=False)
    released_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Peer review of {self.assignment}"


class PeerSchedule(models.Model):
    """A peer review set up before the due date to open by itself when the assignment falls
    due (`argmap.classroom.services.peer_schedule`): what the instructor would have typed into
    "Open the peer review", kept until then. `failure` says why it could not open then (nobody
    had submitted, too few students for K), for the instructor to see and act on."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="peer_schedule"
    )
    reviewers_per_submission = models.PositiveSmallIntegerField(
        "reviewers per submission", validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    rubric = models.JSONField(help_text="The peer rubric: [[title, points], …].")
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    failure = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Peer review of {self.assignment}, opening when it is due"


class PeerCriterion(models.Model):
    """One line of the peer rubric: what reviewers score (separate from the instructor's)."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="peer_criteria"
    )
    title = models.CharField(max_length=200)
    points = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "peer criteria"

    def __str__(self) -> str:
        return f"{self.title} ({self.points})"


class PeerReviewQuerySet(models.QuerySet["PeerReview"]):
    def for_user(self, user: AnyUser) -> PeerReviewQuerySet:
        """The `classroom.view_peer_review` rule: every review of the courses one teaches; one's
        own reviews to write; and the submitted, unhidden reviews of one's own (or group's)
        submission once the round is released."""
        if not user.is_authenticated:
            return self.none()
        received = (
            Q(submission__student_id=user.pk, submission__group__isnull=True)
            | Q(submission__group__in=groups_of(user))
        ) & Q(round__released=True, submitted_at__isnull=False, hidden=False)
        return self.filter(
            Q(round__assignment__course__in=courses_of(user, Role.INSTRUCTOR))
            | Q(reviewer_id=user.pk, round__assignment__course__in=courses_of(user, Role.STUDENT))
            | received
        )


class PeerReview(models.Model):
    """One reviewer's review of one submission. `number` is the reviewer's label for the author
    ("Reviewer 1"), `letter` the submission's for the reviewer ("Submission A")."""

    round = models.ForeignKey(PeerRound, on_delete=models.CASCADE, related_name="reviews")
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="peer_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_reviews"
    )
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    letter = models.CharField(max_length=3)
    feedback = models.TextField("overall feedback", blank=True, max_length=10000)
    submitted_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.TextField(blank=True, max_length=2000)
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_RATING)]
    )

    objects = PeerReviewQuerySet.as_manager()

    class Meta:
        ordering = ["round", "reviewer", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="one_peer_review_per_reviewer"
            ),
            models.UniqueConstraint(
                fields=["submission", "number"], name="peer_reviewers_numbered_per_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"Reviewer {self.number} of submission {self.letter}"

    def get_absolute_url(self) -> str:
        return reverse("classroom:peer-review-detail", args=[self.pk])

    @property
    def reviewer_label(self) -> str:
        return f"Reviewer {self.number}"

    @property
    def submission_label(self) -> str:
        return f"Submission {self.letter}"


class PeerScore(models.Model):
    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(PeerCriterion, on_delete=models.CASCADE, related_name="scores")
    points = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="one_peer_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.title}: {self.points}"


class PeerCommentQuerySet(models.QuerySet["PeerComment"]):
    def for_user(self, user: AnyUser) -> PeerCommentQuerySet:
        """The `classroom.view_peer_comment` rule: the comments of the reviews one may read."""
        return self.filter(review__in=PeerReview.objects.for_user(user))


class PeerComment(models.Model):
    """A reviewer's remark on one statement or link of the snapshot under review, or a reply to
    one (by the author, the reviewer or an instructor) sharing its anchor."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="comments")
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
    created = models.DateTimeField(auto_now_add=True)

    objects = PeerCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(node__isnull=False, link__isnull=True)
                | Q(node__isnull=True, link__isnull=False),
                name="peer_comment_on_one_node_or_one_link",
                violation_error_message="A comment is pinned to one statement or one link.",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]
