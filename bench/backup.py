"""A 20,000-statement map (the import limit) backed up as argmap JSON and restored.

Run: scripts/bench.sh backup. Prints the export's size and time, the import's time, and the
import's peak memory (resident set) measured in a forked process, so that it is the import's
own (aim: under about 300 MB).
"""

from __future__ import annotations

import multiprocessing
import resource
import time

from harness import django_on_postgres, table
from interchange import generated_graph

from argmap.interchange import DEFAULT_LIMITS

STATEMENTS = DEFAULT_LIMITS.max_statements


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def restore(text: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from django.contrib.auth.models import User
    from django.db import connections

    from argmap.maps.services.imports import map_import

    connections.close_all()  # the child opens its own connection
    before = rss_mb()
    owner = User.objects.get(username="bench")
    start = time.perf_counter()
    imported = map_import(owner=owner, text=text, format="json")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, before, peak, imported.map.nodes.count()))


def main() -> None:
    with django_on_postgres():
        from django.contrib.auth.models import User
        from django.db import connections

        from argmap.maps.exports import map_export
        from argmap.maps.services import map_create_from_graph

        owner = User.objects.create_user("bench", password="bench-password-1945")
        original = map_create_from_graph(owner=owner, graph=generated_graph(STATEMENTS))
        start = time.perf_counter()
        backup = map_export(map=original, format="json").text
        export_s = time.perf_counter() - start
        connections.close_all()
        queue: multiprocessing.Queue = multiprocessing.get_context("fork").Queue()  # type: ignore[type-arg]
        child = multiprocessing.get_context("fork").Process(target=restore, args=(backup, queue))
        child.start()
        import_s, before, peak, count = queue.get()
        child.join()
        rows = [
            ["statements", f"{STATEMENTS:,} (restored: {count:,})"],
            ["argmap JSON", f"{len(backup.encode()) / 1e6:,.1f} MB"],
            ["export (load + write)", f"{export_s:,.1f} s"],
            ["import (parse + check + write)", f"{import_s:,.1f} s"],
            ["import peak RSS (process)", f"{peak:,.0f} MB, of which {peak - before:,.0f} MB "
                                          "above the process at the start"],
        ]  # fmt: skip
        print(table(["what", "figure"], rows))


if __name__ == "__main__":
    main()
