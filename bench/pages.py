"""Pages that show a part of a map, at 1,000 and 10,000 statements: the scholar page, a
statement's page, a matrix cell and the timeline. Server time (median), the goal at 10,000
statements, the ratio to it, and the queries.

Run: .venv/bin/python bench/pages.py (or scripts/bench.sh pages). Server time is the whole
Django request through the test client, in process, on PostgreSQL with persistent connections.
The scholar holds five theses of the map and is named on twenty uses of evidence elsewhere in
it, at either size: their page shows a part of the map as it grows. The timeline shows every
dated item of the map by design; its figures are for comparison, not held to a goal.
"""

from __future__ import annotations

from typing import Any

from harness import build_map_fast, django_on_postgres, median_ms, table

SIZES = [1000, 10000]
# The goal of each page at 10,000 statements, in ms.
GOALS = {"scholar page": 300.0, "statement": 100.0, "matrix cell": 100.0}


def urls(map_: Any, scholar: Any) -> dict[str, str]:
    from argmap.maps.models import Link, NodeKind
    from argmap.maps.structure import load_structure, theses_reaching

    # A use of evidence deep in the map: its page and its cell show a neighbourhood like others.
    use = Link.objects.filter(map=map_, source_node__kind=NodeKind.EVIDENCE).order_by("-pk").first()
    assert use is not None
    # The cell of the thesis the evidence bears on, which has a path to show.
    thesis = min(theses_reaching(load_structure(map_.pk), [use.source_node_id]))
    base = f"/maps/{map_.pk}"
    return {
        "scholar page": scholar.get_absolute_url(),
        "statement": f"{base}/nodes/{use.source_node_id}/",
        "matrix cell": f"{base}/matrix/{use.source_node_id}/{thesis}/",
        "timeline": f"{base}/timeline/",
    }


def main() -> None:
    with django_on_postgres():
        from django.contrib.auth.models import User
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from argmap.maps.models import Link, Node, NodeKind, Scholar

        owner = User.objects.create_user("bench", password="bench-password-1945")
        client = Client()
        client.force_login(owner)
        rows = []
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
                client.get(url)  # warm up templates, connections and the map's cached results
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                assert response.status_code == 200, url
                query_count = len(queries)
                ms = median_ms(lambda url=url: client.get(url), 7 if n <= 1000 else 5)
                goal = GOALS.get(page) if n == SIZES[-1] else None
                rows.append(
                    [
                        page,
                        f"{n:,}",
                        f"{ms:.1f}",
                        f"{goal:.0f}" if goal else "",
                        f"{ms / goal:.2f}" if goal else "",
                        str(query_count),
                    ]
                )
        print("Pages that show a part of a map, PostgreSQL")
        print(table(["page", "statements", "median ms", "goal ms", "ratio", "queries"], rows))


if __name__ == "__main__":
    main()
