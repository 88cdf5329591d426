"""Two app servers are one site: two gunicorn processes, started here on 127.0.0.1 against the
test suite's PostgreSQL, share a session (log in on one, be signed in on the other) and a rate
count (sign-ups spent on either count against both). Nothing lives in a process: sessions are
in the database, rates in the shared cache: the database's cache table (the default), and a
Redis server started here, as compose.yaml's Valkey (Debian's redis-server, which
scripts/test.sh installs; that case is skipped without it)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection

from tests.cast import PASSWORD

# The app servers hash passwords the production way: the cast's fast hasher is theirs too.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow, pytest.mark.passwords]

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)
            return
        except OSError:  # refused, not yet answering (URLError), or slow on a busy machine
            if server.poll() is not None or time.monotonic() > deadline:
                output = server.stderr.read().decode() if server.stderr else ""
                raise AssertionError(f"{url} did not start: {output}") from None
            time.sleep(0.2)


@pytest.fixture(params=["database", "redis"])
def cache_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The shared cache: the database's table, or a Redis server of this test's own."""
    if request.param == "database":
        yield "db://argmap_cache"
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (scripts/test.sh installs it as root)")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "no redis-server"
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def two_servers(cache_url: str) -> Iterator[list[str]]:
    env = {
        "ARGMAP_CACHE_URL": cache_url,
        "PATH": os.environ["PATH"],
        "DATABASE_URL": _database_url(),
        "ARGMAP_SECRET_KEY": os.environ["ARGMAP_SECRET_KEY"],
        "ARGMAP_DEBUG": "False",
        "ARGMAP_HTTPS": "False",
        "ARGMAP_STATIC_MANIFEST": "False",
        "ARGMAP_ALLOWED_HOSTS": "127.0.0.1",
        "ARGMAP_RATE_SIGNUP": "3/hour",
    }
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "argmap.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, server in zip(urls, servers, strict=True):
            _wait_for(url, server)
        yield urls
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


class Browser:
    """A cookie jar and no redirects followed: what a browser keeps between two sites."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()

        class NoRedirects(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: object, **kwargs: object) -> None:
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirects()
        )

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_form(self, url: str, fields: dict[str, str]) -> int:
        """GET the form (for its CSRF token), then POST it."""
        _, page = self.get(url)
        found = TOKEN.search(page)
        assert found, page[:500]
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": found.group(1)})
        request = urllib.request.Request(url, data=body.encode(), method="POST")
        try:
            with self.opener.open(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)


def test_two_app_servers_share_a_session_and_a_rate_count(
    two_servers: list[str], ada: User
) -> None:
    first, second = two_servers
    browser = Browser()
    assert (
        browser.post_form(f"{first}/accounts/login/", {"username": "ada", "password": PASSWORD})
        == 302
    )
    status, page = browser.get(f"{second}/accounts/")
    assert status == 200 and "ada@example.org" in page  # signed in on the other server

    # Sign-ups from one address: 3 an hour, whichever server answers.
    visitor = Browser()
    answers = [
        visitor.post_form(f"{server}/accounts/signup/", {"username": f"new{n}"})
        for n, server in enumerate([first, second, first, second])
    ]
    assert answers[:3] == [422, 422, 422] and answers[3] == 429
    assert visitor.post_form(f"{first}/accounts/signup/", {"username": "again"}) == 429
