"""Reviewing a submission: rubric scores and feedback, the decision, and comments pinned to the
snapshot's nodes and links."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from argmap.classroom.models import (
    Comment,
    Review,
    Score,
    Submission,
    SubmissionStatus,
)
from argmap.lib.permissions import require
from argmap.maps.models import Link, Node

MAX_COMMENT = 5000
MAX_FEEDBACK = 20000


class Decision(StrEnum):
    RELEASE = "release"  # the student sees the review; the submission stays as it is
    RETURN = "return"  # released, and the student is asked to revise and submit again
    ACCEPT = "accept"  # released, and final


def _locked_review(submission: Submission, reviewer: User) -> Review:
    """The submission's review, made on first use.

    Precondition: inside a transaction; locks the submission row so that two saves of one
    review (two tabs) are applied one after the other, never interleaved."""
    Submission.objects.select_for_update().filter(pk=submission.pk).first()
    review, _ = Review.objects.get_or_create(submission=submission, defaults={"reviewer": reviewer})
    # The caller's submission then reads this review (the one about to change), not a stale copy.
    submission.review = review
    return review


@transaction.atomic
def review_save(
    *,
    submission: Submission,
    reviewer: User,
    scores: Mapping[int, int | None],
    feedback: str,
    decision: Decision | None = None,
) -> Review:
    """Set the rubric scores (criterion id → points; None clears one) and the overall feedback,
    then apply `decision` if one is given (see `review_decide`); all or nothing.

    Every score is checked against its criterion before anything is written."""
    require(reviewer, "classroom.review_submission", submission, "Only an instructor reviews this.")
    criteria = {c.pk: c for c in submission.assignment.criteria.all()}
    errors: dict[str, str] = {}
    for criterion_id, points in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors["__all__"] = "A score was given for a criterion this assignment does not have."
        elif points is not None and not 0 <= points <= criterion.points:
            errors[f"score_{criterion_id}"] = (
                f"“{criterion.title}” takes 0 to {criterion.points} points."
            )
    if len(feedback) > MAX_FEEDBACK:
        errors["feedback"] = f"The feedback has {MAX_FEEDBACK:,} characters at most."
    if errors:
        raise ValidationError(errors)
    review = _locked_review(submission, reviewer)
    review.feedback = feedback.strip()
    review.reviewer = reviewer
    review.save(update_fields=["feedback", "reviewer", "updated"])
    cleared = [cid for cid, points in scores.items() if points is None]
    Score.objects.filter(review=review, criterion_id__in=cleared).delete()
    Score.objects.bulk_create(
        [
            Score(review=review, criterion_id=cid, points=points)
            for cid, points in scores.items()
            if points is not None
        ],
        update_conflicts=True,
        unique_fields=["review", "criterion"],
        update_fields=["points"],
    )
    if decision is not None:
        return review_decide(submission=submission, reviewer=reviewer, decision=decision)
    return review


@transaction.atomic
def review_decide(*, submission: Submission, reviewer: User, decision: Decision) -> Review:
    """Release the review to the student, return the submission for revision, or accept it.

    Returning and accepting release the review too (the student needs the comments to revise),
    and apply only to the student's latest submission."""
    require(reviewer, "classroom.review_submission", submission, "Only an instructor reviews this.")
    review = _locked_review(submission, reviewer)
    current = Submission.objects.get(pk=submission.pk)
    if decision != Decision.RELEASE:
        newer = Submission.objects.filter(
            assignment_id=current.assignment_id,
            student_id=current.student_id,
            number__gt=current.number,
        ).exists()
        if newer:
            raise ValidationError(
                "The student has submitted again since: decide on their latest submission."
            )
        current.status = (
            SubmissionStatus.RETURNED if decision == Decision.RETURN else SubmissionStatus.ACCEPTED
        )
        current.save(update_fields=["status"])
        submission.status = current.status
    if not review.released:
        review.released, review.released_at = True, timezone.now()
        review.save(update_fields=["released", "released_at", "updated"])
    return review


def _anchor_of(submission: Submission, node: Node | None, link: Link | None) -> None:
    if (node is None) == (link is None):
        raise ValidationError("A comment is pinned to one statement or one link.")
    anchor = node if node is not None else link
    if anchor is None or anchor.map_id != submission.snapshot_id:
        raise ValidationError("That is not part of this submission.")


@transaction.atomic
def comment_add(
    *,
    submission: Submission,
    author: User,
    body: str,
    node: Node | None = None,
    link: Link | None = None,
    parent: Comment | None = None,
) -> Comment:
    """Start a thread on a node or a link of the snapshot (instructors), or reply to one
    (instructors, and the student once the review is released). A reply to a reply joins the
    thread of the comment that started it."""
    if parent is not None:
        root = parent if parent.parent_id is None else parent.parent
        assert root is not None
        require(author, "classroom.reply_to_comment", root, "You cannot reply to this comment.")
        if root.submission_id != submission.pk:
            raise ValidationError("That comment belongs to another submission.")
        node, link = root.node, root.link
    else:
        root = None
        require(author, "classroom.start_thread", submission, "Only an instructor starts these.")
        _anchor_of(submission, node, link)
    comment = Comment(
        submission=submission, node=node, link=link, parent=root, author=author, body=body.strip()
    )
    # A TextField's max_length binds forms only; a service caller gets the same limit.
    if len(comment.body) > MAX_COMMENT:
        raise ValidationError({"body": f"A comment has {MAX_COMMENT:,} characters at most."})
    comment.full_clean(exclude=["node", "link", "parent", "submission", "author"])
    comment.save()
    return comment


@transaction.atomic
def comment_resolve(*, comment: Comment, actor: User, resolved: bool) -> Comment:
    """Mark a thread resolved or open again (the comment that starts it carries the flag)."""
    root = comment if comment.parent_id is None else comment.parent
    assert root is not None
    require(actor, "classroom.resolve_comment", root, "You cannot change this thread.")
    Comment.objects.filter(pk=root.pk).update(resolved=resolved)
    root.resolved = resolved
    return root
