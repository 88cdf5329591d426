"""How a student is named to a reader of an assignment: the one place that decides, so that
group pages, peer review, live presence, the CSV gradebook and the API cannot disagree about
whether a name shows.

- Anonymous grading (`Assignment.anonymous_grading`): an instructor sees "Student 3F2A0C" (a
  pseudonym drawn from the secret key, the assignment and the student, the same on every page)
  until the review of every submission of the assignment is released (`grading_is_blind`).
- Students anonymous to each other (`Assignment.students_anonymous`): a fellow student sees a
  label, never a username: "Member 2" in a group (`fellow_label`; the caller passes the person's
  place in the group's join order, which keeps "Member 2" the same person on every page), and
  peer review labels people "Reviewer N" and "Author" itself.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings

from argmap.classroom.models import Assignment, Submission


def display_name(person: Any) -> str:
    """A person's name as the pages show it: their full name, else their username."""
    return str(person.get_full_name() or person.username)


def fellow_label(
    *, viewer: Any, person: Any, assignment: Assignment, number: int, noun: str = "Member"
) -> str:
    """`person` as `viewer` (a fellow student) may see them on `assignment`: their name, or
    "Member 2" when students are anonymous to each other. `number` is their 1-based place in the
    list shown; the viewer's own line says "(you)". Reads no database."""
    anonymous = assignment.students_anonymous
    name = f"{noun} {number}" if anonymous else display_name(person)
    if person.pk == viewer.pk:
        return f"{name} (you)"
    return name


def grading_is_blind(assignment: Assignment) -> bool:
    return assignment.grading_is_blind()


def pseudonym(assignment: Assignment, user_id: int) -> str:
    """A student's name for a blind grader: stable per assignment, unguessable from the ids."""
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, f"pseudonym:{assignment.pk}:{user_id}".encode(), hashlib.sha256)
    return f"Student {digest.hexdigest()[:6].upper()}"


def hides_names_from(viewer: Any, assignment: Assignment) -> bool:
    """Whether an instructor reading the assignment's work sees pseudonyms (two queries)."""
    return bool(
        assignment.anonymous_grading
        and viewer.has_perm("classroom.teach_assignment", assignment)
        and grading_is_blind(assignment)
    )


def student_label(*, viewer: Any, person: Any, assignment: Assignment) -> str:
    """`person` as `viewer` may know them on `assignment` (one query at most). For many rows,
    call `grading_is_blind` once and `pseudonym` per row instead."""
    if person is None:
        return "someone"
    if getattr(viewer, "pk", None) == person.pk or not (
        assignment.anonymous_grading or assignment.students_anonymous
    ):
        return str(person.username)
    if viewer.has_perm("classroom.teach_assignment", assignment):
        blind = grading_is_blind(assignment)
        return pseudonym(assignment, person.pk) if blind else str(person.username)
    return "a classmate" if assignment.students_anonymous else str(person.username)


def student_naming(request: Any, submission: Submission) -> dict[str, Any]:
    """What a page about a submission needs to sign its student's comments: `student_name`, and
    `hide_student` when that is a pseudonym."""
    name = student_label(
        viewer=request.user, person=submission.student, assignment=submission.assignment
    )
    return {"student_name": name, "hide_student": name != submission.student.username}
