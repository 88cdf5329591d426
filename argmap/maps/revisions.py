"""What the history page reads: each revision of a map in words, and what can still be done with
it.

A revision keeps rows as they were stored (`argmap.maps.services.history`): the statements a
link joins, the scholar who holds a thesis and the source it cites are ids there. A page of
revisions is read here with every such id named: a statement by its text (cut at a word), a link
by the statements it joins, a scholar by name, a source by its reference, a choice by its label.
It costs the same few queries whatever the page holds.

Restore is offered only where something is left to restore (a delete whose row is still deleted,
and would come back with its batch), and "Revert to this version" only for a live statement whose
text or fields now differ from that version.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from argmap.lib.text import shorten
from argmap.maps.models import (
    Attestation,
    EvidenceKind,
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

# The fields `services.node_revert` sets: a version differs from the statement when one does.
REVERTED_FIELDS = (
    "kind",
    "title",
    "text",
    "school",
    "evidence_kind",
    "locator",
    "quote",
    "date_text",
    "uncertainty",
    "base_score",
    "scholar_id",
    "source_id",
)
CHOICES: dict[str, Mapping[str, str]] = {
    "kind": {**dict(NodeKind.choices), **dict(LinkKind.choices)},
    "evidence_kind": dict(EvidenceKind.choices),
    "attestation": dict(Attestation.choices),
    "visibility": dict(Visibility.choices),
}
USE: dict[str, str] = {
    LinkKind.SUPPORTS: "as support for",
    LinkKind.OPPOSES: "as an objection to",
}


@dataclass(frozen=True)
class Change:
    """One field of a revision: its label and its value before and after, in words ("" when
    empty)."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    revision: Revision
    what: str  # the statement, link or map the revision is about, in words
    changes: list[Change]
    restorable: bool  # a delete with something left to bring back
    revertible: bool  # a version of a live statement that differs from it now
    who: str  # who made it, as the reader may know them ("argmap" for no one)


@dataclass
class _Names:
    """The rows a page of revisions mentions, loaded once."""

    nodes: dict[int, Node]
    links: dict[int, Link]
    scholars: dict[int, str]
    sources: dict[int, str]
    deleted_together: dict[uuid.UUID, set[tuple[str, int]]]

    def statement(self, pk: Any, limit: int = 60) -> str:
        node = self.nodes.get(pk) if pk else None
        return f"“{shorten(node.label, limit)}”" if node is not None else "a statement"

    def use(self, link: Link | None) -> str:
        """An inference step, as the undercut aimed at it names it."""
        if link is None:
            return "a link"
        source = self.statement(link.source_node_id)
        if link.target_node_id is not None:
            target = self.statement(link.target_node_id)
            return f"{source} {USE.get(link.kind, link.kind)} {target}"
        return f"the undercut by {source}"


def _state(revision: Revision) -> dict[str, Any]:
    return revision.after or revision.before or {}


def _load(map_: Map, revisions: Sequence[Revision]) -> _Names:
    node_ids: set[int] = set()
    link_ids: set[int] = set()
    scholar_ids: set[int] = set()
    source_ids: set[int] = set()
    for r in revisions:
        (node_ids if r.target_type == "node" else link_ids).add(r.target_id)
        for state in (r.before or {}, r.after or {}):
            node_ids.update(v for k in ("source_node_id", "target_node_id") if (v := state.get(k)))
            link_ids.update([state["target_link_id"]] if state.get("target_link_id") else [])
            scholar_ids.update([state["scholar_id"]] if state.get("scholar_id") else [])
            source_ids.update(v for k in ("source_id", "citation_id") if (v := state.get(k)))
    links = {
        link.pk: link
        for link in Link.all_objects.filter(map=map_, pk__in=link_ids).only(
            "kind", "source_node_id", "target_node_id", "target_link_id", "deleted_at"
        )
    }
    # The ends of an undercut's target, and of every link, name the statements they join.
    for link in links.values():
        node_ids.update(pk for pk in (link.source_node_id, link.target_node_id) if pk)
    nodes = {node.pk: node for node in Node.all_objects.filter(map=map_, pk__in=node_ids)}
    scholars = (
        dict(Scholar.objects.filter(pk__in=scholar_ids).values_list("pk", "name"))
        if scholar_ids
        else {}
    )
    sources = {s.pk: str(s) for s in Source.objects.filter(pk__in=source_ids)} if source_ids else {}
    batches = {r.batch for r in revisions if r.action == RevisionAction.DELETE}
    together: dict[uuid.UUID, set[tuple[str, int]]] = defaultdict(set)
    if batches:
        rows = Revision.objects.filter(map=map_, batch__in=batches, action=RevisionAction.DELETE)
        for batch, kind, pk in rows.values_list("batch", "target_type", "target_id"):
            together[batch].add((kind, pk))
    return _Names(nodes, links, scholars, sources, together)


def _what(revision: Revision, names: _Names) -> str:
    state = _state(revision)
    if revision.target_type == "node" and state:
        kind = state.get("kind", "statement")
        text = state.get("title") or state.get("text") or ""
        return f"{kind} “{shorten(text, 120)}”"
    if revision.target_type == "link" and state:
        source = names.statement(state.get("source_node_id"))
        if state.get("target_node_id"):
            return f"link: {source} {state.get('kind')} {names.statement(state['target_node_id'])}"
        target = names.links.get(state.get("target_link_id") or 0)
        return f"link: {source} undercuts {names.use(target)}"
    return revision.summary


def _value(name: str, value: object, names: _Names) -> str:
    if value is None or value == "":
        return ""
    if name == "scholar_id":
        return names.scholars.get(int(str(value)), "a scholar no longer in the library")
    if name in ("source_id", "citation_id"):
        return names.sources.get(int(str(value)), "a source no longer in the library")
    if name in CHOICES:
        return CHOICES[name].get(str(value), str(value))
    return str(value)


def _changes(revision: Revision, names: _Names) -> list[Change]:
    if revision.action not in (RevisionAction.UPDATE, RevisionAction.REVERT):
        return []
    found = []
    for name, before, after in revision.changed_fields():
        label = Revision.FIELD_LABELS[name]
        if name == "scholar_id":
            label = "used by" if revision.target_type == "link" else "held by"
        found.append(Change(label, _value(name, before, names), _value(name, after, names)))
    return found


def _comes_back(kind: str, pk: int | None, batch: set[tuple[str, int]], names: _Names) -> bool:
    """Whether the row is alive, or deleted in `batch` and so restored with it."""
    row: Node | Link | None = (names.nodes if kind == "node" else names.links).get(pk or 0)
    return row is not None and (row.deleted_at is None or (kind, row.pk) in batch)


def _restorable(revision: Revision, names: _Names) -> bool:
    if revision.action != RevisionAction.DELETE or revision.target_type == "map":
        return False
    batch = names.deleted_together.get(revision.batch, set())
    if revision.target_type == "node":
        node = names.nodes.get(revision.target_id)
        return node is not None and node.deleted_at is not None
    link = names.links.get(revision.target_id)
    if link is None or link.deleted_at is None:
        return False
    if not _comes_back("node", link.source_node_id, batch, names):
        return False
    if link.target_node_id is not None:
        return _comes_back("node", link.target_node_id, batch, names)
    return _comes_back("link", link.target_link_id, batch, names)


def _revertible(revision: Revision, names: _Names) -> bool:
    if revision.target_type != "node" or not revision.after:
        return False
    node = names.nodes.get(revision.target_id)
    if node is None or node.deleted_at is not None:
        return False
    return any(revision.after.get(f) != getattr(node, f) for f in REVERTED_FIELDS)


def history_entries(
    map_: Map,
    revisions: Sequence[Revision],
    *,
    reader: int | None = None,
    name: Callable[[Any], str] = str,
) -> list[HistoryEntry]:
    """A page of `map_`'s revisions in words (five queries at most, whatever their number), as
    the user `reader` sees it: Restore is offered for their own deletes only, the only ones
    `batch_undo` takes back. `name` names each revision's actor (the caller knows whether
    anonymity hides them: `argmap.maps.visibility.people_namer`)."""
    names = _load(map_, revisions)
    return [
        HistoryEntry(
            r,
            _what(r, names),
            _changes(r, names),
            r.actor_id == reader and _restorable(r, names),
            _revertible(r, names),
            name(r.actor) if r.actor is not None else "argmap",
        )
        for r in revisions
    ]
