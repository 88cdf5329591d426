"""Shared fixtures: a throwaway PostgreSQL for the whole run, and the cast of users.

The cast, as in every story these tests tell:
- **ada** (a student) owns maps;
- **ben** (another student) has maps of his own and must not see Ada's private ones;
- **iris** (an instructor) reviews work;
- an anonymous visitor reads public maps only.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.lib.throwaway_pg import throwaway_postgres

PASSWORD = "correct-horse-battery-1945"


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


def _user(username: str) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org"
    )


@pytest.fixture
def ada(db: None) -> User:
    return _user("ada")


@pytest.fixture
def ben(db: None) -> User:
    return _user("ben")


@pytest.fixture
def iris(db: None) -> User:
    return _user("iris")


@pytest.fixture
def ada_client(ada: User) -> Client:
    client = Client()
    client.force_login(ada)
    return client


@pytest.fixture
def ben_client(ben: User) -> Client:
    client = Client()
    client.force_login(ben)
    return client


@pytest.fixture
def anon_client() -> Client:
    return Client()
