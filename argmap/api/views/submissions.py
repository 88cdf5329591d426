"""Submissions, their reviews and comment threads over HTTP, by the same rules as the submission
page: the review, diff and coverage come from argmap/classroom/review.py, as on that page.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.api.serializers.classroom import (
    ChangesSerializer,
    CommentInput,
    CommentSerializer,
    CoverageSerializer,
    ReplyInput,
    ResolveInput,
    ReviewInput,
    ReviewSerializer,
    SubmissionSerializer,
)
from argmap.api.views import ClassroomView, created, paginated
from argmap.classroom import services
from argmap.classroom.access import (
    get_comment,
    get_submission,
)
from argmap.classroom.models import Submission
from argmap.classroom.review import (
    permissions,
    readable_comments,
    review_summary,
    submission_coverage,
    submission_diff,
)
from argmap.lib.http import signed_in
from argmap.maps.models import Link, Node
from argmap.maps.selectors import map_bundle

CLASSROOM = ["classroom"]


class SubmissionDetailSerializer(serializers.Serializer[Any]):
    submission = SubmissionSerializer()
    review = ReviewSerializer(allow_null=True, help_text="Null until released to the student.")
    changes = ChangesSerializer(
        allow_null=True, help_text="Since the previous submission (null for the first)."
    )
    previous = serializers.IntegerField(allow_null=True)
    coverage = CoverageSerializer(
        allow_null=True,
        help_text="Of the reference map: instructors, and students if the assignment says so.",
    )


def _review(submission: Submission) -> dict[str, Any] | None:
    summary = review_summary(submission)
    if summary is None:
        return None
    review = summary.review
    return {
        "feedback": review.feedback,
        "released": review.released,
        "released_at": review.released_at,
        "scores": [{"criterion": c, "points": points} for c, points in summary.scored],
        "total": summary.total,
        "out_of": summary.max_points,
    }


class SubmissionDetailView(ClassroomView):
    @extend_schema(tags=CLASSROOM, summary="A submission with its review, changes and coverage "
                   "(the snapshot itself: /api/maps/<snapshot>/)",
                   responses=SubmissionDetailSerializer)  # fmt: skip
    def get(self, request: Request, submission_id: int) -> Response:
        submission = get_submission(request, submission_id)
        allowed = permissions(request, submission)
        bundle = map_bundle(submission.snapshot)
        changes = submission_diff(submission, bundle)
        data = {
            "submission": submission,
            "review": _review(submission) if allowed.sees_feedback else None,
            "changes": changes[1] if changes else None,
            "previous": changes[0].pk if changes else None,
            "coverage": submission_coverage(submission, bundle, allowed),
        }
        return Response(SubmissionDetailSerializer(data, context={"request": request}).data)


class SubmissionReviewView(ClassroomView):
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=CLASSROOM, summary="Score, write feedback and decide (instructors)",
                   request=ReviewInput, responses=ReviewSerializer)  # fmt: skip
    def post(self, request: Request, submission_id: int) -> Response:
        submission = get_submission(request, submission_id)
        data = ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        decision = data.validated_data["decision"]
        services.review_save(
            submission=submission,
            reviewer=signed_in(request),
            scores=data.validated_data["scores"],
            feedback=data.validated_data["feedback"],
            decision=services.Decision(decision) if decision else None,
        )
        return Response(ReviewSerializer(_review(get_submission(request, submission.pk))).data)


class SubmissionCommentsView(ClassroomView):
    serializer_class = CommentSerializer
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=CLASSROOM, summary="The comments you may read on a submission",
                   responses=CommentSerializer(many=True))  # fmt: skip
    def get(self, request: Request, submission_id: int) -> Response:
        submission = get_submission(request, submission_id)
        return paginated(self, readable_comments(request, submission), CommentSerializer)

    @extend_schema(tags=CLASSROOM, summary="Start a thread on a node or a link (instructors)",
                   request=CommentInput, responses={201: CommentSerializer})  # fmt: skip
    def post(self, request: Request, submission_id: int) -> Response:
        submission = get_submission(request, submission_id)
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        node_id, link_id = data.validated_data["node"], data.validated_data["link"]
        snapshot = submission.snapshot_id
        node = Node.objects.filter(map_id=snapshot, pk=node_id).first() if node_id else None
        link = Link.objects.filter(map_id=snapshot, pk=link_id).first() if link_id else None
        if node is None and link is None:
            field = "node" if node_id else "link"
            raise serializers.ValidationError({field: ["The snapshot has no such " + field]})
        comment = services.comment_add(
            submission=submission,
            author=signed_in(request),
            body=data.validated_data["body"],
            node=node,
            link=link,
        )
        return created(CommentSerializer(comment).data)


class CommentReplyView(ClassroomView):
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=CLASSROOM, summary="Reply to a thread", request=ReplyInput,
                   responses={201: CommentSerializer})  # fmt: skip
    def post(self, request: Request, comment_id: int) -> Response:
        comment = get_comment(request, comment_id)
        data = ReplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        reply = services.comment_add(
            submission=comment.submission,
            author=signed_in(request),
            body=data.validated_data["body"],
            parent=comment,
        )
        return created(CommentSerializer(reply).data)


class CommentResolveView(ClassroomView):
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=CLASSROOM, summary="Mark a thread resolved, or open it again",
                   request=ResolveInput, responses=CommentSerializer)  # fmt: skip
    def post(self, request: Request, comment_id: int) -> Response:
        comment = get_comment(request, comment_id)
        data = ResolveInput(data=request.data)
        data.is_valid(raise_exception=True)
        changed = services.comment_resolve(
            comment=comment, actor=signed_in(request), resolved=data.validated_data["resolved"]
        )
        return Response(CommentSerializer(changed).data)
