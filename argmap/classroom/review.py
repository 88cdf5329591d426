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
    # Where it is pinned in the submission shown: the statement or link (None for a thread
    # carried from an earlier submission whose statement this one no longer has).
    node_id: int | None = None
    link_id: int | None = None
    # A thread started on an earlier submission of the same student: that submission, and the
    # thread's own panel there (where it takes replies).
    carried_from: Submission | None = None
    home_url: str = ""


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
            roots[comment.pk] = Thread(comment, anchor, url, [], comment.node_id, comment.link_id)
    for comment in comments:
        if comment.parent_id in roots:
            roots[comment.parent_id].replies.append(comment)
    return list(roots.values())


def readable_comments(request: HasUser, submission: Submission) -> QuerySet[Comment]:
    """The comments of a submission this reader may read, oldest first."""
    return (
        Comment.objects.for_user(request.user)
        .filter(submission=submission)
        .select_related("author", "submission__assignment")
        .order_by("created", "pk")
    )


def visible_comments(request: HasUser, submission: Submission) -> list[Comment]:
    return list(readable_comments(request, submission))


def previous_submission(submission: Submission) -> Submission | None:
    return (
        Submission.objects.series_of(submission)
        .filter(number__lt=submission.number)
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


# --- threads carried to the next submission -----------------------------------------------------

LinkKey = tuple[str, int, object]


def _root(node: Node) -> int:
    """The statement a copy descends from (`Node.origin`): the same in every snapshot."""
    return node.origin_id or node.pk


def _link_key(link: Link, target: Link | None = None) -> LinkKey | None:
    """A link by its kind and the roots of its ends, an undercut by the link it undercuts
    (`target`, loaded), the same in every snapshot; None for an undercut of an undercut."""
    if link.target_node_id is not None:
        assert link.target_node is not None
        return (link.kind, _root(link.source_node), _root(link.target_node))
    if target is None or target.target_node_id is None:
        return None
    return (link.kind, _root(link.source_node), _link_key(target))


def carried_threads(request: HasUser, submission: Submission, bundle: MapBundle) -> list[Thread]:
    """The threads the reader may read that were started on the student's earlier submissions
    of the assignment, each pinned to the same statement or link of this one (matched by
    identity, as the diff matches them), oldest first: one query, none for a first submission.

    A thread whose statement this submission no longer has keeps its anchor's words and points
    to its own submission."""
    if submission.number <= 1:
        return []
    earlier = (
        Comment.objects.for_user(request.user)
        .filter(
            submission__in=Submission.objects.series_of(submission).filter(
                number__lt=submission.number
            )
        )
        .select_related(
            "author",
            "submission",
            "node",
            "link__source_node",
            "link__target_node",
            "link__target_link__source_node",
            "link__target_link__target_node",
        )
        .order_by("created", "pk")
    )
    nodes = {_root(n): n for n in bundle.nodes.values()}
    links = {
        key: link
        for link in bundle.links.values()
        if (key := _link_key(link, bundle.links.get(link.target_link_id or 0)))
    }
    urls = panel_urls(submission)
    roots: dict[int, Thread] = {}
    comments = list(earlier)
    for c in (c for c in comments if c.parent_id is None):
        home = panel_urls(c.submission)
        if c.node is not None:
            node = nodes.get(_root(c.node))
            own = f"{home['node']}{c.node_id}/"
            thread = Thread(c, (node or c.node).label, f"{urls['node']}{node.pk}/" if node else own)
            thread.node_id = node.pk if node else None
        else:
            assert c.link is not None
            key = _link_key(c.link, c.link.target_link)
            link = links.get(key) if key else None
            own = f"{home['link']}{c.link_id}/"
            here = f"{urls['link']}{link.pk}/" if link else own
            thread = Thread(c, link_words(link or c.link), here)
            thread.link_id = link.pk if link else None
        thread.carried_from, thread.home_url = c.submission, own
        roots[c.pk] = thread
    for c in comments:
        if c.parent_id in roots:
            roots[c.parent_id].replies.append(c)
    return list(roots.values())


def page_threads(request: HasUser, submission: Submission, bundle: MapBundle) -> list[Thread]:
    """Every thread the submission page lists: those carried from earlier submissions, then
    its own (once the reader may see its feedback)."""
    own = (
        threads(submission, bundle, visible_comments(request, submission))
        if permissions(request, submission).sees_feedback
        else []
    )
    return carried_threads(request, submission, bundle) + own


def pinned_to(
    found: list[Thread], *, node: Node | None = None, link: Link | None = None
) -> list[Thread]:
    """The threads of `found` pinned to one node or one link of the snapshot, for its panel."""
    if node is not None:
        return [t for t in found if t.node_id == node.pk]
    return [t for t in found if link is not None and t.link_id == link.pk]
