"""Pages that show a part of a map, at 1,000 and 10,000 statements: the scholar page, a
statement's page, a matrix cell, the evidence matrix (its first page, a later page, a sorted and
filtered page) and the timeline (every thesis, and three chosen ones). Server time (median, on
the wall clock and in this process's CPU), the size of the answer, the queries, and at 10,000
statements each page's goals and its ratios to them (the wall clock's); then the matrix's CSV
at 10,000, for information (it is the whole matrix by design).

Run: .venv/bin/python bench/pages.py (or scripts/bench.sh pages). Server time is the whole
Django request through the test client, in process, on PostgreSQL with persistent connections.
The scholar holds five theses of the map and is named on twenty uses of evidence elsewhere in
it, at either size: their page shows a part of the map as it grows. The machine may be shared:
the load average is printed before and after, and medians are what to quote.
"""

from __future__ import annotations

import os
import statistics
import time
from math import ceil
from typing import Any

from harness import QueryCount, build_map_fast, django_on_postgres, table

SIZES = [1000, 10000]
ROWS_PER_PAGE = 100  # the matrix's page size (argmap/debates/matrix.py)
# The goals of each page at 10,000 statements: time in ms, and size in KB where one is set.
GOALS: dict[str, tuple[float, float | None]] = {
    "scholar page": (300.0, None),
    "statement": (100.0, None),
    "matrix cell": (100.0, None),
    "matrix, first page": (1000.0, 2048.0),
    "matrix, a later page": (1000.0, 2048.0),
    "matrix, sorted by uses and filtered": (1000.0, 2048.0),
    "timeline, every thesis": (1000.0, 2048.0),
    "timeline, three theses": (1000.0, 2048.0),
}


def urls(map_: Any, scholar: Any) -> dict[str, str]:
    from argmap.maps.models import Link, Node, NodeKind
    from argmap.maps.structure import load_structure, theses_reaching

    # A use of evidence deep in the map: its page and its cell show a neighbourhood like others.
    use = Link.objects.filter(map=map_, source_node__kind=NodeKind.EVIDENCE).order_by("-pk").first()
    assert use is not None
    # The cell of the thesis the evidence bears on, which has a path to show.
    thesis = min(theses_reaching(load_structure(map_.pk), [use.source_node_id]))
    evidence = Node.objects.filter(map=map_, kind=NodeKind.EVIDENCE).count()
    later = max(1, ceil(evidence / ROWS_PER_PAGE / 2))  # the middle of the rows
    theses = list(Node.objects.filter(map=map_, kind=NodeKind.THESIS).values_list("pk", flat=True))
    columns = max(1, ceil(len(theses) / 20 / 2))  # and of the columns
    three = "&".join(f"thesis={pk}" for pk in theses[:: max(1, len(theses) // 3)][:3])
    base = f"/maps/{map_.pk}"
    return {
        "scholar page": scholar.get_absolute_url(),
        "statement": f"{base}/nodes/{use.source_node_id}/",
        "matrix cell": f"{base}/matrix/{use.source_node_id}/{thesis}/",
        "matrix, first page": f"{base}/matrix/",
        "matrix, a later page": f"{base}/matrix/?page={later}&columns={columns}",
        "matrix, sorted by uses and filtered": (
            f"{base}/matrix/?sort=uses&kind=event&indirect=on&page=2"
        ),
        "timeline, every thesis": f"{base}/timeline/",
        "timeline, three theses": f"{base}/timeline/?{three}",
    }


def size(response: Any) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def measure(client: Any, url: str) -> tuple[float, float, int, int]:
    """Median ms (wall clock, and this process's CPU), bytes and queries of one page (fewer
    runs of a page that takes seconds). The CPU time leaves out PostgreSQL's work, in its own
    processes, but is what least depends on what else the machine is running."""
    from django.db import connection

    client.get(url)  # warm up templates, connections and the map's cached results
    counter = QueryCount()
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, url
        body = size(response)
        first = (time.perf_counter() - start) * 1000
    walls, cpus = [], []
    for _ in range(7 if first < 300 else 5 if first < 2000 else 3):
        wall, cpu = time.perf_counter(), time.process_time()
        size(client.get(url))
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus), body, len(counter)


def ratio(value: float, goal: float | None) -> str:
    return f"{value / goal:.2f}" if goal else ""


def main() -> None:
    with django_on_postgres():
        from django.contrib.auth.models import User
        from django.db import connection
        from django.test import Client

        from argmap.maps.models import Link, Node, NodeKind, Scholar

        print(f"load average before: {os.getloadavg()}")
        owner = User.objects.create_user("bench", password="bench-password-1945")
        client = Client()
        client.force_login(owner)
        rows = []
        csv_rows = []
        for n in SIZES:
            map_ = build_map_fast(owner, n)
            scholar = Scholar.objects.create(name=f"Scholar of {n}")
            theses = map_.nodes.filter(kind=NodeKind.THESIS).order_by("pk")
            Node.objects.filter(pk__in=theses.values("pk")[:5]).update(scholar=scholar)
            uses = Link.objects.filter(map=map_, source_node__kind=NodeKind.EVIDENCE)
            Link.objects.filter(pk__in=uses.order_by("-pk").values("pk")[:20]).update(
                scholar=scholar
            )
            # Statistics, as autovacuum keeps them on a live database: without them the planner
            # takes the freshly inserted map for a handful of rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            for page, url in urls(map_, scholar).items():
                ms, cpu, body, queries = measure(client, url)
                goal_ms, goal_kb = GOALS.get(page, (None, None)) if n == SIZES[-1] else (None, None)
                rows.append(
                    [
                        page,
                        f"{n:,}",
                        f"{ms:.1f}",
                        f"{cpu:.1f}",
                        f"{body / 1024:,.1f}",
                        str(queries),
                        f"{goal_ms:.0f}" if goal_ms else "",
                        ratio(ms, goal_ms),
                        f"{goal_kb:,.0f}" if goal_kb else "",
                        ratio(body / 1024, goal_kb),
                    ]
                )
            if n == SIZES[-1]:
                ms, cpu, body, queries = measure(client, f"/maps/{map_.pk}/matrix.csv")
                csv_rows.append(
                    [f"{n:,}", f"{ms:.1f}", f"{cpu:.1f}", f"{body / 1024:,.1f}", str(queries)]
                )
        print("Pages that show a part of a map, PostgreSQL")
        headers = ["page", "statements", "median ms", "CPU ms", "KB", "queries"]
        headers += ["goal ms", "ratio", "goal KB", "ratio"]
        print(table(headers, rows))
        print()
        print("The evidence matrix as CSV (the whole matrix), for information")
        print(table(["statements", "median ms", "CPU ms", "KB", "queries"], csv_rows))
        print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
