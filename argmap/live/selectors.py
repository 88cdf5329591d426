"""Presence reads: who else has a map open, as one reader may see them.

Each person is named as `argmap.classroom.naming.map_namer` decides for the viewer and the map:
the one rule that the history page, group pages and peer review follow too ("Member 2" among
anonymous group members, a pseudonym for an instructor grading blind).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.utils import timezone

from argmap.classroom.naming import map_namer
from argmap.live.models import STALE, Presence
from argmap.maps.models import Link, Map, Node


@dataclass(frozen=True)
class Present:
    """One other page open on the map, as the viewer may see it."""

    tab: str
    name: str
    selecting: Node | None
    editing: Node | Link | None


def shown_name(*, viewer: User | AnonymousUser, person: AbstractBaseUser, map: Map) -> str:
    """How `person` is named to `viewer` on `map` (see `map_namer`)."""
    return map_namer(viewer=viewer, map=map)(person)


def present(*, map: Map, viewer: User | AnonymousUser, tab: str = "") -> list[Present]:
    """The other pages open on `map` whose people may read it, oldest first: one entry per
    person (their latest page), the viewer's own pages left out. Three queries, and those of
    `map_namer`."""
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
    name = map_namer(viewer=viewer, map=map)
    return [
        Present(
            tab=r.tab,
            name=name(r.user),
            selecting=by_pk.get(r.selecting or 0),
            editing=by_pk.get(r.editing_node or 0) or link_by_pk.get(r.editing_link or 0),
        )
        for r in people
    ]
