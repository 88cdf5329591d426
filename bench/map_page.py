"""The map page at 10, 100, 1,000 and 10,000 statements, beside its floor, in one run.

The floor is the least a page about these statements could cost: a one-query view
(`Node.objects.filter(map=…).values_list(…)`) rendering one `<li>` per statement through a
plain Django template (both defined here), served through the same middleware. For each size
the bench prints the map page's median server time and the floor's, each one's cost per
statement, their ratio (aim: at most 2), the page's size and its bytes per statement (aim: at
most 0.5 KB at 10,000), the queries of both, and the request the page sends after it loads
(the map checks). The page is timed as it is built, with nothing kept from before; beside it,
"kept", the same page when its panes were kept for this reader (a second request by the same
reader of the unchanged map, in another browser). A second table keeps the share of the page
that evaluating the map takes (aim: under 5 ms at 1,000 statements).

Cost per statement is (t_n − t_10) / (n − 10): what each statement above the smallest map adds
to a request, so that what every page costs whatever its map (middleware, the session, the
page's chrome) counts for neither. The page and the floor are timed in turns, so that a change
of load on the (shared) machine weighs on both alike; the load average is printed with them.

Run: make bench (or .venv/bin/python bench/map_page.py). Server time is the whole Django request
through the test client, in process, on PostgreSQL with persistent connections.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import types
from typing import Any

from harness import QueryCount, build_map_fast, django_on_postgres, median_ms, table

SIZES = [10, 100, 1000, 10000]
RATIO_GOAL = 2.0
BYTES_GOAL = 512  # per statement at 10,000
NOISE_MS = 3.0

FLOOR_TEMPLATE = (
    "<!doctype html><title>{{ title }}</title><ul>"
    "{% for pk, kind, text in rows %}"
    '<li class="kind-{{ kind }}"><a href="{{ prefix }}{{ pk }}/">{{ text }}</a></li>'
    "{% endfor %}</ul>"
)


def floor_view(request: Any, map_id: int) -> Any:
    """One query and one plain template: a `<li>` per statement of the map."""
    from django.http import HttpResponse
    from django.template import engines

    from argmap.maps.models import Node

    rows = Node.objects.filter(map_id=map_id).values_list("pk", "kind", "text")
    template = engines["django"].from_string(FLOOR_TEMPLATE)
    context = {"rows": rows, "title": "Floor", "prefix": f"/maps/{map_id}/nodes/"}
    return HttpResponse(template.render(context))


def urlconf() -> types.ModuleType:
    """The app's URLs and the floor's."""
    from django.urls import include, path

    module = types.ModuleType("bench_map_page_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/floor/<int:map_id>/", floor_view),
        path("", include("argmap.urls")),
    ]
    return module


def timed(client: Any, url: str, *, built: bool = True) -> tuple[float, int]:
    """A request's time and size; when `built`, with nothing of a page kept from before (the
    map page keeps its panes per revision and reader, argmap/lib/revalidation.py), so that
    what is timed is the building of the page, as for the first reader after an edit."""
    from django.core.cache import caches

    # The checks are asked for by htmx once the page is shown, as the page's own part.
    headers = {"HX-Request": "true"} if url.endswith("/checks/") else {}
    if built:
        caches["pages"].clear()
    start = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.content)


def queries_of(client: Any, url: str) -> int:
    from django.db import connection

    counter = QueryCount()
    with connection.execute_wrapper(counter):
        timed(client, url)
    return len(counter)


def side_by_side(client: Any, owner: Any) -> list[dict[str, Any]]:
    """Each size: the page, the floor and the checks, timed in turns."""
    measured = []
    for n in SIZES:
        map_ = build_map_fast(owner, n)
        page = map_.get_absolute_url()
        floor = f"/bench/floor/{map_.pk}/"
        checks = f"{page}checks/"
        for url in (page, floor, checks):
            timed(client, url)  # warm up templates, connections and the per-revision caches
        repeat = 15 if n <= 1000 else 7
        times: dict[str, list[float]] = {page: [], floor: [], checks: []}
        kept: list[float] = []
        sizes: dict[str, int] = {}
        for _ in range(repeat):
            for url in times:
                ms, size = timed(client, url)
                times[url].append(ms)
                sizes[url] = size
            timed(client, page, built=False)  # keeps the panes: the next one shows them
            kept.append(timed(client, page, built=False)[0])
        measured.append(
            {
                "n": n,
                "page": statistics.median(times[page]),
                "kept": statistics.median(kept),
                "floor": statistics.median(times[floor]),
                "checks": statistics.median(times[checks]),
                "page_bytes": sizes[page],
                "floor_bytes": sizes[floor],
                "checks_bytes": sizes[checks],
                "page_queries": queries_of(client, page),
                "floor_queries": queries_of(client, floor),
                "checks_queries": queries_of(client, checks),
                "map": map_,
            }
        )
    return measured


def per_statement(measured: list[dict[str, Any]]) -> list[list[str]]:
    base = measured[0]
    rows = []
    for m in measured:
        extra = m["n"] - base["n"]
        if extra:
            page_us = (m["page"] - base["page"]) / extra * 1000
            floor_us = (m["floor"] - base["floor"]) / extra * 1000
            # Below a few milliseconds of difference the ratio is noise, not a cost.
            noise = m["floor"] - base["floor"] < NOISE_MS
            ratio = "-" if noise else f"{page_us / floor_us:.2f}x"
            cost = [f"{page_us:.1f}", f"{floor_us:.1f}", ratio]
        else:
            cost = ["", "", ""]
        rows.append(
            [
                f"{m['n']:,}",
                f"{m['page']:.1f}",
                f"{m['floor']:.1f}",
                *cost,
                f"{m['kept']:.1f}",
                f"{m['page_bytes'] / 1024:.0f}",
                f"{m['page_bytes'] / m['n']:.0f}",
                f"{m['floor_bytes'] / 1024:.0f}",
                f"{m['page_queries']}/{m['floor_queries']}",
                f"{m['checks']:.1f}",
                f"{m['checks_bytes'] / 1024:.1f}",
                str(m["checks_queries"]),
            ]
        )
    return rows


def evaluation_share(measured: list[dict[str, Any]]) -> tuple[list[list[str]], float]:
    from argmap.evaluation import check_map, evaluate
    from argmap.maps.assessment import assess
    from argmap.maps.graphs import evaluation_graph
    from argmap.maps.selectors import map_bundle

    rows = []
    at_thousand = 0.0
    for m in measured:
        repeat = 15 if m["n"] <= 1000 else 5
        bundle = map_bundle(m["map"])
        # Evaluating: the plain graph from the loaded map, then labels and strengths.
        evaluation_ms = median_ms(lambda b=bundle: evaluate(evaluation_graph(b)), repeat)
        # And every statement's status, strength and set-aside link (the map checks apart).
        assess_ms = median_ms(lambda b=bundle: assess(b, with_checks=False), repeat)
        graph = evaluation_graph(bundle)
        checks_ms = median_ms(lambda g=graph: check_map(g), repeat)
        rows.append([f"{m['n']:,}", f"{evaluation_ms:.2f}", f"{assess_ms:.2f}", f"{checks_ms:.2f}"])
        if m["n"] == 1000:
            at_thousand = evaluation_ms
    return rows, at_thousand


def main() -> None:
    with django_on_postgres():
        from django.conf import settings
        from django.contrib.auth.models import User
        from django.test import Client
        from django.test.utils import override_settings

        owner = User.objects.create_user("bench", password="bench-password-1945")
        client = Client()
        client.force_login(owner)
        load_before = os.getloadavg()
        with override_settings(ROOT_URLCONF=urlconf()):
            measured = side_by_side(client, owner)
        load_after = os.getloadavg()
        conn_max_age = settings.DATABASES["default"]["CONN_MAX_AGE"]
        print(f"Map page beside its floor, PostgreSQL, CONN_MAX_AGE={conn_max_age}")
        print(
            "load average (1, 5, 15 min) before "
            + ", ".join(f"{x:.2f}" for x in load_before)
            + "; after "
            + ", ".join(f"{x:.2f}" for x in load_after)
        )
        headers = [
            "statements",
            "page ms",
            "floor ms",
            "page µs/st",
            "floor µs/st",
            "ratio",
            "kept ms",
            "page KiB",
            "B/st",
            "floor KiB",
            "queries p/f",
            "checks ms",
            "checks KiB",
            "checks q",
        ]
        print(table(headers, per_statement(measured)))
        first, last = measured[0], measured[-1]
        extra = last["n"] - first["n"]
        ratio = (last["page"] - first["page"]) / (last["floor"] - first["floor"])
        per_st = last["page_bytes"] / last["n"]
        print(
            f"Per statement = (t_n - t_10) / (n - 10). At {last['n']:,}: the page costs "
            f"{(last['page'] - first['page']) / extra * 1000:.1f} µs a statement, "
            f"{ratio:.2f} times the floor (aim at most {RATIO_GOAL:g}: "
            f"{'met' if ratio <= RATIO_GOAL else 'NOT met'}); {per_st:.0f} bytes a statement "
            f"(aim at most {BYTES_GOAL}: {'met' if per_st <= BYTES_GOAL else 'NOT met'})."
        )
        print()
        rows, at_thousand = evaluation_share(measured)
        print("Evaluation, in process, beside the page (ms):")
        print(table(["statements", "evaluation", "+ statuses", "checks"], rows))
        verdict = "met" if at_thousand < 5 else "NOT met"
        print(
            f"Evaluation (graph conversion, labels, strengths) at 1,000 statements: "
            f"{at_thousand:.2f} ms; aim under 5 ms: {verdict}."
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
