"""Who may do what with a map: the one place that decides (django-rules predicates).

Views ask `request.user.has_perm("maps.view_map", map)`; querysets use
`Map.objects.visible_to(user)`, which a test keeps in agreement with these predicates.

A map can be read by its owner; by anyone when public, except that a course's **reference map**
is never shown to the course's students (even if it was made public later); and by an instructor
when it is a working map or a submitted snapshot of a student of one of their courses
(`argmap.classroom`). Only the owner changes a map, and nobody changes a snapshot.
"""

from __future__ import annotations

from typing import Any

import rules

from argmap.classroom.models import Assignment, Enrolment, Role, Submission, WorkingMap
from argmap.maps.models import Map, Visibility


@rules.predicate
def is_map_owner(user: object, map_: Map | None) -> bool:
    return map_ is not None and getattr(user, "pk", None) is not None and map_.owner_id == user.pk  # type: ignore[attr-defined]


@rules.predicate
def is_public_map(user: object, map_: Map | None) -> bool:
    return map_ is not None and map_.visibility == Visibility.PUBLIC


@rules.predicate
def is_snapshot(user: object, map_: Map | None) -> bool:
    return map_ is not None and map_.is_snapshot


def _courses(user: Any, role: str) -> Any:
    return Enrolment.objects.filter(user_id=user.pk, role=role).values("course_id")


@rules.predicate
def is_hidden_reference(user: Any, map_: Map | None) -> bool:
    """The reference map of an assignment of a course this user studies in."""
    if map_ is None or not getattr(user, "is_authenticated", False):
        return False
    return Assignment.objects.filter(
        reference_map=map_, course__in=_courses(user, Role.STUDENT)
    ).exists()


@rules.predicate
def is_coursework_of_my_student(user: Any, map_: Map | None) -> bool:
    """A working map or a snapshot of an assignment of a course this user teaches."""
    if map_ is None or not getattr(user, "is_authenticated", False):
        return False
    teaching = _courses(user, Role.INSTRUCTOR)
    return (
        WorkingMap.objects.filter(map=map_, assignment__course__in=teaching).exists()
        or Submission.objects.filter(snapshot=map_, assignment__course__in=teaching).exists()
    )


# Cheapest first: ownership and visibility need no query.
can_view_map = is_map_owner | (is_public_map & ~is_hidden_reference) | is_coursework_of_my_student
can_edit_map = is_map_owner & ~is_snapshot

rules.add_perm("maps.view_map", can_view_map)
rules.add_perm("maps.change_map", can_edit_map)
rules.add_perm("maps.delete_map", can_edit_map)
rules.add_perm("maps.add_map", rules.is_authenticated)
