"""scripts/backup.sh and scripts/restore.sh against the test suite's PostgreSQL: a backup of a
database with the demo debate, a classroom and accounts in it, restored into a fresh database,
holds every table's rows exactly (compared row by row, not only counted), and every id sequence
where it stood."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.contrib.auth.models import User
from django.db import connection
from knox.models import AuthToken

from argmap.maps.models import Map
from tests.cast import classroom_scene

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
SEQUENCES = (
    "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' "
    "ORDER BY sequencename"
)


def url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgresql://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{name}"


def fingerprint(conninfo: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of all its rows, in a stable order."""
    found: dict[str, tuple[int, str]] = {}
    with psycopg.connect(conninfo) as db:
        tables = [row[0] for row in db.execute(TABLES).fetchall()]
        for table in tables:
            count, digest = db.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            ).fetchone() or (0, "")
            found[table] = (count, digest)
        # Where each id sequence stands: a restore that lost them would hand out taken ids.
        for name, last_value in db.execute(SEQUENCES).fetchall():
            found[f"sequence {name}"] = (last_value or 0, "")
    return found


@pytest.fixture
def fresh_database() -> Iterator[str]:
    name = f"argmap_restored_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_every_table_row_for_row(
    tmp_path: Path,
    fresh_database: str,
    iris: User,
    ada: User,
    ben: User,
    otto: User,
    cleo: User,
    demo: Map,
) -> None:
    classroom_scene(iris=iris, ada=ada, ben=ben, otto=otto, cleo=cleo)
    AuthToken.objects.create(user=ada, expiry=None)
    source = url(connection.settings_dict["NAME"])
    before = fingerprint(source)

    backup = run("backup.sh", str(tmp_path), env={"DATABASE_URL": source})
    assert backup.returncode == 0, backup.stderr
    (dump,) = tmp_path.glob("argmap-*.dump")
    restore = run("restore.sh", str(dump), url(fresh_database), env={})
    assert restore.returncode == 0, restore.stderr

    after = fingerprint(url(fresh_database))
    assert after == before
    tables = [name for name in before if not name.startswith("sequence ")]
    filled = [table for table in tables if before[table][0]]
    print(f"backup and restore: {len(tables)} tables, {len(filled)} with rows, all identical")
    assert len(tables) >= 30 and len(filled) >= 20
    assert len(before) - len(tables) >= 30  # the id sequences, compared too
    # The restore refuses a database that is not empty: nothing is ever written over.
    again = run("restore.sh", str(dump), url(fresh_database), env={})
    assert again.returncode == 1 and "fresh, empty one" in again.stderr
    assert fingerprint(url(fresh_database)) == before


def test_the_scripts_say_what_they_need(tmp_path: Path) -> None:
    assert "set DATABASE_URL" in run("backup.sh", str(tmp_path), env={}).stderr
    missing: Any = run("restore.sh", str(tmp_path / "none.dump"), env={})
    assert missing.returncode == 2 and "give a dump file" in missing.stderr
