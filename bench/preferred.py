"""Preferred semantics (defensible / in every coherent position): its time on the demo, on maps
of 1,000 and 10,000 statements, and where it stops being interactive.

Run: scripts/bench.sh preferred (or .venv/bin/python bench/preferred.py). The demo is loaded
through argmap.maps.demo into a throwaway PostgreSQL, as `make run` loads it.

Families (all seeded, seed 1):

- **demo**: the demo debate as loaded, and **demo xk**: k disjoint copies of it, the shape of
  real data at about 1,000 and 10,000 statements;
- **debates**: debates of 38 statements: five theses, two of the rival pairs opposing each other
  both ways, two key claims per thesis and two pieces of evidence per key claim, and readings
  that dispute (undercut) a rival's use of evidence and oppose each other; one debate in five
  has a thesis opposing one of the previous debate's. Grounded leaves the rival pairs and the
  readings undecided: the case preferred semantics is for;
- **random**: random attack graphs with 3 attacks per argument (`random_af` of
  bench/evaluation.py). No map looks like this: it is the hard case of solver competitions,
  and the place to see where the search stops being interactive.

"preferred ms" is the median of `preferred(framework, grounded)`: what asking
`Evaluation.preferred` adds to an evaluation (whose median is "evaluate ms"), within the default
budget. "core" is how many arguments grounded leaves undecided; "positions" how many preferred
extensions there are. Interactive here means under 100 ms. For random graphs clingo (the ASPARTIX
preferred encoding of tests/evaluation/oracle_preferred.py, enumerating every preferred
extension) is timed beside ours, and both answers are compared where ours completes.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import replace

from evaluation import medians_ms, ms, random_af, to_graph
from harness import ROOT, django_on_postgres, table

from argmap.evaluation import Evaluation, Label, evaluate
from argmap.evaluation.preferred import DEFAULT_MAX_STEPS, DEFAULT_TIME_LIMIT, preferred
from argmap.graph import Graph, GraphLink, GraphNode

REPEAT = 9
LONG = 20.0  # seconds: the budget that shows how far the search gets when given time


def copies(graph: Graph, k: int) -> Graph:
    """k disjoint copies of `graph`, ids prefixed with the copy's number."""
    out = Graph()
    for c in range(k):
        for node in graph.nodes.values():
            out.add_node(replace(node, id=f"{c}:{node.id}"))
        for link in graph.links.values():
            out.add_link(
                replace(
                    link,
                    id=f"{c}:{link.id}",
                    source=f"{c}:{link.source}",
                    target=None if link.target is None else f"{c}:{link.target}",
                    target_link=None if link.target_link is None else f"{c}:{link.target_link}",
                    co_premises=[f"{c}:{p}" for p in link.co_premises],
                )
            )
    return out


def debates(n: int, seed: int = 1) -> Graph:
    """About n statements in debates of 38 (see the module docstring)."""
    rng = random.Random(seed)
    graph = Graph()

    def node(nid: str, kind: str) -> str:
        graph.add_node(GraphNode(id=nid, kind=kind, text=nid))
        return nid

    def link(kind: str, source: str, target: str) -> str:
        lid = f"l{len(graph.links)}"
        if kind == "undercuts":
            graph.add_link(GraphLink(lid, kind, source, target_link=target))
        else:
            graph.add_link(GraphLink(lid, kind, source, target=target))
        return lid

    for d in range(max(1, n // 38)):
        theses = [node(f"d{d}t{i}", "thesis") for i in range(5)]
        key_links = {}
        for i, t in enumerate(theses):
            for j in range(2):
                k = node(f"d{d}k{i}{j}", "claim")
                key_links[i, j] = link("supports", k, t)
                for m in range(2):
                    link("supports", node(f"d{d}e{i}{j}{m}", "evidence"), k)
        for a, b in ((0, 1), (1, 0), (1, 2), (3, 4), (4, 3), (2, 4)):
            link("opposes", theses[a], theses[b])
        # Two readings, each disputing the other side's use of its key claim, answer each other.
        r0, r1, r2 = (node(f"d{d}r{i}", "claim") for i in range(3))
        link("supports", r0, theses[0])
        link("supports", r1, theses[1])
        link("undercuts", r0, key_links[1, 0])
        link("undercuts", r0, key_links[1, 1])
        link("undercuts", r1, key_links[0, 0])
        link("undercuts", r1, key_links[0, 1])
        link("opposes", r0, r1)
        link("opposes", r1, r0)
        link("supports", r2, theses[3])
        link("undercuts", r2, key_links[4, 0])
        link("undercuts", r2, key_links[4, 1])
        link("opposes", theses[4], r2)
        if d and rng.random() < 0.2:
            link("opposes", theses[rng.randrange(5)], f"d{d - 1}t{rng.randrange(5)}")
    return graph


def measure(graph: Graph) -> tuple[Evaluation, dict[str, float]]:
    result = evaluate(graph)
    fw, g = result.framework, result.grounded
    times = medians_ms(
        {"evaluate": lambda: evaluate(graph), "preferred": lambda: preferred(fw, g)}, REPEAT
    )
    return result, times


def row(family: str, graph: Graph) -> list[str]:
    result, t = measure(graph)
    found = result.preferred
    count = found.extensions
    positions = (
        "?" if count is None else f"{count:,}" if count < 10**6 else f"~10^{len(str(count)) - 1}"
    )
    return [
        family,
        f"{len(graph.nodes):,}",
        f"{found.core_size:,}",
        "yes" if found.complete else "NO",
        positions,
        ms(t["evaluate"]),
        ms(t["preferred"]),
    ]


def demo_graph() -> Graph:
    with django_on_postgres():
        from argmap.maps.demo import load_demo
        from argmap.maps.graphs import bundle_graph
        from argmap.maps.selectors import map_bundle

        return bundle_graph(map_bundle(load_demo().map))


def theses_table(graph: Graph) -> str:
    result = evaluate(graph)
    rows = []
    for thesis in graph.theses():
        label = result.labels[thesis.id]
        rows.append(
            [
                thesis.key or thesis.id,
                label.value.upper() if label != Label.UNDECIDED else "UNDEC",
                "yes" if result.defensible(thesis.id) else "no",
                "yes" if result.sceptical(thesis.id) else "no",
            ]
        )
    return table(["thesis", "grounded", "defensible", "in every position"], rows)


def clingo_acceptance(n: int, atts: list[tuple[int, int]]) -> tuple[set[int], set[int]]:
    sys.path.insert(0, str(ROOT))
    from tests.evaluation.oracle_preferred import clingo_preferred

    extensions = clingo_preferred(n, atts)
    return set().union(*extensions), set.intersection(*extensions)


def random_rows() -> list[list[str]]:
    rows = []
    for n in (100, 200, 500, 1_000, 10_000):
        n, atts = random_af(n, seed=1)
        graph = to_graph(n, atts, [])
        result = evaluate(graph)
        fw, g = result.framework, result.grounded
        start = time.perf_counter()
        quick = preferred(fw, g)
        quick_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        long = preferred(fw, g, max_steps=None, time_limit=LONG)
        long_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        credulous, sceptical = clingo_acceptance(n, atts)
        clingo_ms = (time.perf_counter() - start) * 1000
        if long.complete:
            ours = {int(fw.ids[i][1:]) for i, v in enumerate(long.credulous) if v}
            every = {int(fw.ids[i][1:]) for i, v in enumerate(long.sceptical) if v}
            assert (ours, every) == (credulous, sceptical), f"clingo disagrees at {n}"
        rows.append(
            [
                f"{n:,}",
                f"{long.core_size:,}",
                f"{ms(quick_ms)} ({'done' if quick.complete else 'out of budget'})",
                f"{ms(long_ms)} ({'done' if long.complete else 'out of time'})",
                ms(clingo_ms),
            ]
        )
    return rows


def main() -> None:
    print(f"Python {sys.version.split()[0]}; medians of {REPEAT} runs; default budget "
          f"{DEFAULT_MAX_STEPS:,} steps or {DEFAULT_TIME_LIMIT} s")  # fmt: skip
    demo = demo_graph()
    per_copy = len(demo.nodes)
    rows = [row("demo", demo)]
    for target in (1_000, 10_000):
        k = max(1, round(target / per_copy))
        rows.append(row(f"demo x{k}", copies(demo, k)))
    for n in (1_000, 10_000):
        rows.append(row("debates", debates(n)))
    print("\nMaps (what a page pays on top of evaluate() to say what is defensible)")
    print(table(["family", "statements", "core", "complete", "positions", "evaluate ms",
                 "preferred ms"], rows))  # fmt: skip
    print("\nThe demo's theses")
    print(theses_table(demo))
    print("\nRandom attack graphs, 3 attacks per argument (single runs)")
    print(table(["arguments", "core", "default budget ms", f"{LONG:.0f} s budget ms",
                 "clingo ms"], random_rows()))  # fmt: skip


if __name__ == "__main__":
    main()
