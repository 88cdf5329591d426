"""Reads for peer review, shared by its pages and the API: the instructor's overview of a round,
a student's reviews to write and received, one review with its comment threads, and how every
person is named to the reader. A constant number of queries each.

Names: students anonymous to each other see "Reviewer N" (a review's number for its submission)
and "Submission A" (the submission's letter in the round), never a username; an instructor who
grades blind sees those labels and each person's pseudonym ("Student 3F2A0C", the same on every
page) until every submission's review is released (`argmap.classroom.naming`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from argmap.classroom.models import (
    MAX_RATING,
    Assignment,
    Enrolment,
    PeerComment,
    PeerCriterion,
    PeerReview,
    PeerRound,
    Role,
)
from argmap.classroom.naming import grading_is_blind, pseudonym
from argmap.classroom.review import link_words
from argmap.maps.selectors import MapBundle


def reviews_of(user: Any) -> QuerySet[PeerReview]:
    return PeerReview.objects.for_user(user).select_related(
        "round__assignment__course", "submission__snapshot", "submission__student", "reviewer"
    )


# --- the instructor's overview ------------------------------------------------------------------


@dataclass
class ReviewerTally:
    """A reviewer's "peer review" score: the sum of the instructor's ratings of their reviews,
    out of MAX_RATING for every review they were given (one not submitted counts 0)."""

    label: str
    given: int = 0
    submitted: int = 0
    points: int = 0

    @property
    def out_of(self) -> int:
        return self.given * MAX_RATING


@dataclass
class PeerOverview:
    assignment: Assignment
    round: PeerRound | None
    criteria: list[PeerCriterion]
    reviews: list[PeerReview]
    blind: bool
    names: dict[int, str]  # user id -> how the instructor sees them now
    tallies: dict[int, ReviewerTally] = field(default_factory=dict)  # by reviewer id

    @property
    def rows(self) -> list[PeerRow]:
        """Each review with its submission and reviewer named as the instructor may see them."""
        return [
            PeerRow(
                r,
                r.submission_label
                if self.blind
                else f"{r.submission_label} ({self.names[r.submission.student_id]})",
                f"{r.reviewer_label} · {self.names[r.reviewer_id]}",
            )
            for r in self.reviews
        ]


@dataclass
class PeerRow:
    review: PeerReview
    submission_name: str
    reviewer_name: str


def peer_overview(assignment: Assignment) -> PeerOverview:
    """Every review of the round with who wrote it and its state: three queries."""
    round_ = PeerRound.objects.filter(assignment=assignment).first()
    criteria = list(assignment.peer_criteria.all())
    blind = grading_is_blind(assignment)
    if round_ is None:
        return PeerOverview(assignment, None, criteria, [], blind, {})
    reviews = list(
        round_.reviews.select_related("reviewer", "submission__student").order_by(
            "letter", "number"
        )
    )
    people = {r.reviewer_id: r.reviewer for r in reviews} | {
        r.submission.student_id: r.submission.student for r in reviews
    }
    names = {pk: pseudonym(assignment, pk) if blind else u.username for pk, u in people.items()}
    tallies: dict[int, ReviewerTally] = {}
    for r in reviews:
        tally = tallies.setdefault(r.reviewer_id, ReviewerTally(names[r.reviewer_id]))
        tally.given += 1
        tally.submitted += r.submitted_at is not None
        tally.points += r.rating or 0
    return PeerOverview(assignment, round_, criteria, reviews, blind, names, tallies)


# --- a student's reviews ------------------------------------------------------------------------


@dataclass
class MyPeerWork:
    to_write: list[PeerReview]
    received: list[PeerReview]
    round: PeerRound | None


def my_peer_work(assignment: Assignment, user: Any) -> MyPeerWork:
    """The reviews a student was given to write, and those of their work they may read."""
    reviews = list(reviews_of(user).filter(round__assignment=assignment).order_by("letter"))
    mine = [r for r in reviews if r.reviewer_id == user.pk]
    received = sorted((r for r in reviews if r.reviewer_id != user.pk), key=lambda r: r.number)
    round_ = (
        reviews[0].round if reviews else PeerRound.objects.filter(assignment=assignment).first()
    )
    return MyPeerWork(mine, received, round_)


# --- one review ---------------------------------------------------------------------------------


@dataclass
class PeerThread:
    root: PeerComment
    anchor: str
    author: str
    replies: list[tuple[PeerComment, str]] = field(default_factory=list)


def comment_author(
    review: PeerReview, comment: PeerComment, teachers: set[int], *, names: bool
) -> str:
    """Who wrote a comment, as the reader of `review` may know it: only a reviewer, the
    author's side and the course's instructors write on a review."""
    if comment.author_id in teachers:
        return "Instructor"
    if names and comment.author is not None:
        return comment.author.username
    if comment.author_id == review.reviewer_id:
        return review.reviewer_label
    return "Author"


def peer_threads(
    review: PeerReview, bundle: MapBundle, user: Any, *, names: bool
) -> list[PeerThread]:
    """The review's threads the reader may read, in the order started (two queries)."""
    comments = list(
        PeerComment.objects.for_user(user).filter(review=review).select_related("author")
    )
    course_id = review.round.assignment.course_id
    teachers = set(
        Enrolment.objects.filter(course_id=course_id, role=Role.INSTRUCTOR).values_list(
            "user_id", flat=True
        )
    )
    roots: dict[int, PeerThread] = {}
    for c in comments:
        if c.parent_id is None:
            if c.node_id is not None:
                node = bundle.nodes.get(c.node_id)
                anchor = node.label if node else "a statement"
            else:
                link = bundle.links.get(c.link_id or 0)
                anchor = link_words(link) if link else "a link"
            roots[c.pk] = PeerThread(c, anchor, comment_author(review, c, teachers, names=names))
    for c in comments:
        if c.parent_id in roots:
            roots[c.parent_id].replies.append((c, comment_author(review, c, teachers, names=names)))
    return list(roots.values())


def threads_by_anchor(found: list[PeerThread]) -> dict[str, list[PeerThread]]:
    """ "node-12" / "link-7" -> the threads pinned there, for the outline of the snapshot."""
    out: dict[str, list[PeerThread]] = defaultdict(list)
    for t in found:
        key = f"node-{t.root.node_id}" if t.root.node_id else f"link-{t.root.link_id}"
        out[key].append(t)
    return dict(out)
