"""The stage: a throwaway PostgreSQL for the whole run, Debian's Chromium for the browser tests,
and the cast (tests/cast.py)."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from argmap.lib.throwaway_pg import throwaway_postgres

pytest_plugins = ["tests.cast"]

# --- browser tests: Debian's Chromium through Playwright; no browser is ever downloaded --------

CHROMIUM = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
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
        if item.get_closest_marker("e2e") or "/e2e/" in item.nodeid:
            item.add_marker(skip)


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


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> Iterator[None]:
    """Run the suite on a throwaway PostgreSQL 15 cluster unless DATABASE_URL names one."""
    if os.environ.get("DATABASE_URL"):
        yield
        return
    from django.conf import settings
    from django.db import connections

    with throwaway_postgres() as database:
        settings.DATABASES["default"].update(database)
        # Drop a connection wrapper built from the SQLite settings (none may be built yet).
        with contextlib.suppress(AttributeError):
            del connections["default"]
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's test database, and before it is dropped, an end to connections left
    open by server threads (the live server answers each request in a thread of its own, and
    with persistent connections that thread's connection outlives it). Otherwise the drop fails
    with "database is being accessed by other users"."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
