"""A checked graph's statements and links written with PostgreSQL's COPY (`map_create_from_graph`
decides when; other databases take the ORM's bulk inserts).

A 10,000-statement import spent most of its time building model instances, validating them one
by one and turning them into INSERT statements (bench/interchange.py). The graph has been checked
whole by then (`argmap.interchange.checks.check_graph` applies the rules of the models' `clean()`
and of the database), so its rows go as rows: the ids are drawn from the tables' sequences in
one query each, so that links, undercuts and co-premises can name each other before anything is
written, and each table is written by one COPY. The values are those the ORM path writes (a date
is parsed into its columns as `Node.clean()` does; a new row is at version 1, created and updated
now); the database's constraints still apply, and the caller's transaction makes it all or
nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model

from argmap.graph import Graph, GraphLink, GraphNode
from argmap.lib.dates import parse_date
from argmap.maps.models import Link, Map, Node, Scholar, Source

NODE_COLUMNS = (
    "id", "map_id", "kind", "title", "text", "scholar_id", "school", "evidence_kind", "source_id",
    "locator", "quote", "date_text", "date_start", "date_end", "date_precision", "instant",
    "place_time", "order_hint", "uncertainty", "base_score", "key", "origin_id", "is_argument",
    "version", "created", "updated", "deleted_at",
)  # fmt: skip
LINK_COLUMNS = (
    "id", "map_id", "kind", "source_node_id", "target_node_id", "target_link_id", "scholar_id",
    "rationale", "citation_id", "citation_locator", "attestation", "note", "key", "scheme",
    "argument", "version", "created", "updated", "deleted_at",
)  # fmt: skip


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@contextmanager
def _logged(sql: str) -> Iterator[None]:
    """COPY goes around Django's cursor wrapper: it is logged here as the wrapper logs a query,
    so that counting queries (CaptureQueriesContext, tests/maps/test_graph_services.py) sees it."""
    yield
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": "0.000"})


def _copy(cursor: CursorWrapper, model: type[Model], columns: Sequence[str], rows: Any) -> None:
    sql = f"COPY {_table(model)} ({', '.join(columns)}) FROM STDIN"
    # The database's refusal arrives as Django's exceptions, as through Django's cursor.
    with _logged(sql), connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        write = copy.write_row
        for row in rows:
            write(row)


def _draw(cursor: CursorWrapper, model: type[Model], count: int) -> list[int]:
    """`count` new ids of `model`'s table, ascending, from its sequence (one query)."""
    if not count:
        return []
    cursor.execute(
        f"SELECT nextval(pg_get_serial_sequence('{model._meta.db_table}', 'id')) "  # noqa: S608 - name from the model
        "FROM generate_series(1, %s)",
        [count],
    )
    return sorted(row[0] for row in cursor.fetchall())


def _pk(rows: Mapping[str, Scholar] | Mapping[str, Source], key: str | None) -> int | None:
    """The stored row a graph reference names, as `node_from_graph` resolves it."""
    found = rows.get(key) if key else None
    return found.pk if found is not None else None


def _node_row(
    pk: int,
    item: GraphNode,
    map_id: int,
    scholars: Mapping[str, Scholar],
    sources: Mapping[str, Source],
    origin: int | None,
    now: datetime,
) -> tuple[Any, ...]:
    dates: tuple[Any, ...] = ("", None, None, "", None)
    if item.date:
        parsed = parse_date(item.date)  # checked: check_graph parsed it already
        dates = (parsed.text, parsed.start, parsed.end, parsed.precision, parsed.instant)
    scholar = _pk(scholars, item.scholar)
    source = _pk(sources, item.source)
    return (
        pk, map_id, item.kind, item.title, item.text, scholar, item.school, item.evidence_kind,
        source, item.locator, item.quote, *dates, item.place_time,
        None if item.order_hint is None else int(item.order_hint), item.uncertainty,
        None if item.base_score is None else float(item.base_score), item.key, origin,
        bool(item.is_argument), 1, now, now, None,
    )  # fmt: skip


def _link_row(
    pk: int,
    item: GraphLink,
    map_id: int,
    nodes: Mapping[str, int],
    links: Mapping[str, int],
    scholars: Mapping[str, Scholar],
    sources: Mapping[str, Source],
    now: datetime,
) -> tuple[Any, ...]:
    return (
        pk, map_id, item.kind, nodes[item.source],
        nodes[item.target] if item.target is not None else None,
        links[item.target_link] if item.target_link is not None else None,
        _pk(scholars, item.scholar), item.rationale, _pk(sources, item.citation), item.locator,
        item.attestation,
        item.note, item.key, item.scheme, item.argument, 1, now, now, None,
    )  # fmt: skip


def copy_graph(
    *,
    graph: Graph,
    map: Map,
    layers: Sequence[Sequence[GraphLink]],
    scholars: Mapping[str, Scholar],
    sources: Mapping[str, Source],
    origins: Mapping[str, int],
    now: datetime,
) -> tuple[dict[str, int], dict[str, int]]:
    """Write the graph's statements, links and their related rows into `map`; return the ids
    of the rows made (graph id -> primary key) for statements and links.

    Ids are given as the ORM's bulk inserts give them: statements in the graph's order, links
    by `layers` (undercuts after the links they attack), so that a map reads back the same
    whichever path wrote it. Precondition: the graph passed `check_graph`, and the caller holds
    a transaction."""
    with connection.cursor() as cursor:
        node_ids = dict(zip(graph.nodes, _draw(cursor, Node, len(graph.nodes)), strict=True))
        ordered = [link for layer in layers for link in layer]
        link_ids = dict(
            zip((ln.id for ln in ordered), _draw(cursor, Link, len(ordered)), strict=True)
        )
        _copy(
            cursor,
            Node,
            NODE_COLUMNS,
            (
                _node_row(pk, graph.nodes[gid], map.pk, scholars, sources, origins.get(gid), now)
                for gid, pk in node_ids.items()
            ),
        )
        _copy(
            cursor,
            Link,
            LINK_COLUMNS,
            (
                _link_row(link_ids[ln.id], ln, map.pk, node_ids, link_ids, scholars, sources, now)
                for ln in ordered
            ),
        )
        _copy(
            cursor,
            Node.extra_sources.through,
            ("node_id", "source_id"),
            (
                (node_ids[gid], sources[s].pk)
                for gid, item in graph.nodes.items()
                for s in dict.fromkeys(item.extra_sources)
                if s in sources
            ),
        )
        links = graph.links.items()
        _copy(
            cursor,
            Link.co_premises.through,
            ("link_id", "node_id"),
            (
                (link_ids[lid], node_ids[p])
                for lid, ln in links
                for p in dict.fromkeys(ln.co_premises)
                if p not in (ln.source, ln.target)
            ),
        )
        _copy(
            cursor,
            Link.attested_in.through,
            ("link_id", "source_id"),
            (
                (link_ids[lid], sources[s].pk)
                for lid, ln in links
                for s in dict.fromkeys(ln.attested_in)
                if s in sources
            ),
        )
    return node_ids, link_ids
