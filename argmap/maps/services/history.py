"""Recording changes: every user action writes Revision rows (who, when, before, after).

Snapshots hold the editable fields of a row as JSON, so that the history page can say what
changed and a node can be reverted to an earlier text without keeping whole copies of the map.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import connection

from argmap.lib import bus
from argmap.lib.text import shorten
from argmap.maps.models import Link, Map, Node, Revision

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    Actor = User | AnonymousUser | None

NODE_FIELDS = (
    "kind",
    "title",
    "text",
    "scholar_id",
    "school",
    "evidence_kind",
    "source_id",
    "locator",
    "quote",
    "date_text",
    "place_time",
    "order_hint",
    "uncertainty",
    "base_score",
    "is_argument",
)
LINK_FIELDS = (
    "kind",
    "source_node_id",
    "target_node_id",
    "target_link_id",
    "scholar_id",
    "rationale",
    "citation_id",
    "citation_locator",
    "attestation",
    "note",
    "scheme",
    "argument",
)
MAP_FIELDS = ("title", "question", "description", "visibility")


def new_batch() -> uuid.UUID:
    return uuid.uuid4()


def snapshot(obj: Node | Link | Map) -> dict[str, Any]:
    fields = (
        NODE_FIELDS
        if isinstance(obj, Node)
        else LINK_FIELDS
        if isinstance(obj, Link)
        else MAP_FIELDS
    )
    return {name: getattr(obj, name) for name in fields}


def _target_type(obj: Node | Link | Map) -> str:
    return "node" if isinstance(obj, Node) else "link" if isinstance(obj, Link) else "map"


def _short(text: str, limit: int = 120) -> str:
    return shorten(text, limit)


def describe(obj: Node | Link | Map) -> str:
    """A one-line description for the history page."""
    if isinstance(obj, Node):
        return f"{obj.kind} “{_short(obj.label)}”"
    if isinstance(obj, Link):
        source = _short(obj.source_node.label, 60)
        if obj.target_node is not None:
            return f"link: “{source}” {obj.kind} “{_short(obj.target_node.label, 60)}”"
        return f"link: “{source}” undercuts link #{obj.target_link_id}"
    return f"map “{_short(obj.title)}”"


def revision(
    *,
    map: Map,
    actor: Actor,
    batch: uuid.UUID,
    action: str,
    obj: Node | Link | Map,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    summary: str | None = None,
) -> Revision:
    """An unsaved Revision; callers save one or bulk-create many."""
    return Revision(
        map=map,
        actor=actor if actor is not None and not actor.is_anonymous else None,
        batch=batch,
        action=action,
        target_type=_target_type(obj),
        target_id=obj.pk,
        summary=(summary or describe(obj))[:300],
        before=before,
        after=after,
    )


def bump(map_: Map) -> int:
    """Count one more change to `map_` (Map.revision) and return the new revision; every
    service that changes a map's statements or links calls it, through `record` or after a
    bulk write, and so announces the change to the pages open on the map."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Map._meta.db_table} SET revision = revision + 1 WHERE id = %s "  # noqa: S608 - table name from the model
            "RETURNING revision",
            [map_.pk],
        )
        row = cursor.fetchone()
    map_.revision = int(row[0]) if row else map_.revision
    # Every change to a map passes here, so here the pages open on it are told (delivered
    # when this transaction commits, never if it rolls back: argmap/lib/bus.py).
    bus.publish(map_id=map_.pk, revision=map_.revision)
    return map_.revision


def record(**kwargs: Any) -> Revision:
    item = revision(**kwargs)
    item.save()
    bump(kwargs["map"])
    return item


def record_created(*, map: Map, actor: Actor, obj: Node | Link | Map) -> Revision:
    """One action created `obj`: nothing before, the row after."""
    return record(map=map, actor=actor, batch=new_batch(), action="create", obj=obj,
                  before=None, after=snapshot(obj))  # fmt: skip


def record_changed(
    *,
    map: Map,
    actor: Actor,
    obj: Node | Link | Map,
    before: dict[str, Any] | None,
    action: str = "update",
    related: dict[str, str] | None = None,
) -> Revision | None:
    """One action changed `obj` from `before` to its current state; an edit that changed
    nothing leaves no revision (a delete or restore always does).

    `related`: the sets of related rows the edit set, as text (e.g. "extra_sources"), compared
    with what `before` holds under the same names."""
    after = snapshot(obj) if action != "delete" else None
    if after is not None and related:
        after.update(related)
    if action == "update" and after == before:
        return None
    return record(map=map, actor=actor, batch=new_batch(), action=action, obj=obj,
                  before=before, after=after)  # fmt: skip
