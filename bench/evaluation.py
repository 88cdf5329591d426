"""Evaluation speed: grounded labelling and acyclic DF-QuAD at 1k, 10k and 100k nodes.

Run: scripts/bench.sh evaluation (or .venv/bin/python bench/evaluation.py). No Django needed.

Instances come from the seeded generators below (seed 1): `random_af` (m = 3n
attacks) and `tree_af` (m = n - 1) for grounded; for DF-QuAD, `bipolar_tree` and a random DAG
(each pair of `random_af` oriented from the higher to the lower number, attack or support with
probability 1/2). Every timing is the median of repeated runs of:

- **ours (core)**: `grounded(framework)` / `strengths(framework)` on the compiled map, whose
  links are int pairs as the reference's input is;
- **ours (from Graph)**: what a view pays: string ids mapped, solver, a dict of labels by id;
- **reference**: `ref_grounded` below, a minimal O(n + m) grounded solver, and a DF-QuAD of the
  same minimal style (Kahn order, lists of ints);
- **formal-argumentation 0.3.0**: building its framework object from names, then solving; it is
  installed by this script into bench/out/ (gitignored), never into the project's requirements.

Aims: ours within 1.5x of the reference, formal-argumentation at least 5x slower than
ours at 100k. Results are checked against each other before timings are printed.
"""

from __future__ import annotations

import gc
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from harness import ROOT, table

from argmap.evaluation.evaluate import evaluate
from argmap.evaluation.framework import compile_graph
from argmap.evaluation.gradual import strengths
from argmap.evaluation.grounded import IN, grounded
from argmap.graph import Graph, GraphLink, GraphNode

SIZES = [1_000, 10_000, 100_000]
REPEAT = {1_000: 31, 10_000: 9, 100_000: 5}
FA_VERSION = "0.3.0"
FA_DIR = ROOT / "bench" / "out" / f"formal-argumentation-{FA_VERSION}"


# --- generators: seeded, so every run times the same instances -------------------------------


def random_af(n, k=3, seed=0):  # type: ignore[no-untyped-def]
    """n arguments, exactly k*n distinct attacks (a, b), a != b, endpoints uniform."""
    rng = random.Random(seed)
    atts = set()
    while len(atts) < k * n:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            atts.add((a, b))
    return n, sorted(atts)


def tree_af(n, seed=0):  # type: ignore[no-untyped-def]
    """Argument-map shape: random recursive tree, node i>0 attacks a uniform parent in [0, i)."""
    rng = random.Random(seed)
    return n, [(i, rng.randrange(i)) for i in range(1, n)]


def bipolar_tree(n, seed=0, p_attack=0.5):  # type: ignore[no-untyped-def]
    """Same tree, each edge is an attack or a support with probability 1/2 (for DF-QuAD)."""
    rng = random.Random(seed)
    att, sup = [], []
    for i in range(1, n):
        e = (i, rng.randrange(i))
        (att if rng.random() < p_attack else sup).append(e)
    return n, att, sup


def bipolar_random_dag(n: int, seed: int = 0) -> tuple[int, list[Any], list[Any]]:
    """random_af's pairs oriented from the higher to the lower number (so acyclic), each an
    attack or a support with probability 1/2."""
    _, pairs = random_af(n, seed=seed)
    rng = random.Random(seed)
    att, sup = [], []
    for a, b in sorted({(max(a, b), min(a, b)) for a, b in pairs}):
        (att if rng.random() < 0.5 else sup).append((a, b))
    return n, att, sup


# --- the references -----------------------------------------------------------------------------


def ref_grounded(n, atts):  # type: ignore[no-untyped-def]
    out_adj = [[] for _ in range(n)]
    live = [0] * n  # attackers not (yet) labelled OUT
    for a, b in atts:
        out_adj[a].append(b)
        live[b] += 1
    label = [0] * n  # 0 UNDEC, 1 IN, 2 OUT
    stack = [i for i in range(n) if live[i] == 0]
    while stack:
        x = stack.pop()
        if label[x]:
            continue
        label[x] = 1  # all attackers are OUT -> IN
        for y in out_adj[x]:
            if label[y] == 0:
                label[y] = 2  # attacked by an IN argument -> OUT
                for z in out_adj[y]:
                    live[z] -= 1
                    if live[z] == 0 and label[z] == 0:
                        stack.append(z)
    return [i for i in range(n) if label[i] == 1]  # the rest stay UNDEC


def ref_dfquad(n: int, att: list[Any], sup: list[Any], base: float = 0.5) -> list[float]:
    """Minimal DF-QuAD on an acyclic bipolar graph: Kahn order, then one pass."""
    succ: list[list[int]] = [[] for _ in range(n)]
    att_in: list[list[int]] = [[] for _ in range(n)]
    sup_in: list[list[int]] = [[] for _ in range(n)]
    indegree = [0] * n
    for a, b in att:
        succ[a].append(b)
        att_in[b].append(a)
        indegree[b] += 1
    for a, b in sup:
        succ[a].append(b)
        sup_in[b].append(a)
        indegree[b] += 1
    stack = [i for i in range(n) if indegree[i] == 0]
    s = [0.0] * n
    while stack:
        x = stack.pop()
        va = vs = 1.0
        for y in att_in[x]:
            va *= 1.0 - s[y]
        for y in sup_in[x]:
            vs *= 1.0 - s[y]
        d = va - vs  # (1 - vs) - (1 - va) = supporting minus attacking strength
        s[x] = base + base * d if d <= 0 else base + (1 - base) * d
        for t in succ[x]:
            indegree[t] -= 1
            if indegree[t] == 0:
                stack.append(t)
    return s


# --- formal-argumentation, in its own directory ------------------------------------------------


def load_formal_argumentation() -> Any:
    if not (FA_DIR / "argumentation").is_dir():
        print(f"installing formal-argumentation {FA_VERSION} into {FA_DIR.relative_to(ROOT)}")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--target", str(FA_DIR), f"formal-argumentation=={FA_VERSION}"],
            check=True,
        )  # fmt: skip
    sys.path.insert(0, str(FA_DIR))
    import argumentation.core.dung as dung
    import argumentation.gradual.dfquad as dfquad
    import argumentation.gradual.gradual as gradual

    return dung, dfquad, gradual


# --- measuring ---------------------------------------------------------------------------------


def medians_ms(fns: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Median wall time of each function, run in turns (one of each per round) so that load
    from other processes on this shared machine falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            # Start each run from a clean heap: a collection left over from the previous run
            # would otherwise be charged to this one.
            gc.collect()
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def to_graph(n: int, att: list[Any], sup: list[Any]) -> Graph:
    graph = Graph()
    for i in range(n):
        graph.add_node(GraphNode(id=f"a{i}", kind="claim", text=f"a{i}"))
    for j, (a, b) in enumerate(att):
        graph.add_link(GraphLink(id=f"o{j}", kind="opposes", source=f"a{a}", target=f"a{b}"))
    for j, (a, b) in enumerate(sup):
        graph.add_link(GraphLink(id=f"s{j}", kind="supports", source=f"a{a}", target=f"a{b}"))
    return graph


def labels_from_graph(graph: Graph) -> dict[str, int]:
    fw = compile_graph(graph)
    return dict(zip(fw.ids, grounded(fw).label, strict=True))


def strengths_from_graph(graph: Graph) -> dict[str, float]:
    fw = compile_graph(graph)
    return dict(zip(fw.ids, strengths(fw).values, strict=True))


def ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def bench_grounded(fa: Any) -> list[list[str]]:
    dung = fa[0]
    rows = []
    for family, make in (("random", random_af), ("tree", tree_af)):
        for n in SIZES:
            n, atts = make(n, seed=1)
            graph = to_graph(n, atts, [])
            fw = compile_graph(graph)
            names = [f"a{i}" for i in range(n)]
            pairs = frozenset((names[a], names[b]) for a, b in atts)

            def fa_run(names: list[str] = names, pairs: frozenset[Any] = pairs) -> Any:
                af = dung.ArgumentationFramework(arguments=frozenset(names), defeats=pairs)
                return dung.grounded_extension(af)

            ours = {fw.ids[i] for i, v in enumerate(grounded(fw).label) if v == IN}
            ref = {names[i] for i in ref_grounded(n, atts)}
            assert ours == ref == set(fa_run()), f"grounded disagrees on {family} {n}"
            t = medians_ms(
                {
                    "ref": lambda n=n, atts=atts: ref_grounded(n, atts),
                    "core": lambda fw=fw: grounded(fw),
                    "graph": lambda graph=graph: labels_from_graph(graph),
                    "fa": fa_run,
                },
                REPEAT[n],
            )
            rows.append(_row(family, n, len(ours), t))
    return rows


def bench_dfquad(fa: Any) -> list[list[str]]:
    _, dfquad, gradual = fa
    rows = []
    for family, make in (("random DAG", bipolar_random_dag), ("tree", bipolar_tree)):
        for n in SIZES:
            n, att, sup = make(n, seed=1)
            graph = to_graph(n, att, sup)
            fw = compile_graph(graph)
            names = [f"a{i}" for i in range(n)]
            att_pairs = frozenset((names[a], names[b]) for a, b in att)
            sup_pairs = frozenset((names[a], names[b]) for a, b in sup)

            def fa_run(
                names: list[str] = names, att_pairs: Any = att_pairs, sup_pairs: Any = sup_pairs
            ) -> Any:
                wbg = gradual.WeightedBipolarGraph(
                    arguments=frozenset(names),
                    initial_weights=dict.fromkeys(names, 0.5),
                    attacks=att_pairs,
                    supports=sup_pairs,
                )
                return dfquad.dfquad_strengths(wbg).strengths

            ours = strengths(fw)
            assert ours.semantics == "df-quad"
            ref = ref_dfquad(n, att, sup)
            theirs = fa_run()
            worst = max(
                max(abs(ours.values[fw.index[names[i]]] - ref[i]) for i in range(n)),
                max(abs(ours.values[fw.index[name]] - theirs[name]) for name in names),
            )
            assert worst < 1e-9, f"DF-QuAD disagrees on {family} {n}: {worst}"
            t = medians_ms(
                {
                    "ref": lambda n=n, att=att, sup=sup: ref_dfquad(n, att, sup),
                    "core": lambda fw=fw: strengths(fw),
                    "graph": lambda graph=graph: strengths_from_graph(graph),
                    "fa": fa_run,
                },
                REPEAT[n],
            )
            rows.append(_row(family, n, len(att) + len(sup), t))
    return rows


def _row(family: str, n: int, extra: int, t: dict[str, float]) -> list[str]:
    return [
        family,
        f"{n:,}",
        f"{extra:,}",
        *(ms(t[k]) for k in ("ref", "core", "graph", "fa")),
        f"{t['core'] / t['ref']:.2f}x",
        f"{t['graph'] / t['ref']:.2f}x",
        f"{t['fa'] / t['core']:.1f}x",
        f"{t['fa'] / t['graph']:.1f}x",
    ]


HEADERS = ["family", "nodes", "{}", "ref ms", "core ms", "Graph ms", "f-a ms"]
RATIOS = ["core/ref", "Graph/ref", "f-a/core", "f-a/Graph"]


def verdict(rows: list[list[str]]) -> str:
    at_100k = [r for r in rows if r[1] == "100,000"]

    def worst(column: int, pick: Callable[..., float]) -> float:
        return pick(float(r[column].rstrip("x")) for r in at_100k)

    core, graph, fa_core, fa_graph = worst(7, max), worst(8, max), worst(9, min), worst(10, min)
    return (
        f"  at 100k, worst case: core {core:.2f}x the reference (aim <= 1.5x: "
        f"{'met' if core <= 1.5 else 'NOT met'}); formal-argumentation {fa_core:.1f}x slower than "
        f"the core (aim >= 5x: {'met' if fa_core >= 5 else 'NOT met'}).\n"
        f"  From a Graph (string ids mapped, dict of results): {graph:.2f}x the reference, "
        f"formal-argumentation {fa_graph:.1f}x slower ({'met' if fa_graph >= 5 else 'not met'} "
        "on this stricter basis)."
    )


def main() -> None:
    fa = load_formal_argumentation()
    runs = ", ".join(f"{n:,}: {r}" for n, r in REPEAT.items())
    print(f"Python {sys.version.split()[0]}; medians of interleaved runs ({runs})")
    rows = bench_grounded(fa)
    print("\nGrounded labelling (attack graphs; third column: size of the grounded extension)")
    print(table([*HEADERS[:2], "IN", *HEADERS[3:], *RATIOS], rows))
    print(verdict(rows))
    rows = bench_dfquad(fa)
    print("\nDF-QuAD, base score 0.5 (acyclic bipolar graphs; third column: links)")
    print(table([*HEADERS[:2], "links", *HEADERS[3:], *RATIOS], rows))
    print(verdict(rows))
    # What a view pays on a real-sized map: everything evaluate() does, both semantics.
    n, att, sup = bipolar_tree(1_000, seed=1)
    graph = to_graph(n, att, sup)
    t = medians_ms({"evaluate": lambda: evaluate(graph)}, 41)["evaluate"]
    print(f"\nevaluate() on a 1,000-node bipolar tree (labels + strengths): {ms(t)} ms")


if __name__ == "__main__":
    main()
