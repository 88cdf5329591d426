"""A 20,000-statement map (the import limit) backed up as argmap JSON and restored.

Run: scripts/bench.sh backup. Prints the export's size, the medians of the export's and the
import's times over REPEAT runs, and the import's peak memory (resident set, the largest of the
runs). Each import runs in a process of its own, forked before the export was made (so that the
peak is the import's own, not the map built for the benchmark): it reads the file as the
import page does, bytes from disk decoded to text, then `map_import` (aim: under about 300 MB).
"""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import tempfile
import time
from pathlib import Path

from harness import django_on_postgres, table
from interchange import generated_graph

from argmap.interchange import DEFAULT_LIMITS

STATEMENTS = DEFAULT_LIMITS.max_statements
REPEAT = 3


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def restore(path: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from django.contrib.auth.models import User
    from django.db import connections

    from argmap.maps.services.imports import map_import

    connections.close_all()  # the child opens its own connection
    before = rss_mb()
    owner = User.objects.get(username="bench")
    start = time.perf_counter()
    text = Path(path).read_bytes().decode("utf-8-sig")
    imported = map_import(owner=owner, text=text, format="json")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, before, peak, imported.map.nodes.count()))


def main() -> None:
    with django_on_postgres(), tempfile.TemporaryDirectory() as scratch:
        from django.contrib.auth.models import User
        from django.db import connections

        from argmap.maps.exports import map_export
        from argmap.maps.services import map_create_from_graph

        owner = User.objects.create_user("bench", password="bench-password-1945")
        connections.close_all()
        fork = multiprocessing.get_context("fork")
        # The importing processes are forked now, before the map is built: they wait for the
        # file's path, so that their memory holds nothing of the benchmark's own.
        paths: list[multiprocessing.Queue] = [fork.Queue() for _ in range(REPEAT)]  # type: ignore[type-arg]
        results: multiprocessing.Queue = fork.Queue()  # type: ignore[type-arg]
        children = [fork.Process(target=_waiting, args=(p, results)) for p in paths]
        for child in children:
            child.start()

        original = map_create_from_graph(owner=owner, graph=generated_graph(STATEMENTS))
        exports: list[float] = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            backup = map_export(map=original, format="json").text
            exports.append(time.perf_counter() - start)
        path = Path(scratch) / "backup.argmap.json"
        path.write_text(backup, encoding="utf-8")
        connections.close_all()
        runs = []
        for queue in paths:  # one after the other: two cores, and the database is shared
            queue.put(str(path))
            runs.append(results.get())
        for child in children:
            child.join()
        imports = [seconds for seconds, _before, _peak, _count in runs]
        peak = max(peak for _seconds, _before, peak, _count in runs)
        start_rss = max(before for _seconds, before, _peak, _count in runs)
        counts = sorted({count for *_rest, count in runs})
        rows = [
            ["statements", f"{STATEMENTS:,} (restored: {', '.join(f'{c:,}' for c in counts)})"],
            ["argmap JSON", f"{len(backup.encode()) / 1e6:,.1f} MB"],
            [f"export (load + write), median of {REPEAT}",
             f"{statistics.median(exports):,.1f} s (runs: {_runs(exports)})"],
            [f"import (read + parse + check + write), median of {REPEAT}",
             f"{statistics.median(imports):,.1f} s (runs: {_runs(imports)})"],
            ["import peak RSS (process), largest run",
             f"{peak:,.0f} MB, of which {start_rss:,.0f} MB before the import began"],
        ]  # fmt: skip
        print(table(["what", "figure"], rows))


def _waiting(paths: multiprocessing.Queue, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    restore(paths.get(), results)


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v:,.1f}" for v in values)


if __name__ == "__main__":
    main()
