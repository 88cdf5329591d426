"""Who may read a map: the one place that decides, as a queryset and as the rules behind
`maps.view_map` (a test keeps the two in agreement).

A map can be read by its owner (unless it is a group's: then by the group's current members);
by anyone when public, except that a course's **reference map**
is never shown to the course's students (even if it was made public later); and by an
instructor when it is a submitted snapshot of a student of one of their courses, or the working
map of a student who is still in the course (removing a student ends it; their snapshots stay).

Reading is not owning: a map may be **copied** (forked, or handed out as an assignment's
starter) only by its owner or, when it is public, by its readers. An instructor reads a student's
coursework to review it, never to copy or publish it (`maps.copy_map`, `maps.hand_out_map`).

What a reader sees of the shared library follows the maps they may read: a source, a scholar or
a characterisation that a user added stays theirs alone until a map others can read cites it
(`readable_sources`, `readable_scholars`, `readable_characterisations`). Rows without a
creator are the shared library every reader sees.

The classroom's roles take part in these decisions, so this is the one module of `argmap.maps`
that reads the classroom (an import contract in pyproject.toml keeps it so): pages, lists,
searches, exports, the API and the classroom all ask here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from argmap.classroom.models import (
    Assignment,
    Course,
    Enrolment,
    Group,
    Role,
    Submission,
    WorkingMap,
    courses_of,
    groups_of,
)
from argmap.classroom.naming import Namer, map_namer
from argmap.maps.models import (
    Characterisation,
    CharacterisationQuerySet,
    Link,
    Map,
    MapQuerySet,
    Node,
    Scholar,
    Source,
)
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
    work = WorkingMap.objects.filter(map=OuterRef("pk"), assignment__course__in=teaching)
    snapshots = Submission.objects.filter(snapshot=OuterRef("pk"), assignment__course__in=teaching)
    coursework = Exists(_current_work(work)) | Exists(snapshots)
    return maps.filter(
        Q(owner=user, is_group_work=False)
        | (Q(visibility=MapVisibility.PUBLIC) & ~hidden_reference)
        | coursework
        | Q(pk__in=group_maps(user))
    )


def group_maps(user: AnyUser) -> QuerySet[Any]:
    """The ids of the working maps and snapshots of the groups `user` is in now."""
    mine = groups_of(user)
    return (
        WorkingMap.objects.filter(group__in=mine)
        .values("map_id")
        .union(Submission.objects.filter(group__in=mine).values("snapshot_id"))
    )


def _current_work(work: QuerySet[WorkingMap]) -> QuerySet[WorkingMap]:
    """Only the working maps of students still in the assignment's course (a group's map stays
    the group's whoever of its members started it)."""
    return work.filter(
        Q(group__isnull=False)
        | Q(
            student__enrolments__course=F("assignment__course"),
            student__enrolments__role=Role.STUDENT,
        )
    ).distinct()


def copyable_maps(user: AnyUser) -> MapQuerySet:
    """The maps `user` may copy (the `maps.copy_map` rule as a queryset): their own, and the
    public ones they may read."""
    if not user.is_authenticated:
        return readable_maps(user).none()
    return readable_maps(user).filter(Q(owner=user) | Q(visibility=MapVisibility.PUBLIC))


def readable_public_maps(user: AnyUser) -> MapQuerySet:
    """The public maps `user` may read: a list of public maps never shows a course's hidden
    reference map to the course's students."""
    return readable_maps(user).filter(visibility=MapVisibility.PUBLIC)


# --- the shared library: what the maps one may read cite --------------------------------------
#
# These querysets cost more to build than to run: they nest `readable_maps` in up to nine
# subqueries, and the ORM clones and relabels a nested queryset each time it is used in
# another (5–20 ms each, more than an editing form's whole save). Their SQL differs between
# signed-in users only in the user's id, so each is compiled once per process for a stand-in
# whose id no one has, and that id is swapped for the reader's among the parameters (and once
# for anonymous readers). The functions building them may therefore read nothing of the user
# but `pk` and `is_authenticated` (tests/maps/test_library_visibility.py compares them with
# the built ones).

_STAND_IN_ID = -7_654_321


def _ids(build: Callable[[AnyUser], QuerySet[Any]], user: AnyUser) -> RawSQL:
    """The ids `build(user)` selects, as SQL."""
    sql, params = _compiled(build, signed_in=user.is_authenticated)
    return RawSQL(sql, tuple(user.pk if param == _STAND_IN_ID else param for param in params))


@functools.cache
def _compiled(
    build: Callable[[AnyUser], QuerySet[Any]], *, signed_in: bool
) -> tuple[str, tuple[Any, ...]]:
    reader = User(pk=_STAND_IN_ID) if signed_in else AnonymousUser()
    return build(reader).values("pk").query.sql_with_params()


def readable_characterisations(user: AnyUser) -> CharacterisationQuerySet:
    """Those this user may read: about no statement, or about live statements of maps they can
    read. Both ends count: a characterisation naming only the evidence of a private map is that
    map's content too."""
    return Characterisation.objects.filter(pk__in=_ids(_characterisations, user))


def readable_sources(user: AnyUser) -> QuerySet[Source]:
    """The sources this user may see: the shared library's, their own, and those cited by a
    live statement or link of a map they may read, or by a characterisation they may read."""
    return Source.objects.filter(pk__in=_ids(_sources, user))


def readable_scholars(user: AnyUser) -> QuerySet[Scholar]:
    """The scholars this user may see: the shared library's, their own, and those named by a
    live statement or link of a map they may read, or by a characterisation they may read."""
    return Scholar.objects.filter(pk__in=_ids(_scholars, user))


def _characterisations(user: AnyUser) -> QuerySet[Characterisation]:
    maps = readable_maps(user).values("pk")
    return (
        Characterisation.objects.filter(
            Q(thesis__isnull=True) | Q(thesis__map__in=maps, thesis__deleted_at__isnull=True)
        )
        .filter(
            Q(evidence__isnull=True) | Q(evidence__map__in=maps, evidence__deleted_at__isnull=True)
        )
        .filter(Q(map__isnull=True) | Q(map__in=maps))
    )


def _added_by(user: AnyUser) -> Q:
    """Rows of the shared library, and those this user added."""
    if not user.is_authenticated:
        return Q(created_by__isnull=True)
    return Q(created_by__isnull=True) | Q(created_by=user.pk)


def _sources(user: AnyUser) -> QuerySet[Source]:
    # Uncorrelated `IN (subquery)`s: PostgreSQL computes each once and hashes it, where
    # correlated EXISTS under an OR would run per source row.
    maps = readable_maps(user).values("pk")
    characterisations = _characterisations(user).values("pk")
    cited = (
        Q(pk__in=Node.objects.filter(map__in=maps, source__isnull=False).values("source"))
        | Q(
            pk__in=Node.extra_sources.through.objects.filter(
                node__map__in=maps, node__deleted_at__isnull=True
            ).values("source")
        )
        | Q(pk__in=Link.objects.filter(map__in=maps, citation__isnull=False).values("citation"))
        | Q(
            pk__in=Link.attested_in.through.objects.filter(
                link__map__in=maps, link__deleted_at__isnull=True
            ).values("source")
        )
        | Q(pk__in=Characterisation.objects.filter(pk__in=characterisations).values("source"))
        | Q(
            pk__in=Characterisation.counter_sources.through.objects.filter(
                characterisation__in=characterisations
            ).values("source")
        )
    )
    return Source.objects.filter(_added_by(user) | cited)


def _scholars(user: AnyUser) -> QuerySet[Scholar]:
    maps = readable_maps(user).values("pk")
    named = (
        Q(pk__in=Node.objects.filter(map__in=maps, scholar__isnull=False).values("scholar"))
        | Q(pk__in=Link.objects.filter(map__in=maps, scholar__isnull=False).values("scholar"))
        | Q(pk__in=_characterisations(user).values("scholar"))
    )
    return Scholar.objects.filter(_added_by(user) | named)


def readable_origin(map_: Map, reader: AnyUser) -> Map | None:
    """The map `map_` was copied from, if `reader` may read it (one query; none for a map that
    is no copy). A reader who may not is told only that there is one: its title may be
    private, or a course's hidden reference."""
    if map_.forked_from_id is None:
        return None
    return readable_maps(reader).filter(pk=map_.forked_from_id).select_related("owner").first()


# --- the rules, object by object (the queryset above is their twin) ----------------------------


@rules.predicate
def is_map_owner(user: Any, map_: Map | None) -> bool:
    """The owner of a map; a group's map has none in this sense (`is_group_member` decides)."""
    return (
        map_ is not None
        and not map_.is_group_work
        and getattr(user, "pk", None) is not None
        and map_.owner_id == user.pk
    )


@rules.predicate
def is_group_member(user: Any, map_: Map | None) -> bool:
    """A current member of the group whose working map or snapshot this is (still a student of
    the course)."""
    if map_ is None or not map_.is_group_work or not getattr(user, "is_authenticated", False):
        return False
    mine = groups_of(user)
    return (
        WorkingMap.objects.filter(map=map_, group__in=mine).exists()
        or Submission.objects.filter(snapshot=map_, group__in=mine).exists()
    )


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
    """A snapshot of an assignment of a course this user teaches, or the working map of a
    student still in that course."""
    if map_ is None or not getattr(user, "is_authenticated", False):
        return False
    teaching = courses_of(user, Role.INSTRUCTOR)
    return (
        _current_work(WorkingMap.objects.filter(map=map_, assignment__course__in=teaching)).exists()
        or Submission.objects.filter(snapshot=map_, assignment__course__in=teaching).exists()
    )


@rules.predicate
def is_coursework(user: Any, map_: Map | None) -> bool:
    """A student's working map or a submitted snapshot, whoever asks."""
    if map_ is None:
        return False
    return map_.is_snapshot or WorkingMap.objects.filter(map=map_).exists()


# Cheapest first: ownership and visibility need no query.
can_view_map = (
    is_map_owner
    | (is_public_map & ~is_hidden_reference)
    | is_coursework_of_my_student
    | is_group_member
)
can_copy_map = is_map_owner | (is_public_map & ~is_hidden_reference)

rules.add_perm("maps.view_map", can_view_map)
rules.add_perm("maps.copy_map", can_copy_map)
# An assignment's starter: a map its instructor may copy, and nobody's coursework.
rules.add_perm("maps.hand_out_map", can_copy_map & ~is_coursework)


def still_handed_out(starter: Map, course: Course) -> bool:
    """Whether the course's instructors may still hand `starter` to a student who starts now:
    it is live, nobody's coursework, and public or owned by an instructor of the course. A
    starter its owner made private, or deleted, after the assignment was set is not."""
    if not Map.objects.filter(pk=starter.pk).exists() or is_coursework(None, starter):
        return False
    if starter.visibility == MapVisibility.PUBLIC:
        return True
    return Enrolment.objects.filter(
        course=course, user_id=starter.owner_id, role=Role.INSTRUCTOR
    ).exists()


# --- what a readable map is in the classroom ---------------------------------------------------


@dataclass
class Coursework:
    """What a map is in the classroom: a student's working map, or a submitted snapshot."""

    assignment: Assignment
    student: User  # for a group's work, the member who started or submitted it
    submission: Submission | None = None  # set for a snapshot
    group: Group | None = None  # set for a group's work


def coursework_of(map_: Map, reader: User | AnonymousUser) -> Coursework | None:
    """The assignment a map belongs to, if the reader may see that assignment (two queries at
    most): why an instructor may read a student's map, and what the student should do with it."""
    found: Coursework | None = None
    if map_.is_snapshot:
        submission = (
            Submission.objects.filter(snapshot=map_)
            .select_related("assignment", "student", "group")
            .first()
        )
        if submission is not None:
            found = Coursework(
                submission.assignment, submission.student, submission, submission.group
            )
    else:
        work = (
            WorkingMap.objects.filter(map=map_)
            .select_related("assignment", "student", "group")
            .first()
        )
        if work is not None:
            found = Coursework(work.assignment, work.student, group=work.group)
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


def owner_name(map_: Map, user: Any) -> str:
    """The owner's username as `user` may see it: a student's coursework (working map or
    snapshot) of an assignment that keeps students anonymous is "a student" to anyone but its
    owner, and to its instructors while they grade blind (`Assignment.grading_is_blind`). One
    query for a private map someone else owns; none otherwise."""
    if map_.owner_id == user.pk or map_.visibility == "public" or map_.owner_id is None:
        return map_.owner.username if map_.owner_id else ""
    assignment = (
        Assignment.objects.filter(Q(working_maps__map=map_) | Q(submissions__snapshot=map_))
        .filter(Q(anonymous_grading=True) | Q(students_anonymous=True))
        .first()
    )
    if assignment is None:
        return map_.owner.username
    if user.has_perm("classroom.teach_assignment", assignment) and not (
        assignment.grading_is_blind()
    ):
        return map_.owner.username
    return "a student"


def people_namer(*, viewer: Any, map: Map) -> Namer:
    """How each person who edited or opened `map` is named to `viewer` (a history entry's actor,
    say): the classroom's anonymity rules, `argmap.classroom.naming.map_namer`."""
    return map_namer(viewer=viewer, map=map)
