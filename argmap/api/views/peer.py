"""Peer review over HTTP, by the same rules, reads and services as its pages: the round of an
assignment (open it, read the allocation or one's own reviews, release it), one review (the
snapshot under review, comments, scores; submit; hide and rate) and replies. What one may not
read answers 404; what one may read but not do, 403.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.api.serializers.peer import (
    PeerCommentInput,
    PeerCommentSerializer,
    PeerModerateInput,
    PeerOpenInput,
    PeerReplyInput,
    PeerReviewSerializer,
    PeerRoundSerializer,
    PeerSubmitInput,
)
from argmap.api.views import ClassroomView, created
from argmap.classroom import services
from argmap.classroom.access import get_assignment, get_taught_assignment
from argmap.classroom.models import Assignment, PeerComment, PeerReview, PeerRound
from argmap.classroom.naming import grading_is_blind
from argmap.classroom.peers import my_peer_work, peer_overview, peer_threads, reviews_of
from argmap.classroom.review import link_words
from argmap.lib.http import signed_in
from argmap.maps.models import Link, Node
from argmap.maps.selectors import map_bundle

PEER = ["peer review"]


def _round(request: Request, assignment: Assignment) -> dict[str, Any]:
    teaches = request.user.has_perm("classroom.teach_assignment", assignment)
    overview = peer_overview(assignment)
    round_ = overview.round
    if round_ is None:
        raise serializers.ValidationError  # unreachable: callers check first
    data: dict[str, Any] = {
        "assignment": assignment.pk, "k": round_.reviewers_per_submission,
        "opened_at": round_.opened_at, "released": round_.released,
        "criteria": overview.criteria, "allocation": None, "scores": None,
        "to_write": None, "received": None,
    }  # fmt: skip
    if teaches:
        data["allocation"] = overview.rows
        data["scores"] = list(overview.tallies.values())
    else:
        work = my_peer_work(assignment, request.user)
        data["to_write"] = [
            {"id": r.pk, "name": r.submission_label, "submitted": r.submitted_at is not None}
            for r in work.to_write
        ]
        data["received"] = [
            {"id": r.pk, "name": r.reviewer_label, "submitted": True} for r in work.received
        ]
    return data


class PeerRoundView(ClassroomView):
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=PEER, summary="The peer review of an assignment: the allocation and "
                   "scores (instructors), or your reviews to write and received (students); "
                   "404 until it is open", responses=PeerRoundSerializer)  # fmt: skip
    def get(self, request: Request, assignment_id: int) -> Response:
        assignment = get_assignment(request, assignment_id)
        services.peer_round_open_if_due(assignment)  # one planned for the due date, as pages do
        get_object_or_404(PeerRound, assignment=assignment)
        return Response(PeerRoundSerializer(_round(request, assignment)).data)

    @extend_schema(tags=PEER, summary="Open the peer review: k reviewers per latest submission, "
                   "the peer rubric (instructors)", request=PeerOpenInput,
                   responses={201: PeerRoundSerializer})  # fmt: skip
    def post(self, request: Request, assignment_id: int) -> Response:
        assignment = get_taught_assignment(request, assignment_id)
        data = PeerOpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        criteria = [
            services.PeerCriterionData(c["title"], c["points"])
            for c in data.validated_data["criteria"]
        ]
        services.peer_round_open(
            assignment=assignment, actor=signed_in(request), k=data.validated_data["k"],
            criteria=criteria, seed=data.validated_data["seed"],
        )  # fmt: skip
        return created(PeerRoundSerializer(_round(request, assignment)).data)


class PeerReleaseView(ClassroomView):
    @extend_schema(tags=PEER, summary="Release the reviews to their authors (instructors)",
                   request=None, responses=PeerRoundSerializer)  # fmt: skip
    def post(self, request: Request, assignment_id: int) -> Response:
        assignment = get_taught_assignment(request, assignment_id)
        round_ = get_object_or_404(PeerRound, assignment=assignment)
        services.peer_round_release(round=round_, actor=signed_in(request))
        return Response(PeerRoundSerializer(_round(request, assignment)).data)


def _review_data(request: Request, review: PeerReview) -> dict[str, Any]:
    """One review as its reader may see it (names as on its page)."""
    assignment = review.round.assignment
    teaches = request.user.has_perm("classroom.moderate_peer_review", review)
    names = not grading_is_blind(assignment) if teaches else not assignment.students_anonymous
    bundle = map_bundle(review.submission.snapshot)
    comments = []
    for t in peer_threads(review, bundle, request.user, names=names):
        for c, who in [(t.root, t.author), *t.replies]:
            comments.append(
                {
                    "id": c.pk,
                    "author": who,
                    "body": c.body,
                    "node": c.node_id,
                    "link": c.link_id,
                    "reply_to": c.parent_id,
                    "created": c.created,
                }
            )
    given = {s.criterion_id: s.points for s in review.scores.all()}
    author = review.submission.student.username if names else ""
    label = review.submission_label
    return {
        "id": review.pk,
        "assignment": assignment.pk,
        "submission": f"{label} ({author})" if author else label,
        "reviewer": review.reviewer.username if names else review.reviewer_label,
        "submitted_at": review.submitted_at,
        "feedback": review.feedback,
        "scores": [
            {"criterion": c.pk, "title": c.title, "points": given.get(c.pk), "out_of": c.points}
            for c in assignment.peer_criteria.all()
        ],
        "statements": [
            {"id": n.pk, "kind": n.kind, "text": n.label} for n in bundle.nodes.values()
        ],
        "links": [
            {"id": k.pk, "kind": k.kind, "words": link_words(k)} for k in bundle.links.values()
        ],
        "comments": comments,
        "hidden": review.hidden if teaches else None,
        "hidden_reason": review.hidden_reason if teaches else None,
        "rating": review.rating if teaches else None,
    }


def _review(request: Request, review_id: int) -> PeerReview:
    return get_object_or_404(reviews_of(request.user), pk=review_id)


class PeerReviewDetailView(ClassroomView):
    @extend_schema(tags=PEER, summary="A peer review: the snapshot under review, its comments and "
                   "scores", responses=PeerReviewSerializer)  # fmt: skip
    def get(self, request: Request, review_id: int) -> Response:
        review = _review(request, review_id)
        return Response(PeerReviewSerializer(_review_data(request, review)).data)


class PeerReviewCommentView(ClassroomView):
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=PEER, summary="Comment on a statement or a link (its reviewer, until "
                   "submitted)", request=PeerCommentInput,
                   responses={201: PeerCommentSerializer})  # fmt: skip
    def post(self, request: Request, review_id: int) -> Response:
        review = _review(request, review_id)
        data = PeerCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        snapshot = review.submission.snapshot_id
        node_id, link_id = data.validated_data["node"], data.validated_data["link"]
        node = Node.objects.filter(map_id=snapshot, pk=node_id).first() if node_id else None
        link = Link.objects.filter(map_id=snapshot, pk=link_id).first() if link_id else None
        if node is None and link is None:
            field = "node" if node_id else "link"
            raise serializers.ValidationError({field: ["The snapshot has no such " + field]})
        comment = services.peer_comment_add(
            review=review, author=signed_in(request), body=data.validated_data["body"],
            node=node, link=link,
        )  # fmt: skip
        return created(PeerCommentSerializer(_comment(request, review, comment)).data)


def _comment(request: Request, review: PeerReview, comment: PeerComment) -> dict[str, Any]:
    found = next(c for c in _review_data(request, review)["comments"] if c["id"] == comment.pk)
    return dict(found)


class PeerReviewSubmitView(ClassroomView):
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=PEER, summary="Score the peer rubric and submit (final)",
                   request=PeerSubmitInput, responses=PeerReviewSerializer)  # fmt: skip
    def post(self, request: Request, review_id: int) -> Response:
        review = _review(request, review_id)
        data = PeerSubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.peer_review_submit(
            review=review, reviewer=signed_in(request), scores=data.validated_data["scores"],
            feedback=data.validated_data["feedback"],
        )  # fmt: skip
        return Response(PeerReviewSerializer(_review_data(request, review)).data)


class PeerReviewModerateView(ClassroomView):
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=PEER, summary="Hide a review from its author (with a reason) and rate "
                   "it (instructors)", request=PeerModerateInput,
                   responses=PeerReviewSerializer)  # fmt: skip
    def post(self, request: Request, review_id: int) -> Response:
        review = _review(request, review_id)
        data = PeerModerateInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.peer_review_moderate(
            review=review, actor=signed_in(request), hidden=data.validated_data["hidden"],
            reason=data.validated_data["hidden_reason"], rating=data.validated_data["rating"],
        )  # fmt: skip
        return Response(PeerReviewSerializer(_review_data(request, review)).data)


class PeerCommentReplyView(ClassroomView):
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=PEER, summary="Reply to a thread of a peer review", request=PeerReplyInput,
                   responses={201: PeerCommentSerializer})  # fmt: skip
    def post(self, request: Request, comment_id: int) -> Response:
        comment = get_object_or_404(PeerComment.objects.for_user(request.user), pk=comment_id)
        review = _review(request, comment.review_id)
        data = PeerReplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        reply = services.peer_comment_add(
            review=review, author=signed_in(request), body=data.validated_data["body"],
            parent=comment,
        )  # fmt: skip
        return created(PeerCommentSerializer(_comment(request, review, reply)).data)
