"""Groups of a group assignment over HTTP, with the rules of the groups page: instructors list,
make (by hand or at random), delete groups and move students; a student reads only their own
group. The services (argmap/classroom/services/groups.py) decide what is allowed: their refusals
answer 422 with their message (argmap.api.errors); a group id that is not one of this
assignment's answers 400, like any unknown id in a body."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.api.serializers.groups import (
    GroupInput,
    GroupSerializer,
    MembershipInput,
    MembershipSerializer,
    RandomGroupsInput,
)
from argmap.api.views import ClassroomView, created
from argmap.classroom import services
from argmap.classroom.access import get_assignment, get_student_of, get_taught_assignment
from argmap.classroom.grouping import GroupRow, group_board
from argmap.classroom.models import Assignment, Group
from argmap.classroom.naming import fellow_label
from argmap.lib.http import signed_in

GROUPS = ["classroom"]


def _member(
    viewer: Any, person: User, assignment: Assignment, number: int, teaches: bool
) -> dict[str, Any]:
    if teaches:
        return {"id": person.pk, "username": person.username, "label": person.username}
    named = not assignment.students_anonymous or person.pk == viewer.pk
    label = fellow_label(viewer=viewer, person=person, assignment=assignment, number=number)
    return {
        "id": person.pk if named else None,
        "username": person.username if named else None,
        "label": label,
    }


def _data(row: GroupRow, viewer: Any, assignment: Assignment, teaches: bool) -> dict[str, Any]:
    group = row.group
    return {
        "id": group.pk,
        "assignment": group.assignment_id,
        "number": group.number,
        "name": group.name,
        "label": str(group),
        "members": [
            _member(viewer, person, assignment, n, teaches)
            for n, person in enumerate(row.members, start=1)
        ],
        "working_map": row.map_id,
        "submitted": row.submitted,
    }


def _visible_groups(request: Request, assignment: Assignment) -> list[dict[str, Any]]:
    """Every group for an instructor of the course; for a student, their own group only."""
    teaches = request.user.has_perm("classroom.teach_assignment", assignment)
    rows = group_board(assignment).groups
    if not teaches:
        rows = [r for r in rows if any(m.pk == request.user.pk for m in r.members)]
    return [_data(row, request.user, assignment, teaches) for row in rows]


def _created_group(request: Request, assignment: Assignment, group: Group) -> Response:
    data = next(g for g in _visible_groups(request, assignment) if g["id"] == group.pk)
    url = reverse("api:assignment-group", args=[assignment.pk, group.pk])
    return created(data, url)


class AssignmentGroupsView(ClassroomView):
    extra_errors = {"POST": (422,)}

    @extend_schema(tags=GROUPS, summary="The assignment's groups (instructors: all of them; "
                   "students: their own)", responses=GroupSerializer(many=True))  # fmt: skip
    def get(self, request: Request, assignment_id: int) -> Response:
        assignment = get_assignment(request, assignment_id)
        # A list like every other: paginated (an assignment rarely has more than one page).
        page = self.paginate_queryset(_visible_groups(request, assignment))
        return self.get_paginated_response(page)

    @extend_schema(tags=GROUPS, summary="Make an empty group with the next number (instructors)",
                   request=GroupInput, responses={201: GroupSerializer})  # fmt: skip
    def post(self, request: Request, assignment_id: int) -> Response:
        assignment = get_taught_assignment(request, assignment_id)
        data = GroupInput(data=request.data)
        data.is_valid(raise_exception=True)
        group = services.group_create(
            assignment=assignment, actor=signed_in(request), name=data.validated_data["name"]
        )
        return _created_group(request, assignment, group)


class RandomGroupsView(ClassroomView):
    extra_errors = {"POST": (422,)}
    # It answers the groups it made, all of them: a plain list, not a page.
    pagination_class = None

    @extend_schema(tags=GROUPS, summary="Put every student in no group into new groups of about "
                   "`size`, at random (instructors)", request=RandomGroupsInput,
                   responses={201: GroupSerializer(many=True)})  # fmt: skip
    def post(self, request: Request, assignment_id: int) -> Response:
        assignment = get_taught_assignment(request, assignment_id)
        data = RandomGroupsInput(data=request.data)
        data.is_valid(raise_exception=True)
        made = services.groups_make_random(
            assignment=assignment, actor=signed_in(request), **data.validated_data
        )
        ids = {g.pk for g in made}
        groups = [g for g in _visible_groups(request, assignment) if g["id"] in ids]
        return Response(groups, status=status.HTTP_201_CREATED)


class AssignmentGroupView(ClassroomView):
    extra_errors = {"DELETE": (422,)}

    @extend_schema(tags=GROUPS, summary="A group (students: their own only)",
                   responses=GroupSerializer)  # fmt: skip
    def get(self, request: Request, assignment_id: int, group_id: int) -> Response:
        assignment = get_assignment(request, assignment_id)
        found = [g for g in _visible_groups(request, assignment) if g["id"] == group_id]
        if not found:
            raise Http404("No such group, or not yours to see.")
        return Response(found[0])

    @extend_schema(tags=GROUPS, summary="Delete a group whose map nobody has started "
                   "(instructors; its members are left in no group)",
                   responses={204: None})  # fmt: skip
    def delete(self, request: Request, assignment_id: int, group_id: int) -> Response:
        assignment = get_taught_assignment(request, assignment_id)
        group = get_object_or_404(assignment.groups, pk=group_id)
        services.group_delete(group=group, actor=signed_in(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MembershipView(ClassroomView):
    extra_errors = {"PUT": (422,), "DELETE": (422,)}

    @extend_schema(tags=GROUPS, summary="Put a student in a group, or move them to another "
                   "(instructors; refused once either group has submitted)",
                   request=MembershipInput, responses=MembershipSerializer)  # fmt: skip
    def put(self, request: Request, assignment_id: int, user_id: int) -> Response:
        assignment = get_taught_assignment(request, assignment_id)
        student = get_student_of(assignment.course, user_id)
        data = MembershipInput(data=request.data)
        data.is_valid(raise_exception=True)
        group = assignment.groups.filter(pk=data.validated_data["group"]).first()
        if group is None:
            raise serializers.ValidationError(
                {"group": ["No group of this assignment has this id."]}
            )
        services.membership_set(
            assignment=assignment, student=student, group=group, actor=signed_in(request)
        )
        return Response({"student": student.pk, "group": group.pk})

    @extend_schema(tags=GROUPS, summary="Take a student out of their group (instructors)",
                   responses={204: None})  # fmt: skip
    def delete(self, request: Request, assignment_id: int, user_id: int) -> Response:
        assignment = get_taught_assignment(request, assignment_id)
        student = get_student_of(assignment.course, user_id)
        services.membership_set(
            assignment=assignment, student=student, group=None, actor=signed_in(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
