"""Throughput: the 200-statement map page and the demo's debate view under gunicorn on
PostgreSQL, with 8 and 32 clients at once (aim: p95 at most 100 ms with 8 clients, no errors).

Run: .venv/bin/python bench/load.py (or scripts/bench.sh load). `--app DIR` serves another
checkout's code against the same data (the figures before a change), `--runs 3` repeats every
measurement and prints medians, `--worker-class sync --workers 3` tries another worker model.

What runs, as compose.yaml runs an app server as far as one machine allows: gunicorn with
deploy/gunicorn.conf.py (its worker model), ARGMAP_DEBUG=False, static files by
whitenoise, behind a proxy in effect (the clients send `X-Forwarded-Proto: https`, as Caddy does,
so the secure cookies and HSTS are those of production), the shared cache in a Redis server as
compose.yaml's Valkey (Debian's redis-server; the database's cache table without it), and a
throwaway PostgreSQL 15. gunicorn, PostgreSQL and Redis are pinned to one core and the load
generator to the other, so that the clients do not take the server's time; on a 2-core machine
that leaves the server side one core, and whatever else runs on the machine shares both.

Each client is a browser signed in with its own session: it logs in through the log-in form
(CSRF token and cookie, session cookie), then asks for the page again and again for a fixed
time, one request at a time over its own connection. Three scenarios per page: **cold**, every
request a full GET; **browser-like**, where the client keeps the page's ETag and sends it in
If-None-Match, as a browser revalidating a `no-cache` page does (the map unchanged, so the
server may answer 304 Not Modified); and **built**, a full GET of an address no request asked
for before (`?built=<n>`), so that no part of the page kept by the server serves it: what the
first reader after an edit waits for. The clients are one reader in as many sessions, so a
cold GET may be shown the panes built for another of them (argmap/lib/revalidation.py).

The load generator is threads and the standard library's http.client, one thread and one
connection per client as a browser tab keeps one: no package the project does not have.
locust would bring gevent and a web UI, httpx or aiohttp an event loop, for no gain at a few
hundred requests a second. A client's time is the whole round trip as the client sees it.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import re
import runpy
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from harness import ROOT, build_map_fast, django_on_postgres, table

GOAL_P95_MS = 100.0
GOAL_CLIENTS = 8
PASSWORD = "bench-password-1945"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Browser:
    """One client: its cookies, its connection, and the ETag of each page it has read."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    etags: dict[str, str] = field(default_factory=dict)
    conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: str = "", *, revalidate: bool = False
    ) -> tuple[int, bytes]:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            # What Caddy adds (deploy/Caddyfile): the request came over HTTPS.
            "X-Forwarded-Proto": "https",
            "Accept-Encoding": "identity",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if revalidate and path in self.etags:
            headers["If-None-Match"] = self.etags[path]
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body or None, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server closed meanwhile: one new connection.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.status == 200 and response.getheader("ETag"):
            self.etags[path] = response.getheader("ETag") or ""
        if response.will_close:
            self.conn.close()
            self.conn = None
        return response.status, content

    def log_in(self, username: str) -> None:
        from urllib.parse import urlencode

        status, page = self.request("GET", "/accounts/login/")
        found = TOKEN.search(page.decode())
        assert status == 200 and found, f"log-in form: {status}"
        form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": found[1]}
        status, _ = self.request("POST", "/accounts/login/", urlencode(form))
        assert status == 302 and "sessionid" in self.cookies, f"log-in: {status}"


@dataclass
class Run:
    latencies: list[float]
    seconds: float
    statuses: dict[int, int]
    errors: int
    cpu_ms: float  # the server side's CPU time per request, warm-up included

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds


def server_cpu_seconds(cores: set[int]) -> float:
    """The CPU time of every process pinned to exactly `cores` (gunicorn, PostgreSQL, Redis),
    with that of their children that have exited: what the server side spent, whatever else
    runs on the machine (its waiting for a core is not counted)."""
    ticks = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if os.sched_getaffinity(int(entry.name)) != cores:
                continue
            stat = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        ticks += sum(int(x) for x in stat[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def drive(
    browsers: list[Browser],
    path: str,
    *,
    seconds: float,
    warmup: float,
    revalidate: bool,
    built: bool,
    server_cores: set[int],
) -> Run:
    """Every browser asks for `path` over and over, one request at a time, for `warmup` and
    then `seconds` (only these counted); when `built`, at an address of its own each time."""
    cpu_before = server_cpu_seconds(server_cores)
    answered = 0
    start = time.perf_counter()
    counted_from, stop = start + warmup, start + warmup + seconds
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    lock = threading.Lock()
    fresh = itertools.count()

    def client(browser: Browser) -> None:
        nonlocal errors, answered
        browser.etags.pop(path, None)  # the first request of a run is always a full GET
        while (began := time.perf_counter()) < stop:
            asked = f"{path}?built={next(fresh)}" if built else path
            try:
                status, _ = browser.request("GET", asked, revalidate=revalidate)
            except OSError:
                status = 0
            took = (time.perf_counter() - began) * 1000
            with lock:
                answered += 1
            if began < counted_from:
                continue
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status in (200, 304):
                    latencies.append(took)
                else:
                    errors += 1

    threads = [threading.Thread(target=client, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu_ms = (server_cpu_seconds(server_cores) - cpu_before) * 1000 / max(1, answered)
    return Run(latencies, seconds, statuses, errors, cpu_ms)


@contextmanager
def redis_server(port: int) -> Iterator[str | None]:
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen([binary, *args], stdout=subprocess.DEVNULL)
    try:
        _wait_for_port(port, server)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_for_port(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nothing answers on port {port}") from None
            time.sleep(0.2)


@contextmanager
def gunicorn(*, app: Path, port: int, cache_url: str, args: argparse.Namespace) -> Iterator[None]:
    from django.conf import settings

    db = settings.DATABASES["default"]
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(app),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "ARGMAP_CACHE_URL": cache_url,
        "ARGMAP_SECRET_KEY": os.environ["ARGMAP_SECRET_KEY"],
        "ARGMAP_DEBUG": "False",
        "ARGMAP_BEHIND_PROXY": "True",
        "ARGMAP_TRUSTED_PROXIES": "127.0.0.1",
        "ARGMAP_ALLOWED_HOSTS": "127.0.0.1",
        # Served from the static folders rather than a collectstatic build in the checkout.
        "ARGMAP_STATIC_MANIFEST": "False",
        "ARGMAP_BIND": f"127.0.0.1:{port}",
    }
    env.update(_asked(args))
    command = [sys.executable, "-m", "gunicorn", "argmap.wsgi", "--config",
               str(app / "deploy" / "gunicorn.conf.py")]  # fmt: skip
    if args.worker_class:
        command += ["--worker-class", args.worker_class]
    server = subprocess.Popen(command, cwd=app, env=env, stdout=subprocess.DEVNULL)
    try:
        _wait_for_port(port, server)
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _asked(args: argparse.Namespace) -> dict[str, str]:
    """Only what is asked for: otherwise the checkout's own config decides."""
    pairs = (("ARGMAP_WORKERS", args.workers), ("ARGMAP_THREADS", args.threads))
    return {name: str(value) for name, value in pairs if value}


def served(args: argparse.Namespace) -> str:
    """The worker model gunicorn ran: the checkout's config, with what was asked for."""
    saved = dict(os.environ)
    os.environ.update(_asked(args))
    try:
        config = runpy.run_path(str(args.app.resolve() / "deploy" / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    kind = args.worker_class or config.get("worker_class", "sync")
    threads = f" × {config.get('threads', 1)} threads" if kind == "gthread" else ""
    return f"{config['workers']} {kind} workers{threads}"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", type=Path, default=ROOT, help="the checkout gunicorn serves")
    parser.add_argument("--clients", default="8,32")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=1, help="repeat; medians are printed")
    parser.add_argument("--workers", type=int, help="default: the config's")
    parser.add_argument("--worker-class", default="", help="sync or gthread")
    parser.add_argument("--threads", type=int, help="default: the config's")
    parser.add_argument("--server-cores", default="0")
    parser.add_argument("--client-cores", default="1")
    parser.add_argument("--scenarios", default="cold,browser,built")
    args = parser.parse_args()
    server_cores = {int(c) for c in args.server_cores.split(",")}
    client_cores = {int(c) for c in args.client_cores.split(",")}
    clients = [int(n) for n in args.clients.split(",")]
    scenarios = args.scenarios.split(",")

    # PostgreSQL, Redis and gunicorn inherit this process's cores as they start.
    os.sched_setaffinity(0, server_cores)
    with django_on_postgres(), redis_server(_free_port()) as redis_url:
        from django.contrib.auth.models import User

        from argmap.maps.demo import load_demo
        from argmap.maps.models import Map

        owner = User.objects.create_user("reader", password=PASSWORD)
        big = build_map_fast(owner, 200, title="Bench map of 200")
        load_demo()
        demo = Map.objects.get(key__isnull=False)
        pages = {
            "map page (200 statements)": big.get_absolute_url(),
            "debate view (demo)": f"/maps/{demo.pk}/debate/",
        }
        port = _free_port()
        cache_url = redis_url or "db://argmap_cache"
        with gunicorn(app=args.app.resolve(), port=port, cache_url=cache_url, args=args):
            os.sched_setaffinity(0, client_cores)
            browsers = [Browser(port) for _ in range(max(clients))]
            for browser in browsers:
                browser.log_in("reader")
            for name, path in pages.items():
                status, body = browsers[0].request("GET", path)
                assert status == 200, f"{name}: {status} {body[:300]!r}"
            rows, loads = measure(browsers, pages, clients, scenarios, args, server_cores)

    print(f"Serving {args.app.resolve()}: gunicorn, {served(args)}, "
          f"PostgreSQL 15, cache {cache_url.split(':')[0]}; ARGMAP_DEBUG=False.")  # fmt: skip
    print(f"Pinned: gunicorn, PostgreSQL and the cache to core(s) {sorted(server_cores)}, the "
          f"load generator to core(s) {sorted(client_cores)} ({os.cpu_count()} cores; other "
          f"work on the machine shares them). {args.seconds:.0f} s per run after "
          f"{args.warmup:.0f} s of warm-up; medians of {args.runs} run(s).")  # fmt: skip
    headers = ["page", "clients", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors",
               "200/304", "server CPU ms/req", "goal p95", "p95/goal", "load avg"]  # fmt: skip
    print(table(headers, rows))
    print(f"Load average (1, 5, 15 min) per run: {'; '.join(loads)}")
    print("Server CPU ms/req: the CPU time of gunicorn, PostgreSQL and the cache per request, "
          "read from /proc: what one request costs whatever else runs on the machine; one "
          "quiet core serves at most 1000 / that many requests a second.")  # fmt: skip
    print(f"Goal: p95 at most {GOAL_P95_MS:.0f} ms with {GOAL_CLIENTS} clients and no errors.")


def measure(
    browsers: list[Browser],
    pages: dict[str, str],
    clients: list[int],
    scenarios: list[str],
    args: argparse.Namespace,
    server_cores: set[int],
) -> tuple[list[list[str]], list[str]]:
    rows, loads = [], []
    for (name, path), n, scenario in itertools.product(pages.items(), clients, scenarios):
        runs = []
        for _ in range(args.runs):
            revalidate = scenario == "browser"
            runs.append(drive(browsers[:n], path, seconds=args.seconds, warmup=args.warmup,
                              revalidate=revalidate, built=scenario == "built",
                              server_cores=server_cores))  # fmt: skip
            loads.append(load_average())

        def median(figure: Callable[[Run], float], runs: list[Run] = runs) -> float:
            return statistics.median(figure(r) for r in runs)

        p95 = median(lambda r: r.percentile(95))
        met = n != GOAL_CLIENTS or (p95 <= GOAL_P95_MS and all(not r.errors for r in runs))
        rows.append([
            name, str(n), scenario, f"{median(lambda r: r.rate):.0f}",
            f"{median(lambda r: r.percentile(50)):.0f}", f"{p95:.0f}",
            f"{median(lambda r: r.percentile(99)):.0f}", str(sum(r.errors for r in runs)),
            f"{median(lambda r: r.statuses.get(200, 0)):.0f}/"
            f"{median(lambda r: r.statuses.get(304, 0)):.0f}",
            f"{median(lambda r: r.cpu_ms):.1f}", f"{GOAL_P95_MS:.0f}" if n == GOAL_CLIENTS else "",
            f"{p95 / GOAL_P95_MS:.2f}" + ("" if met else " NOT met"), loads[-1].split()[0],
        ])  # fmt: skip
    return rows, loads


if __name__ == "__main__":
    main()
