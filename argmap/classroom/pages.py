"""What the submission page shows around the snapshot: the review, the threads, the diff and the
coverage. Only views import this module.

The snapshot itself is drawn by the map page's machinery (`argmap.maps.pages.map_page`, with
`snapshot_urls` so that a statement opens this page's review panel); the view puts the two
contexts together.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from argmap.classroom.forms import ReviewForm
from argmap.classroom.grouping import my_group
from argmap.classroom.models import Submission
from argmap.classroom.review import (
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
from argmap.maps.selectors import MapBundle


def snapshot_urls(submission: Submission) -> dict[str, str]:
    """The map page's link prefixes for a snapshot: a statement opens its review panel, and
    setting evidence aside redraws this submission's page."""
    return {"node": panel_urls(submission)["node"], "map": submission.get_absolute_url()}


def _authors(request: HttpRequest, submission: Submission, *, teaches: bool) -> dict[str, Any]:
    """Whose work the submission is, as the reader may see it: `authors` names them in the
    instructor's sentences ("Group 2 sees your review"), `byline` says who submitted it, and
    `members` lists a group's members (each named as this reader may see them)."""
    group = submission.group
    if group is None:
        return {"authors": submission.student.username, "byline": "", "members": []}
    if teaches:
        people = [m.student.username for m in members(group)]
        submitter = submission.student.username
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
