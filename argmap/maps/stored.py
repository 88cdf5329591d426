"""Large maps' columns kept packed in the database, brought up to date by the rows written since.

A map of at least `settings.ARGMAP_PACK_FROM` statements, once read whole, is kept packed
(`argmap.maps.packed`) in `PackedColumns` under the revision it was read at. From then on the
triggers of migration 0011 list every statement and link of it whose structure a write changes
(`ColumnChange`, with the map's revision at the time), and a read takes the packed value, reads
those rows again and applies them (`argmap.maps.packed_changes`); once `FOLD_FROM` rows are
listed, the value with them applied is kept in its place. Why this is never stale:

- a write that changes a map's structure takes the map's row lock from its first such row to
  its commit (the triggers; `bump` takes the same lock), and lists its rows under the revision
  it found, which is the revision of the map before it commits;
- a value is kept under the revision read *with* it (or before the rows it was read from), so
  every write that committed after that read listed its rows under that revision or a later
  one, and `revision >= kept` finds them all, whatever the order of the commits;
- the first value of a map is kept only under the map's lock, and only if the revision is the
  one read before the rows: a write in flight holds the lock, so it has committed by then and
  changed the revision, and the next read packs the map instead. A write after that finds the
  packed row (the triggers look for it after they take the lock) and lists its rows.

Rows listed under a revision below the kept one are in it, and deleted when it is kept (a write
around the services that counts no revision is listed under the kept one, and applied again on
every read until the map's next revision). Only PostgreSQL has the triggers:
`argmap.maps.columns` reads every map whole elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

import psycopg
from django.conf import settings
from django.db import connection, transaction

from argmap.maps import packed as packing
from argmap.maps.models import ColumnChange, Link, Map, Node, PackedColumns
from argmap.maps.packed import Columns, Packed
from argmap.maps.packed_changes import LinkRow, NodeRow, changed


@dataclass(slots=True)
class Kept:
    revision: int  # the map's revision, read with its packed value
    packed: Packed
    nodes: list[int]  # statements written since it was packed
    links: list[int]  # links written since


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


class _BinaryCursor(psycopg.Cursor[Any]):
    """Results in PostgreSQL's binary format, and no statement prepared on the server (as
    Django's own cursors: so it works through PgBouncer's transaction pooling, docs/deploy.md)."""

    def execute(  # type: ignore[override]  # the same, with other defaults
        self, query: Any, params: Any = None, *, prepare: bool | None = False, binary: bool = True
    ) -> _BinaryCursor:
        return super().execute(query, params, prepare=prepare, binary=binary)


def _binary_cursor() -> Any:
    """A cursor of this connection that binds its parameters on the server and whose results
    come in PostgreSQL's binary format, wrapped as Django wraps its own (so it is counted and
    logged as every query is): a packed value of a large map is megabytes, which the text
    format sends as hex both ways (four times the time of the binary format to read at 100,000
    statements, bench/graph_path.py)."""
    connection.ensure_connection()
    raw = _BinaryCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cast(Any, raw))  # the stubs ask for a wrapper
    return connection.make_cursor(cast(Any, raw))


def read(ids: list[int], node_arrays: str) -> tuple[dict[int, Kept], dict[int, list[Any]]]:
    """One query for all of `ids`: each map's packed value and what was written since, or, for
    a map that has none, its revision and its statements' arrays (`node_arrays`, a lateral
    query on `m`, the map, and `p`, its packed value), the revision last."""
    changes = _table(ColumnChange)
    written = (
        f"ARRAY(SELECT DISTINCT c.row_id FROM {changes} c WHERE c.map_id = m.id "  # noqa: S608 - names from the models
        "AND c.revision >= p.revision AND {}c.is_link)"
    )
    with _binary_cursor() as cursor:
        cursor.execute(
            f"SELECT m.id, m.revision, p.payload, {written.format('NOT ')}, {written.format('')}, "  # noqa: S608 - names from the models
            f"n.* FROM {_table(Map)} m LEFT JOIN {_table(PackedColumns)} p ON p.map_id = m.id "
            f"LEFT JOIN LATERAL ({node_arrays}) n ON TRUE WHERE m.id = ANY(%s)",
            [ids],
        )
        rows = cursor.fetchall()
    kept: dict[int, Kept] = {}
    node_rows: dict[int, list[Any]] = {}
    unreadable = []
    for map_id, revision, payload, nodes, links, *arrays in rows:
        if payload is None:
            node_rows[map_id] = [*arrays, revision]
        elif (found := packing.loads(payload)) is not None:
            kept[map_id] = Kept(revision, found, nodes, links)
        else:
            unreadable.append(map_id)
    if unreadable:  # packed by another version of the code: packed again from the rows
        PackedColumns.objects.filter(map_id__in=unreadable).delete()
        more, more_rows = read(unreadable, node_arrays)
        kept.update(more)
        node_rows.update(more_rows)
    return kept, node_rows


def keep_new(map_id: int, revision: int, columns: Columns) -> None:
    """Keep a map read whole packed, if it is large, under `revision` (read before its rows),
    unless a write has changed the map since (see the module docstring)."""
    if connection.vendor != "postgresql" or len(columns.nodes) < settings.ARGMAP_PACK_FROM:
        return
    found = packing.packed(columns)
    if found is None:
        return
    with transaction.atomic(), _binary_cursor() as cursor:
        cursor.execute(
            f"SELECT revision FROM {_table(Map)} WHERE id = %s FOR NO KEY UPDATE",  # noqa: S608 - names from the models
            [map_id],
        )
        row = cursor.fetchone()
        if row is None or row[0] != revision:
            return
        _save(cursor, map_id, revision, found)
    columns.packed = found


def _save(cursor: Any, map_id: int, revision: int, found: Packed) -> None:
    table = _table(PackedColumns)
    cursor.execute(
        f"INSERT INTO {table} (map_id, revision, payload) VALUES (%s, %s, %s) "  # noqa: S608 - names from the models
        f"ON CONFLICT (map_id) DO UPDATE SET revision = EXCLUDED.revision, "
        f"payload = EXCLUDED.payload WHERE {table}.revision <= EXCLUDED.revision",
        [map_id, revision, packing.dumps(found)],
    )
    cursor.execute(
        f"DELETE FROM {_table(ColumnChange)} WHERE map_id = %s AND revision < %s",  # noqa: S608 - names from the models
        [map_id, revision],
    )


# Rows written since a map was packed are applied on every read (they are few, and applying
# them costs less than writing the packed value again) until there are this many: then the
# value with them applied is kept in its place.
FOLD_FROM = 64


def brought_up_to_date(kept: dict[int, Kept]) -> tuple[dict[int, Columns], list[int]]:
    """The columns of each kept map: its packed value with the rows written since applied (one
    query for all the maps, when something was written), kept in its place once there are
    `FOLD_FROM` of them; and the maps whose rows cannot be packed (now read whole)."""
    written = {pk: k for pk, k in kept.items() if k.nodes or k.links}
    node_rows, link_rows, premises = _rows(written) if written else ({}, {}, {})
    found, unpackable = {}, []
    for map_id, k in kept.items():
        current = k.packed
        if map_id in written:
            nodes: dict[int, NodeRow | None] = dict.fromkeys(k.nodes)
            nodes.update(node_rows[map_id])
            links: dict[int, LinkRow | None] = dict.fromkeys(k.links)
            links.update(link_rows[map_id])
            now = changed(k.packed, nodes, links, premises[map_id])
            if now is None:
                unpackable.append(map_id)
                continue
            current = now
            if len(k.nodes) + len(k.links) >= FOLD_FROM:
                with _binary_cursor() as cursor:
                    _save(cursor, map_id, k.revision, current)
        found[map_id] = packing.columns(current)
    if unpackable:
        PackedColumns.objects.filter(map_id__in=unpackable).delete()
    return found, unpackable


Rows = tuple[
    dict[int, dict[int, NodeRow | None]],
    dict[int, dict[int, LinkRow | None]],
    dict[int, dict[int, list[int]]],
]


def _rows(written: dict[int, Kept]) -> Rows:
    """The statements and links written since each map was packed, as they are now (None when
    deleted), with every link that may come back with a statement or a link that came back:
    those that name it as an end or a co-premise, and the undercuts of those (one query)."""
    node_ids = [pk for k in written.values() for pk in k.nodes]
    link_ids = [pk for k in written.values() for pk in k.links]
    maps = list(written)
    nodes: dict[int, dict[int, NodeRow | None]] = defaultdict(dict)
    links: dict[int, dict[int, LinkRow | None]] = defaultdict(dict)
    premises: dict[int, dict[int, list[int]]] = defaultdict(dict)
    node, link, through = _table(Node), _table(Link), _table(Link.co_premises.through)
    with connection.cursor() as cursor:
        # One statement: the statements written, then the links written and those named by a
        # statement written that is live, with the undercuts of those (they may come back).
        cursor.execute(
            f"WITH RECURSIVE written AS (SELECT id, map_id, kind, scholar_id, base_score, "  # noqa: S608 - names from the models
            f"deleted_at IS NULL AS live FROM {node} WHERE id = ANY(%(nodes)s) "
            f"AND map_id = ANY(%(maps)s)), "
            f"alive AS (SELECT ARRAY(SELECT id FROM written WHERE live) AS ids), "
            f"named(id) AS (SELECT id FROM (SELECT unnest(%(links)s::bigint[]) AS id "
            f"UNION SELECT l.id FROM {link} l, alive WHERE l.source_node_id = ANY(alive.ids) "
            f"OR l.target_node_id = ANY(alive.ids) "
            f"UNION SELECT r.link_id FROM {through} r, alive WHERE r.node_id = ANY(alive.ids)) "
            f"AS first UNION SELECT l.id FROM {link} l JOIN named ON l.target_link_id = named.id) "
            f"SELECT false, id, map_id, kind, NULL::bigint, NULL::bigint, NULL::bigint, "
            f"scholar_id, base_score, live, NULL::bigint[] FROM written UNION ALL "
            f"SELECT true, l.id, l.map_id, l.kind, l.source_node_id, l.target_node_id, "
            f"l.target_link_id, l.scholar_id, NULL, l.deleted_at IS NULL, ARRAY(SELECT r.node_id "
            f"FROM {through} r WHERE r.link_id = l.id ORDER BY r.id) FROM {link} l "
            f"WHERE l.id IN (SELECT id FROM named) AND l.map_id = ANY(%(maps)s)",
            {"nodes": node_ids, "links": link_ids, "maps": maps},
        )
        for (
            is_link,
            pk,
            map_id,
            kind,
            source,
            target,
            undercut,
            scholar,
            score,
            live,
            cps,
        ) in cursor.fetchall():
            if not is_link:
                nodes[map_id][pk] = (pk, kind, scholar, score) if live else None
                continue
            links[map_id][pk] = (pk, kind, source, target, undercut, scholar) if live else None
            if live and cps:
                premises[map_id][pk] = cps
    return nodes, links, premises
