"""Assignments: set and edit one (with its rubric), the assignment page (a student's work, or the
instructor's overview of every student), start, submit, and the CSV gradebook."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from argmap.classroom import services
from argmap.classroom.access import get_assignment, get_taught_assignment, get_taught_course
from argmap.classroom.forms import (
    MAX_CRITERIA,
    AssignmentForm,
    CriterionFormSet,
    OneMoreCriterionFormSet,
    criteria_as_typed,
    criteria_data,
    criteria_initial,
)
from argmap.classroom.gradebook import write_gradebook
from argmap.classroom.grouping import my_group
from argmap.classroom.models import Assignment, Course, Submission
from argmap.classroom.peers import peer_overview
from argmap.classroom.selectors import STATUS_LABELS, assignment_overview, work_status
from argmap.lib.http import HtmxHttpRequest, show_refusal, signed_in
from argmap.lib.permissions import require


def _save_assignment(
    request: HtmxHttpRequest, course: Course, assignment: Assignment | None
) -> HttpResponse:
    """The form page of a new or an existing assignment; a valid POST saves and redirects."""
    if request.htmx and "row" in request.GET:
        return _criterion_row(request)
    initial = AssignmentForm.initial_for(assignment) if assignment else None
    form = AssignmentForm(request.POST or None, initial=initial, instructor=signed_in(request))
    rubric: Any = CriterionFormSet(
        request.POST or None,
        prefix="criteria",
        initial=criteria_initial(list(assignment.criteria.all())) if assignment else None,
    )
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and "add_criterion" in request.POST:
        # "Add a criterion" without JavaScript: the form again as typed, one line longer.
        typed = {name: form[name].value() for name in form.fields}
        form = AssignmentForm(initial=typed, instructor=signed_in(request))
        rubric = OneMoreCriterionFormSet(prefix="criteria", initial=criteria_as_typed(rubric))
        status = 200
    elif request.method == "POST" and form.is_valid() and rubric.is_valid():
        fields = {**form.cleaned_data, "criteria": criteria_data(rubric)}
        try:
            if assignment is None:
                saved = services.assignment_create(
                    course=course, actor=signed_in(request), **fields
                )
            else:
                saved = services.assignment_update(
                    assignment=assignment, actor=signed_in(request), **fields
                )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, f"Saved “{saved.title}”.")
            return redirect(saved)
    context = {
        "form": form,
        "rubric": rubric,
        "course": course,
        "assignment": assignment,
        "next_row": rubric.total_form_count(),
        "max_criteria": MAX_CRITERIA,
    }
    return render(request, "classroom/assignment_form.html", context, status=status)


def _criterion_row(request: HtmxHttpRequest) -> HttpResponse:
    """One more blank line of the rubric, numbered `row` (0-based), with the cursor in it."""
    row = request.GET.get("row", "")
    if not row.isdigit() or int(row) >= MAX_CRITERIA:
        return HttpResponse(f"A rubric has {MAX_CRITERIA} criteria at most.", status=422)
    line = CriterionFormSet(prefix="criteria", initial=[{}] * int(row)).forms[int(row)]
    line.fields["title"].widget.attrs["autofocus"] = True
    context = {
        "line": line,
        "number": int(row) + 1,
        "next_row": int(row) + 1,
        "max_criteria": MAX_CRITERIA,
    }
    return render(request, "classroom/assignment_form.html#criterion-added", context)


@require_http_methods(["GET", "POST"])
def assignment_new(request: HtmxHttpRequest, course_id: int) -> HttpResponse:
    course = get_taught_course(request, course_id)
    return _save_assignment(request, course, None)


@require_http_methods(["GET", "POST"])
def assignment_edit(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_taught_assignment(request, assignment_id)
    return _save_assignment(request, assignment.course, assignment)


def _student_context(request: HttpRequest, assignment: Assignment) -> dict[str, Any]:
    """The student's own work, or for group work their group's: its map, its submissions (each
    with who submitted it, named as the student may see them)."""
    student = signed_in(request)
    work = services.working_map_of(assignment, student)
    mine = my_group(assignment, student)
    if not assignment.work_in_groups:
        rows = Submission.objects.filter(assignment=assignment, student=student, group=None)
    elif mine is not None:
        rows = Submission.objects.filter(group=mine.group)
    else:
        rows = Submission.objects.none()
    submissions = list(rows.select_related("review").order_by("-number"))
    latest = submissions[0] if submissions else None
    return {
        "work": work,
        "work_deleted": work is not None and work.map.deleted_at is not None,
        "submissions": submissions,
        "history": [(s, mine.label_of(s.student_id) if mine else "") for s in submissions],
        "my_group": mine,
        "status": STATUS_LABELS[work_status(work is not None, latest)],
        "refusal": services.submit_refusal(assignment, latest),
    }


@require_GET
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_assignment(request, assignment_id)
    # A peer review planned for the due date opens on the first visit after it.
    services.peer_round_open_if_due(assignment)
    teaches = request.user.has_perm("classroom.teach_assignment", assignment)
    context: dict[str, Any] = {"assignment": assignment, "teaches": teaches}
    if teaches:
        context["overview"] = assignment_overview(assignment)
        context["criteria"] = context["overview"].criteria
    else:
        context.update(_student_context(request, assignment))
        context["criteria"] = list(assignment.criteria.all())
    return render(request, "classroom/assignment_detail.html", context)


@require_POST
def assignment_start(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_assignment(request, assignment_id)
    require(request.user, "classroom.work_on_assignment", assignment, "Only students start this.")
    try:
        work = services.work_start(assignment=assignment, student=signed_in(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(assignment)
    whose = (
        "your group's map for the assignment: its members and your instructors can see it"
        if work.group_id
        else "your map for the assignment: only you and your instructors can see it"
    )
    messages.success(
        request, f"This is {whose}. When it is ready, submit it from the assignment page."
    )
    return redirect(work.map)


@require_POST
def assignment_submit(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_assignment(request, assignment_id)
    require(request.user, "classroom.work_on_assignment", assignment, "Only students submit this.")
    try:
        submission = services.submission_submit(assignment=assignment, student=signed_in(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        late = " It was late: the due date had passed." if submission.late else ""
        messages.success(
            request,
            f"Submitted. Submission {submission.number} is frozen as it is now; you may keep "
            f"working on your map.{late}",
        )
    return redirect(assignment)


@require_GET
def gradebook(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_taught_assignment(request, assignment_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(f"{assignment.course.title} {assignment.title}")[:80] or "assignment"
    response["Content-Disposition"] = f'attachment; filename="{name}-gradebook.csv"'
    peer = peer_overview(assignment)
    tallies = peer.tallies if peer.round is not None else None
    write_gradebook(response, assignment_overview(assignment), tallies)
    return response
