"""Editing a map as Argdown text: the edited text becomes one batch of changes to the map.

`map_text` is the map as the editor shows it (argmap's own Argdown export). `map_rewrite_plan`
reads an edited text and says what applying it would change, writing nothing.
`map_rewrite` applies it: statements and links that the text kept keep their identity (their
history, comments, attribution and positions), changed ones are edited, the missing ones are
deleted and the new ones created, all recorded under one revision batch, so that the deletions
come back in one undo. It refuses with `MapChanged` when the map is no longer the one the text
was opened from, and says what changed since.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from argmap.graph import Graph, GraphLink
from argmap.interchange import InterchangeError, argdown, records
from argmap.interchange.argdown_write import node_refs
from argmap.interchange.checks import undercut_depths
from argmap.interchange.graph_diff import Plan, plan_changes
from argmap.maps.exports import map_export_graph
from argmap.maps.graphs import link_from_graph, node_from_graph
from argmap.maps.models import Link, Map, Node, Revision, RevisionAction, Scholar, Source
from argmap.maps.services.core import (
    check_library,
    check_not_frozen,
    scholar_create,
    source_create,
)
from argmap.maps.services.history import bump, new_batch, revision, snapshot

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_NODE_COLUMNS = {"date": "date_text"}  # graph field -> model field, where they differ
_LINK_COLUMNS = {"locator": "citation_locator"}
_LINK_RELATED = {"co_premises", "attested_in"}


@dataclass(frozen=True, slots=True)
class MapText:
    text: str
    graph: Graph  # the stored map, ids are primary keys

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class MapChanged(Exception):
    """The map changed since the text was opened; `since` says how."""

    def __init__(self, since: Plan, current: MapText) -> None:
        super().__init__(f"The map changed since you opened the text: {since.summary()}.")
        self.since, self.current = since, current


def map_text(map_: Map) -> MapText:
    graph = map_export_graph(map_)
    return MapText(argdown.write(graph).text, graph)


def _read(text: str) -> tuple[Graph, list[str]]:
    try:
        result = argdown.read(text)
    except InterchangeError as exc:
        raise ValidationError(str(exc)) from None
    return result.graph, result.notes


def map_rewrite_plan(*, map: Map, text: str) -> tuple[Plan, list[str]]:
    """What applying `text` to `map` would change, and the reader's notes; writes nothing.
    ValidationError names the line of what the text gets wrong."""
    edited, notes = _read(text)
    current = map_text(map)
    return plan_changes(current.graph, edited, node_refs(current.graph)), notes


def changes_since(base_text: str, current: MapText) -> Plan:
    """What changed between the text a user opened and the map now."""
    try:
        base = argdown.read(base_text).graph
    except InterchangeError:
        base = Graph()
    now = argdown.read(current.text).graph
    return plan_changes(base, now, {node_id: node_id for node_id in base.nodes})


@transaction.atomic
def map_rewrite(*, map: Map, actor: User, text: str, base_text: str) -> tuple[Plan, uuid.UUID]:
    """Apply the edited `text` to `map` as one batch, if the map is still what `base_text`
    showed; returns what changed and the batch (to undo the deletions)."""
    locked = Map.objects.select_for_update().get(pk=map.pk)
    check_not_frozen(locked)
    current = map_text(locked)
    if current.fingerprint != fingerprint(base_text):
        raise MapChanged(changes_since(base_text, current), current)
    edited, _notes = _read(text)
    plan = plan_changes(current.graph, edited, node_refs(current.graph))
    batch = new_batch()
    _Apply(locked, actor, batch, plan, edited).run()
    return plan, batch


class _Apply:
    def __init__(self, map_: Map, actor: User, batch: uuid.UUID, plan: Plan, edited: Graph):
        self.map, self.actor, self.batch, self.plan, self.edited = map_, actor, batch, plan, edited
        self.revisions: list[Revision] = []
        self.nodes: dict[str, Node] = {}  # graph ids (stored or edited) -> rows
        self.links: dict[str, Link] = {}

    def record(self, action: str, obj: Node | Link | Map, before: dict[str, Any] | None) -> None:
        after = snapshot(obj) if action != RevisionAction.DELETE else None
        self.revisions.append(
            revision(map=self.map, actor=self.actor, batch=self.batch, action=action, obj=obj,
                     before=before, after=after)
        )  # fmt: skip

    def run(self) -> None:
        plan = self.plan
        self.scholars = self._catalogue()
        self._map_fields()
        stored_nodes = {str(n.pk): n for n in Node.objects.filter(map=self.map)}
        stored_links = {str(ln.pk): ln for ln in Link.objects.filter(map=self.map)}
        self.nodes.update(stored_nodes)
        self.links.update(stored_links)
        self._delete(plan.nodes_deleted, plan.links_deleted, stored_nodes, stored_links)
        for stored_id, node, changed in plan.nodes_changed:
            row = stored_nodes[stored_id]
            before = snapshot(row)
            made = node_from_graph(node, map=self.map, scholars=self.scholars, sources=self.sources)
            columns = [_NODE_COLUMNS.get(n, n) for n in changed if n != "extra_sources"]
            for column in columns:
                setattr(row, column, getattr(made, column))
            self._save(row, columns + ["date_start", "date_end", "date_precision"])
            if "extra_sources" in changed:
                row.extra_sources.set([self.sources[s] for s in node.extra_sources])
            self.record(RevisionAction.UPDATE, row, before)
        for node in plan.nodes_created:
            row = node_from_graph(node, map=self.map, scholars=self.scholars, sources=self.sources)
            self._clean(row)
            row.save()
            row.extra_sources.set([self.sources[s] for s in node.extra_sources])
            self.nodes[node.id] = row
            self.record(RevisionAction.CREATE, row, None)
        for edited_id, stored_id in plan.node_of.items():
            self.nodes[edited_id] = stored_nodes[stored_id]
        self._links(stored_links)
        Revision.objects.bulk_create(self.revisions)
        bump(self.map)

    def _catalogue(self) -> dict[str, Scholar]:
        plan, graph = self.plan, self.edited
        ids = {s for n in graph.nodes.values() for s in [n.source, *n.extra_sources] if s}
        ids |= {s for ln in graph.links.values() for s in [ln.citation, *ln.attested_in] if s}
        self.sources: dict[str, Source] = {
            str(s.pk): s for s in Source.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
        }
        people = {p for n in graph.nodes.values() for p in [n.scholar] if p}
        people |= {p for ln in graph.links.values() for p in [ln.scholar] if p}
        scholars = {str(s.pk): s for s in Scholar.objects.filter(
            pk__in=[int(i) for i in people if i.isdigit()])}  # fmt: skip
        # The stored ids come from the map's own text, but the text is the user's: it may cite
        # only what the owner may read, as every other edit.
        check_library(self.map, scholars=scholars.values(), sources=self.sources.values())
        # Sources and scholars typed into the text are the author's until a map others can
        # read cites them (argmap.maps.visibility).
        for new_id, item in plan.sources.items():
            fields = records.to_dict(item, skip_defaults=False)
            fields.pop("id")
            fields["key"] = item.key or None
            self.sources[new_id] = source_create(**fields, created_by=self.actor)
        for new_id, person in plan.scholars.items():
            works = [self.sources[w] for w in person.works if w in self.sources]
            scholars[new_id] = scholar_create(
                name=person.name, role=person.role, works=works, key=person.key or None,
                created_by=self.actor,
            )  # fmt: skip
        return scholars

    def _map_fields(self) -> None:
        if not self.plan.map_changed:
            return
        before = snapshot(self.map)
        for name in self.plan.map_changed:
            setattr(self.map, name, getattr(self.edited, name))
        self.map.full_clean()
        self.map.version += 1
        self.map.save(update_fields=[*self.plan.map_changed, "version", "updated"])
        self.record(RevisionAction.UPDATE, self.map, before)

    def _clean(self, row: Node | Link) -> None:
        relations = {f.name for f in row._meta.get_fields() if f.is_relation}
        row.full_clean(exclude=list(relations), validate_constraints=False)

    def _save(self, row: Node | Link, columns: list[str]) -> None:
        """Write `columns` of the row only if nobody changed it since it was read (a statement's
        own edit does not lock the map)."""
        self._clean(row)
        values = {column: getattr(row, column) for column in dict.fromkeys(columns)}
        written = (
            type(row)
            .objects.filter(pk=row.pk, version=row.version)
            .update(**values, version=row.version + 1, updated=timezone.now())
        )
        if not written:
            raise ValidationError("Someone changed this map while your text was applied; "
                                  "nothing was applied. Review it again.")  # fmt: skip
        row.version += 1

    def _delete(
        self,
        nodes: list[str],
        links: list[str],
        stored_nodes: dict[str, Node],
        stored_links: dict[str, Link],
    ) -> None:
        now = timezone.now()
        Node.objects.filter(pk__in=[int(n) for n in nodes]).update(
            deleted_at=now, version=F("version") + 1
        )
        Link.objects.filter(pk__in=[int(n) for n in links]).update(
            deleted_at=now, version=F("version") + 1
        )
        rows: list[Node | Link] = [*(stored_nodes[n] for n in nodes)]
        rows += [stored_links[ln] for ln in links]
        for row in rows:
            self.revisions.append(revision(map=self.map, actor=self.actor, batch=self.batch,
                                           action=RevisionAction.DELETE, obj=row,
                                           before=snapshot(row), after=None))  # fmt: skip

    def _links(self, stored_links: dict[str, Link]) -> None:
        plan = self.plan
        for edited_id, stored_id in plan.link_of.items():
            self.links[edited_id] = stored_links[stored_id]
        for stored_id, link, changed in plan.links_changed:
            row = stored_links[stored_id]
            before = snapshot(row)
            columns = [c for c in changed if c not in _LINK_RELATED]
            made = self._link_row(link)
            for name in columns:
                column = _LINK_COLUMNS.get(name, name)
                if name in ("scholar", "citation"):
                    setattr(row, name, getattr(made, name))
                else:
                    setattr(row, column, getattr(made, column))
            self._save(row, [_LINK_COLUMNS.get(c, c) for c in columns])
            self._related(row, link, changed)
            self.record(RevisionAction.UPDATE, row, before)
        depth = undercut_depths(self.edited)
        for link in sorted(plan.links_created, key=lambda ln: depth[ln.id]):
            row = self._link_row(link)
            self._clean(row)
            row.save()
            self._related(row, link, ["co_premises", "attested_in"])
            self.links[link.id] = row
            self.record(RevisionAction.CREATE, row, None)

    def _link_row(self, link: GraphLink) -> Link:
        return link_from_graph(link, map=self.map, nodes=self.nodes, links=self.links,
                               scholars=self.scholars, sources=self.sources)  # fmt: skip

    def _related(self, row: Link, link: GraphLink, changed: list[str]) -> None:
        if "co_premises" in changed:
            premises = [self.nodes[p] for p in link.co_premises]
            if any(p.pk in (row.source_node_id, row.target_node_id) for p in premises):
                raise ValidationError(
                    "A co-premise is a further statement, not an end of the link."
                )
            row.co_premises.set(premises)
        if "attested_in" in changed:
            row.attested_in.set([self.sources[s] for s in link.attested_in])
