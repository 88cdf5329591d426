"""Peer review rounds: opening one (the allocation is made then, once), reviewers' comments,
scores and submitting, the instructor's hiding and rating, releasing to the authors, and replies.
"""

from __future__ import annotations

import datetime
import random
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from argmap.classroom.allocation import AllocationError, allocate
from argmap.classroom.models import (
    MAX_RATING,
    Assignment,
    Enrolment,
    Membership,
    PeerComment,
    PeerCriterion,
    PeerReview,
    PeerRound,
    PeerSchedule,
    PeerScore,
    Role,
    Submission,
)
from argmap.lib.permissions import require
from argmap.maps.models import Link, Node

MAX_COMMENT = 5000
MAX_FEEDBACK = 10000


@dataclass(frozen=True, slots=True)
class PeerCriterionData:
    title: str
    points: int


def letters(n: int) -> list[str]:
    """A, B, …, Z, AA, AB, …: the labels of n submissions."""
    out: list[str] = []
    for i in range(n):
        label, i = "", i + 1
        while i:
            i, rest = divmod(i - 1, 26)
            label = string.ascii_uppercase[rest] + label
        out.append(label)
    return out


def latest_submissions(assignment: Assignment) -> list[Submission]:
    """The latest submission of each student (or group) of the assignment."""
    latest: dict[tuple[str, int], Submission] = {}
    for each in Submission.objects.filter(assignment=assignment).order_by("number", "pk"):
        key = ("g", each.group_id) if each.group_id else ("s", each.student_id)
        latest[key] = each
    return sorted(latest.values(), key=lambda s: s.pk)


def _excluded(assignment: Assignment, submissions: list[Submission]) -> dict[int, set[int]]:
    """Who may not review each submission: its author and, for group work, the group's members
    (one query)."""
    members: dict[int, set[int]] = {}
    for group_id, student_id in Membership.objects.filter(assignment=assignment).values_list(
        "group_id", "student_id"
    ):
        members.setdefault(group_id, set()).add(student_id)
    return {
        s.pk: {s.student_id} | (members.get(s.group_id, set()) if s.group_id else set())
        for s in submissions
    }


def check_setup(*, k: int, criteria: Sequence[PeerCriterionData]) -> None:
    """K and the peer rubric as the instructor typed them (opening now or at the due date)."""
    errors: dict[str, str] = {}
    if not 1 <= k <= 10:
        errors["k"] = "Choose between 1 and 10 reviewers per submission."
    if not criteria:
        errors["criteria"] = "Give the peer rubric at least one criterion."
    for c in criteria:
        if not c.title.strip() or not 1 <= c.points <= 100:
            errors["criteria"] = "Each criterion needs a title and 1 to 100 points."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def peer_round_open(
    *,
    assignment: Assignment,
    actor: User,
    k: int,
    criteria: Sequence[PeerCriterionData],
    seed: int | None = None,
    now: datetime.datetime | None = None,
) -> PeerRound:
    """Open the assignment's peer review: set the peer rubric and give each latest submission
    `k` reviewers among the course's students (`argmap.classroom.allocation`), all or nothing.

    Precondition: locks the assignment row, so that two instructors opening at once make one
    round."""
    require(actor, "classroom.teach_assignment", assignment, "Only an instructor opens this.")
    Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if PeerRound.objects.filter(assignment=assignment).exists():
        raise ValidationError("The peer review of this assignment is open already.")
    check_setup(k=k, criteria=criteria)
    submissions = latest_submissions(assignment)
    if not submissions:
        raise ValidationError("Nobody has submitted yet: there is nothing to review.")
    reviewers = list(
        Enrolment.objects.filter(course_id=assignment.course_id, role=Role.STUDENT).values_list(
            "user_id", flat=True
        )
    )
    seed = random.SystemRandom().randrange(2**62) if seed is None else seed
    try:
        given = allocate(
            submissions=_excluded(assignment, submissions), reviewers=reviewers, k=k, seed=seed
        )
    except AllocationError as exc:
        raise ValidationError({"k": str(exc)}) from exc
    round_ = PeerRound.objects.create(
        assignment=assignment,
        reviewers_per_submission=k,
        seed=seed,
        opened_at=now or timezone.now(),
        opened_by=actor,
    )
    # Opened now: a plan to open it at the due date has done its work.
    PeerSchedule.objects.filter(assignment=assignment).delete()
    PeerCriterion.objects.bulk_create(
        PeerCriterion(assignment=assignment, title=c.title.strip(), points=c.points, order=i)
        for i, c in enumerate(criteria)
    )
    # Letters in a shuffled order, so that "Submission A" says nothing of who submitted first.
    order = sorted(given)
    random.Random(seed).shuffle(order)
    letter_of = dict(zip(order, letters(len(order)), strict=True))
    PeerReview.objects.bulk_create(
        PeerReview(
            round=round_, submission_id=sub, reviewer_id=rev, number=n, letter=letter_of[sub]
        )
        for sub, revs in given.items()
        for n, rev in enumerate(random.Random(seed + sub).sample(revs, len(revs)), start=1)
    )
    return round_


def _anchor(review: PeerReview, node: Node | None, link: Link | None) -> None:
    if (node is None) == (link is None):
        raise ValidationError("A comment is pinned to one statement or one link.")
    anchor = node if node is not None else link
    if anchor is None or anchor.map_id != review.submission.snapshot_id:
        raise ValidationError("That is not part of the submission under review.")


@transaction.atomic
def peer_comment_add(
    *,
    review: PeerReview,
    author: User,
    body: str,
    node: Node | None = None,
    link: Link | None = None,
    parent: PeerComment | None = None,
) -> PeerComment:
    """A reviewer's comment on a statement or link of the snapshot (until they submit), or a
    reply to a thread (the author once the review reaches them, the reviewer, an instructor)."""
    if parent is not None:
        # Read afresh: whether the author may reply depends on the round's release, now.
        root = PeerComment.objects.select_related(
            "review__round__assignment", "review__submission", "node", "link"
        ).get(pk=parent.parent_id or parent.pk)
        require(author, "classroom.reply_to_peer_comment", root, "You cannot reply to this.")
        if root.review_id != review.pk:
            raise ValidationError("That comment belongs to another review.")
        node, link = root.node, root.link
    else:
        root = None
        require(author, "classroom.write_peer_review", review, "This review is not yours.")
        _anchor(review, node, link)
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write something first."})
    if len(body) > MAX_COMMENT:
        raise ValidationError({"body": f"A comment has {MAX_COMMENT:,} characters at most."})
    return PeerComment.objects.create(
        review=review, node=node, link=link, parent=root, author=author, body=body
    )


@transaction.atomic
def peer_review_submit(
    *,
    review: PeerReview,
    reviewer: User,
    scores: Mapping[int, int | None],
    feedback: str,
    now: datetime.datetime | None = None,
) -> PeerReview:
    """Score every criterion of the peer rubric, give the overall feedback and submit: the review
    is then final (read-only to its reviewer)."""
    PeerReview.objects.select_for_update().filter(pk=review.pk).first()
    review.refresh_from_db(fields=["submitted_at"])
    require(reviewer, "classroom.write_peer_review", review, "This review cannot be changed.")
    criteria = list(review.round.assignment.peer_criteria.all())
    errors: dict[str, str] = {}
    for c in criteria:
        points = scores.get(c.pk)
        if points is None:
            errors[f"score_{c.pk}"] = f"Score “{c.title}” before submitting."
        elif not 0 <= points <= c.points:
            errors[f"score_{c.pk}"] = f"“{c.title}” takes 0 to {c.points} points."
    if set(scores) - {c.pk for c in criteria}:
        errors["__all__"] = "A score was given for a criterion the peer rubric does not have."
    if len(feedback) > MAX_FEEDBACK:
        errors["feedback"] = f"The feedback has {MAX_FEEDBACK:,} characters at most."
    if errors:
        raise ValidationError(errors)
    PeerScore.objects.bulk_create(
        PeerScore(review=review, criterion_id=c.pk, points=scores[c.pk] or 0) for c in criteria
    )
    review.feedback, review.submitted_at = feedback.strip(), now or timezone.now()
    review.save(update_fields=["feedback", "submitted_at"])
    return review


@transaction.atomic
def peer_review_moderate(
    *, review: PeerReview, actor: User, hidden: bool, reason: str = "", rating: int | None
) -> PeerReview:
    """Hide a review from its author (with the reason, kept for the instructors) or show it
    again, and rate its quality from 0 to MAX_RATING (None: not rated)."""
    require(actor, "classroom.moderate_peer_review", review, "Only an instructor can.")
    errors: dict[str, str] = {}
    if hidden and not reason.strip():
        errors["hidden_reason"] = "Say why the review is hidden (the reason stays with you)."
    if rating is not None and not 0 <= rating <= MAX_RATING:
        errors["rating"] = f"Rate from 0 to {MAX_RATING}."
    if rating is not None and review.submitted_at is None:
        errors["rating"] = "Only a submitted review can be rated."
    if errors:
        raise ValidationError(errors)
    review.hidden, review.hidden_reason = hidden, reason.strip() if hidden else ""
    review.rating = rating
    review.save(update_fields=["hidden", "hidden_reason", "rating"])
    return review


@transaction.atomic
def peer_round_release(
    *, round: PeerRound, actor: User, now: datetime.datetime | None = None
) -> PeerRound:
    """Let the authors read the submitted, unhidden reviews of their work (and reply)."""
    require(actor, "classroom.teach_assignment", round.assignment, "Only an instructor can.")
    if not round.released:
        round.released, round.released_at = True, now or timezone.now()
        round.save(update_fields=["released", "released_at"])
    return round
