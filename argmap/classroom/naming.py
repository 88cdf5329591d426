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

`map_namer` applies both rules to the people of one map (who edited it, who has it open): the
history page, the presence list and anything else that names a map's actors ask it;
`submission_namer` does the same for the authors of the comments on a submission (a group's
replies come from any member, not only the one who submitted).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any

from django.conf import settings

from argmap.classroom.models import (
    Assignment,
    Enrolment,
    Membership,
    Role,
    Submission,
    WorkingMap,
)

Namer = Callable[[Any], str]


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
    """What a page about a submission needs to sign its comments: `name_of`, which names the
    author of any of them (`submission_namer`: a group's replies come from every member)."""
    return {"name_of": submission_namer(viewer=request.user, submission=submission)}


def submission_namer(*, viewer: Any, submission: Submission) -> Namer:
    """Who wrote a comment on `submission`, named as on its snapshot (`map_namer`). Built on
    first use, so that a page without comments makes no query for it, and none either where the
    assignment hides no name."""
    return _SubmissionNamer(viewer, submission)


class _SubmissionNamer:
    # A template passes it to a filter (`named_by`) rather than calling it without arguments.
    do_not_call_in_templates = True

    def __init__(self, viewer: Any, submission: Submission) -> None:
        self.viewer, self.submission = viewer, submission
        self.built: Namer | None = None

    def __call__(self, person: Any) -> str:
        if person is None:
            return "someone"
        if self.built is None:
            submission = self.submission
            self.built = _coursework_namer(self.viewer, submission.assignment, submission.group_id)
        return self.built(person)


def map_namer(*, viewer: Any, map: Any) -> Namer:
    """How each person who edited or opened `map` is named to `viewer`: the one per-map rule.

    On a student's coursework (a working map or a snapshot): an instructor of the course grading
    blind sees each student as their pseudonym, the same as on the review pages; on a group's
    map of an assignment that keeps students anonymous, a member sees each fellow member as
    "Member N", N being their place in the group's join order (so the numbers stay put while
    people come and go), and themself as "Member N (you)". Instructors are named to everyone.
    Elsewhere a person is shown by name.

    No query for the owner of a map that is no group's (the only student on it, from whom no
    name is hidden); one for a map that is no coursework; three or four on coursework."""
    if not map.is_group_work and getattr(viewer, "pk", None) == map.owner_id:
        return display_name
    rows = (
        Submission.objects.filter(snapshot=map)
        if map.is_snapshot
        else WorkingMap.objects.filter(map=map)
    )
    work = rows.select_related("assignment").first()
    if work is None:
        return display_name
    return _coursework_namer(viewer, work.assignment, work.group_id)


def _coursework_namer(viewer: Any, assignment: Assignment, group_id: int | None) -> Namer:
    """`map_namer` on the work of `assignment` (by `group_id`, or by one student: None)."""
    if not (assignment.students_anonymous or assignment.anonymous_grading):
        return display_name
    teachers = set(
        Enrolment.objects.filter(course_id=assignment.course_id, role=Role.INSTRUCTOR).values_list(
            "user_id", flat=True
        )
    )
    viewer_id = getattr(viewer, "pk", None)
    if viewer_id in teachers:
        if not grading_is_blind(assignment):
            return display_name
        return _naming(viewer_id, teachers, lambda person: pseudonym(assignment, person.pk))
    if group_id is None or not assignment.students_anonymous:
        return display_name
    order = list(
        Membership.objects.filter(group_id=group_id)
        .order_by("joined", "pk")
        .values_list("student_id", flat=True)
    )

    def member(person: Any) -> str:
        # Someone no longer in the group (moved while the page was open) comes after them all.
        number = order.index(person.pk) + 1 if person.pk in order else len(order) + 1
        return fellow_label(viewer=viewer, person=person, assignment=assignment, number=number)

    return _naming(None, teachers, member)


def _naming(viewer_id: int | None, teachers: set[int], hidden: Namer) -> Namer:
    """`hidden` for the students, their names for the instructors (and for `viewer_id`)."""

    def name(person: Any) -> str:
        if person.pk in teachers or person.pk == viewer_id:
            return display_name(person)
        return hidden(person)

    return name
