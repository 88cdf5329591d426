"""map_import: a file becomes a map whole, or nothing is written and the message says why."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import DataError, connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.interchange import argdown, native
from argmap.maps.exports import map_export
from argmap.maps.models import Characterisation, Link, Map, Node, Revision, Scholar, Source
from argmap.maps.services import bulk
from argmap.maps.services.imports import map_import
from tests.interchange.test_aif import sample
from tests.interchange.test_fuzz import ARGDOWN_SEED, mutated_text

pytestmark = pytest.mark.django_db

MODELS = (Map, Node, Link, Source, Scholar, Characterisation, Revision)


def row_counts() -> tuple[int, ...]:
    return tuple(model._default_manager.model._base_manager.count() for model in MODELS)


def test_import_makes_a_private_map_of_the_owner_with_its_notes(ada: User) -> None:
    imported = map_import(owner=ada, text=ARGDOWN_SEED, format="argdown")
    assert imported.map.owner == ada and imported.map.visibility == "private"
    assert imported.map.title == "Surrender"
    assert imported.map.nodes.filter(kind="thesis").exists()
    assert any("contradiction" in note for note in imported.notes)


def test_import_title_overrides_the_files_own(ada: User) -> None:
    imported = map_import(owner=ada, text=ARGDOWN_SEED, format="argdown", title="Mine")
    assert imported.map.title == "Mine"


def test_import_error_names_the_line_and_writes_nothing(ada: User) -> None:
    before = row_counts()
    bad = ARGDOWN_SEED.replace("date: 1945-08-15", "date: 15 August")
    with pytest.raises(ValidationError) as caught:
        map_import(owner=ada, text=bad, format="argdown")
    assert "line 8" in caught.value.messages[0] and "is not a date" in caught.value.messages[0]
    assert row_counts() == before


@pytest.mark.parametrize("path", ["copy", "orm"])
def test_import_refused_by_the_database_late_still_writes_nothing(
    ada: User, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """The map, its sources and statements are written before the links; a database error
    there takes them all back, and the user gets a message instead of a server error: on
    PostgreSQL's COPY (a link's kind too long for its column) and on the ORM's bulk inserts
    (what SQLite takes)."""
    if path == "copy":
        row = bulk._link_row
        monkeypatch.setattr(bulk, "_link_row", lambda *a: (*row(*a)[:2], "x" * 50, *row(*a)[3:]))
    else:

        def refuse(*args: object, **kwargs: object) -> None:
            raise DataError("value too long")

        monkeypatch.setattr(connection, "vendor", "sqlite")
        monkeypatch.setattr(Link.objects, "bulk_create", refuse)
    before = row_counts()
    with pytest.raises(ValidationError, match="database refused this map; nothing was imported"):
        map_import(owner=ada, text=native.write(sample()).text, format="json")
    assert row_counts() == before


def test_reimporting_the_demo_reuses_its_sources_and_scholars_by_key(ada: User, demo: Map) -> None:
    text = map_export(map=demo, format="json").text
    sources, scholars = Source.objects.count(), Scholar.objects.count()
    map_import(owner=ada, text=text, format="json")
    assert (Source.objects.count(), Scholar.objects.count()) == (sources, scholars)


def test_import_of_an_unknown_format_is_refused(ada: User) -> None:
    with pytest.raises(ValidationError, match="cannot import"):
        map_import(owner=ada, text="x", format="docx")


def test_any_file_is_imported_whole_or_not_at_all(ada: User) -> None:
    """Mutated Argdown and argmap JSON through the service: a map, or an error and no new rows."""
    seeds = [ARGDOWN_SEED, argdown.write(sample()).text, native.write(sample()).text]
    outcomes = {"imported": 0, "refused": 0}

    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(mutated_text(seeds), st.sampled_from(["argdown", "json"]))
    def check(text: str, format: str) -> None:
        before = row_counts()
        try:
            map_import(owner=ada, text=text, format=format)
        except ValidationError as exc:
            assert exc.messages
            assert row_counts() == before  # 0 partial imports
            outcomes["refused"] += 1
        else:
            assert row_counts()[0] == before[0] + 1
            outcomes["imported"] += 1

    check()
    assert outcomes["imported"] and outcomes["refused"], outcomes


def test_import_keeps_a_title_longer_than_the_field_in_the_description_with_a_note() -> None:
    owner = User.objects.create_user("longtitle", password="pw-long-title-1945")
    long_title = "A very long title " * 15
    imported = map_import(owner=owner, text=f"# {long_title}\n\n[A]: a\n", format="argdown")
    assert len(imported.map.title) == 200 and imported.map.title.endswith("…")
    assert imported.map.description.startswith("Title: " + long_title.strip())
    assert any("title is longer than 200 characters" in note for note in imported.notes)


def test_an_import_checks_its_graph_once(ada: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's check_graph is the one validation: the writer does not check again."""
    from argmap.interchange import argdown_read
    from argmap.maps.services import graph

    calls: list[object] = []
    check = argdown_read.check_graph

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return check(*args, **kwargs)

    monkeypatch.setattr(argdown_read, "check_graph", counted)
    monkeypatch.setattr(graph, "check_graph", counted)
    map_import(owner=ada, text=ARGDOWN_SEED, format="argdown")
    assert len(calls) == 1
