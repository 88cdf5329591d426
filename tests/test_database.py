"""The suite runs on a real PostgreSQL, never silently on SQLite."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_tests_run_on_postgresql_15_or_newer() -> None:
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 150000
