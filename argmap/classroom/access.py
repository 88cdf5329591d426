"""Fetching classroom objects for a request (a page's or the API's), scoped to what its user
may see.

Everything a user may not see answers 404 (never a hint that it exists): the querysets are the
`for_user()` twins of the rules in `argmap.classroom.rules`. Something a user may see but not
do (a student asking for the gradebook of their own course) answers 403.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import Http404
from django.shortcuts import get_object_or_404

from argmap.classroom.models import Assignment, Comment, Course, Role, Submission
from argmap.lib.http import HasUser
from argmap.lib.permissions import require


def get_course(request: HasUser, course_id: int) -> Course:
    return get_object_or_404(Course.objects.for_user(request.user), pk=course_id)


def get_taught_course(request: HasUser, course_id: int) -> Course:
    course = get_course(request, course_id)
    require(request.user, "classroom.teach_course", course, "Only an instructor of the course can.")
    return course


def get_assignment(request: HasUser, assignment_id: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.for_user(request.user).select_related("course"), pk=assignment_id
    )


def get_taught_assignment(request: HasUser, assignment_id: int) -> Assignment:
    assignment = get_assignment(request, assignment_id)
    require(request.user, "classroom.teach_assignment", assignment, "Only an instructor can.")
    return assignment


def get_submission(request: HasUser, submission_id: int) -> Submission:
    return get_object_or_404(
        Submission.objects.for_user(request.user).select_related(
            "assignment__course", "student", "snapshot__owner", "review"
        ),
        pk=submission_id,
    )


def get_comment(request: HasUser, comment_id: int) -> Comment:
    return get_object_or_404(
        Comment.objects.for_user(request.user).select_related(
            "submission__assignment__course", "submission__review", "parent"
        ),
        pk=comment_id,
    )


def get_student_of(course: Course, user_id: int) -> User:
    """A student of the course (an instructor or a stranger is not one: 404)."""
    enrolment = (
        course.enrolments.filter(user_id=user_id, role=Role.STUDENT).select_related("user").first()
    )
    if enrolment is None:
        raise Http404("No such student in this course.")
    return enrolment.user
