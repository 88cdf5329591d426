"""manage.py import_map and export_map."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from argmap.maps.models import Map
from tests.interchange.test_fuzz import ARGDOWN_SEED

pytestmark = pytest.mark.django_db


def test_export_map_then_import_map_copies_the_demo(ada: User, tmp_path: Path, demo: Map) -> None:
    target = tmp_path / "demo.argdown"
    err = StringIO()
    call_command("export_map", demo.pk, "--format", "argdown", "--output", str(target), stderr=err)
    assert "Wrote" in err.getvalue() and target.read_text().startswith("===")
    out = StringIO()
    call_command("import_map", str(target), "--owner", "ada", stdout=out)
    copy = Map.objects.get(owner=ada)
    assert f"as map {copy.pk}" in out.getvalue()
    assert copy.nodes.count() == demo.nodes.count()


def test_export_map_lists_what_a_format_drops(
    capsys: pytest.CaptureFixture[str], demo: Map
) -> None:
    err = StringIO()
    out = StringIO()
    call_command("export_map", demo.pk, "--format", "aif", stdout=out, stderr=err)
    assert "not kept in aif: date of 57 statements" in err.getvalue()
    assert out.getvalue().startswith("{")


def test_import_map_reports_the_line_and_imports_nothing(ada: User, tmp_path: Path) -> None:
    path = tmp_path / "bad.argdown"
    path.write_text(ARGDOWN_SEED.replace("1945-08-15", "someday"), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported: line 8"):
        call_command("import_map", str(path), "--owner", "ada")
    assert not Map.objects.filter(owner=ada).exists()


def test_commands_refuse_unknown_users_and_maps(ada: User) -> None:
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("import_map", "x.argdown", "--owner", "nobody")
    with pytest.raises(CommandError, match="no map 999999"):
        call_command("export_map", 999999)


def test_import_map_refuses_a_title_longer_than_a_maps(ada: User, tmp_path: Path) -> None:
    path = tmp_path / "short.argdown"
    path.write_text("[A]: a\n", encoding="utf-8")
    with pytest.raises(CommandError, match="title is longer than 200 characters"):
        call_command("import_map", str(path), "--owner", "ada", "--title", "T" * 201,
                     stdout=StringIO(), stderr=StringIO())  # fmt: skip
    assert not Map.objects.filter(owner=ada).exists()
    call_command("import_map", str(path), "--owner", "ada", "--title", "T" * 200,
                 stdout=StringIO(), stderr=StringIO())  # fmt: skip
    assert Map.objects.get(owner=ada).title == "T" * 200
