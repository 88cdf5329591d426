"""Peer review over HTTP: a round, its reviews and comments, named as on the pages (labels, never
a username, where anonymity holds: `argmap.classroom.peers` and `argmap.classroom.naming`)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from argmap.classroom.models import MAX_RATING
from argmap.classroom.services.peer import MAX_COMMENT, MAX_FEEDBACK


class PeerCriterionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    points = serializers.IntegerField(min_value=1, max_value=100)


class PeerOpenInput(serializers.Serializer[Any]):
    k = serializers.IntegerField(min_value=1, max_value=10, help_text="Reviewers per submission.")
    criteria = PeerCriterionSerializer(many=True, help_text="The peer rubric.")
    seed = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=2**62,
        help_text="Draws the allocation (the same seed, the same allocation); random if null.",
    )  # fmt: skip


class AllocationRowSerializer(serializers.Serializer[Any]):
    review = serializers.IntegerField(source="review.pk")
    submission = serializers.CharField(
        source="submission_name", help_text="“Submission A”, with the author's name unless blind."
    )
    reviewer = serializers.CharField(
        source="reviewer_name", help_text="“Reviewer 1 · name” (a pseudonym while blind)."
    )
    submitted = serializers.SerializerMethodField()
    hidden = serializers.BooleanField(source="review.hidden")
    rating = serializers.IntegerField(source="review.rating", allow_null=True)

    @extend_schema_field(serializers.BooleanField())
    def get_submitted(self, row: Any) -> bool:
        return row.review.submitted_at is not None


class ReviewerScoreSerializer(serializers.Serializer[Any]):
    reviewer = serializers.CharField(source="label")
    given = serializers.IntegerField()
    submitted = serializers.IntegerField()
    points = serializers.IntegerField(help_text="The sum of the instructor's ratings.")
    out_of = serializers.IntegerField(help_text=f"{MAX_RATING} for every review given.")


class MyReviewSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="“Submission A” to write; “Reviewer 1” received.")
    submitted = serializers.BooleanField()


class PeerRoundSerializer(serializers.Serializer[Any]):
    assignment = serializers.IntegerField()
    k = serializers.IntegerField()
    opened_at = serializers.DateTimeField()
    released = serializers.BooleanField()
    criteria = PeerCriterionSerializer(many=True)
    allocation = AllocationRowSerializer(
        many=True, allow_null=True, help_text="Every review (instructors; null for students)."
    )
    scores = ReviewerScoreSerializer(many=True, allow_null=True, help_text="Instructors only.")
    to_write = MyReviewSerializer(many=True, allow_null=True, help_text="Students only.")
    received = MyReviewSerializer(
        many=True, allow_null=True, help_text="Students only: once released, unhidden ones."
    )


class PeerStatementSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()


class PeerLinkSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    words = serializers.CharField(help_text="The link in words: “A → supports → B”.")


class PeerCommentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    author = serializers.CharField(help_text="“Reviewer 1”, “Author”, “Instructor” or a name.")
    body = serializers.CharField()
    node = serializers.IntegerField(allow_null=True)
    link = serializers.IntegerField(allow_null=True)
    reply_to = serializers.IntegerField(allow_null=True, help_text="The thread's first comment.")
    created = serializers.DateTimeField()


class PeerScoreSerializer(serializers.Serializer[Any]):
    criterion = serializers.IntegerField()
    title = serializers.CharField()
    points = serializers.IntegerField(allow_null=True)
    out_of = serializers.IntegerField()


class PeerReviewSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    assignment = serializers.IntegerField()
    submission = serializers.CharField(help_text="“Submission A” (and its author, if named).")
    reviewer = serializers.CharField(help_text="“Reviewer 1” (or a name, for instructors).")
    submitted_at = serializers.DateTimeField(allow_null=True)
    feedback = serializers.CharField(allow_blank=True)
    scores = PeerScoreSerializer(many=True)
    statements = PeerStatementSerializer(many=True, help_text="The snapshot under review.")
    links = PeerLinkSerializer(many=True)
    comments = PeerCommentSerializer(many=True)
    hidden = serializers.BooleanField(allow_null=True, help_text="Instructors only.")
    hidden_reason = serializers.CharField(allow_null=True, help_text="Instructors only.")
    rating = serializers.IntegerField(allow_null=True, help_text="Instructors only.")


class PeerCommentInput(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=MAX_COMMENT)
    node = serializers.IntegerField(required=False, allow_null=True, default=None)
    link = serializers.IntegerField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["node"] is None) == (attrs["link"] is None):
            raise serializers.ValidationError("Pin the comment to one node or one link.")
        return attrs


class PeerReplyInput(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=MAX_COMMENT)


class PeerSubmitInput(serializers.Serializer[Any]):
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=100),
        help_text="Criterion id → points, for every criterion of the peer rubric.",
    )
    feedback = serializers.CharField(max_length=MAX_FEEDBACK, allow_blank=True, default="")

    def validate_scores(self, value: dict[str, int]) -> dict[int, int]:
        if not all(key.isdigit() for key in value):
            raise serializers.ValidationError("Key each score by its criterion's id.")
        return {int(key): points for key, points in value.items()}


class PeerModerateInput(serializers.Serializer[Any]):
    hidden = serializers.BooleanField(default=False)
    hidden_reason = serializers.CharField(max_length=2000, allow_blank=True, default="")
    rating = serializers.IntegerField(
        min_value=0, max_value=MAX_RATING, allow_null=True, default=None
    )
