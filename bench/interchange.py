"""Import and export of a 10,000-statement Argdown file, beside @argdown/cli parsing it to JSON.

Run: scripts/bench.sh interchange (or .venv/bin/python bench/interchange.py from bench/).
The file is generated (theses, claims and dated evidence in the demo's shape, with rationales,
undercuts and co-premises) and written by argmap's own Argdown writer into bench/out/. Import is
`map_import` on a throwaway PostgreSQL: the reader (parse, then `check_graph`) and
`map_create_from_graph` (one COPY per table), timed apart too; "before" is the former write path,
kept as the fallback for other databases (the graph checked again, each row a validated model
instance, bulk-inserted), timed in turns with the new one. Export is `map_export_graph` (the map
loaded in constant queries) + the writer. @argdown/cli is installed from the npm registry into
bench/out/ (never into the repository) the first time and timed as a whole process, Node's start
included, with its start-up alone shown beside it. Goal: the whole import faster than the CLI's
parse. The machine is shared: the load average is printed before and after.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from evaluation import medians_ms
from harness import ROOT, django_on_postgres, median_ms, table

from argmap.graph import Graph, GraphLink, GraphNode, GraphScholar, GraphSource

STATEMENTS = 10_000
OUT = ROOT / "bench" / "out"
CLI = OUT / "node_modules" / ".bin" / "argdown"


def generated_graph(n: int, seed: int = 1) -> Graph:
    rng = random.Random(seed)
    graph = Graph(title=f"Benchmark map of {n:,} statements", question="Why did it happen?")
    graph.sources["s1"] = GraphSource(id="s1", title="A history of the war", year=1999)
    graph.scholars["p1"] = GraphScholar(id="p1", name="A. Historian", works=["s1"])
    theses = max(1, n // 20)
    for i in range(n):
        kind = "thesis" if i < theses else ("evidence" if i % 2 else "claim")
        node = GraphNode(id=str(i), kind=kind, text=f"Statement {i} of a benchmark map, with "
                         "some [brackets], a #hash and an_underscore to escape.")  # fmt: skip
        if kind == "evidence":
            node.date, node.source, node.locator = f"1945-08-{1 + i % 28:02d}", "s1", f"p. {i}"
        if kind == "thesis":
            node.title, node.scholar = f"Thesis {i}", "p1"
        graph.add_node(node)
    for i in range(theses, n):
        parent = str(rng.randrange(max(1, i // 3), i)) if i > theses else "0"
        if graph.nodes[parent].kind == "evidence":
            parent = str(rng.randrange(theses))
        link = GraphLink(id=f"l{i}", kind="opposes" if rng.random() < 0.25 else "supports",
                         source=str(i), target=parent)  # fmt: skip
        if i % 3 == 0:
            link.scholar, link.rationale, link.citation = "p1", f"Reason {i}.", "s1"
        if i % 50 == 0 and i - 1 > theses and str(i - 1) != parent:
            link.co_premises = [str(i - 1)]
        graph.add_link(link)
    plain = [ln for ln in graph.links.values() if ln.kind != "undercuts"]
    for k in range(n // 100):
        graph.add_link(GraphLink(id=f"u{k}", kind="undercuts", source=str(theses + k),
                                 target_link=plain[-1 - k].id))  # fmt: skip
    return graph


def argdown_cli() -> Path | None:
    if CLI.exists():
        return CLI
    if shutil.which("npm") is None:
        print("npm is not installed: @argdown/cli is skipped.")
        return None
    print("Installing @argdown/cli from the npm registry into bench/out/ …")
    subprocess.run(
        ["npm", "install", "--prefix", str(OUT), "--no-audit", "--no-fund", "--loglevel=error",
         "@argdown/cli"],
        check=True,
    )  # fmt: skip
    return CLI if CLI.exists() else None


def time_cli(cli: Path, source: Path, repeat: int) -> tuple[float, float]:
    """Median ms for `argdown json FILE DIR` and for `argdown --version` (Node start-up)."""
    target = OUT / "argdown-json"

    def run(*args: str) -> float:
        start = time.perf_counter()
        result = subprocess.run([str(cli), *args], capture_output=True, text=True, check=False)
        elapsed = (time.perf_counter() - start) * 1000
        if result.returncode != 0 or "error" in result.stdout.lower():
            raise SystemExit(f"@argdown/cli failed: {result.stdout}{result.stderr}")
        return elapsed

    parse = sorted(run("json", str(source), str(target)) for _ in range(repeat))[repeat // 2]
    startup = sorted(run("--version") for _ in range(repeat))[repeat // 2]
    return parse, startup


@contextmanager
def former_write() -> Iterator[None]:
    """The former write path, meanwhile: the graph checked again, then every row built as a
    model instance, validated by it and bulk-inserted (what other databases than PostgreSQL still
    take: argmap/maps/services/graph.py)."""
    from django.db import connection

    from argmap.maps.services import imports

    write = imports.map_create_from_graph

    def unchecked(**kwargs: Any) -> Any:
        return write(**{**kwargs, "checked": False})

    saved = connection.vendor
    connection.vendor, imports.map_create_from_graph = "sqlite", unchecked  # type: ignore[misc]
    try:
        yield
    finally:
        connection.vendor, imports.map_create_from_graph = saved, write  # type: ignore[misc]


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    from argmap.interchange import argdown
    from argmap.interchange.base import DEFAULT_LIMITS
    from argmap.interchange.checks import check_graph

    print(f"load average {loadavg()}")
    graph = generated_graph(STATEMENTS)
    text = argdown.write(graph).text
    source = OUT / f"bench-{STATEMENTS}.argdown"
    source.write_text(text, encoding="utf-8")
    size = len(text.encode())
    read = argdown.read(text).graph
    times = medians_ms(
        {
            "read": lambda: argdown.read(text),
            "check": lambda: check_graph(read, DEFAULT_LIMITS),
            "write": lambda: argdown.write(graph),
        },
        5,
    )

    with django_on_postgres():
        from django.contrib.auth.models import User

        from argmap.maps.exports import map_export_graph
        from argmap.maps.services.graph import map_create_from_graph
        from argmap.maps.services.imports import map_import

        owner = User.objects.create_user("bench", password="bench-password-1945")
        made = []

        def import_now() -> None:
            made.append(map_import(owner=owner, text=text, format="argdown").map)

        def import_before() -> None:
            with former_write():
                map_import(owner=owner, text=text, format="argdown")

        def store(checked: bool) -> None:
            map_create_from_graph(owner=owner, graph=read, checked=checked)

        def store_before() -> None:
            with former_write():
                store(False)

        times |= medians_ms(
            {
                "import": import_now,
                "import before": import_before,
                "store": lambda: store(True),
                "store before": store_before,
            },
            3,
        )
        map_ = made[-1]
        assert map_.nodes.count() == STATEMENTS
        times["export"] = median_ms(lambda: argdown.write(map_export_graph(map_)), 3)

    rows = [
        ["argmap: read (parse + check)", f"{times['read']:,.0f}"],
        ["argmap: check alone (check_graph)", f"{times['check']:,.0f}"],
        ["argmap: store the read graph in PostgreSQL (COPY)", f"{times['store']:,.0f}"],
        ["  before: checked again, ORM rows validated, bulk-inserted",
         f"{times['store before']:,.0f}"],
        ["argmap: import (read + store)", f"{times['import']:,.0f}"],
        ["  before", f"{times['import before']:,.0f}"],
        ["argmap: write (graph to Argdown)", f"{times['write']:,.0f}"],
        ["argmap: export (load map from PostgreSQL + write)", f"{times['export']:,.0f}"],
    ]  # fmt: skip
    cli = argdown_cli()
    if cli is not None:
        cli_ms, startup_ms = time_cli(cli, source, 3)
        rows += [
            ["@argdown/cli: argdown json FILE (whole process)", f"{cli_ms:,.0f}"],
            ["@argdown/cli: Node start-up alone (argdown --version)", f"{startup_ms:,.0f}"],
        ]
    print(
        f"{STATEMENTS:,} statements, {len(graph.links):,} links, {size / 1024:,.0f} KiB of Argdown"
    )
    print(table(["what", "median ms"], rows))
    if cli is not None:
        print(f"ratio @argdown/cli parse / argmap read: {cli_ms / times['read']:.1f}x")
        for label, key in (("now", "import"), ("before", "import before")):
            ratio = times[key] / cli_ms
            verdict = "met" if ratio < 1 else "NOT met"
            print(
                f"argmap import / @argdown/cli parse, {label}: {ratio:.2f}x "
                f"(goal: under 1x, {verdict})"
            )
        parsed = (cli_ms - startup_ms) / times["read"]
        print(f"ratio @argdown/cli parse without Node's start-up / argmap read: {parsed:.1f}x")
    print(f"load average after: {loadavg()}")


if __name__ == "__main__":
    main()
