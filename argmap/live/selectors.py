"""Presence reads: who else has a map open, as one reader may see them.

`namer` decides, for one map, whether a person is shown to a viewer by name or by number; the
words themselves come from `argmap.classroom.naming`, the one place that names a student to
another (group pages and peer review use it too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.utils import timezone

from argmap.classroom.models import Membership, Role, WorkingMap
from argmap.classroom.naming import display_name, fellow_label
from argmap.classroom.rules import role_in
from argmap.live.models import STALE, Presence
from argmap.maps.models import Link, Map, Node


@dataclass(frozen=True)
class Present:
    """One other page open on the map, as the viewer may see it."""

    tab: str
    name: str
    selecting: Node | None
    editing: Node | Link | None


Namer = Callable[[AbstractBaseUser], str]


def namer(*, viewer: User | AnonymousUser, map: Map) -> Namer:
    """How each person is named to `viewer` on `map`: the one rule, so that anonymity is
    applied here and nowhere else.

    On a group's working map whose assignment makes students anonymous to each other, every
    member but the viewer is "Member N", N being their place in the group's membership order
    (by joining, so the numbers stay put while people come and go); only the course's
    instructors see names. Elsewhere a person is shown by name. Two queries on a group's
    map (three for a student), none elsewhere."""
    work = (
        WorkingMap.objects.filter(map=map, group__isnull=False).select_related("assignment").first()
        if map.is_group_work
        else None
    )
    if work is None or work.group_id is None or not work.assignment.students_anonymous:
        return _by_name
    if role_in(viewer, work.assignment.course_id) == Role.INSTRUCTOR:
        return _by_name
    order = list(
        Membership.objects.filter(group_id=work.group_id)
        .order_by("joined", "pk")
        .values_list("student_id", flat=True)
    )

    def anonymous(person: AbstractBaseUser) -> str:
        # Someone no longer in the group (moved while the page was open) comes after them all.
        number = order.index(person.pk) + 1 if person.pk in order else len(order) + 1
        return fellow_label(viewer=viewer, person=person, assignment=work.assignment, number=number)

    return anonymous


def _by_name(person: AbstractBaseUser) -> str:
    return display_name(person)


def shown_name(*, viewer: User | AnonymousUser, person: AbstractBaseUser, map: Map) -> str:
    """How `person` is named to `viewer` on `map` (see `namer`)."""
    return namer(viewer=viewer, map=map)(person)


def present(*, map: Map, viewer: User | AnonymousUser, tab: str = "") -> list[Present]:
    """The other pages open on `map` whose people may read it, oldest first: one entry per
    person (their latest page), the viewer's own pages left out. Three queries."""
    since = timezone.now() - STALE
    rows = list(
        Presence.objects.filter(map=map, seen_at__gte=since)
        .exclude(tab=tab)
        .select_related("user")
        .order_by("opened_at", "pk")
    )
    latest: dict[int, Presence] = {}
    for row in rows:
        if row.user_id == viewer.pk or not row.user.is_active:
            continue
        # A person with two pages open is one person; what they do is their latest page's.
        if row.user_id not in latest or row.seen_at >= latest[row.user_id].seen_at:
            latest[row.user_id] = row
    people = [r for r in sorted(latest.values(), key=lambda r: (r.opened_at, r.pk))
              if r.user.has_perm("maps.view_map", map)]  # fmt: skip
    nodes = Node.objects.filter(
        map=map, pk__in={p for r in people for p in (r.selecting, r.editing_node) if p}
    )
    links = Link.objects.filter(map=map, pk__in={r.editing_link for r in people if r.editing_link})
    by_pk = {n.pk: n for n in nodes}
    link_by_pk = (
        {ln.pk: ln for ln in links.select_related("source_node")}
        if any(r.editing_link for r in people)
        else {}
    )
    name = namer(viewer=viewer, map=map)
    return [
        Present(
            tab=r.tab,
            name=name(r.user),
            selecting=by_pk.get(r.selecting or 0),
            editing=by_pk.get(r.editing_node or 0) or link_by_pk.get(r.editing_link or 0),
        )
        for r in people
    ]
