"""Live co-editing as a person sees it: an edit made on one app server, and how long until
another person's browser, on a second app server, shows it in the outline and in the picture.

Two uvicorn processes serve argmap.asgi on one throwaway PostgreSQL 15 (so the change crosses
from one process to the other through NOTIFY, as between compose.yaml's app servers). Two
Chromium pages (Debian's, through Playwright) have the same map open, one on each server. This
process changes a thesis through the editing service, as a request on the first server would,
and notes the time the change commits; the second page notes, from the same clock, when the new
words are in its outline and in its picture (checked every 5 ms). bench/live.py measures the
event alone for 50 open editors; this one measures what follows it too: the page's fetch of
what changed, and drawing it.

Goal: within 2 s (p95). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import ROOT, build_map_fast, django_on_postgres, table  # noqa: E402
from bench.live import _free_port, _percentile  # noqa: E402

GOAL_MS = 2000.0
WATCH = """([id, want]) => {
  const seen = {};
  window.benchSeen = seen;
  const now = () => performance.timeOrigin + performance.now();
  const timer = setInterval(() => {
    const title = document.getElementById('thesis-title-' + id);
    if (!seen.outline && title && title.innerText.includes(want)) seen.outline = now();
    const node = window.argmapCy && window.argmapCy.getElementById('n' + id);
    if (!seen.picture && node && node.length && String(node.data('text')).includes(want)) {
      seen.picture = now();
    }
    if (seen.outline && seen.picture) clearInterval(timer);
  }, 5);
}"""


def _until(page: object, script: str, timeout: float = 10.0) -> object:
    """Poll `script` until it is truthy (the CSP forbids wait_for_function's string eval)."""
    deadline = time.monotonic() + timeout
    while True:
        found = page.evaluate(script)  # type: ignore[attr-defined]
        if found:
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(script)
        time.sleep(0.02)


def _serve(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "argmap.asgi:application", "--host",
               "127.0.0.1", "--port", str(port), "--lifespan", "off", "--no-access-log",
               "--timeout-graceful-shutdown", "1"]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--statements", type=int, default=200)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls here are plain
    # synchronous ones between its calls, as in the e2e tests.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with django_on_postgres():
        from django.conf import settings
        from django.contrib.auth.models import User
        from django.db import connection
        from django.test import Client

        from argmap.maps import services
        from argmap.maps.models import Node

        owner = User.objects.create_user("editor")
        map_ = build_map_fast(owner, args.statements, title="Two servers, one map")
        thesis = Node.objects.filter(map=map_, kind="thesis").order_by("pk").first()
        assert thesis is not None
        db = settings.DATABASES["default"]
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "ARGMAP_ALLOWED_HOSTS": "127.0.0.1",
        }
        ports = [_free_port(), _free_port()]
        servers = [_serve(port, env) for port in ports]
        outline: list[float] = []
        picture: list[float] = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
                pages = []
                for port in ports:
                    client = Client()
                    client.force_login(owner)
                    url = f"http://127.0.0.1:{port}"
                    context = browser.new_context(viewport={"width": 1400, "height": 900})
                    cookie = client.cookies["sessionid"].value
                    context.add_cookies([{"name": "sessionid", "value": cookie, "url": url}])
                    page = context.new_page()
                    deadline = time.monotonic() + 60
                    while True:
                        try:
                            page.goto(f"{url}{map_.get_absolute_url()}")
                            break
                        except Exception:
                            if time.monotonic() > deadline:
                                raise
                            time.sleep(0.3)
                    page.wait_for_selector("#live-status[data-state='live']")
                    _until(page, "() => window.argmapCy && window.argmapCy.nodes().length")
                    pages.append(page)
                watcher = pages[1]
                connection.close()
                for i in range(args.edits):
                    words = f"The Soviet entry decided it, edit {i + 1}"
                    watcher.evaluate(WATCH, [thesis.pk, words])
                    current = Node.objects.get(pk=thesis.pk)
                    services.node_update(
                        node=current, actor=owner, version=current.version, data={"text": words}
                    )
                    committed = time.time() * 1000
                    seen = _until(
                        watcher,
                        "() => window.benchSeen.outline && window.benchSeen.picture"
                        " && window.benchSeen",
                    )
                    assert isinstance(seen, dict)
                    outline.append(seen["outline"] - committed)
                    picture.append(seen["picture"] - committed)
                    watcher.wait_for_timeout(300)
                browser.close()
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(15)
            from django.db import connections

            connections.close_all()
    load = os.getloadavg()[0]
    rows = []
    for name, values in (("outline", outline), ("picture", picture)):
        median, p95 = statistics.median(values), _percentile(values, 0.95)
        rows.append(
            [
                f"commit → seen in the other browser's {name}",
                f"{median:.0f}",
                f"{p95:.0f}",
                f"{max(values):.0f}",
                f"{GOAL_MS:.0f}",
                f"{p95 / GOAL_MS:.2f}",
            ]
        )
    print(
        f"{args.edits} edits of a {args.statements}-statement map, two uvicorn servers, "
        f"load average {load:.1f}"
    )
    print(table(["", "median ms", "p95 ms", "max ms", "goal p95 ms", "p95/goal"], rows))


if __name__ == "__main__":
    main()
