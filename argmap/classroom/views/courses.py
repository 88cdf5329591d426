"""Courses: my courses, create one, join one with its code, the course page, its roster."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from argmap.classroom import services
from argmap.classroom.access import get_course, get_student_of, get_taught_course
from argmap.classroom.forms import CourseForm, JoinForm
from argmap.classroom.models import Enrolment, Role
from argmap.classroom.selectors import STATUS_LABELS, course_removals, course_roster, standing
from argmap.lib.http import show_refusal, signed_in
from argmap.lib.rates import rate_limited, user_ident


@login_required
@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    enrolments = (
        Enrolment.objects.filter(user=signed_in(request))
        .select_related("course")
        .order_by("course__title")
    )
    context = {
        "teaching": [e.course for e in enrolments if e.role == Role.INSTRUCTOR],
        "studying": [e.course for e in enrolments if e.role == Role.STUDENT],
        "join_form": JoinForm(),
    }
    return render(request, "classroom/course_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = services.course_create(owner=signed_in(request), title=form.cleaned_data["title"])
        messages.success(
            request,
            f"Your course is ready. Give your students its join code, {course.display_code}; "
            "then set an assignment.",
        )
        return redirect(course)
    status = 422 if form.is_bound else 200
    return render(request, "classroom/course_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
# One budget with the API's joins.
@rate_limited(
    "join",
    "You tried many join codes in the last hour. Check the code with your instructor.",
    ident=user_ident,
)
def course_join(request: HttpRequest) -> HttpResponse:
    # A link such as /courses/join/?code=ABCD-EFGH-JKLM fills the code in.
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.course_join(
                user=signed_in(request), code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, f"Welcome to “{enrolment.course.title}”.")
            return redirect(enrolment.course)
    status = 422 if form.is_bound else 200
    return render(request, "classroom/course_join.html", {"form": form}, status=status)


@require_GET
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_course(request, course_id)
    teaches = request.user.has_perm("classroom.teach_course", course)
    assignments = list(course.assignments.all())
    context = {
        "course": course,
        "teaches": teaches,
        "assignments": assignments,
        "status_labels": STATUS_LABELS,
    }
    if teaches:
        context["roster"] = course_roster(course)
        context["removals"] = course_removals(course)
    else:
        statuses = standing(assignments, request.user)
        context["statuses"] = {pk: STATUS_LABELS[s] for pk, s in statuses.items()}
    return render(request, "classroom/course_detail.html", context)


@require_POST
def course_code(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_taught_course(request, course_id)
    services.course_regenerate_code(course=course, actor=signed_in(request))
    messages.success(
        request, f"The new join code is {course.display_code}. The old code no longer works."
    )
    return redirect(course)


@require_http_methods(["GET", "POST"])
def course_remove_student(request: HttpRequest, course_id: int, user_id: int) -> HttpResponse:
    course = get_taught_course(request, course_id)
    student = get_student_of(course, user_id)
    if request.method == "GET":
        return render(
            request, "classroom/remove_student.html", {"course": course, "student": student}
        )
    services.enrolment_remove(course=course, student=student, actor=signed_in(request))
    messages.success(
        request,
        f"{student.username} is no longer in the course. Their maps and submissions are kept.",
    )
    return redirect(course)


@require_POST
def course_readmit(request: HttpRequest, course_id: int, user_id: int) -> HttpResponse:
    """Let a removed student join again with the current join code."""
    course = get_taught_course(request, course_id)
    removal = get_object_or_404(course.removals.select_related("user"), user_id=user_id)
    services.removal_undo(course=course, student=removal.user, actor=signed_in(request))
    messages.success(
        request,
        f"{removal.user.username} may join again with the course's join code.",
    )
    return redirect(course)
