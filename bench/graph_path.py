"""The database→graph path: from a map's id to each statement's status, at 1,000, 10,000 and
100,000 statements, beside the minimal reference solver on the same graph.

Run: scripts/bench.sh graph_path (or .venv/bin/python bench/graph_path.py from bench/). Maps are
built with `harness.build_map_fast` (the demo's tree shape: a quarter of the links are
objections). Timed, as medians of interleaved runs, each from a clean heap:

- **statuses, now**: `load_columns` (three queries of arrays), `compile_columns`, `grounded`,
  and a dict of each statement's status: the path the page's evaluation takes from the database;
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

import os
import sys
from collections import defaultdict
from typing import Any

from evaluation import medians_ms, ms, ref_dfquad, ref_grounded
from harness import QueryCount, build_map_fast, django_on_postgres, table

SIZES = [1_000, 10_000, 100_000]
REPEAT = {1_000: 21, 10_000: 9, 100_000: 5}
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
    from argmap.evaluation.framework import compile_columns
    from argmap.evaluation.grounded import grounded
    from argmap.maps.columns import load_columns

    columns = load_columns([map_id])[map_id]
    fw = compile_columns(columns.nodes, columns.base_scores, columns.links)
    return dict(zip(fw.ids, map(STATUS.__getitem__, grounded(fw).label), strict=True))


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
                cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {query['sql']}")
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
    from argmap.evaluation.framework import compile_columns
    from argmap.evaluation.grounded import grounded
    from argmap.maps.columns import load_columns

    nodes, att, sup = reference_input(map_id)
    assert nodes == n
    columns = load_columns([map_id])[map_id]
    fw = compile_columns(columns.nodes, columns.base_scores, columns.links)
    now, before = statuses_now(map_id), statuses_before(map_id)
    assert now == before, "the statuses differ"
    reference = {columns.nodes[i] for i in ref_grounded(nodes, att)}
    assert {pk for pk, status in now.items() if status == "in"} == reference
    assert fill_now(map_id) == fill_before(map_id), "the page's results differ"
    return medians_ms(
        {
            "ref": lambda: ref_grounded(nodes, att),
            "ref full": lambda: (ref_grounded(nodes, att), ref_dfquad(nodes, att, sup)),
            "solver": lambda: grounded(fw),
            "query": lambda: load_columns([map_id]),
            "compile": lambda: compile_columns(columns.nodes, columns.base_scores, columns.links),
            "now": lambda: statuses_now(map_id),
            "before": lambda: statuses_before(map_id),
            "fill now": lambda: fill_now(map_id),
            "fill before": lambda: fill_before(map_id),
        },
        REPEAT[n],
    )


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    print(f"Python {sys.version.split()[0]}; load average {loadavg()}")
    with django_on_postgres():
        from django.contrib.auth.models import User

        owner = User.objects.create_user("bench", password="bench-password-1945")
        statuses, fills = [], []
        for n in SIZES:
            map_id = build_map_fast(owner, n).pk
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
    print("  query: load_columns from Python; in the db: the same queries' planning and execution "
          "(EXPLAIN ANALYZE, without per-step timing)")  # fmt: skip
    print("\nThe page's cache fill: structure + statuses, strengths, preferred flags")
    print(table(["statements", "ref+dfquad", "now", "now/ref", "before", "before/ref",
                 "queries now/before"], fills))  # fmt: skip
    print(f"load average after: {loadavg()}")


if __name__ == "__main__":
    main()
