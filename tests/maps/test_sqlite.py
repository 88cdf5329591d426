"""`make run`'s embedded SQLite takes the ORM's paths where PostgreSQL takes COPY and arrays: a
file imported there is stored as the same map, and it is evaluated the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from argmap.interchange import argdown
from argmap.maps.exports import map_export
from argmap.maps.models import Map
from argmap.maps.results import compute
from argmap.maps.services.imports import map_import
from argmap.maps.structure import load_structure
from tests.maps.test_interchange_big import big_graph

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from django.core.management import call_command
    from django.contrib.auth.models import User
    from django.db import connection
    from argmap.maps.exports import map_export
    from argmap.maps.results import compute
    from argmap.maps.services.imports import map_import
    from argmap.maps.structure import load_structure
    assert connection.vendor == "sqlite", connection.vendor
    call_command("migrate", verbosity=0)
    owner = User.objects.create_user("ada")
    stored = map_import(owner=owner, text=sys.stdin.read(), format="argdown").map
    print(json.dumps({
        "export": map_export(map=stored, format="json").text,
        "results": list(compute(load_structure(stored.pk), 0).nodes.values()),
    }))
    """
)


def stored_and_evaluated(map_: Map) -> dict[str, object]:
    return {
        "export": map_export(map=map_, format="json").text,
        "results": [list(r) for r in compute(load_structure(map_.pk), 0).nodes.values()],
    }


def test_a_file_imported_into_sqlite_is_the_map_postgresql_stores(
    ada: User, tmp_path: Path
) -> None:
    # Statements, dated evidence, a source and a scholar, supports, objections and undercuts;
    # none of its sources or scholars is stored yet on either side.
    text = argdown.write(big_graph(400)).text
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "argmap.settings",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    on_sqlite = json.loads(done.stdout)
    on_postgresql = stored_and_evaluated(map_import(owner=ada, text=text, format="argdown").map)
    assert on_sqlite == on_postgresql


# Copying a map: a fork of the demo, a student starting an assignment from it and submitting.
# PostgreSQL copies inside the database (argmap/maps/services/copy.py); SQLite, which has no
# sequences or arrays, goes through a Graph. The same story runs on both. (Exports are compared
# within one database: the two number the demo's sources in different orders.)
COPIES = textwrap.dedent(
    """
    import datetime
    from django.contrib.auth.models import User
    from django.utils import timezone
    from argmap.classroom import services as classroom
    from argmap.maps import services
    from argmap.maps.demo import load_demo
    from argmap.maps.exports import map_export

    def copies():
        demo = load_demo().map
        iris = User.objects.create_user("iris")
        ada = User.objects.create_user("ada")
        fork = services.map_fork(map=demo, owner=ada, title="Ada's copy")
        course = classroom.course_create(owner=iris, title="History 301")
        classroom.course_join(user=ada, code=course.join_code)
        assignment = classroom.assignment_create(
            course=course, actor=iris, title="Map it", starter_map=demo,
            due_at=timezone.now() + datetime.timedelta(days=1),
        )
        work = classroom.work_start(assignment=assignment, student=ada)
        snapshot = classroom.submission_submit(assignment=assignment, student=ada).snapshot
        def content(map_):
            # Statements and links; the sources and scholars that characterisations cite stay
            # with the original, as the characterisations do.
            exported = json.loads(map_export(map=map_, format="json").text)
            return {"nodes": exported["nodes"], "links": exported["links"]}

        original = content(demo)
        found = {"statements": len(original["nodes"]), "links": len(original["links"])}
        for name, map_ in (("fork", fork), ("work", work.map), ("snapshot", snapshot)):
            found[name] = content(map_) == original
        return found
    """
)


def test_copies_made_in_sqlite_hold_what_copies_made_in_postgresql_hold(
    db: None, demo_rows: dict[str, bytes], tmp_path: Path
) -> None:
    script = (
        "import json, django\ndjango.setup()\n"
        "from django.core.management import call_command\n"
        "from django.db import connection\n"
        "assert connection.vendor == 'sqlite'\n"
        "call_command('migrate', verbosity=0)\n" + COPIES + "print(json.dumps(copies()))\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "argmap.settings",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    on_sqlite = json.loads(done.stdout)
    scope: dict[str, object] = {"json": json}
    exec(COPIES, scope)  # noqa: S102 - the story above, run on PostgreSQL too
    on_postgresql = scope["copies"]()  # type: ignore[operator]
    # Each copy holds what the demo holds, statement for statement, on both databases.
    assert on_sqlite == on_postgresql
    assert on_sqlite["fork"] is on_sqlite["work"] is on_sqlite["snapshot"] is True
