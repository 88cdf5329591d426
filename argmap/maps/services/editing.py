"""Changing and deleting what exists: versioned edits, soft deletes with undo, reverts.

Optimistic concurrency: an edit carries the version the user saw; the row is written with one
conditional UPDATE (`WHERE version = seen`), so of two concurrent edits one wins and the other is
refused with `StaleEdit`, which carries the current row for the conflict message. No lock is
held while a user thinks.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from argmap.maps.models import (
    Link,
    LinkKind,
    Map,
    Node,
    NodeKind,
    Revision,
    RevisionAction,
    Scholar,
    Source,
    Visibility,
)
from argmap.maps.services.core import (
    NewSource,
    check_co_premises,
    check_library,
    check_not_frozen,
    source_create,
)
from argmap.maps.services.history import bump, new_batch, record_changed, revision, snapshot

if TYPE_CHECKING:
    from argmap.maps.services.history import Actor


class StaleEdit(Exception):
    """The row changed (or was deleted) since the user loaded it."""

    def __init__(self, current: Node | Link | Map | None) -> None:
        super().__init__("This was changed by someone else since you opened it.")
        self.current = current


class NodeData(TypedDict, total=False):
    kind: str
    title: str
    text: str
    scholar: Scholar | None
    school: str
    evidence_kind: str
    source: Source | None
    locator: str
    quote: str
    date_text: str
    place_time: str
    order_hint: int | None
    uncertainty: str
    base_score: float | None
    is_argument: bool


class LinkData(TypedDict, total=False):
    kind: str
    scholar: Scholar | None
    rationale: str
    citation: Source | None
    citation_locator: str
    attestation: str
    note: str
    scheme: str
    argument: str


class MapData(TypedDict, total=False):
    title: str
    question: str
    description: str
    visibility: str


def _conditional_update(model: type[Any], obj: Any, version: int, fields: Iterable[str]) -> None:
    """Write `fields` of `obj` only if the stored version is still `version`."""
    values = {name: getattr(obj, name) for name in fields}
    written = model.all_objects.filter(pk=obj.pk, version=version, deleted_at__isnull=True).update(
        **values, version=version + 1, updated=timezone.now()
    )
    if written == 0:
        raise StaleEdit(model.objects.filter(pk=obj.pk).first())
    obj.version = version + 1


def _validate(obj: Node | Link, *, changed: Iterable[str]) -> None:
    """Validate an edited row without a query per foreign key it did not change.

    Field validation of a foreign key looks the target up in the database; the ones the edit
    did not touch were valid when written. The table constraints are enforced by the database
    and, for what an edit can change, by `clean()` with a readable message.
    """
    relations = {f.name for f in obj._meta.get_fields() if f.is_relation}
    obj.full_clean(exclude=list(relations - set(changed)), validate_constraints=False)


def _fresh(model: type[Any], obj: Any, version: int, *related: str) -> Any:
    rows = model.objects.filter(pk=obj.pk)
    current = (rows.select_related(*related) if related else rows).first()
    if current is None or current.version != version:
        raise StaleEdit(current)
    return current


def _listed(rows: Iterable[Node | Source]) -> str:
    """A set of related rows as the history shows it: their names, in a stable order."""
    return "; ".join(sorted(str(row.label if isinstance(row, Node) else row) for row in rows))


@transaction.atomic
def node_update(
    *,
    node: Node,
    actor: Actor,
    version: int,
    data: NodeData,
    extra_sources: Iterable[Source] | None = None,
    new_source: NewSource | None = None,
    action: str = RevisionAction.UPDATE,
) -> Node:
    """Change a statement if nobody else changed it since `version`; `new_source` is created and
    cited in the same transaction."""
    current: Node = _fresh(Node, node, version, "map")
    check_not_frozen(current.map)
    extra = list(extra_sources) if extra_sources is not None else None
    check_library(
        current.map,
        scholars=[data.get("scholar")],
        sources=[data.get("source"), *(extra or [])],
    )
    if new_source is not None:
        creator = actor if isinstance(actor, User) else current.map.owner
        data = {**data, "source": source_create(**new_source, created_by=creator)}
    before = snapshot(current)
    related: dict[str, str] = {}
    if extra is not None:
        before["extra_sources"] = _listed(current.extra_sources.all())
    for name, value in data.items():
        setattr(current, name, value)
    _validate(current, changed=data.keys())
    # The date's derived fields are recomputed by clean() and written with it.
    fields = [*data.keys(), "date_start", "date_end", "date_precision", "instant"]
    _conditional_update(Node, current, version, fields)
    if extra is not None:
        if extra and current.kind != NodeKind.EVIDENCE:
            raise ValidationError({"extra_sources": "Only evidence cites sources."})
        current.extra_sources.set(extra)
        related["extra_sources"] = _listed(extra)
    record_changed(
        map=current.map, actor=actor, obj=current, before=before, action=action, related=related
    )
    return current


@transaction.atomic
def link_update(
    *,
    link: Link,
    actor: Actor,
    version: int,
    data: LinkData,
    co_premises: Iterable[Node] | None = None,
) -> Link:
    current: Link = _fresh(Link, link, version, "map", "source_node", "target_node")
    check_not_frozen(current.map)
    check_library(current.map, scholars=[data.get("scholar")], sources=[data.get("citation")])
    before = snapshot(current)
    if co_premises is not None:
        before["co_premises"] = _listed(current.co_premises.all())
    if "kind" in data and (data["kind"] == LinkKind.UNDERCUTS) != (
        current.kind == LinkKind.UNDERCUTS
    ):
        raise ValidationError({"kind": "An undercut stays an undercut; delete it and link anew."})
    for name, value in data.items():
        setattr(current, name, value)
    _validate(current, changed=data.keys())
    premises = list(co_premises) if co_premises is not None else None
    if premises is not None:
        check_co_premises(current, premises)
    _conditional_update(Link, current, version, data.keys())
    related: dict[str, str] = {}
    if premises is not None:
        current.co_premises.set(premises)
        related["co_premises"] = _listed(premises)
    record_changed(map=current.map, actor=actor, obj=current, before=before, related=related)
    return current


@transaction.atomic
def map_update(*, map: Map, actor: Actor, version: int, data: MapData) -> Map:
    current: Map = _fresh(Map, map, version)
    check_not_frozen(current)
    before = snapshot(current)
    for name, value in data.items():
        setattr(current, name, value)
    if current.is_group_work and current.visibility != Visibility.PRIVATE:
        raise ValidationError(
            {"visibility": "A group's map stays private to the group and its instructors."}
        )
    current.full_clean()
    _conditional_update(Map, current, version, data.keys())
    record_changed(map=current, actor=actor, obj=current, before=before, action="update")
    return current


def _links_hanging_on(map: Map, nodes: list[int], links: list[int]) -> set[int]:
    """Live links that touch these nodes or these links, and undercuts of those, transitively.

    Two queries whatever the depth of undercuts-of-undercuts: the map's undercuts are read at
    once and their closure is followed in Python.
    """
    found = set(links) | set(
        Link.objects.filter(Q(source_node__in=nodes) | Q(target_node__in=nodes)).values_list(
            "pk", flat=True
        )
    )
    attackers: dict[int, list[int]] = {}
    for pk, target in Link.objects.filter(map=map, target_link__isnull=False).values_list(
        "pk", "target_link"
    ):
        attackers.setdefault(target, []).append(pk)
    frontier = list(found)
    while frontier:
        more = [a for link in frontier for a in attackers.get(link, []) if a not in found]
        found.update(more)
        frontier = more
    return found


def _soft_delete(*, map: Map, actor: Actor, nodes: list[Node], links: list[int]) -> uuid.UUID:
    batch, now = new_batch(), timezone.now()
    link_ids = _links_hanging_on(map, [n.pk for n in nodes], links)
    doomed_links = list(
        Link.objects.filter(pk__in=link_ids).select_related("source_node", "target_node")
    )
    Node.objects.filter(pk__in=[n.pk for n in nodes]).update(
        deleted_at=now, version=F("version") + 1
    )
    Link.objects.filter(pk__in=link_ids).update(deleted_at=now, version=F("version") + 1)
    Revision.objects.bulk_create(
        [
            revision(
                map=map,
                actor=actor,
                batch=batch,
                action=RevisionAction.DELETE,
                obj=obj,
                before=snapshot(obj),
                after=None,
            )
            for obj in [*nodes, *doomed_links]
        ]
    )
    bump(map)
    return batch


def _check_version[Row: (Node, Link)](current: Row | None, version: int | None) -> Row:
    """The locked row, if it still exists and (when the caller read a version) is unchanged."""
    if current is None or (version is not None and current.version != version):
        raise StaleEdit(current)
    return current


@transaction.atomic
def node_delete(*, node: Node, actor: Actor, version: int | None = None) -> uuid.UUID:
    """Soft-delete a statement with every link touching it; returns the batch to undo.

    With `version` (the API's If-Match), a statement changed since that version is not deleted:
    StaleEdit. The editor's delete button passes none: it deletes what the user sees."""
    locked = Node.objects.select_for_update().filter(pk=node.pk).first()
    current = _check_version(locked, version)
    check_not_frozen(current.map)
    return _soft_delete(map=current.map, actor=actor, nodes=[current], links=[])


@transaction.atomic
def link_delete(*, link: Link, actor: Actor, version: int | None = None) -> uuid.UUID:
    """Soft-delete a link with the undercuts aimed at it; returns the batch to undo (`version`
    as for `node_delete`)."""
    locked = Link.objects.select_for_update().filter(pk=link.pk).first()
    current = _check_version(locked, version)
    check_not_frozen(current.map)
    return _soft_delete(map=current.map, actor=actor, nodes=[], links=[current.pk])


@transaction.atomic
def batch_undo(*, map: Map, batch: uuid.UUID, actor: Actor) -> int:
    """Bring back what one delete removed: the statements first, then every link whose ends are
    alive again. Returns how many rows came back (0 when already undone).

    Only who deleted may undo: on a map several people edit, an undo never takes back another's
    change."""
    check_not_frozen(map)
    deleted = list(Revision.objects.filter(map=map, batch=batch, action=RevisionAction.DELETE))
    node_ids = [r.target_id for r in deleted if r.target_type == "node"]
    link_ids = [r.target_id for r in deleted if r.target_type == "link"]
    if not node_ids and not link_ids:
        raise ValidationError("There is nothing to undo here.")
    me = actor.pk if actor is not None and not actor.is_anonymous else None
    if any(r.actor_id != me for r in deleted):
        raise ValidationError("Someone else deleted this, so only they can undo it.")
    nodes = list(Node.all_objects.filter(pk__in=node_ids, map=map, deleted_at__isnull=False))
    Node.all_objects.filter(pk__in=[n.pk for n in nodes]).update(
        deleted_at=None, version=F("version") + 1
    )
    links = list(
        Link.all_objects.filter(pk__in=link_ids, map=map, deleted_at__isnull=False).select_related(
            "source_node", "target_node"
        )
    )
    alive_nodes = set(Node.objects.filter(map=map).values_list("pk", flat=True))
    alive_links = set(Link.objects.filter(map=map).values_list("pk", flat=True))
    # A link comes back only when its ends are alive; an undercut after the link it targets.
    restored: list[Link] = []
    pending = [ln for ln in links if ln.source_node_id in alive_nodes]
    while pending:
        ready = [
            ln
            for ln in pending
            if (ln.target_node_id in alive_nodes) or (ln.target_link_id in alive_links)
        ]
        if not ready:
            break
        restored += ready
        alive_links.update(ln.pk for ln in ready)
        pending = [ln for ln in pending if ln not in ready]
    Link.all_objects.filter(pk__in=[ln.pk for ln in restored]).update(
        deleted_at=None, version=F("version") + 1
    )
    undo = new_batch()
    back: list[Node | Link] = [*nodes, *restored]
    Revision.objects.bulk_create(
        [
            revision(
                map=map,
                actor=actor,
                batch=undo,
                action=RevisionAction.RESTORE,
                obj=obj,
                before=None,
                after=snapshot(obj),
            )
            for obj in back
        ]
    )
    bump(map)
    return len(nodes) + len(restored)


@transaction.atomic
def node_revert(*, node: Node, actor: Actor, to: Revision) -> Node:
    """Set a statement back to the state recorded in revision `to` (a normal, versioned edit)."""
    if to.target_type != "node" or to.target_id != node.pk or not to.after:
        raise ValidationError("That revision is not a version of this statement.")
    current = Node.objects.select_for_update().filter(pk=node.pk).first()
    if current is None:
        raise ValidationError("The statement is deleted: restore it first.")
    state = to.after
    data: NodeData = {
        "kind": state["kind"],
        "title": state["title"],
        "text": state["text"],
        "school": state["school"],
        "evidence_kind": state["evidence_kind"],
        "locator": state["locator"],
        "quote": state["quote"],
        "date_text": state["date_text"],
        "uncertainty": state["uncertainty"],
        "base_score": state["base_score"],
        "scholar": Scholar.objects.filter(pk=state["scholar_id"]).first()
        if state["scholar_id"]
        else None,
        "source": Source.objects.filter(pk=state["source_id"]).first()
        if state["source_id"]
        else None,
    }
    return node_update(
        node=current, actor=actor, version=current.version, data=data, action=RevisionAction.REVERT
    )


@transaction.atomic
def map_delete(*, map: Map, actor: Actor, version: int | None = None) -> None:
    """Soft-delete a map (restore it with `map_restore`). With `version`, a map whose settings
    changed since that version is not deleted: StaleEdit."""
    check_not_frozen(map)
    if map.is_group_work:
        raise ValidationError("This map is your group's: no member can delete it on their own.")
    rows = Map.objects.filter(pk=map.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if (
        rows.update(deleted_at=timezone.now(), version=F("version") + 1) == 0
        and version is not None
    ):
        raise StaleEdit(Map.objects.filter(pk=map.pk).first())
    record_changed(map=map, actor=actor, obj=map, before=snapshot(map), action="delete")


@transaction.atomic
def map_restore(*, map: Map, actor: Actor) -> None:
    Map.all_objects.filter(pk=map.pk).update(deleted_at=None, version=F("version") + 1)
    record_changed(map=map, actor=actor, obj=map, before=None, action="restore")
