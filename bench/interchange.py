"""Import and export of a 10,000-statement Argdown file, beside @argdown/cli parsing it to JSON.

Run: scripts/bench.sh interchange (or .venv/bin/python bench/interchange.py from bench/).
The file is generated (theses, claims and dated evidence in the demo's shape, with rationales,
undercuts and co-premises) and written by argmap's own Argdown writer into bench/out/. Import is
parse + `map_create_from_graph` on a throwaway PostgreSQL; export is `map_export_graph` (the map
loaded in constant queries) + the writer. @argdown/cli is installed from the npm registry into
bench/out/ (never into the repository) the first time and timed as a whole process, Node's start
included, with its start-up alone shown beside it.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path

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


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    from argmap.interchange import argdown

    graph = generated_graph(STATEMENTS)
    text = argdown.write(graph).text
    source = OUT / f"bench-{STATEMENTS}.argdown"
    source.write_text(text, encoding="utf-8")
    size = len(text.encode())
    parse_ms = median_ms(lambda: argdown.read(text), 5)
    write_ms = median_ms(lambda: argdown.write(graph), 5)

    with django_on_postgres():
        from django.contrib.auth.models import User

        from argmap.maps.exports import map_export_graph
        from argmap.maps.services.imports import map_import

        owner = User.objects.create_user("bench", password="bench-password-1945")
        made = []
        import_ms = median_ms(
            lambda: made.append(map_import(owner=owner, text=text, format="argdown").map), 3
        )
        map_ = made[-1]
        assert map_.nodes.count() == STATEMENTS
        export_ms = median_ms(lambda: argdown.write(map_export_graph(map_)), 3)

    rows = [
        ["argmap: parse (read)", f"{parse_ms:,.0f}"],
        ["argmap: import (parse + check + write to PostgreSQL)", f"{import_ms:,.0f}"],
        ["argmap: write (graph to Argdown)", f"{write_ms:,.0f}"],
        ["argmap: export (load map from PostgreSQL + write)", f"{export_ms:,.0f}"],
    ]
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
        print(f"ratio @argdown/cli parse / argmap parse: {cli_ms / parse_ms:.1f}x")
        print(f"ratio @argdown/cli parse / argmap import: {cli_ms / import_ms:.1f}x")
        parsed = (cli_ms - startup_ms) / parse_ms
        print(f"ratio without Node's start-up: {parsed:.1f}x")


if __name__ == "__main__":
    main()
