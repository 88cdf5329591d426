"""A map's live statements and links read from the database as columns: at most three queries,
whatever the number or size of the maps, and few Python objects.

Evaluation reads a map as columns (`argmap.evaluation.columns.compile_columns`: node ids, and
the links' ids, kinds and ends as parallel lists), and `argmap.maps.structure` builds its dicts
from the same columns, so the page's structure and its standings come from one read, with no
`Graph` in between. On PostgreSQL each map's columns arrive as one row of arrays (`array_agg`):
psycopg parses an array in C, where rows would cost a tuple each, and on a large map the rows
cost more than the solvers. A large map is read from its packed value instead, in the first of
those queries (`argmap.maps.stored`). Other databases (SQLite for `make run`) read the same
values row by row through the ORM.

The rules are the structure's: a link whose source or target is not a live statement is left
out, as is an undercut of a link left out; a co-premise that is not a live statement is left off
its link. Columns are in the order of the ids (as the ORM lists rows), so that a map is compiled
the same way whichever path read it: strengths are sums and products of floats, whose last bits
depend on the order they are taken in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import islice
from operator import lt
from typing import Any

from django.db import connection

from argmap.evaluation.framework import Links
from argmap.maps import stored
from argmap.maps.models import Link, Node
from argmap.maps.packed import Columns, checked


def load_columns(map_ids: Iterable[int]) -> dict[int, Columns]:
    """The columns of each map of `map_ids`: three queries for all of them, whatever their
    number or size; a map kept packed (`argmap.maps.stored`) is read from its packed value and
    the rows written since, in one query and one more when something was written."""
    ids = list(map_ids)
    if connection.vendor != "postgresql":
        return _assemble(ids, *_read_rows(ids))
    kept, node_rows = stored.read(ids, _NODE_ARRAYS)
    found, unpackable = stored.brought_up_to_date(kept)
    if unpackable:  # their packed values are gone: read them whole
        node_rows.update(stored.read(unpackable, _NODE_ARRAYS)[1])
    whole = [pk for pk in ids if pk not in found]
    found.update(_assemble(whole, node_rows, *_read_links(whole)) if whole else {})
    for map_id in whole:
        if map_id in node_rows:  # its revision, read with its statements, before its links
            stored.keep_new(map_id, node_rows[map_id][-1], found[map_id])
    return {pk: found.get(pk, Columns()) for pk in ids}


def _assemble(
    ids: list[int],
    node_rows: dict[int, list[Any]],
    link_rows: dict[int, list[list[Any]]],
    premise_rows: list[tuple[int, int, int]],
) -> dict[int, Columns]:
    premises: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for map_id, link_id, node_id in premise_rows:
        premises[map_id][link_id].append(node_id)
    found = {pk: Columns() for pk in ids}
    for map_id, (pk, kind, *sparse) in node_rows.items():
        if pk is None:  # a map with no live statement
            continue
        pk, kind = _in_order([pk, kind])
        found[map_id] = Columns(pk, kind, _sparse(*sparse[:2]), _sparse(*sparse[2:4]))
    for map_id, (*columns, with_scholar, scholar) in link_rows.items():
        into = found[map_id]
        pk, kind, source, target, target_link = _in_order(columns)
        into.links = Links(pk, kind, source, target, target_link, dict(premises[map_id]))
        into.link_scholars = _sparse(with_scholar, scholar)
    return {pk: checked(columns) for pk, columns in found.items()}


def _sparse(ids: list[int] | None, values: list[Any] | None) -> dict[int, Any]:
    """The values set (their rows' ids, then the values: `array_agg … FILTER`), by id."""
    return dict(zip(ids or (), values or (), strict=True))


def _in_order(columns: list[list[Any]]) -> list[list[Any]]:
    """The columns with their rows in the order of the first column (the ids): the database
    hands them over in the order it read them, which is the ids' order unless rows were
    rewritten since, and checking costs less than sorting there."""
    ids = columns[0]
    if all(map(lt, ids, islice(ids, 1, None))):
        return columns
    order = sorted(range(len(ids)), key=ids.__getitem__)
    return [list(map(column.__getitem__, order)) for column in columns]


# --- reading ------------------------------------------------------------------------------------

Rows = tuple[dict[int, list[list[Any]]], dict[int, list[list[Any]]], list[tuple[int, int, int]]]


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _set(column: str) -> str:
    """The ids of the rows where `column` is set, and its values there: two arrays."""
    where = f"FILTER (WHERE {column} IS NOT NULL)"
    return f"array_agg(id) {where} AS {column}_at, array_agg({column}) {where} AS {column}_values"


# The live statements of one map as arrays, for `stored.read` (as the lateral part of its query,
# where `m` is the map and `p` its packed value, read instead when there is one). The arrays of
# one row are aggregated from the same rows in the same order, so they line up; nothing is
# sorted in the database (`_in_order` does it when needed).
_NODE_ARRAYS = (
    f"SELECT array_agg(id) AS ids, array_agg(kind) AS kinds, {_set('scholar_id')}, "
    f"{_set('base_score')} "  # noqa: S608 - names from the models
    f"FROM {_table(Node)} WHERE map_id = m.id AND deleted_at IS NULL AND p.map_id IS NULL"
)


def _read_links(ids: list[int]) -> tuple[dict[int, list[list[Any]]], list[tuple[int, int, int]]]:
    """PostgreSQL: one row of arrays per map, the co-premises as rows (they are few)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT map_id, array_agg(id), array_agg(kind), array_agg(source_node_id), "  # noqa: S608 - names from the models
            f"array_agg(target_node_id), array_agg(target_link_id), {_set('scholar_id')} "
            f"FROM {_table(Link)} WHERE map_id = ANY(%s) AND deleted_at IS NULL GROUP BY map_id",
            [ids],
        )
        links = {row[0]: list(row[1:]) for row in cursor.fetchall()}
        cursor.execute(
            "SELECT l.map_id, r.link_id, r.node_id "  # noqa: S608 - names from the models
            f"FROM {_table(Link.co_premises.through)} r JOIN {_table(Link)} l ON l.id = r.link_id "
            "WHERE l.map_id = ANY(%s) AND l.deleted_at IS NULL ORDER BY r.id",
            [ids],
        )
        premises = cursor.fetchall()
    return links, premises


def _read_rows(ids: list[int]) -> Rows:
    """Any other database: the same values, a row each, through the ORM, into the same arrays
    (those of the values set only where they are set, as `_set` gives them)."""
    nodes: dict[int, list[list[Any]]] = defaultdict(lambda: [[] for _ in range(6)])
    for map_id, pk, kind, scholar, score in Node.objects.filter(map_id__in=ids).values_list(
        "map_id", "pk", "kind", "scholar_id", "base_score"
    ):
        columns = nodes[map_id]
        columns[0].append(pk)
        columns[1].append(kind)
        for at, value in ((2, scholar), (4, score)):
            if value is not None:
                columns[at].append(pk)
                columns[at + 1].append(value)
    links: dict[int, list[list[Any]]] = defaultdict(lambda: [[] for _ in range(7)])
    for map_id, *values, scholar in Link.objects.filter(map_id__in=ids).values_list(
        "map_id", "pk", "kind", "source_node_id", "target_node_id", "target_link_id", "scholar_id"
    ):
        columns = links[map_id]
        for column, value in zip(columns, values, strict=False):
            column.append(value)
        if scholar is not None:
            columns[5].append(values[0])
            columns[6].append(scholar)
    premises = list(
        Link.co_premises.through.objects.filter(link__map_id__in=ids, link__deleted_at__isnull=True)
        .order_by("pk")
        .values_list("link__map_id", "link_id", "node_id")
    )
    return nodes, links, premises
