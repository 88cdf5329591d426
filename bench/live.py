"""Live co-editing: 50 editors with one map open, one edit, and how long until all 50 have it.

uvicorn serves argmap.asgi (one process, as one ASGI worker of compose.yaml's `live` service)
on a throwaway PostgreSQL 15. 50 event streams are opened on one map, each as a signed-in page
with a tab of its own (so each has a presence row); this process then edits a statement through
the service, as a page's request would, and notes when each stream receives the change. Edits
are repeated; each one's delivery time is that of the slowest of the 50. Then the 50 stay idle
for `--idle` seconds while the server's CPU time and memory are read from /proc, and the
database's connections are counted. Last, one editor alone: edit to arrival.

Goals: delivery to all 50 within 2 s (p95); idle CPU at most 2 % of a core. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import ROOT, build_map_fast, django_on_postgres, table  # noqa: E402

CHANGE = re.compile(rb'event: change\r?\ndata: \{"rev": (\d+)')
TICK = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _proc(pid: int) -> tuple[float, int]:
    """CPU seconds (user + system) and resident memory in bytes of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICK
    rss = next(
        int(line.split()[1]) * 1024
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if line.startswith("VmRSS:")
    )
    return cpu, rss


class Editor:
    """One open page's event stream, read with a bare HTTP/1.1 connection."""

    def __init__(self, port: int, path: str, cookie: str) -> None:
        self.port, self.path, self.cookie = port, path, cookie
        self.arrivals: dict[int, float] = {}
        self.ready = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(
            f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            f"Cookie: sessionid={self.cookie}\r\n\r\n".encode()
        )
        await writer.drain()
        buffer = b""
        try:
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    return
                now = time.monotonic()
                buffer += chunk
                if b"event: hello" in buffer:
                    self.ready.set()
                for match in CHANGE.finditer(buffer):
                    self.arrivals.setdefault(int(match.group(1)), now)
                buffer = buffer[-200:]
        finally:
            writer.close()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _measure(args: argparse.Namespace, port: int, pid: int, map_id: int, cookie: str) -> None:
    from asgiref.sync import sync_to_async

    from argmap.maps import services
    from argmap.maps.models import Map, Node

    map_ = await sync_to_async(Map.objects.get)(pk=map_id)
    owner = await sync_to_async(lambda: map_.owner)()
    node = await sync_to_async(Node.objects.filter(map=map_).first)()
    assert node is not None

    async def edit(n: int) -> tuple[int, float]:
        def write() -> tuple[int, float]:
            current = Node.objects.get(pk=node.pk)
            started = time.monotonic()
            services.node_update(
                node=current, actor=owner, version=current.version, data={"text": f"Edit {n}"}
            )
            return Map.objects.get(pk=map_id).revision, started

        return await sync_to_async(write, thread_sensitive=False)()

    async def open_editors(count: int) -> list[Editor]:
        editors = [Editor(port, f"/maps/{map_id}/live/?tab=bench-{i:04d}-tab", cookie)
                   for i in range(count)]  # fmt: skip
        for e in editors:
            e.task = asyncio.create_task(e.run())
        await asyncio.wait_for(asyncio.gather(*(e.ready.wait() for e in editors)), 60)
        await asyncio.sleep(2)  # presence of all of them settles
        return editors

    async def deliveries(editors: list[Editor], repeat: int) -> tuple[list[float], list[float]]:
        slowest, every = [], []
        for n in range(repeat):
            revision, started = await edit(n)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not all(revision in e.arrivals for e in editors):
                await asyncio.sleep(0.002)
            times = [e.arrivals.get(revision, float("inf")) - started for e in editors]
            slowest.append(max(times))
            every.extend(times)
            await asyncio.sleep(args.gap)
        return slowest, every

    base_cpu, base_rss = _proc(pid)
    editors = await open_editors(args.editors)
    slowest, every = await deliveries(editors, args.edits)
    # Idle: nothing happens but keep-alives and the presence heartbeat.
    await asyncio.sleep(2)
    cpu0, rss0 = _proc(pid)
    wall0 = time.monotonic()
    await asyncio.sleep(args.idle)
    cpu1, rss1 = _proc(pid)
    idle_cpu = (cpu1 - cpu0) / (time.monotonic() - wall0)
    connections = await sync_to_async(_connections, thread_sensitive=False)()
    for e in editors:
        assert e.task is not None
        e.task.cancel()
    await asyncio.sleep(1)
    single = await open_editors(1)
    pair, _ = await deliveries(single, args.edits)
    for e in single:
        assert e.task is not None
        e.task.cancel()

    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    rows = [
        ["delivery to all 50, median", ms(statistics.median(slowest)), "", ""],
        ["delivery to all 50, p95", ms(_percentile(slowest, 0.95)), "2000 ms",
         f"{_percentile(slowest, 0.95) / 2:.2f}"],
        ["one editor's arrival, median (of 50 × edits)", ms(statistics.median(every)), "", ""],
        ["slowest single arrival", ms(max(every)), "", ""],
        ["one pair, edit to arrival, median", ms(statistics.median(pair)), "", ""],
        ["one pair, edit to arrival, p95", ms(_percentile(pair, 0.95)), "2000 ms",
         f"{_percentile(pair, 0.95) / 2:.2f}"],
        ["idle CPU, 50 editors", f"{idle_cpu * 100:.2f} % of a core", "2 %",
         f"{idle_cpu * 100 / 2:.2f}"],
        ["server RSS before the editors", f"{base_rss / 2**20:.1f} MiB", "", ""],
        ["server RSS, 50 idle editors", f"{rss1 / 2**20:.1f} MiB", "", ""],
        ["RSS per idle editor", f"{(rss1 - base_rss) / args.editors / 1024:.0f} KiB", "", ""],
        ["PostgreSQL connections of the server, idle", str(connections), "", ""],
    ]  # fmt: skip
    mib = lambda b: f"{b / 2**20:.1f} MiB"  # noqa: E731
    print(f"{args.editors} editors, {args.edits} edits, idle {args.idle:.0f} s "
          f"(RSS first at {mib(base_rss)}, {mib(rss0)} after the edits)")  # fmt: skip
    print(table(["measure", "value", "goal", "ratio"], rows))


def _connections() -> int:
    """The server's connections to the benchmark's database (not this process's own)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND application_name <> 'bench'"
        )
        return int(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editors", type=int, default=50)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--gap", type=float, default=0.5, help="seconds between edits")
    parser.add_argument("--idle", type=float, default=30.0)
    args = parser.parse_args()
    with django_on_postgres():
        from django.conf import settings
        from django.contrib.auth.models import User
        from django.db import connection
        from django.test import Client

        owner = User.objects.create_user("editor")
        map_ = build_map_fast(owner, 50, title="Fifty open editors")
        client = Client()
        client.force_login(owner)
        cookie = client.cookies["sessionid"].value
        db = settings.DATABASES["default"]
        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "ARGMAP_ALLOWED_HOSTS": "127.0.0.1",
        }
        command = [sys.executable, "-m", "uvicorn", "argmap.asgi:application", "--host",
                   "127.0.0.1", "--port", str(port), "--lifespan", "off", "--no-access-log",
                   "--timeout-graceful-shutdown", "1"]  # fmt: skip
        server = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), 1).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("uvicorn did not start") from None
                    time.sleep(0.2)
            connection.close()
            asyncio.run(_measure(args, port, server.pid, map_.pk, cookie))
        finally:
            server.terminate()
            server.wait(15)
            from django.db import connections

            connections.close_all()


if __name__ == "__main__":
    main()
