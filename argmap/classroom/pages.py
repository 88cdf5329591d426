"""What the submission page shows around the snapshot: the review, the threads, the diff and the
coverage. Only views import this module.

The snapshot itself is drawn by the map page's machinery (`argmap.maps.pages.map_page`, with
`snapshot_urls` so that a statement opens this page's review panel); the view puts the two
contexts together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from argmap.classroom.forms import (
    CommentForm,
    PeerModerateForm,
    PeerOpenForm,
    PeerReviewForm,
    ReviewForm,
)
from argmap.classroom.grouping import my_group
from argmap.classroom.models import Assignment, PeerReview, PeerSchedule, Submission
from argmap.classroom.naming import grading_is_blind, student_label, student_naming
from argmap.classroom.peers import (
    PeerThread,
    my_peer_work,
    peer_overview,
    peer_threads,
    threads_by_anchor,
)
from argmap.classroom.review import (
    link_words,
    page_threads,
    panel_urls,
    permissions,
    review_summary,
    submission_coverage,
    submission_diff,
)
from argmap.classroom.selectors import STATUS_LABELS
from argmap.classroom.services.groups import members
from argmap.lib.http import signed_in
from argmap.maps.selectors import MapBundle, map_bundle


def snapshot_urls(submission: Submission) -> dict[str, str]:
    """The map page's link prefixes for a snapshot: a statement opens its review panel, and
    setting evidence aside redraws this submission's page."""
    return {"node": panel_urls(submission)["node"], "map": submission.get_absolute_url()}


def _authors(request: HttpRequest, submission: Submission, *, teaches: bool) -> dict[str, Any]:
    """Whose work the submission is, as the reader may see it: `authors` names them in the
    instructor's sentences ("Group 2 sees your review"), `byline` says who submitted it, and
    `members` lists a group's members (each named as this reader may see them)."""
    group = submission.group
    assignment, reader = submission.assignment, request.user

    def named(person: Any) -> str:
        # An instructor grading blind sees pseudonyms here too (argmap/classroom/naming.py).
        return student_label(viewer=reader, person=person, assignment=assignment)

    if group is None:
        return {"authors": named(submission.student), "byline": "", "members": []}
    if teaches:
        people = [named(m.student) for m in members(group)]
        submitter = named(submission.student)
    else:
        mine = my_group(submission.assignment, signed_in(request))
        people = [fellow.label for fellow in mine.fellows] if mine else []
        submitter = mine.label_of(submission.student_id) if mine else "a member"
    return {"authors": str(group), "byline": f"submitted by {submitter}", "members": people}


def review_context(
    request: HttpRequest, submission: Submission, *, review_form: ReviewForm | None = None
) -> dict[str, Any]:
    """The review card: the rubric and feedback form for the instructor, the released review for
    the student (what saving a review redraws)."""
    allowed = permissions(request, submission)
    review = getattr(submission, "review", None)
    criteria = list(submission.assignment.criteria.all())
    summary = review_summary(submission, criteria)
    history = list(Submission.objects.series_of(submission).order_by("number"))
    if allowed.teaches and review_form is None:
        review_form = ReviewForm(criteria=criteria, review=review)
    return {
        "submission": submission,
        "assignment": submission.assignment,
        "student": submission.student,
        **_authors(request, submission, teaches=allowed.teaches),
        **student_naming(request, submission),
        "allowed": allowed,
        "history": history,
        "latest": history[-1],
        "review": review if allowed.sees_feedback else None,
        "review_form": review_form,
        "scored": summary.scored if summary else [(c, None) for c in criteria],
        "total": summary.total if summary else None,
        "max_points": sum(c.points for c in criteria),
    }


def submission_page(
    request: HttpRequest,
    submission: Submission,
    bundle: MapBundle,
    *,
    review_form: ReviewForm | None = None,
) -> dict[str, Any]:
    """Everything of the submission page but the snapshot's own drawing (`bundle` is the loaded
    snapshot the map page drew)."""
    context = review_context(request, submission, review_form=review_form)
    allowed = context["allowed"]
    return {
        **context,
        "panel_urls": panel_urls(submission),
        "status_label": STATUS_LABELS[submission.status],
        "threads": page_threads(request, submission, bundle),
        "changes": submission_diff(submission, bundle),
        "coverage": submission_coverage(submission, bundle, allowed),
    }


# --- peer review ---------------------------------------------------------------------------------


def peer_round_page(
    request: HttpRequest, assignment: Assignment, *, open_form: PeerOpenForm | None = None
) -> dict[str, Any]:
    """The round of an assignment: the instructor's overview (or the form that opens it), or a
    student's reviews to write and those of their work."""
    teaches = request.user.has_perm("classroom.teach_assignment", assignment)
    context: dict[str, Any] = {"assignment": assignment, "teaches": teaches}
    if teaches:
        overview = peer_overview(assignment)
        context.update(overview=overview, round=overview.round)
    else:
        work = my_peer_work(assignment, request.user)
        context.update(work=work, round=work.round)
    if context["round"] is None:
        # A round planned for the due date: the instructor sees (and may change) the plan, a
        # student when the reviews will come.
        schedule = PeerSchedule.objects.filter(assignment=assignment).first()
        context["schedule"] = schedule
        if teaches:
            initial = (
                {
                    "k": schedule.reviewers_per_submission,
                    "rubric": "\n".join(f"{t} | {p}" for t, p in schedule.rubric),
                }
                if schedule
                else None
            )
            context["open_form"] = open_form or PeerOpenForm(initial=initial)
    return context


@dataclass
class OutlineItem:
    """A statement or a link of the snapshot under review, with the threads pinned to it."""

    anchor: str  # "node-12", "link-7": the comment form's `anchor` and the element's id
    kind: str
    words: str
    threads: list[PeerThread]


def peer_review_page(
    request: HttpRequest,
    review: PeerReview,
    *,
    comment_form: tuple[str | None, CommentForm] | None = None,
    review_form: PeerReviewForm | None = None,
    moderate_form: PeerModerateForm | None = None,
    reply_form: tuple[int, CommentForm] | None = None,
) -> dict[str, Any]:
    """One review: the snapshot as an outline of statements and links, each with its threads;
    the rubric form (the reviewer, until submitted) or the scores; the instructor's moderation.

    Names: an instructor sees them unless grading is blind; students see each other's only if
    the assignment does not keep them anonymous."""
    user = request.user
    assignment = review.round.assignment
    teaches = user.has_perm("classroom.moderate_peer_review", review)
    writes = user.has_perm("classroom.write_peer_review", review)
    names = not grading_is_blind(assignment) if teaches else not assignment.students_anonymous
    bundle = map_bundle(review.submission.snapshot)
    pinned = threads_by_anchor(peer_threads(review, bundle, user, names=names))
    outline = [
        OutlineItem(f"node-{n.pk}", n.kind, n.label, pinned.get(f"node-{n.pk}", []))
        for n in sorted(bundle.nodes.values(), key=lambda n: (n.kind != "thesis", n.pk))
    ] + [
        OutlineItem(f"link-{k.pk}", k.kind, link_words(k), pinned.get(f"link-{k.pk}", []))
        for k in sorted(bundle.links.values(), key=lambda k: k.pk)
    ]
    criteria = list(assignment.peer_criteria.all())
    given = {s.criterion_id: s.points for s in review.scores.all()}
    return {
        "review": review,
        "assignment": assignment,
        "teaches": teaches,
        "writes": writes,
        "is_reviewer": review.reviewer_id == user.pk,
        "reviewer_name": review.reviewer.username if names else review.reviewer_label,
        "author_name": review.submission.student.username if names else "Author",
        "outline": outline,
        "comment_form": comment_form or (None, CommentForm()),
        "reply_form": reply_form,
        "review_form": review_form or (PeerReviewForm(criteria=criteria) if writes else None),
        "scored": [(c, given.get(c.pk)) for c in criteria],
        "moderate_form": moderate_form
        or (
            PeerModerateForm(
                initial={
                    "hidden": review.hidden,
                    "hidden_reason": review.hidden_reason,
                    "rating": "" if review.rating is None else str(review.rating),
                }
            )
            if teaches
            else None
        ),
    }
