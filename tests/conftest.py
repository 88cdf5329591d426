"""The stage: one throwaway PostgreSQL for the whole run (with one test database per xdist
worker), Debian's Chromium for the browser tests, and the cast (tests/cast.py)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
from collections.abc import Iterator
from typing import Any

import pytest

from argmap.lib.throwaway_pg import throwaway_postgres

pytest_plugins = ["tests.cast"]

# --- the database: one cluster, started by the process that runs or hands out the tests --------

# Where the controller tells each xdist worker about the cluster (`workerinput`).
DATABASE_KEY = "argmap_database"
_cluster = pytest.StashKey[dict[str, str]]()


def _use_database(database: dict[str, Any]) -> None:
    from django.conf import settings
    from django.db import connections

    settings.DATABASES["default"].update(database)
    # Drop a connection wrapper built from the SQLite settings (none may be built yet).
    with contextlib.suppress(AttributeError):
        del connections["default"]


def _stop_on_sigterm() -> None:
    """A terminated run (CI's timeout, `kill`) unwinds like Ctrl-C, so the cluster is stopped."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, interrupt)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Run the suite on a throwaway PostgreSQL 15 cluster unless DATABASE_URL names one.

    The cluster is started once, by the process that is not an xdist worker (the controller
    under `-n`, the only process otherwise), and stopped when that process ends, failing or
    not. Each worker gets its own test database in it: pytest-django names it after the worker
    (test_argmap_gw0, test_argmap_gw1, ...)."""
    config = session.config
    if os.environ.get("DATABASE_URL"):
        return
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        _use_database(json.loads(workerinput[DATABASE_KEY]))
        return
    stack = contextlib.ExitStack()
    config.add_cleanup(stack.close)  # runs at the very end, after the workers are gone
    _stop_on_sigterm()
    database = stack.enter_context(throwaway_postgres())
    config.stash[_cluster] = database
    _use_database(database)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """(xdist, in the controller) Tell a worker where the cluster is."""
    database = node.config.stash.get(_cluster, None)
    if database is not None:
        node.workerinput[DATABASE_KEY] = json.dumps(database)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's test database, with autovacuum off, and before it is dropped, an end to
    connections left open by server threads.

    Autovacuum: every test's rows are rolled back, so they are dead rows, and autovacuum soon
    vacuums the busy tables. It cannot see the rows of the test running then, and records the
    tables as empty (reltuples 0); the planner believes it and joins the maps' tables by nested
    loops over whole indexes, which took over a second a query in the API contract test. With
    autovacuum off, the planner estimates the size of a table from its pages, which is right.

    Server threads: the live server answers each request in a thread of its own, and with
    persistent connections that thread's connection outlives it. Otherwise the drop fails with
    "database is being accessed by other users"."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in connection.introspection.table_names(cursor):
                    cursor.execute(
                        f"ALTER TABLE {connection.ops.quote_name(table)} SET "
                        "(autovacuum_enabled = false, toast.autovacuum_enabled = false)"
                    )
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


def _copy_out(table: str) -> list[bytes]:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy,
    ):
        data = b"".join(bytes(chunk) for chunk in copy)
    return data.splitlines(keepends=True)


@pytest.fixture(scope="session")
def demo_rows(django_db_setup: None, django_db_blocker: Any) -> dict[str, bytes]:
    """The rows that `load_demo()` writes, table by table, as PostgreSQL COPY text.

    Loading the demo debate takes about two seconds (some 600 rows, each through the services),
    and dozens of tests start from it. So it is loaded once per test database, in a transaction
    that is rolled back, and the `demo` fixture (tests/cast.py) copies the same rows back in. The
    rows keep their ids: the sequences have moved past them, so no test's own row collides."""
    from django.db import connection, transaction

    from argmap.maps.demo import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        tables = connection.introspection.table_names()
        before = {table: set(_copy_out(table)) for table in tables}
        load_demo()
        rows = {}
        for table in tables:
            added = [row for row in _copy_out(table) if row not in before[table]]
            if added:
                rows[table] = b"".join(added)
        transaction.set_rollback(True)
    return rows


def copy_in(rows: dict[str, bytes]) -> None:
    """Write rows taken by `demo_rows` (foreign keys are checked at the end, as they are
    deferred)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table, data in rows.items():
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
                copy.write(data)


# --- browser tests: Debian's Chromium through Playwright; no browser is ever downloaded --------

CHROMIUM = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Longest first: the slow tests (minutes each), then the browser tests, then the rest in
    # pytest-django's order, so that under xdist no worker is left running a long test alone at
    # the end. Django runs transactional tests last because their flush empties the tables; here
    # that is safe earlier too: the only data migration makes the cache table, and the flush
    # re-creates content types and permissions.
    items.sort(key=lambda item: 0 if item.get_closest_marker("slow") else 1 if _e2e(item) else 2)
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    # On CI a missing browser is a failure; on a developer's machine the e2e tests are skipped
    # with the reason shown (`make test` installs Chromium where it can).
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(
            f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package."
        )
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
    for item in items:
        if _e2e(item):
            item.add_marker(skip)


def _e2e(item: pytest.Item) -> bool:
    return item.get_closest_marker("e2e") is not None or "/e2e/" in item.nodeid


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def console_errors(page: Any) -> list[str]:
    """Every console error and uncaught exception of the page (CSP violations included)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors
