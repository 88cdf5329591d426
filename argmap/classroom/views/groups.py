"""The instructor's groups page of a group assignment: make groups at random or by hand, move a
student (in place, with htmx), delete a group that has not started. The services decide what
is allowed (argmap/classroom/services/groups.py); these views show their answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from argmap.classroom import services
from argmap.classroom.access import get_student_of, get_taught_assignment
from argmap.classroom.forms import GroupForm, MoveForm, RandomGroupsForm
from argmap.classroom.grouping import group_board
from argmap.classroom.models import Assignment
from argmap.lib.http import HtmxHttpRequest, show_refusal, signed_in

PAGE = "classroom/groups.html"


def _page(assignment: Assignment, **forms: Any) -> dict[str, Any]:
    return {
        "assignment": assignment,
        "board": group_board(assignment),
        "random_form": forms.get("random_form") or RandomGroupsForm(),
        "group_form": forms.get("group_form") or GroupForm(),
    }


@require_GET
def group_list(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_taught_assignment(request, assignment_id)
    return render(request, PAGE, _page(assignment))


@require_POST
def groups_random(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_taught_assignment(request, assignment_id)
    form = RandomGroupsForm(request.POST)
    if form.is_valid():
        size = form.cleaned_data["size"]
        try:
            made = services.groups_make_random(
                assignment=assignment, actor=signed_in(request), size=size
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, f"Made {len(made)} group{'s' * (len(made) != 1)} at random.")
            return redirect("classroom:groups", assignment.pk)
    return render(request, PAGE, _page(assignment, random_form=form), status=422)


@require_POST
def group_new(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_taught_assignment(request, assignment_id)
    form = GroupForm(request.POST)
    if form.is_valid():
        try:
            group = services.group_create(
                assignment=assignment, actor=signed_in(request), name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, f"{group} is made. Move students into it below.")
            return redirect("classroom:groups", assignment.pk)
    return render(request, PAGE, _page(assignment, group_form=form), status=422)


@require_POST
def group_move(request: HtmxHttpRequest, assignment_id: int, user_id: int) -> HttpResponse:
    """Move one student; with htmx, their row is redrawn in place (the select keeps the focus:
    it has the same id) with the answer beside it, and the group cards out of band."""
    assignment = get_taught_assignment(request, assignment_id)
    student = get_student_of(assignment.course, user_id)
    form = MoveForm(request.POST, assignment=assignment)
    note, error = "", ""
    if not form.is_valid():
        error = "Choose one of this assignment's groups."
    else:
        group = form.cleaned_data["group"]
        try:
            services.membership_set(
                assignment=assignment, student=student, group=group, actor=signed_in(request)
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            note = f"Moved to {group}." if group else "In no group now."
    if not request.htmx:
        if error:
            messages.error(request, f"{student.username}: {error}")
        else:
            messages.success(request, f"{student.username}: {note}")
        return redirect("classroom:groups", assignment.pk)
    board = group_board(assignment)
    context = {"assignment": assignment, "board": board, "place": board.place_of(student.pk)}
    context |= {"note": note, "error": error}
    return render(request, f"{PAGE}#student-moved", context, status=422 if error else 200)


@require_http_methods(["GET", "POST"])
def group_delete(request: HtmxHttpRequest, assignment_id: int, group_id: int) -> HttpResponse:
    """GET asks first (the page's dialog does the same with JavaScript); POST deletes."""
    assignment = get_taught_assignment(request, assignment_id)
    group = get_object_or_404(assignment.groups, pk=group_id)
    if request.method == "GET":
        return render(
            request, "classroom/group_delete.html", {"assignment": assignment, "group": group}
        )
    try:
        services.group_delete(group=group, actor=signed_in(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{group} is deleted; its members are in no group now.")
    return redirect("classroom:groups", assignment.pk)
