"""Forks: a map's live statements and links copied inside the database.

A fork (and so starting an assignment from its starter map, and every submission's snapshot)
copies rows that are already stored and valid, so they need not travel to Python and back as a
`Graph`: each table is copied by one `INSERT … SELECT`, and the number of queries does not grow
with the map (thirteen, with those that make the map itself, whatever its size or the depth of
its undercuts).

The copies' ids are drawn from the tables' own sequences before anything is written, so that the
old -> new mapping is known exactly: the k-th smallest old id gets the k-th smallest new one (the
order in which PostgreSQL evaluates `nextval` does not matter), a copy lists its statements and
links in the original's order, and an undercut can name the copy of the link it attacks in the
same statement that writes it. The mapping is sent back as two arrays (`unnest`), once per
statement that needs it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from django.utils import timezone

from argmap.maps.models import Link, Map, Node, Revision, RevisionAction, Visibility
from argmap.maps.services.core import map_create

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
    """The ids of the copied rows of one table, old and new, in ascending order."""

    def __init__(self, rows: list[tuple[int, int]]) -> None:
        self.old = sorted(r[0] for r in rows)
        self.new = sorted(r[1] for r in rows)

    def __len__(self) -> int:
        return len(self.old)


def _nodes(cursor: CursorWrapper, original: Map) -> Ids:
    """The live statements, each with an id for its copy (what `map_bundle` loads)."""
    node = _table(Node)
    cursor.execute(
        f"SELECT id, nextval(pg_get_serial_sequence(%s, 'id')) FROM {node} "  # noqa: S608 - table names from the models
        "WHERE map_id = %s AND deleted_at IS NULL",
        [Node._meta.db_table, original.pk],
    )
    return Ids(cursor.fetchall())


def _links(cursor: CursorWrapper, original: Map) -> Ids:
    """The live links whose ends are live, each with an id for its copy (what `map_bundle`
    loads), and the undercuts whose target is among them, however deep: an undercut of a link
    that is not copied would have nothing to attack (the recursion starts from links between
    statements, so a cycle of undercuts, which the services never write, is never followed)."""
    link, node = _table(Link), _table(Node)
    cursor.execute(
        f"""
        WITH RECURSIVE live AS (
            SELECT id FROM {node} WHERE map_id = %(map)s AND deleted_at IS NULL
        ), kept(id) AS (
            SELECT l.id FROM {link} l
            JOIN live s ON s.id = l.source_node_id
            JOIN live t ON t.id = l.target_node_id
            WHERE l.map_id = %(map)s AND l.deleted_at IS NULL
          UNION ALL
            SELECT u.id FROM {link} u
            JOIN kept ON u.target_link_id = kept.id
            JOIN live s ON s.id = u.source_node_id
            WHERE u.map_id = %(map)s AND u.deleted_at IS NULL AND u.target_node_id IS NULL
        )
        SELECT id, nextval(pg_get_serial_sequence(%(table)s, 'id')) FROM kept
        """,  # noqa: S608 - table names from the models
        {"map": original.pk, "table": Link._meta.db_table},
    )
    return Ids(cursor.fetchall())


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
    cursor: CursorWrapper, copy: Map, nodes: Ids, links: Ids, now: datetime.datetime
) -> None:
    """Links and undercuts at once: their new ids are known, and the foreign keys are checked
    when the transaction commits (Django makes them deferrable)."""
    link = _table(Link)
    columns = _copied(Link, _LINK_OWN)
    cursor.execute(
        f"""
        WITH nm AS (SELECT * FROM unnest(%(node_old)s::bigint[], %(node_new)s::bigint[])
                    AS nm(old, new)),
             lm AS (SELECT * FROM unnest(%(link_old)s::bigint[], %(link_new)s::bigint[])
                    AS lm(old, new))
        INSERT INTO {link} (id, map_id, source_node_id, target_node_id, target_link_id,
                            version, created, updated, deleted_at, {", ".join(columns)})
        SELECT lm.new, %(map)s, s.new, t.new, u.new, 1, %(now)s, %(now)s, NULL,
               {", ".join(f"l.{c}" for c in columns)}
        FROM lm JOIN {link} l ON l.id = lm.old
        JOIN nm s ON s.old = l.source_node_id
        LEFT JOIN nm t ON t.old = l.target_node_id
        LEFT JOIN lm u ON u.old = l.target_link_id
        """,  # noqa: S608 - names from the models
        {
            "node_old": nodes.old,
            "node_new": nodes.new,
            "link_old": links.old,
            "link_new": links.new,
            "map": copy.pk,
            "now": now,
        },
    )


def _write_related(cursor: CursorWrapper, nodes: Ids, links: Ids) -> None:
    """The many-to-many rows, in the original's order: extra sources, attestations (the sources
    stay shared) and co-premises (copied statements; an end of the link is never its own
    co-premise, as the graph writer has it)."""
    extra = Node.extra_sources.through
    attested = Link.attested_in.through
    premises = Link.co_premises.through
    cursor.execute(
        f"INSERT INTO {_table(extra)} (node_id, source_id) "  # noqa: S608 - names from the models
        "SELECT m.new, r.source_id "
        f"FROM unnest(%s::bigint[], %s::bigint[]) AS m(old, new) "
        f"JOIN {_table(extra)} r ON r.node_id = m.old ORDER BY r.id",
        [nodes.old, nodes.new],
    )
    cursor.execute(
        f"INSERT INTO {_table(attested)} (link_id, source_id) "  # noqa: S608 - names from the models
        "SELECT m.new, r.source_id "
        f"FROM unnest(%s::bigint[], %s::bigint[]) AS m(old, new) "
        f"JOIN {_table(attested)} r ON r.link_id = m.old ORDER BY r.id",
        [links.old, links.new],
    )
    cursor.execute(
        f"""
        INSERT INTO {_table(premises)} (link_id, node_id)
        SELECT lm.new, nm.new
        FROM unnest(%(link_old)s::bigint[], %(link_new)s::bigint[]) AS lm(old, new)
        JOIN {_table(premises)} r ON r.link_id = lm.old
        JOIN {_table(Link)} l ON l.id = r.link_id
        JOIN unnest(%(node_old)s::bigint[], %(node_new)s::bigint[]) AS nm(old, new)
          ON nm.old = r.node_id
        WHERE r.node_id <> l.source_node_id AND r.node_id IS DISTINCT FROM l.target_node_id
        ORDER BY r.id
        """,  # noqa: S608 - names from the models
        {"link_old": links.old, "link_new": links.new, "node_old": nodes.old,
         "node_new": nodes.new},
    )  # fmt: skip


@transaction.atomic
def map_fork(*, map: Map, owner: User, title: str | None = None) -> Map:
    """Copy `map`'s live nodes and links into a new private map of `owner`.

    Sources and scholars stay shared; characterisations stay with the original (they describe
    scholars, not the copy); every copied node remembers the node it descends from.
    """
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
        links = _links(cursor, map)
        _write_nodes(cursor, copy, nodes, now)
        _write_links(cursor, copy, nodes, links, now)
        _write_related(cursor, nodes, links)
    # The map's first revision (written by map_create) says where its content came from.
    Revision.objects.filter(map=copy, target_type="map", action=RevisionAction.CREATE).update(
        summary=f"map “{copy.title[:80]}”, copied from “{map.title[:80]}”: "
        f"{len(nodes)} statements, {len(links)} links"
    )
    return copy
