"""Presence writes: a page opened, what it selects or edits, its heartbeat, and its close.

Each change that others should see is published (`argmap.lib.bus`) in the same transaction,
so every page open on the map, in every app server, asks for the list again once it commits.
"""

from __future__ import annotations

from collections.abc import Collection

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from argmap.lib import bus
from argmap.live.models import STALE, Presence
from argmap.maps.models import Link, Map, Node


def _announce(map_: Map) -> None:
    bus.publish(map_id=map_.pk, revision=map_.revision, kind="presence")


@transaction.atomic
def presence_open(*, map: Map, user: User, tab: str) -> Presence:
    """The page `tab` of `user` opened `map` (again, after a reconnection: the same row)."""
    now = timezone.now()
    row, _ = Presence.objects.update_or_create(
        map=map,
        tab=tab,
        defaults={"user": user, "seen_at": now},
        create_defaults={"user": user, "seen_at": now, "opened_at": now},
    )
    _announce(map)
    return row


@transaction.atomic
def presence_close(*, map: Map, user_id: int, tab: str) -> None:
    if Presence.objects.filter(map=map, user_id=user_id, tab=tab).delete()[0]:
        _announce(map)


@transaction.atomic
def presence_update(
    *,
    map: Map,
    user: User,
    tab: str,
    selecting: int | None = None,
    editing_node: int | None = None,
    editing_link: int | None = None,
) -> bool:
    """Say what the page `tab` selects and edits; ids that are not this map's count as none.
    False when the page has no open stream (its row is gone): nothing is shown for it."""
    nodes = set(
        Node.objects.filter(map=map, pk__in=[selecting, editing_node]).values_list("pk", flat=True)
    )
    link_ok = editing_link is not None and Link.objects.filter(map=map, pk=editing_link).exists()
    changed = Presence.objects.filter(map=map, user=user, tab=tab).update(
        selecting=selecting if selecting in nodes else None,
        editing_node=editing_node if editing_node in nodes else None,
        editing_link=editing_link if link_ok else None,
        seen_at=timezone.now(),
    )
    if changed:
        _announce(map)
    return bool(changed)


def presence_touch(*, tabs: Collection[tuple[int, str]]) -> int:
    """An app server's heartbeat: its open pages (map id, tab) are still there; rows long
    past `STALE` (from a server that died) are swept. Two statements, whatever the number."""
    now = timezone.now()
    Presence.objects.filter(seen_at__lt=now - 10 * STALE).delete()
    if not tabs:
        return 0
    maps = {m for m, _ in tabs}
    names = {t for _, t in tabs}
    return Presence.objects.filter(map_id__in=maps, tab__in=names).update(seen_at=now)
