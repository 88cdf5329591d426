"""Shared benchmark plumbing: Django on a throwaway PostgreSQL, fast map building, medians.

Benchmarks print figures; they assert nothing and are never part of `make test`.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "argmap.settings")
os.environ.setdefault("ARGMAP_SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("ARGMAP_DEBUG", "False")
os.environ.setdefault("ARGMAP_HTTPS", "False")
os.environ.setdefault("ARGMAP_STATIC_MANIFEST", "False")
os.environ.setdefault("ARGMAP_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
warnings.filterwarnings("ignore", message="No directory at")  # static files come from finders


@contextmanager
def django_on_postgres() -> Iterator[None]:
    """Configure Django against a throwaway cluster (or DATABASE_URL) and migrate it."""
    import django
    from django.conf import settings

    from argmap.lib.throwaway_pg import throwaway_postgres

    if os.environ.get("DATABASE_URL"):
        django.setup()
        _migrate()
        yield
        return
    with throwaway_postgres() as database:
        django.setup()
        settings.DATABASES["default"].update(database)
        from django.db import connections

        with suppress(AttributeError):
            del connections["default"]
        _create_database(database)
        _migrate()
        try:
            yield
        finally:
            connections.close_all()


def _create_database(database: dict[str, Any]) -> None:
    import psycopg

    with psycopg.connect(
        host=database["HOST"],
        port=database["PORT"],
        user="postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'CREATE DATABASE "{database["NAME"]}"')


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_map_fast(owner: Any, n: int, *, seed: int = 1, title: str = "") -> Any:
    """A tree-shaped map of n statements (n/20 theses) written with bulk inserts.

    Bulk inserts skip the services on purpose: building a 10,000-node map one validated row at a
    time would dominate the benchmark; the shape matches tests.factories.build_map.
    """
    from argmap.maps.models import Link, Map, Node, Source

    rng = random.Random(seed)
    source = Source.objects.create(title=f"Bench source {n}-{seed}")
    map_ = Map.objects.create(owner=owner, title=title or f"Bench map of {n}", question="Why?")
    theses = max(1, n // 20)
    nodes = []
    for i in range(n):
        kind = "thesis" if i < theses else ("evidence" if i % 2 else "claim")
        # The first and last day the services work out from the date (Node.clean): what the
        # timeline places and the matrix orders by; without them every item would be undated.
        day = date(1945, 8, 1 + i % 28)
        extra = (
            {
                "source": source,
                "evidence_kind": "event",
                "date_text": day.isoformat(),
                "date_start": day,
                "date_end": day,
                "date_precision": "day",
            }
            if kind == "evidence"
            else {}
        )
        nodes.append(Node(map=map_, kind=kind, text=f"Statement {i} of a benchmark map", **extra))
    Node.objects.bulk_create(nodes, batch_size=2000)
    links = []
    for i in range(theses, n):
        parent = nodes[rng.randrange(max(1, i // 3), i)] if i > theses else nodes[0]
        parent = (
            parent
            if parent.kind != "evidence" or rng.random() < 0.3
            else nodes[rng.randrange(theses)]
        )
        links.append(
            Link(
                map=map_,
                kind="opposes" if rng.random() < 0.25 else "supports",
                source_node=nodes[i],
                target_node=parent,
            )
        )
    Link.objects.bulk_create(links, batch_size=2000)
    return map_


class QueryCount:
    """Counts the queries run while it wraps the connection (Django's debug log may be full)."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute: Any, sql: str, *args: Any) -> Any:
        self.n += 1
        return execute(sql, *args)

    def __len__(self) -> int:
        return self.n


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])
