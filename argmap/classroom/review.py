"""Reads for reviewing a submission, shared by its page and the API: who may see what of it, the
comment threads pinned to its nodes and links, the review with its rubric, the diff against the
previous submission and the coverage of the reference map. A constant number of queries,
whatever the size of the map.

What the reader sees depends on the rules: an instructor of the course everything, the student
their review and comments only once released, and coverage only if the assignment says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from argmap.classroom.compare import (
    Coverage,
    Diff,
    Reference,
    Side,
    as_student_sees_it,
    coverage,
    diff,
)
from argmap.classroom.models import Comment, Criterion, Review, Submission
from argmap.classroom.selectors import side_of
from argmap.lib.http import HasUser, url_prefix
from argmap.maps.graphs import bundle_graph, light_graphs
from argmap.maps.models import Link, Node
from argmap.maps.selectors import MapBundle, map_bundle


@dataclass
class Thread:
    root: Comment
    anchor: str  # the statement's label, or the link in words
    url: str  # the anchor's panel
    replies: list[Comment] = field(default_factory=list)


@dataclass
class Permissions:
    teaches: bool  # an instructor of the course: reviews, starts threads
    sees_feedback: bool  # the instructor, or the student once the review is released
    sees_coverage: bool  # the instructor, or the student if the assignment says so

    @property
    def may_reply(self) -> bool:
        return self.sees_feedback


def permissions(request: HasUser, submission: Submission) -> Permissions:
    teaches = request.user.has_perm("classroom.review_submission", submission)
    sees = teaches or request.user.has_perm("classroom.view_feedback", submission)
    return Permissions(teaches, sees, teaches or submission.assignment.students_see_coverage)


@dataclass
class ReviewSummary:
    review: Review
    scored: list[tuple[Criterion, int | None]]  # every criterion with its points, if scored
    total: int | None  # None until something is scored
    max_points: int


def review_summary(
    submission: Submission, criteria: list[Criterion] | None = None
) -> ReviewSummary | None:
    """The submission's review with the rubric's scores, or None before the first save
    (`criteria`: the assignment's, when the caller has them already)."""
    review: Review | None = getattr(submission, "review", None)
    if review is None:
        return None
    points = {s.criterion_id: s.points for s in review.scores.all()}
    if criteria is None:
        criteria = list(submission.assignment.criteria.all())
    total = sum(points.values()) if points else None
    return ReviewSummary(
        review, [(c, points.get(c.pk)) for c in criteria], total, sum(c.points for c in criteria)
    )


def panel_urls(submission: Submission) -> dict[str, str]:
    """URL prefixes of the review panels, reversed once per page."""
    return {
        "node": url_prefix("classroom:submission-node", submission.pk),
        "link": url_prefix("classroom:submission-link", submission.pk),
    }


def link_words(link: Link) -> str:
    """ "Hiroshima → supports → The bombs ended the war" (the link's ends are loaded)."""
    if link.target_node is not None:
        target = link.target_node.label
    elif link.target_link is not None:
        target = f"the use of “{link.target_link.source_node.label}”"
    else:
        target = "a link"
    return f"{link.source_node.label} → {link.kind} → {target}"


def threads(submission: Submission, bundle: MapBundle, comments: list[Comment]) -> list[Thread]:
    """The comment threads of a submission in the order they were started (no queries: the
    anchors are read from the loaded snapshot)."""
    urls = panel_urls(submission)
    roots: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id is None:
            if comment.node_id is not None:
                node = bundle.nodes.get(comment.node_id)
                anchor = node.label if node else "a statement"
                url = f"{urls['node']}{comment.node_id}/"
            else:
                link = bundle.links.get(comment.link_id or 0)
                anchor = link_words(link) if link else "a link"
                url = f"{urls['link']}{comment.link_id}/"
            roots[comment.pk] = Thread(comment, anchor, url)
    for comment in comments:
        if comment.parent_id in roots:
            roots[comment.parent_id].replies.append(comment)
    return list(roots.values())


def readable_comments(request: HasUser, submission: Submission) -> QuerySet[Comment]:
    """The comments of a submission this reader may read, oldest first."""
    return (
        Comment.objects.for_user(request.user)
        .filter(submission=submission)
        .select_related("author")
        .order_by("created", "pk")
    )


def visible_comments(request: HasUser, submission: Submission) -> list[Comment]:
    return list(readable_comments(request, submission))


def previous_submission(submission: Submission) -> Submission | None:
    return (
        Submission.objects.filter(
            assignment_id=submission.assignment_id,
            student_id=submission.student_id,
            number__lt=submission.number,
        )
        .select_related("snapshot")
        .order_by("-number")
        .first()
    )


def _side(bundle: MapBundle) -> Side:
    origins = {str(pk): node.origin_id for pk, node in bundle.nodes.items()}
    return Side.of(bundle_graph(bundle), origins)


def submission_diff(submission: Submission, bundle: MapBundle) -> tuple[Submission, Diff] | None:
    previous = previous_submission(submission)
    if previous is None:
        return None
    return previous, diff(_side(map_bundle(previous.snapshot)), _side(bundle))


def submission_coverage(
    submission: Submission, bundle: MapBundle, allowed: Permissions
) -> Coverage | None:
    """The coverage of the reference map, for a reader allowed to see it: in full for an
    instructor; for the student, without the hidden reference's words (`as_student_sees_it`)."""
    reference_id = submission.assignment.reference_map_id
    if reference_id is None or not allowed.sees_coverage:
        return None
    light = light_graphs([reference_id])[reference_id]
    found = coverage(Reference.of(side_of(light)), _side(bundle))
    return found if allowed.teaches else as_student_sees_it(found)


def anchor_threads(
    request: HasUser,
    submission: Submission,
    bundle: MapBundle,
    *,
    node: Node | None = None,
    link: Link | None = None,
) -> list[Thread]:
    """The threads pinned to one node or one link of the loaded snapshot, for its panel."""
    if not permissions(request, submission).sees_feedback:
        return []
    comments = visible_comments(request, submission)
    wanted = {
        c.pk
        for c in comments
        if c.parent_id is None
        and (
            (node is not None and c.node_id == node.pk)
            or (link is not None and c.link_id == link.pk)
        )
    }
    mine = [c for c in comments if c.pk in wanted or c.parent_id in wanted]
    return threads(submission, bundle, mine)
