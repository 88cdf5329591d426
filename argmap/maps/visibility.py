"""Who may read a map: the one place that decides, as a queryset and as the rules behind
`maps.view_map` (a test keeps the two in agreement).

A map can be read by its owner; by anyone when public, except that a course's **reference map**
is never shown to the course's students (even if it was made public later); and by an
instructor when it is a working map or a submitted snapshot of a student of one of their
courses. What a reader sees of the shared library (characterisations naming statements) follows
the maps they may read.

The classroom's roles take part in these decisions, so this is the one module of `argmap.maps`
that reads the classroom (an import contract in pyproject.toml keeps it so): pages, lists,
searches, exports, the API and the classroom all ask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Exists, OuterRef, Q

from argmap.classroom.models import Assignment, Role, Submission, WorkingMap, courses_of
from argmap.maps.models import Characterisation, CharacterisationQuerySet, Map, MapQuerySet
from argmap.maps.models import Visibility as MapVisibility

AnyUser = AbstractBaseUser | AnonymousUser


def readable_maps(user: AnyUser) -> MapQuerySet:
    """Every live map `user` may read (the `maps.view_map` rule as a queryset)."""
    maps = Map.objects.get_queryset()
    if not user.is_authenticated:
        return maps.filter(visibility=MapVisibility.PUBLIC)
    teaching = courses_of(user, Role.INSTRUCTOR)
    hidden_reference = Exists(
        Assignment.objects.filter(
            reference_map=OuterRef("pk"), course__in=courses_of(user, Role.STUDENT)
        )
    )
    coursework = Exists(
        WorkingMap.objects.filter(map=OuterRef("pk"), assignment__course__in=teaching)
    ) | Exists(Submission.objects.filter(snapshot=OuterRef("pk"), assignment__course__in=teaching))
    return maps.filter(
        Q(owner=user) | (Q(visibility=MapVisibility.PUBLIC) & ~hidden_reference) | coursework
    )


def readable_public_maps(user: AnyUser) -> MapQuerySet:
    """The public maps `user` may read: a list of public maps never shows a course's hidden
    reference map to the course's students."""
    return readable_maps(user).filter(visibility=MapVisibility.PUBLIC)


def readable_characterisations(user: AnyUser) -> CharacterisationQuerySet:
    """Those this user may read: about no statement, or about live statements of maps they can
    read. Both ends count: a characterisation naming only the evidence of a private map is that
    map's content too."""
    maps = readable_maps(user)
    return Characterisation.objects.filter(
        Q(thesis__isnull=True) | Q(thesis__map__in=maps, thesis__deleted_at__isnull=True)
    ).filter(
        Q(evidence__isnull=True) | Q(evidence__map__in=maps, evidence__deleted_at__isnull=True)
    )


# --- the rules, object by object (the queryset above is their twin) ----------------------------


@rules.predicate
def is_map_owner(user: Any, map_: Map | None) -> bool:
    return map_ is not None and getattr(user, "pk", None) is not None and map_.owner_id == user.pk


@rules.predicate
def is_public_map(user: Any, map_: Map | None) -> bool:
    return map_ is not None and map_.visibility == MapVisibility.PUBLIC


@rules.predicate
def is_hidden_reference(user: Any, map_: Map | None) -> bool:
    """The reference map of an assignment of a course this user studies in."""
    if map_ is None or not getattr(user, "is_authenticated", False):
        return False
    return Assignment.objects.filter(
        reference_map=map_, course__in=courses_of(user, Role.STUDENT)
    ).exists()


@rules.predicate
def is_coursework_of_my_student(user: Any, map_: Map | None) -> bool:
    """A working map or a snapshot of an assignment of a course this user teaches."""
    if map_ is None or not getattr(user, "is_authenticated", False):
        return False
    teaching = courses_of(user, Role.INSTRUCTOR)
    return (
        WorkingMap.objects.filter(map=map_, assignment__course__in=teaching).exists()
        or Submission.objects.filter(snapshot=map_, assignment__course__in=teaching).exists()
    )


# Cheapest first: ownership and visibility need no query.
can_view_map = is_map_owner | (is_public_map & ~is_hidden_reference) | is_coursework_of_my_student

rules.add_perm("maps.view_map", can_view_map)


# --- what a readable map is in the classroom ---------------------------------------------------


@dataclass
class Coursework:
    """What a map is in the classroom: a student's working map, or a submitted snapshot."""

    assignment: Assignment
    student: User
    submission: Submission | None = None  # set for a snapshot


def coursework_of(map_: Map, reader: User | AnonymousUser) -> Coursework | None:
    """The assignment a map belongs to, if the reader may see that assignment (two queries at
    most): why an instructor may read a student's map, and what the student should do with it."""
    found: Coursework | None = None
    if map_.is_snapshot:
        submission = (
            Submission.objects.filter(snapshot=map_).select_related("assignment", "student").first()
        )
        if submission is not None:
            found = Coursework(submission.assignment, submission.student, submission)
    else:
        work = WorkingMap.objects.filter(map=map_).select_related("assignment", "student").first()
        if work is not None:
            found = Coursework(work.assignment, work.student)
    if found is None or not reader.has_perm("classroom.view_assignment", found.assignment):
        return None
    return found


def starter_of(map_: Map) -> Map | None:
    """The starter map a student's working map or snapshot was copied from, if any (one query,
    none for a map that is neither a copy nor a snapshot), so that the map checks can show the
    student what they added apart from what they were given."""
    if not (map_.is_snapshot or map_.forked_from_id):
        return None
    found = (
        Assignment.objects.filter(
            Q(working_maps__map=map_) | Q(submissions__snapshot=map_), starter_map__isnull=False
        )
        .select_related("starter_map")
        .first()
    )
    return found.starter_map if found is not None else None
