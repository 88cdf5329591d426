"""Presence reads: who else has a map open, as one reader may see them.

`shown_name` is the one place that decides how a person is shown to a viewer, so that an
assignment's anonymity can be applied there and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.utils import timezone

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
    """How `person` is named to `viewer` on `map`.

    Seam for issue 18's anonymity: when the map is a group's and its assignment makes the
    students anonymous to each other, this returns "Member N" (N: the person's place in the
    group's membership order) for every viewer who is not an instructor of the course. Until
    the group models exist there is no anonymity to apply, and a person is shown by name."""
    full = person.get_full_name() if isinstance(person, User) else ""
    return full or person.get_username()


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
    return [
        Present(
            tab=r.tab,
            name=shown_name(viewer=viewer, person=r.user, map=map),
            selecting=by_pk.get(r.selecting or 0),
            editing=by_pk.get(r.editing_node or 0) or link_by_pk.get(r.editing_link or 0),
        )
        for r in people
    ]
