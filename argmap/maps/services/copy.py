"""Forks: a map's live statements and links copied inside the database.

A fork (and so starting an assignment from its starter map, and every submission's snapshot)
copies rows that are already stored and valid, so they need not travel to Python and back as a
`Graph`: each table is copied by one `INSERT … SELECT`, and the number of queries does not grow
with the map (fourteen, with those that make the map itself, whatever its size or the depth of
its undercuts).

The copies' ids are drawn from the tables' own sequences before anything is written, so that the
old -> new mapping is known exactly (`Ids`, without relying on the order of rows a statement
returns), a copy lists its statements and links in the original's order, and an undercut can
name the copy of the link it attacks in the same statement that writes it. Only ids come to
Python and go back, as arrays (`unnest`) that each statement joins once, on a primary key, to
the rows it copies.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from django.utils import timezone

from argmap.interchange.base import Limits
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Link, Map, Node, Revision, RevisionAction, Visibility
from argmap.maps.selectors import map_bundle
from argmap.maps.services.core import map_create
from argmap.maps.services.graph import map_create_from_graph

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# What a copy sets itself rather than copying: which row and map it is, where it descends from,
# and the bookkeeping of a new row. Every other column is copied as it is stored, including the
# dates a statement's `date_text` was parsed into.
_OWN = {"id", "map", "origin", "version", "created", "updated", "deleted_at"}
_LINK_OWN = _OWN | {"source_node", "target_node", "target_link"}


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _copied(model: type[Model], own: set[str]) -> list[str]:
    """The quoted columns a copy takes from the original row."""
    return [
        connection.ops.quote_name(f.column)
        for f in model._meta.concrete_fields
        if f.name not in own and f.column is not None
    ]


class Ids:
    """The rows of one table a copy takes, `old` in ascending order, and the ids of their copies,
    `new`, in the same order: the k-th smallest old id gets the k-th smallest new one, whatever
    order PostgreSQL drew them from the sequence in."""

    def __init__(self, old: list[int], drawn: list[int]) -> None:
        self.old = sorted(old)
        self.new = sorted(drawn)[: len(self.old)]  # ids drawn for rows left out stay unused
        self.of = dict(zip(self.old, self.new, strict=True))

    def __len__(self) -> int:
        return len(self.old)


def _draw(model: type[Model]) -> str:
    """SQL for a new id of `model`'s table (the sequence is looked up once per statement)."""
    return f"nextval((SELECT pg_get_serial_sequence('{model._meta.db_table}', 'id'))::regclass)"


def _nodes(cursor: CursorWrapper, original: Map) -> Ids:
    """The live statements, each with an id for its copy (what `map_bundle` loads)."""
    cursor.execute(
        f"SELECT id, {_draw(Node)} FROM {_table(Node)} "  # noqa: S608 - names from the models
        "WHERE map_id = %s AND deleted_at IS NULL",
        [original.pk],
    )
    rows = cursor.fetchall()
    return Ids([r[0] for r in rows], [r[1] for r in rows])


def _links(cursor: CursorWrapper, original: Map, nodes: Ids) -> tuple[Ids, list[list[int | None]]]:
    """The live links whose ends are copied (what `map_bundle` loads), with the undercuts whose
    target is copied, however deep: an undercut of a link left out would attack nothing. Also
    their ends in the copy (source, target statement, target link), in the order of `old`.

    Read as ids and resolved here rather than joined in SQL: the planner cannot tell that an
    array of ids holds each id once, so a join of two of them is estimated at millions of rows,
    which is slow to plan and compile (JIT); one join on a primary key per statement is not."""
    cursor.execute(
        f"SELECT id, source_node_id, target_node_id, target_link_id, {_draw(Link)} "  # noqa: S608 - names from the models
        f"FROM {_table(Link)} WHERE map_id = %s AND deleted_at IS NULL",
        [original.pk],
    )
    rows = cursor.fetchall()
    alive = nodes.of
    ends = {r[0]: r[1:4] for r in rows if r[1] in alive and (r[2] is None or r[2] in alive)}
    kept = {pk for pk, (_, target, _) in ends.items() if target is not None}
    cuts: dict[int, list[int]] = {}
    for pk, (_, target, target_link) in ends.items():
        if target is None and target_link is not None:
            cuts.setdefault(target_link, []).append(pk)
    # From the links between statements to the undercuts of the kept links, layer by layer (a
    # cycle of undercuts, which the services never write, is never reached).
    layer = list(kept)
    while layer:
        layer = [cut for pk in layer for cut in cuts.get(pk, ()) if cut not in kept]
        kept.update(layer)
    links = Ids(list(kept), [r[4] for r in rows])
    mapped: list[list[int | None]] = [[], [], []]
    for pk in links.old:
        source, target, target_link = ends[pk]
        mapped[0].append(alive[source])
        mapped[1].append(alive[target] if target is not None else None)
        mapped[2].append(links.of[target_link] if target_link is not None else None)
    return links, mapped


def _write_nodes(cursor: CursorWrapper, copy: Map, nodes: Ids, now: datetime.datetime) -> None:
    """Each copy remembers the statement it descends from: the original's own origin when it is
    itself a copy, so that copies of copies still match the map they all came from."""
    node = _table(Node)
    columns = _copied(Node, _OWN)
    cursor.execute(
        f"INSERT INTO {node} (id, map_id, origin_id, version, created, updated, deleted_at, "  # noqa: S608 - names from the models
        f"{', '.join(columns)}) "
        "SELECT m.new, %s, COALESCE(n.origin_id, n.id), 1, %s, %s, NULL, "
        f"{', '.join(f'n.{c}' for c in columns)} "
        f"FROM unnest(%s::bigint[], %s::bigint[]) AS m(old, new) JOIN {node} n ON n.id = m.old",
        [copy.pk, now, now, nodes.old, nodes.new],
    )


def _write_links(
    cursor: CursorWrapper,
    copy: Map,
    links: Ids,
    ends: list[list[int | None]],
    now: datetime.datetime,
) -> None:
    """Links and undercuts at once: their new ids are known, and the foreign keys are checked
    when the transaction commits (Django makes them deferrable)."""
    link = _table(Link)
    columns = _copied(Link, _LINK_OWN)
    cursor.execute(
        f"INSERT INTO {link} (id, map_id, source_node_id, target_node_id, target_link_id, "  # noqa: S608 - names from the models
        f"version, created, updated, deleted_at, {', '.join(columns)}) "
        "SELECT m.new, %s, m.source, m.target, m.target_link, 1, %s, %s, NULL, "
        f"{', '.join(f'l.{c}' for c in columns)} "
        "FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[]) "
        f"AS m(old, new, source, target, target_link) JOIN {link} l ON l.id = m.old",
        [copy.pk, now, now, links.old, links.new, *ends],
    )


def _write_related(cursor: CursorWrapper, original: Map, nodes: Ids, links: Ids) -> None:
    """The many-to-many rows, in the original's order: extra sources and attestations (the
    sources stay shared), then co-premises (copied statements only; an end of the link is never
    its own co-premise, as the graph writer has it)."""
    for through, column, ids in (
        (Node.extra_sources.through, "node_id", nodes),
        (Link.attested_in.through, "link_id", links),
    ):
        cursor.execute(
            f"INSERT INTO {_table(through)} ({column}, source_id) "  # noqa: S608 - names from the models
            "SELECT m.new, r.source_id FROM unnest(%s::bigint[], %s::bigint[]) AS m(old, new) "
            f"JOIN {_table(through)} r ON r.{column} = m.old ORDER BY r.id",
            [ids.old, ids.new],
        )
    premises = _table(Link.co_premises.through)
    cursor.execute(
        f"SELECT r.link_id, r.node_id FROM {premises} r JOIN {_table(Link)} l ON l.id = r.link_id "  # noqa: S608 - names from the models
        "WHERE l.map_id = %s AND r.node_id <> l.source_node_id "
        "AND r.node_id IS DISTINCT FROM l.target_node_id ORDER BY r.id",
        [original.pk],
    )
    pairs = [
        (links.of[pk], nodes.of[node])
        for pk, node in cursor.fetchall()
        if pk in links.of and node in nodes.of
    ]
    cursor.execute(
        f"INSERT INTO {premises} (link_id, node_id) "  # noqa: S608 - names from the models
        "SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
        [[p[0] for p in pairs], [p[1] for p in pairs]],
    )


@transaction.atomic
def map_fork(*, map: Map, owner: User, title: str | None = None) -> Map:
    """Copy `map`'s live nodes and links into a new private map of `owner`.

    Sources and scholars stay shared; characterisations stay with the original (they describe
    scholars, not the copy); every copied node remembers the node it descends from.
    """
    if connection.vendor != "postgresql":
        return _fork_through_graph(map=map, owner=owner, title=title)
    copy = map_create(
        owner=owner,
        title=(title or f"{map.title} (copy)")[:200],
        question=map.question[:500],
        visibility=Visibility.PRIVATE,
    )
    copy.forked_from = map
    copy.save(update_fields=["forked_from"])
    now = timezone.now()
    with connection.cursor() as cursor:
        nodes = _nodes(cursor, map)
        links, ends = _links(cursor, map, nodes)
        _write_nodes(cursor, copy, nodes, now)
        _write_links(cursor, copy, links, ends, now)
        _write_related(cursor, map, nodes, links)
    # The map's first revision (written by map_create) says where its content came from.
    Revision.objects.filter(map=copy, target_type="map", action=RevisionAction.CREATE).update(
        summary=f"map “{copy.title[:80]}”, copied from “{map.title[:80]}”: "
        f"{len(nodes)} statements, {len(links)} links"
    )
    return copy


# Nothing a stored map holds is refused when it is copied: the limits are those of an import.
_NO_LIMITS = Limits(
    max_bytes=2**62, max_statements=2**62, max_links=2**62, max_sources=2**62, max_depth=2**62
)


def _fork_through_graph(*, map: Map, owner: User, title: str | None) -> Map:
    """The fork of `make run`'s embedded SQLite, which has neither sequences nor arrays: the map
    is loaded as a `Graph` and written back as a new one, row by row (what every fork did before
    the copy in the database; tests/maps/test_sqlite.py checks it copies the same)."""
    bundle = map_bundle(map)
    return map_create_from_graph(
        owner=owner,
        graph=bundle_graph(bundle),
        title=title or f"{map.title} (copy)",
        forked_from=map,
        reuse_ids=True,
        origins={str(pk): node.origin_id or pk for pk, node in bundle.nodes.items()},
        with_characterisations=False,
        limits=_NO_LIMITS,
    )
