"""The map page at 10, 100, 1,000 and 10,000 statements: server time (median) and queries,
and the share of it that evaluating the map takes (aim: under 5 ms at 1,000 statements).

Run: make bench (or .venv/bin/python bench/map_page.py). Server time is the whole Django
request (middleware, queries, outline, template, JSON for the picture) through the test client,
in process, on PostgreSQL with persistent connections.
"""

from __future__ import annotations

from harness import build_map_fast, django_on_postgres, median_ms, table

SIZES = [10, 100, 1000, 10000]


def main() -> None:
    with django_on_postgres():
        from django.conf import settings
        from django.contrib.auth.models import User
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from argmap.evaluation import check_map, evaluate
        from argmap.maps.assessment import assess
        from argmap.maps.graphs import evaluation_graph
        from argmap.maps.selectors import map_bundle

        owner = User.objects.create_user("bench", password="bench-password-1945")
        client = Client()
        client.force_login(owner)
        rows = []
        base = None
        at_thousand = assessed = 0.0
        for n in SIZES:
            map_ = build_map_fast(owner, n)
            url = map_.get_absolute_url()
            client.get(url)  # warm up templates and connections
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            # Count now: the next request resets the connection's query log.
            query_count = len(queries)
            repeat = 15 if n <= 1000 else 5
            ms = median_ms(lambda url=url: client.get(url), repeat)

            base = base or ms
            bundle = map_bundle(map_)
            # Evaluating: the plain graph from the loaded map, then labels and strengths.
            evaluation_ms = median_ms(lambda b=bundle: evaluate(evaluation_graph(b)), repeat)
            # And all the page does with it: each statement's status, strength and set-aside
            # link, and the theses' counts (the map checks apart).
            assess_ms = median_ms(lambda b=bundle: assess(b, with_checks=False), repeat)
            graph = evaluation_graph(bundle)
            checks_ms = median_ms(lambda g=graph: check_map(g), repeat)
            rows.append(
                [
                    f"{n:,}",
                    f"{ms:.1f}",
                    f"{ms / base:.1f}x",
                    str(query_count),
                    f"{len(response.content) / 1024:.0f}",
                    f"{evaluation_ms:.2f}",
                    f"{assess_ms:.2f}",
                    f"{checks_ms:.2f}",
                ]
            )
            if n == 1000:
                at_thousand, assessed = evaluation_ms, assess_ms
        print(f"Map page, PostgreSQL, CONN_MAX_AGE={settings.DATABASES['default']['CONN_MAX_AGE']}")
        headers = [
            "statements",
            "median ms",
            "vs 10",
            "queries",
            "KiB",
            "evaluation ms",
            "+ statuses ms",
            "checks ms",
        ]
        print(table(headers, rows))
        verdict = "met" if at_thousand < 5 else "NOT met"
        print(
            f"Evaluation (graph conversion, labels, strengths) at 1,000 statements: "
            f"{at_thousand:.2f} ms; aim under 5 ms: {verdict}. With every statement's status, "
            f"strength and set-aside link set for the page: {assessed:.2f} ms."
        )


if __name__ == "__main__":
    main()
