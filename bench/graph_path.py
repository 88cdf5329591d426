"""The database→graph path: from a map's id to each statement's status, at 1,000, 10,000 and
100,000 statements, beside the minimal reference solver on the same graph.

Run: scripts/bench.sh graph_path (or .venv/bin/python bench/graph_path.py from bench/;
`SIZES=100000` for one size). Maps are built with `harness.build_map_fast` (the demo's tree
shape: a quarter of the links are objections), then PostgreSQL gathers statistics (ANALYZE), as
autovacuum would after such bulk writes. Timed, as medians of interleaved runs, each from a
clean heap:

- **statuses, now**: `load_columns`, `framework` (argmap/maps/results.py), `grounded`, and a
  dict of each statement's status: the path the page's evaluation takes from the database. A
  map of `ARGMAP_PACK_FROM` statements or more (the 10,000 and 100,000 here) is read from its
  packed value in one query and compiled from its positions (argmap/maps/stored.py); a smaller
  one is read whole (three queries of arrays) and compiled from its ids;
- **after an edit**: the same right after a claim and its objection were added through the
  services (not timed): the read takes the rows written since the map was packed and applies
  them (bench's edits stay under the 64 rows from which the result is kept in its place);
- **first read** (packs): the packed value deleted first, so the map is read whole, packed and
  kept; **read whole**: the packed value deleted and packing off (a map below
  `ARGMAP_PACK_FROM`, or any map before this change);
- **statuses, before**: the former path, kept here only (`former_structure`): three queries of
  values into the structure's dicts, the structure turned into a `Graph`, `compile_graph`,
  `grounded` and the dict;
- **solver**: `grounded` alone on the compiled map; **query** and **compile**: the first two
  steps of "now" alone, and **in the db**: the planning and execution time of the same
  queries inside PostgreSQL (EXPLAIN ANALYZE), which no client-side work can remove;
- **reference**: `ref_grounded` of bench/evaluation.py on the same map's objections as pairs
  of ints (supports never attack, so they are not part of its input);
- **page fill, now and before**: what a map page pays when its results are not cached yet:
  `load_structure` (which also builds the dicts the page reads) and `compute` (statuses,
  strengths, preferred semantics where something is in dispute), beside `ref_grounded` plus
  `ref_dfquad` on the same graph.

The goal: statuses from the database within 1.5 times the reference at 100,000 statements. Every
path's results are checked against the others' before anything is timed. The machine is
shared: the load average is printed before and after.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import defaultdict
from typing import Any

from evaluation import medians_ms, ms, ref_dfquad, ref_grounded
from harness import QueryCount, build_map_fast, django_on_postgres, table

SIZES = [int(s) for s in os.environ.get("SIZES", "1000,10000,100000").split(",")]
REPEAT = {1_000: 21, 10_000: 9, 100_000: 9}
GOAL = 1.5
STATUS = ("undecided", "in", "out")


def former_structure(map_id: int) -> Any:
    """The former `load_structure`: a row of values per statement and link, into the dicts."""
    from argmap.maps.models import Link, Node
    from argmap.maps.structure import Edge, Row, Structure

    nodes: dict[int, Row] = {}
    for pk, kind, base, scholar in Node.objects.filter(map_id=map_id).values_list(
        "pk", "kind", "base_score", "scholar_id"
    ):
        nodes[pk] = Row(kind, base, scholar)
    premises: dict[int, list[int]] = defaultdict(list)
    for link_id, node_id in Link.co_premises.through.objects.filter(
        link__map_id=map_id, link__deleted_at__isnull=True
    ).values_list("link_id", "node_id"):
        if node_id in nodes:
            premises[link_id].append(node_id)
    links: dict[int, Edge] = {}
    for pk, kind, source, target, target_link, scholar in Link.objects.filter(
        map_id=map_id
    ).values_list("pk", "kind", "source_node_id", "target_node_id", "target_link_id", "scholar_id"):
        if source in nodes and (target is None or target in nodes):
            links[pk] = Edge(kind, source, target, target_link, scholar, premises.get(pk, []))
    links = {pk: e for pk, e in links.items() if e.target_link is None or e.target_link in links}
    index: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(4)]
    incoming, outgoing, undercutters, premise_of = index
    for pk, edge in links.items():
        outgoing[edge.source].append(pk)
        if edge.target is not None:
            incoming[edge.target].append(pk)
        elif edge.target_link is not None:
            undercutters[edge.target_link].append(pk)
        for premise in edge.co_premises:
            premise_of[premise].append(pk)
    return Structure(nodes, links, incoming, outgoing, undercutters, premise_of)


def statuses_before(map_id: int) -> dict[int, str]:
    from argmap.evaluation.framework import compile_graph
    from argmap.evaluation.grounded import grounded

    fw = compile_graph(former_structure(map_id).graph())
    return {int(key): STATUS[label] for key, label in zip(fw.ids, grounded(fw).label, strict=True)}


def statuses_now(map_id: int) -> dict[int, str]:
    """What the page's evaluation pays: `load_columns` (a large map from its packed value and
    the rows written since, argmap/maps/stored.py), `framework` (compiled from the packed
    value's positions), `grounded`, and a dict of each statement's status."""
    from argmap.evaluation.grounded import grounded
    from argmap.maps.columns import load_columns
    from argmap.maps.results import framework

    fw = framework(load_columns([map_id])[map_id])
    return dict(zip(fw.ids, map(STATUS.__getitem__, grounded(fw).label), strict=True))


def statuses_unpacked(map_id: int) -> dict[int, str]:
    """The same from the map read whole (the first read of a map, or any map below
    `ARGMAP_PACK_FROM`): the three queries of arrays and `compile_columns`."""
    from django.test import override_settings

    from argmap.evaluation.columns import compile_columns
    from argmap.evaluation.grounded import grounded
    from argmap.maps.columns import load_columns
    from argmap.maps.models import PackedColumns

    PackedColumns.objects.filter(map_id=map_id).delete()
    with override_settings(ARGMAP_PACK_FROM=10**9):
        columns = load_columns([map_id])[map_id]
    fw = compile_columns(columns.nodes, columns.base_scores, columns.links)
    return dict(zip(fw.ids, map(STATUS.__getitem__, grounded(fw).label), strict=True))


def statuses_first(map_id: int) -> dict[int, str]:
    """The first read of a large map: read whole, packed and kept (then as `statuses_now`)."""
    from argmap.maps.models import PackedColumns

    PackedColumns.objects.filter(map_id=map_id).delete()
    return statuses_now(map_id)


def after_edits(map_id: int, repeat: int) -> float:
    """The median of `statuses_now` right after an edit through the services (a new claim
    opposing a statement, not timed): the read applies the rows written and keeps the result."""
    import statistics

    from argmap.maps.models import Map, Node
    from argmap.maps.services import link_create, node_create

    map_ = Map.objects.get(pk=map_id)
    target = Node.objects.filter(map=map_).order_by("pk").first()
    times = []
    for i in range(repeat):
        claim = node_create(map=map_, kind="claim", text=f"An objection {i}")
        link_create(map=map_, kind="opposes", source=claim, target=target)
        gc.collect()
        start = time.perf_counter()
        statuses_now(map_id)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fill_before(map_id: int) -> dict[int, Any]:
    """The former cache fill: the former structure, a `Graph`, `evaluate`, a loop over nodes."""
    from argmap.evaluation import evaluate

    structure = former_structure(map_id)
    shown = evaluate(structure.graph())
    disputed = any(label == "undecided" for label in shown.labels.values())
    nodes = {}
    for pk in structure.nodes:
        key = str(pk)
        label = shown.labels[key]
        flags = (
            (shown.defensible(key), shown.sceptical(key))
            if disputed
            else (label == "in", label == "in")
        )
        nodes[pk] = (str(label), shown.strengths[key], *flags)
    return nodes


def fill_now(map_id: int) -> dict[int, Any]:
    from argmap.maps.results import compute
    from argmap.maps.structure import load_structure

    return compute(load_structure(map_id), 0).nodes


def reference_input(map_id: int) -> tuple[int, list[tuple[int, int]], list[tuple[int, int]]]:
    """The map as the references take it: nodes numbered 0..n-1, links as pairs of ints."""
    from argmap.maps.columns import load_columns

    columns = load_columns([map_id])[map_id]
    number = {pk: i for i, pk in enumerate(columns.nodes)}
    links = columns.links
    att, sup = [], []
    for kind, source, target in zip(links.kinds, links.sources, links.targets, strict=True):
        (att if kind == "opposes" else sup).append((number[source], number[target]))
    return len(number), att, sup


def server_ms(map_id: int, repeat: int) -> float:
    """The database's own time for `load_columns`'s queries (planning and execution, as
    EXPLAIN ANALYZE reports them): what reading the map costs before any of it reaches Python."""
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from argmap.maps.columns import load_columns

    with CaptureQueriesContext(connection) as captured:
        load_columns([map_id])
    times = []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            total = 0.0
            for query in captured.captured_queries:
                # The packed read binds its one parameter on the server: the log shows "$1".
                sql = query["sql"].replace("$1", f"ARRAY[{map_id}]")
                cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0][0]
                total += plan["Planning Time"] + plan["Execution Time"]
            times.append(total)
    return statistics.median(times)


def queries(fn: Any, map_id: int) -> int:
    from django.db import connection

    counter = QueryCount()
    with connection.execute_wrapper(counter):
        fn(map_id)
    return len(counter)


def measure(map_id: int, n: int) -> dict[str, float]:
    from argmap.evaluation.grounded import grounded
    from argmap.maps.columns import load_columns
    from argmap.maps.results import framework

    nodes, att, sup = reference_input(map_id)
    assert nodes == n
    from django.conf import settings

    columns = load_columns([map_id])[map_id]  # the first read: a large map is packed from now on
    assert (columns.packed is not None) == (n >= settings.ARGMAP_PACK_FROM)
    fw = framework(columns)
    now, before = statuses_now(map_id), statuses_before(map_id)
    assert now == before == statuses_unpacked(map_id) == statuses_first(map_id), "they differ"
    reference = {columns.nodes[i] for i in ref_grounded(nodes, att)}
    assert {pk for pk, status in now.items() if status == "in"} == reference
    assert fill_now(map_id) == fill_before(map_id), "the page's results differ"
    return medians_ms(
        {
            "ref": lambda: ref_grounded(nodes, att),
            "ref full": lambda: (ref_grounded(nodes, att), ref_dfquad(nodes, att, sup)),
            "solver": lambda: grounded(fw),
            "query": lambda: load_columns([map_id]),
            "compile": lambda: framework(columns),
            "now": lambda: statuses_now(map_id),
            "before": lambda: statuses_before(map_id),
            "fill now": lambda: fill_now(map_id),
            "fill before": lambda: fill_before(map_id),
            "unpacked": lambda: statuses_unpacked(map_id),
            "first": lambda: statuses_first(map_id),  # last: it leaves the map packed
        },
        REPEAT[n],
    )


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    print(f"Python {sys.version.split()[0]}; load average {loadavg()}")
    with django_on_postgres():
        from django.contrib.auth.models import User
        from django.db import connection

        owner = User.objects.create_user("bench", password="bench-password-1945")
        statuses, fills, others = [], [], []
        for n in SIZES:
            map_id = build_map_fast(owner, n).pk
            # As autovacuum would soon after a bulk write: without statistics PostgreSQL plans
            # the few rows an edit changed as if they were every row of the map.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            t = measure(map_id, n)
            t["server"] = server_ms(map_id, REPEAT[n])
            counts = [queries(f, map_id) for f in (statuses_now, statuses_before)]
            ratio, before = t["now"] / t["ref"], t["before"] / t["ref"]
            verdict = "met" if ratio <= GOAL else "NOT met"
            statuses.append(
                [f"{n:,}", ms(t["ref"]), ms(t["solver"]), ms(t["query"]), ms(t["server"]),
                 ms(t["compile"]), ms(t["now"]), f"{ratio:.2f}x", f"{GOAL:.1f}x", verdict,
                 ms(t["before"]), f"{before:.2f}x", f"{counts[0]} / {counts[1]}"]
            )  # fmt: skip
            edit = after_edits(map_id, REPEAT[n])
            others.append(
                [f"{n:,}", ms(t["ref"]), ms(edit), f"{edit / t['ref']:.2f}x", ms(t["first"]),
                 f"{t['first'] / t['ref']:.2f}x", ms(t["unpacked"]),
                 f"{t['unpacked'] / t['ref']:.2f}x"]
            )  # fmt: skip
            counts = [queries(f, map_id) for f in (fill_now, fill_before)]
            full = t["ref full"]
            fills.append(
                [f"{n:,}", ms(full), ms(t["fill now"]), f"{t['fill now'] / full:.2f}x",
                 ms(t["fill before"]), f"{t['fill before'] / full:.2f}x",
                 f"{counts[0]} / {counts[1]}"]
            )  # fmt: skip
    runs = ", ".join(f"{n:,}: {r}" for n, r in REPEAT.items())
    print(f"Medians of interleaved runs ({runs}), ms.")
    print("\nDatabase → each statement's status (grounded labelling)")
    print(table(["statements", "ref", "solver", "query", "in the db", "compile", "now",
                 "now/ref", "goal", "", "before", "before/ref", "queries now/before"],
                statuses))  # fmt: skip
    print("  query: load_columns from Python (one query: the packed value and the rows written "
          "since); in the db: its planning and execution (EXPLAIN ANALYZE, without per-step "
          "timing); compile: from the packed value's positions")  # fmt: skip
    print("\nThe same when there is something to apply or nothing packed yet")
    print(table(["statements", "ref", "after an edit", "/ref", "first read (packs)", "/ref",
                 "read whole, not packed", "/ref"], others))  # fmt: skip
    print(
        "  after an edit: a claim and its objection added through the services, then the read, "
        "which reads the rows written since the map was packed and applies them (the result is "
        "kept from 64 rows on); read whole: a map below ARGMAP_PACK_FROM"
    )
    print("\nThe page's cache fill: structure + statuses, strengths, preferred flags")
    print(table(["statements", "ref+dfquad", "now", "now/ref", "before", "before/ref",
                 "queries now/before"], fills))  # fmt: skip
    print(f"load average after: {loadavg()}")


if __name__ == "__main__":
    main()
