"""How one student is named to another: the one place that decides, so that group pages, peer
review and live presence cannot disagree about whether a name shows.

It reads no database: the caller passes the person's place in their list (join order in a group,
the order reviewers were given), which is what keeps "Member 2" the same person on every page.
An instructor's view of their students does not come here.
"""

from __future__ import annotations

from typing import Any

from argmap.classroom.models import Assignment


def display_name(person: Any) -> str:
    """A person's name as the pages show it: their full name, else their username."""
    return str(person.get_full_name() or person.username)


def student_label(
    *, viewer: Any, person: Any, assignment: Assignment, number: int, noun: str = "Member"
) -> str:
    """`person` as `viewer` (a fellow student) may see them on `assignment`: their name, or
    "Member 2" when students are anonymous to each other. `number` is their 1-based place in the
    list shown; the viewer's own line says "(you)"."""
    anonymous = assignment.students_anonymous
    name = f"{noun} {number}" if anonymous else display_name(person)
    if person.pk == viewer.pk:
        return f"{name} (you)"
    return name
