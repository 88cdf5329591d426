"""Courses, assignments, submissions, reviews and comments: what a client reads and sends.

What a reader may see depends on their role, as on the pages: the join code and the reference
map are the instructors'; a review (scores, feedback) shows only once released to its student.
The views decide the role (`argmap.classroom.rules`) and pass it in the context; these
serializers only leave out what the context says is not for this reader.
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from argmap.api.serializers import Serializer
from argmap.classroom.compare import Coverage, Diff
from argmap.classroom.models import (
    Assignment,
    Comment,
    Course,
    Criterion,
    Review,
    Role,
    Submission,
)
from argmap.classroom.naming import Namer, hides_names_from, pseudonym, submission_namer
from argmap.classroom.selectors import StudentRow
from argmap.classroom.services.assignments import MAX_PROMPT
from argmap.classroom.services.reviews import MAX_COMMENT, MAX_FEEDBACK, Decision
from argmap.graph import GraphNode

ROLES = [Role.INSTRUCTOR, Role.STUDENT]


class CourseSerializer(serializers.ModelSerializer[Course]):
    role = serializers.ChoiceField(
        choices=Role.choices, source="my_role", read_only=True, help_text="Your role in it."
    )
    join_code = serializers.SerializerMethodField(
        help_text="What students type to join (instructors only; null for students)."
    )

    class Meta:
        model = Course
        fields = ["id", "title", "role", "join_code", "created"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_join_code(self, obj: Any) -> str | None:
        return str(obj.join_code) if obj.my_role == Role.INSTRUCTOR else None


class CourseInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)


class JoinInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=40, help_text="The course's join code.")


class MemberSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="user.id", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    joined = serializers.DateTimeField(read_only=True)


class CriterionSerializer(serializers.ModelSerializer[Criterion]):
    class Meta:
        model = Criterion
        fields = ["id", "title", "description", "points"]
        read_only_fields = fields


class CriterionInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    points = serializers.IntegerField(min_value=1, max_value=1000)
    description = serializers.CharField(max_length=2000, required=False, default="")


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    role = serializers.ChoiceField(
        choices=Role.choices, source="my_role", read_only=True, help_text="Your role in its course."
    )
    reference_map = serializers.SerializerMethodField(
        help_text="The instructors' reference map (null for students: it is hidden from them)."
    )
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "course",
            "title",
            "prompt",
            "due_at",
            "past_due",
            "starter_map",
            "reference_map",
            "allow_resubmission",
            "students_see_coverage",
            "work_in_groups",
            "students_anonymous",
            "anonymous_grading",
            "criteria",
            "role",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_reference_map(self, obj: Any) -> int | None:
        reference: int | None = obj.reference_map_id
        return reference if obj.my_role == Role.INSTRUCTOR else None


class AssignmentInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    due_at = serializers.DateTimeField(help_text="ISO 8601; without a zone, UTC.")
    prompt = serializers.CharField(
        max_length=MAX_PROMPT, required=False, default="", allow_blank=True
    )
    starter_map = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A map you can read."
    )
    reference_map = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="One of your own private maps."
    )
    allow_resubmission = serializers.BooleanField(required=False, default=True)
    students_see_coverage = serializers.BooleanField(required=False, default=False)
    work_in_groups = serializers.BooleanField(
        required=False, default=False, help_text="Groups share one map (see …/groups/)."
    )
    students_anonymous = serializers.BooleanField(required=False, default=False)
    anonymous_grading = serializers.BooleanField(required=False, default=False)
    criteria = CriterionInput(many=True, required=False, default=list)


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    student = serializers.SerializerMethodField(
        help_text="The student's username; a pseudonym (“Student 3F2A0C”) for an instructor "
        "while the assignment is graded anonymously and not every review is released."
    )
    snapshot = serializers.IntegerField(
        source="snapshot_id",
        read_only=True,
        help_text="The frozen map as submitted: read it under /api/maps/<id>/.",
    )
    released = serializers.SerializerMethodField(help_text="Whether its review is released.")

    class Meta:
        model = Submission
        fields = [
            "id",
            "assignment",
            "student",
            "number",
            "snapshot",
            "submitted_at",
            "late",
            "status",
            "released",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_student(self, obj: Submission) -> str:
        request = self.context.get("request")
        if request is None:
            # Nested without its reader: name nobody.
            return pseudonym(obj.assignment, obj.student_id)
        # Decided once per assignment for the reader, not once per row.
        blind: dict[int, bool] = cast(dict[str, Any], self.context).setdefault("_blind", {})
        if obj.assignment_id not in blind:
            blind[obj.assignment_id] = hides_names_from(request.user, obj.assignment)
        if blind[obj.assignment_id] and obj.student_id != request.user.pk:
            return pseudonym(obj.assignment, obj.student_id)
        return obj.student.username

    @extend_schema_field(serializers.BooleanField())
    def get_released(self, obj: Submission) -> bool:
        review: Review | None = getattr(obj, "review", None)
        return bool(review is not None and review.released)


class ScoreSerializer(serializers.Serializer[Any]):
    criterion = serializers.IntegerField(source="criterion.pk")
    title = serializers.CharField(source="criterion.title")
    out_of = serializers.IntegerField(source="criterion.points")
    points = serializers.IntegerField(allow_null=True)


class ReviewSerializer(serializers.Serializer[Any]):
    feedback = serializers.CharField()
    released = serializers.BooleanField()
    released_at = serializers.DateTimeField(allow_null=True)
    scores = ScoreSerializer(many=True)
    total = serializers.IntegerField(allow_null=True)
    out_of = serializers.IntegerField()


class ReviewInput(serializers.Serializer[Any]):
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=0, allow_null=True),
        required=False,
        default=dict,
        help_text="Criterion id → points (null clears a score).",
    )
    feedback = serializers.CharField(
        max_length=MAX_FEEDBACK, required=False, default="", allow_blank=True
    )
    decision = serializers.ChoiceField(
        choices=[d.value for d in Decision],
        required=False,
        allow_null=True,
        default=None,
        help_text="release: the student may read it; return: released, and asked to revise; "
        "accept: released, and final. Without one, the review is saved as a draft.",
    )

    def validate_scores(self, value: dict[str, Any]) -> dict[int, int | None]:
        try:
            return {int(key): points for key, points in value.items()}
        except ValueError:
            raise serializers.ValidationError("Keys are criterion ids.") from None


class NodeRefSerializer(serializers.Serializer[GraphNode]):
    """A statement of a compared map: its id (in that map), kind and words."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.SerializerMethodField()

    def get_text(self, obj: GraphNode) -> str:
        return obj.title or obj.text


class CoveredSerializer(serializers.Serializer[Any]):
    reference = NodeRefSerializer(
        source="item",
        allow_null=True,
        help_text="The reference map's statement; for a student, their own matching one, or "
        "null where they have none (students never read the reference map).",
    )
    match = NodeRefSerializer(allow_null=True, help_text="The submission's, if it has one.")
    used = serializers.BooleanField(
        help_text="Present and, for evidence, bearing on a thesis of the submission."
    )
    how = serializers.CharField(help_text="How the two were matched.")


class StanceDifferenceSerializer(serializers.Serializer[Any]):
    thesis = NodeRefSerializer()
    evidence = NodeRefSerializer()
    reference = serializers.CharField(help_text="The reference's net stance.")
    submission = serializers.CharField(help_text="The submission's (none: not linked).")


class CoverageSerializer(serializers.Serializer[Coverage]):
    """Which theses and key evidence of the reference map the submission uses, and where its
    stances differ (argmap/classroom/compare/coverage.py)."""

    theses = CoveredSerializer(many=True)
    evidence = CoveredSerializer(many=True)
    disagreements = StanceDifferenceSerializer(many=True)
    unlinked = StanceDifferenceSerializer(many=True)


class NodeChangeSerializer(Serializer):
    node = NodeRefSerializer()
    late_fields = {"fields": lambda: serializers.ListField(child=serializers.CharField())}


class LinkChangeSerializer(Serializer):
    description = serializers.CharField(help_text="“Hiroshima → supports → Frank”")
    late_fields = {"fields": lambda: serializers.ListField(child=serializers.CharField())}


class ChangesSerializer(serializers.Serializer[Diff]):
    """What changed since the previous submission of the same student."""

    added_nodes = NodeChangeSerializer(many=True)
    removed_nodes = NodeChangeSerializer(many=True)
    changed_nodes = NodeChangeSerializer(many=True)
    added_links = LinkChangeSerializer(many=True)
    removed_links = LinkChangeSerializer(many=True)
    changed_links = LinkChangeSerializer(many=True)


class CommentSerializer(serializers.ModelSerializer[Comment]):
    author = serializers.SerializerMethodField(
        help_text="Who wrote it; a student's pseudonym while the instructor grades blind, "
        "“Member 2” for a fellow member of a group that is anonymous."
    )

    class Meta:
        model = Comment
        fields = ["id", "submission", "node", "link", "parent", "author", "body", "resolved",
                  "created"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author(self, obj: Comment) -> str | None:
        if obj.author is None:
            return None
        request = self.context.get("request")
        if request is None:
            return obj.author.username
        # One namer per submission for the whole page: the rule of its pages (a group's
        # members by number, pseudonyms while grading is blind).
        namers: dict[int, Namer] = cast(dict[str, Any], self.context).setdefault("_namers", {})
        if obj.submission_id not in namers:
            namers[obj.submission_id] = submission_namer(
                viewer=request.user, submission=obj.submission
            )
        return namers[obj.submission_id](obj.author)


class CommentInput(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=MAX_COMMENT)
    node = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A statement of the snapshot."
    )
    link = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A link of the snapshot."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["node"] is None) == (attrs["link"] is None):
            raise serializers.ValidationError("Pin the comment to one node or one link.")
        return attrs


class ReplyInput(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=MAX_COMMENT)


class ResolveInput(serializers.Serializer[Any]):
    resolved = serializers.BooleanField(default=True)


class StudentRowSerializer(serializers.Serializer[StudentRow]):
    """One row of the instructor's overview (the gradebook's columns)."""

    student = serializers.CharField(
        source="name", help_text="The username, or a pseudonym while grading is anonymous."
    )
    group = serializers.SerializerMethodField(
        help_text="For group work, the student's group (its work and scores are the row's)."
    )
    status = serializers.CharField(help_text="not-started, draft, submitted, returned, accepted")
    working_map = serializers.IntegerField(source="work.map_id", allow_null=True)
    latest_submission = serializers.IntegerField(source="latest.pk", allow_null=True)
    submissions = serializers.IntegerField(help_text="How many times they submitted.")
    submitted_at = serializers.DateTimeField(source="latest.submitted_at", allow_null=True)
    late = serializers.BooleanField(source="latest.late", allow_null=True)
    statements = serializers.IntegerField(allow_null=True)
    links = serializers.IntegerField(allow_null=True)
    checks = serializers.IntegerField(allow_null=True, help_text="Map-check findings.")
    theses_covered = serializers.IntegerField(source="coverage.theses_used", allow_null=True)
    evidence_covered = serializers.IntegerField(source="coverage.evidence_used", allow_null=True)
    score = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_group(self, obj: StudentRow) -> str | None:
        return str(obj.group) if obj.group else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_score(self, obj: StudentRow) -> int | None:
        return sum(obj.scores.values()) if obj.scores else None


class OverviewSerializer(serializers.Serializer[Any]):
    assignment = serializers.IntegerField(source="assignment.pk")
    out_of = serializers.IntegerField(source="max_points")
    reference_theses = serializers.SerializerMethodField()
    reference_evidence = serializers.SerializerMethodField()
    students = StudentRowSerializer(source="rows", many=True)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_reference_theses(self, obj: Any) -> int | None:
        return len(obj.reference.theses) if obj.reference else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_reference_evidence(self, obj: Any) -> int | None:
        return len(obj.reference.key_evidence) if obj.reference else None
