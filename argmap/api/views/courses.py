"""Courses and assignments over HTTP: the same decisions as the classroom's pages, made by the
same code. Objects come from the `for_user()` querysets (what you may not see answers 404, as if it
did not exist); the writes are the classroom services, which ask the `rules` permissions of
argmap/classroom/rules.py themselves (what you may see but not do answers 403). An anonymous
visitor reads nothing (404) and writes nothing (401).
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Model, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.api.serializers.classroom import (
    AssignmentInput,
    AssignmentSerializer,
    CourseInput,
    CourseSerializer,
    JoinInput,
    MemberSerializer,
    OverviewSerializer,
    SubmissionSerializer,
)
from argmap.api.views import ClassroomView, created, paginated
from argmap.classroom import services
from argmap.classroom.access import (
    get_student_of,
    get_submission,
    get_taught_assignment,
    get_taught_course,
)
from argmap.classroom.models import Assignment, Course, Enrolment, Submission
from argmap.classroom.naming import hides_names_from
from argmap.classroom.selectors import assignment_overview, course_roster
from argmap.lib.http import signed_in
from argmap.lib.permissions import require
from argmap.maps.models import Map
from argmap.maps.visibility import readable_maps

CLASSROOM = ["classroom"]


def _with_role[M: Model](rows: QuerySet[M], user: Any, course: str) -> QuerySet[M]:
    """`rows` annotated with the user's role (`my_role`) in the course at the path `course`."""
    role = Enrolment.objects.filter(course_id=OuterRef(course), user_id=user.pk).values("role")
    return cast("QuerySet[M]", rows.annotate(my_role=Subquery(role[:1])))


def _courses(request: Request) -> QuerySet[Course]:
    return _with_role(Course.objects.for_user(request.user), request.user, "pk")


def _assignments(request: Request) -> QuerySet[Assignment]:
    scoped = Assignment.objects.for_user(request.user).prefetch_related("criteria")
    return _with_role(scoped, request.user, "course_id")


def _readable_map(request: Request, map_id: int | None, field: str) -> Map | None:
    """The map of an id given in a body, if the user may read it; an unknown or unreadable id
    is refused alike (400), so the answer says nothing about other people's maps."""
    if map_id is None:
        return None
    found = readable_maps(request.user).filter(pk=map_id).first()
    if found is None:
        raise serializers.ValidationError({field: ["No map you can read has this id."]})
    return found


def _course_created(request: Request, course_id: int) -> Response:
    """201 with the course as the user now sees it (with their role in it)."""
    course = _courses(request).get(pk=course_id)
    return created(CourseSerializer(course).data, reverse("api:course-detail", args=[course_id]))


class CourseListView(ClassroomView):
    serializer_class = CourseSerializer
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=CLASSROOM, summary="Your courses, as instructor and as student",
                   responses=CourseSerializer(many=True))  # fmt: skip
    def get(self, request: Request) -> Response:
        return paginated(self, _courses(request), CourseSerializer)

    @extend_schema(tags=CLASSROOM, summary="Create a course (you become its instructor)",
                   request=CourseInput, responses={201: CourseSerializer})  # fmt: skip
    def post(self, request: Request) -> Response:
        data = CourseInput(data=request.data)
        data.is_valid(raise_exception=True)
        course = services.course_create(
            owner=signed_in(request), title=data.validated_data["title"]
        )
        return _course_created(request, course.pk)


class CourseJoinView(ClassroomView):
    # One budget with the join page (argmap/lib/rates.py).
    throttle_scope = "join"
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=CLASSROOM, summary="Join a course as a student, with its join code",
                   request=JoinInput, responses={201: CourseSerializer})  # fmt: skip
    def post(self, request: Request) -> Response:
        data = JoinInput(data=request.data)
        data.is_valid(raise_exception=True)
        enrolment = services.course_join(user=signed_in(request), code=data.validated_data["code"])
        return _course_created(request, enrolment.course_id)


class CourseDetailView(ClassroomView):
    @extend_schema(
        tags=CLASSROOM,
        summary="A course, with its people (for its instructors, as on the course page)",
        responses=inline_serializer(
            "CourseDetail",
            {
                "course": CourseSerializer(),
                "members": MemberSerializer(many=True, allow_null=True),
            },
        ),
    )
    def get(self, request: Request, course_id: int) -> Response:
        course = get_object_or_404(_courses(request), pk=course_id)
        teaches = request.user.has_perm("classroom.teach_course", course)
        members = MemberSerializer(course_roster(course), many=True).data if teaches else None
        return Response({"course": CourseSerializer(course).data, "members": members})


class CourseCodeView(ClassroomView):
    @extend_schema(tags=CLASSROOM, summary="Give the course a new join code (instructors; the old "
                   "one stops working)", request=None, responses=CourseSerializer)  # fmt: skip
    def post(self, request: Request, course_id: int) -> Response:
        course = get_taught_course(request, course_id)
        services.course_regenerate_code(course=course, actor=signed_in(request))
        return Response(CourseSerializer(_courses(request).get(pk=course.pk)).data)


class CourseStudentView(ClassroomView):
    extra_errors = {"DELETE": (422,)}

    @extend_schema(tags=CLASSROOM, summary="Remove a student from your course (their maps and "
                   "submissions are kept)", responses={204: None})  # fmt: skip
    def delete(self, request: Request, course_id: int, user_id: int) -> Response:
        course = get_taught_course(request, course_id)
        student = get_student_of(course, user_id)
        services.enrolment_remove(course=course, student=student, actor=signed_in(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CourseAssignmentsView(ClassroomView):
    serializer_class = AssignmentSerializer
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=CLASSROOM, summary="A course's assignments",
                   responses=AssignmentSerializer(many=True))  # fmt: skip
    def get(self, request: Request, course_id: int) -> Response:
        course = get_object_or_404(_courses(request), pk=course_id)
        assignments = _assignments(request).filter(course=course).order_by("due_at", "pk")
        return paginated(self, assignments, AssignmentSerializer)

    @extend_schema(tags=CLASSROOM, summary="Set an assignment (instructors)",
                   request=AssignmentInput, responses={201: AssignmentSerializer})  # fmt: skip
    def post(self, request: Request, course_id: int) -> Response:
        course = get_taught_course(request, course_id)
        data = AssignmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        given = dict(data.validated_data)
        assignment = services.assignment_create(
            course=course,
            actor=signed_in(request),
            starter_map=_readable_map(request, given.pop("starter_map"), "starter_map"),
            reference_map=_readable_map(request, given.pop("reference_map"), "reference_map"),
            criteria=[services.CriterionData(**c) for c in given.pop("criteria")],
            **given,
        )
        made = _assignments(request).get(pk=assignment.pk)
        url = reverse("api:assignment-detail", args=[assignment.pk])
        return created(AssignmentSerializer(made).data, url)


class AssignmentDetailView(ClassroomView):
    @extend_schema(tags=CLASSROOM, summary="An assignment", responses=AssignmentSerializer)
    def get(self, request: Request, assignment_id: int) -> Response:
        assignment = get_object_or_404(_assignments(request), pk=assignment_id)
        return Response(AssignmentSerializer(assignment).data)


WORK = inline_serializer(
    "WorkingMap",
    {
        "assignment": serializers.IntegerField(),
        "map": serializers.IntegerField(help_text="Your working map: edit it under /api/maps/."),
    },
)


class AssignmentStartView(ClassroomView):
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=CLASSROOM, summary="Start (students): your own copy of the starter map; "
                   "again, the same map", request=None, responses=WORK)  # fmt: skip
    def post(self, request: Request, assignment_id: int) -> Response:
        assignment = get_object_or_404(_assignments(request), pk=assignment_id)
        require(request.user, "classroom.work_on_assignment", assignment, "Only a student of the "
                "course works on an assignment.")  # fmt: skip
        work = services.work_start(assignment=assignment, student=signed_in(request))
        return Response({"assignment": assignment.pk, "map": work.map_id})


class AssignmentSubmitView(ClassroomView):
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=CLASSROOM, summary="Submit your working map as a frozen snapshot",
                   request=None, responses={201: SubmissionSerializer})  # fmt: skip
    def post(self, request: Request, assignment_id: int) -> Response:
        assignment = get_object_or_404(_assignments(request), pk=assignment_id)
        require(request.user, "classroom.work_on_assignment", assignment, "Only a student of the "
                "course submits work.")  # fmt: skip
        submission = services.submission_submit(assignment=assignment, student=signed_in(request))
        url = reverse("api:submission-detail", args=[submission.pk])
        found = get_submission(request, submission.pk)
        return created(SubmissionSerializer(found, context={"request": request}).data, url)


class AssignmentSubmissionsView(ClassroomView):
    serializer_class = SubmissionSerializer

    @extend_schema(tags=CLASSROOM, summary="Submissions: every student's (instructors) or your "
                   "own (students)", responses=SubmissionSerializer(many=True))  # fmt: skip
    def get(self, request: Request, assignment_id: int) -> Response:
        assignment = get_object_or_404(_assignments(request), pk=assignment_id)
        rows = (
            Submission.objects.for_user(request.user)
            .filter(assignment=assignment)
            .select_related("student", "review", "assignment")
        )
        # Graded blind, an order by username would tell who is who.
        order = "student_id" if hides_names_from(request.user, assignment) else "student__username"
        return paginated(self, rows.order_by(order, "number"), SubmissionSerializer)


class AssignmentOverviewView(ClassroomView):
    extra_errors = {"GET": (403,)}

    @extend_schema(tags=CLASSROOM, summary="Every student with status, size, checks, coverage "
                   "and score (instructors)", responses=OverviewSerializer)  # fmt: skip
    def get(self, request: Request, assignment_id: int) -> Response:
        assignment = get_taught_assignment(request, assignment_id)
        return Response(OverviewSerializer(assignment_overview(assignment)).data)
