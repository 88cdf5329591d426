"""Two members edit one group map at once, each on an app server of their own: two uvicorn
processes started here against the test database, so what one does reaches the other through
PostgreSQL's NOTIFY, never through a process's memory. Each sees the other's edit in the outline
and the picture within 2 s without reloading, sees who else is there and what they select, and
keeps an open form untouched; with anonymous students, a member is "Member 2", never a name."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection

from argmap.maps import services
from argmap.maps.models import Map
from tests.cast import Scene, client_for
from tests.e2e.helpers import eventually, wait_for_graph

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.fixture
def servers(transactional_db: None) -> Iterator[list[str]]:
    """Two ASGI app servers on the test database; stopped at the end, whatever happens."""
    env = {**os.environ, "DATABASE_URL": _database_url(), "ARGMAP_CONN_MAX_AGE": "0"}
    started: list[tuple[subprocess.Popen[bytes], str]] = []
    try:
        for _ in range(2):
            port = _free_port()
            args = [sys.executable, "-m", "uvicorn", "argmap.asgi:application", "--host",
                    "127.0.0.1", "--port", str(port), "--lifespan", "off", "--no-access-log",
                    "--timeout-graceful-shutdown", "1"]  # fmt: skip
            proc = subprocess.Popen(args, cwd=ROOT, env=env, stderr=subprocess.PIPE)
            started.append((proc, f"http://127.0.0.1:{port}"))
        for proc, url in started:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{url}/healthz", timeout=2)
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(f"{url} did not start") from None
                    time.sleep(0.2)
        yield [url for _, url in started]
    finally:
        for proc, _ in started:
            proc.terminate()
        for proc, _ in started:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _open(browser: Any, server: str, user: User, map_: Map, size: tuple[int, int]) -> Any:
    """A browser of `user`'s own (signed in by a session the test makes) on `server`."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    session = client_for(user).cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": server}])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}{map_.get_absolute_url()}")
    wait_for_graph(page)
    page.wait_for_selector("#live-status[data-state='live']")
    page.errors = errors
    return page


def _in_view(page: Any, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    assert box is not None, selector
    assert box["x"] >= 0 and box["y"] >= 0, (selector, box)
    assert box["x"] + box["width"] <= size["width"] + 1, (selector, box, size)
    assert box["y"] + box["height"] <= size["height"], (selector, box, size)


def _assert_in(part: str, whole: str) -> None:
    assert part in whole, (part, whole)


def _within(page: Any, seconds: float, check: Any) -> float:
    start = time.monotonic()
    while True:
        try:
            check()
            return time.monotonic() - start
        except AssertionError:
            if time.monotonic() - start > seconds:
                raise
            page.wait_for_timeout(50)


def test_two_members_on_two_servers_see_each_others_edits_and_presence(
    browser: Any, servers: list[str], groups: Scene, ada: User, ben: User
) -> None:
    map_ = groups.map
    assert map_ is not None
    thesis = services.node_create(map=map_, kind="thesis", text="The bomb ended the war", actor=ada)
    a = _open(browser, servers[0], ada, map_, (1400, 900))
    b = _open(browser, servers[1], ben, map_, (390, 844))

    # Presence: each sees the other, by name (this assignment is not anonymous), at the top.
    a.wait_for_selector("#presence .who:text('ben')")
    b.wait_for_selector("#presence .who:text('ada')")
    _in_view(a, "#presence .present")
    _in_view(b, "#presence .present")
    _in_view(b, "#live-status")

    # Ben selects the thesis (on a phone: the outline's link): Ada sees what he is on.
    b.click(f"#thesis-title-{thesis.pk} a")
    a.wait_for_selector(f"#presence .present[data-selecting='{thesis.pk}']")
    assert "The bomb ended the war" in a.inner_text("#presence")

    # Ada edits the thesis on server 1; Ben, on server 2, sees it without reloading.
    a.click(f"#thesis-title-{thesis.pk} a")
    a.click("#node-panel .panel-actions a:has-text('Edit')")
    a.fill("#panel-editor textarea[name=text]", "The Soviet entry ended the war")
    a.click("#panel-editor button[type=submit]")
    a.wait_for_selector("#map-status >> text=Saved")

    def ben_sees_the_edit() -> None:
        assert "The Soviet entry ended the war" in b.inner_text(f"#thesis-title-{thesis.pk}")

    took = _within(b, 2.0, ben_sees_the_edit)
    assert took <= 2.0
    picture = f"window.argmapCy.getElementById('n{thesis.pk}').data('text')"
    eventually(b, picture, "The Soviet entry ended the war", timeout=2.0)

    # Ada opens an edit form; Ben adds a claim meanwhile. Ada's outline and picture get it,
    # her form keeps her words and the focus, and a notice says who changed the map.
    a.click("#node-panel .panel-actions a:has-text('Edit')")
    a.fill("#panel-editor textarea[name=text]", "Half-typed words")
    b.goto(f"{servers[1]}{map_.get_absolute_url()}")  # a fresh page: Ben uses the toolbar
    b.wait_for_selector("#live-status[data-state='live']")
    counts = f"window.argmapCy.getElementById('n{thesis.pk}').data('counts')"
    before = a.evaluate(counts)
    claim = services.node_create(map=map_, kind="claim", text="Manchuria fell in days", actor=ben)
    services.link_create(map=map_, kind="supports", source=claim, target=thesis, actor=ben)
    # The overview draws the theses: the thesis's card counts the new support.
    _within(a, 2.0, lambda: _assert_in("1 support", a.inner_text(f"#thesis-head-{thesis.pk}")))
    _within(a, 2.0, lambda: _assert_in("1", str(a.evaluate(counts))))
    assert a.evaluate(counts) != before
    assert a.input_value("#panel-editor textarea[name=text]") == "Half-typed words"
    assert a.evaluate("document.activeElement.name") == "text"
    a.wait_for_selector("#live-notice:not([hidden])")

    # No script error on either page.
    for page in (a, b):
        assert page.errors == []


def test_anonymous_members_are_shown_by_number(
    browser: Any, servers: list[str], groups: Scene, ada: User, ben: User
) -> None:
    map_ = groups.map
    assert map_ is not None and groups.assignment is not None
    groups.assignment.students_anonymous = True
    groups.assignment.save(update_fields=["students_anonymous"])
    a = _open(browser, servers[0], ada, map_, (1400, 900))
    _open(browser, servers[1], ben, map_, (390, 844))
    a.wait_for_selector("#presence .who:text('Member 2')")
    html = a.content()
    assert "Member 2" in html
    assert ">ben<" not in html and "ben@example.org" not in html
