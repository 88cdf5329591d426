"""Maps through the API: the list (scoped, filtered, paginated), create, change, fork, import and
export, and what a client may not set."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from argmap.maps.exports import map_export
from argmap.maps.models import Map, Node
from argmap.maps.services import bulk
from tests.cast import Scene
from tests.factories import MapFactory
from tests.interchange.test_fuzz import ARGDOWN_SEED
from tests.maps.test_imports import row_counts

pytestmark = pytest.mark.django_db


def _titles(response: object) -> set[str]:
    return {m["title"] for m in response.json()["results"]}  # type: ignore[attr-defined]


def test_the_list_shows_what_each_reader_may_read(
    ben: User,
    private: Scene,
    public: Scene,
    ada_api: APIClient,
    ben_api: APIClient,
    anon_api: APIClient,
) -> None:
    bens = MapFactory(owner=ben, title="Ben's private map")
    assert _titles(ada_api.get("/api/maps/")) == {"Ada's private map", "Ada's public map"}
    assert _titles(ben_api.get("/api/maps/")) == {"Ada's public map", bens.title}
    assert _titles(anon_api.get("/api/maps/")) == {"Ada's public map"}


def test_the_list_filters(
    private: Scene, public: Scene, ada_api: APIClient, ben_api: APIClient, anon_api: APIClient
) -> None:
    assert _titles(ada_api.get("/api/maps/?visibility=private")) == {"Ada's private map"}
    assert _titles(ben_api.get("/api/maps/?owner=me")) == set()
    assert _titles(ada_api.get("/api/maps/?owner=me&q=PUBLIC")) == {"Ada's public map"}
    assert _titles(anon_api.get("/api/maps/?owner=me")) == set()
    refused = ada_api.get("/api/maps/?visibility=secret")
    assert refused.status_code == 400 and "visibility" in refused.json()["errors"]


def test_lists_are_paginated(ada: User, ada_api: APIClient) -> None:
    for n in range(7):
        MapFactory(owner=ada, title=f"Map {n}")
    first = ada_api.get("/api/maps/?page_size=3").json()
    assert first["count"] == 7 and len(first["results"]) == 3
    assert first["next"].endswith("page=2&page_size=3") and first["previous"] is None
    last = ada_api.get("/api/maps/?page_size=3&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert ada_api.get("/api/maps/?page=4&page_size=3").status_code == 404
    # The newest first, and no map twice across pages.
    seen = [
        m["id"]
        for p in (1, 2, 3)
        for m in ada_api.get(f"/api/maps/?page_size=3&page={p}").json()["results"]
    ]
    assert len(set(seen)) == 7


def test_page_size_has_a_default_and_a_ceiling(ada: User, ada_api: APIClient) -> None:
    map_ = MapFactory(owner=ada)
    Node.objects.bulk_create(Node(map=map_, kind="claim", text=f"c{n}") for n in range(230))
    url = f"/api/maps/{map_.pk}/nodes/"
    assert len(ada_api.get(url).json()["results"]) == 50
    assert len(ada_api.get(url + "?page_size=1000").json()["results"]) == 200


def test_create_makes_the_caller_the_owner_whatever_the_body_says(
    ada: User, ben: User, ada_api: APIClient
) -> None:
    body = {
        "title": "Mine",
        "owner": ben.pk,
        "id": 999,
        "version": 50,
        "key": "demo",
        "forked_from": 1,
        "deleted_at": "2020-01-01T00:00:00Z",
    }
    response = ada_api.post("/api/maps/", body, format="json")
    assert response.status_code == 201
    created = Map.objects.get(title="Mine")
    assert created.owner == ada and created.version == 1 and created.key is None
    assert created.pk != 999 and created.forked_from is None and created.visibility == "private"
    assert response["Location"] == f"/api/maps/{created.pk}/" and response["ETag"] == '"1"'


def test_a_put_of_what_was_got_changes_nothing_it_should_not(
    ada: User, ben: User, private: Scene, ada_api: APIClient
) -> None:
    """Mass assignment: read-only fields sent back (or forged) are ignored."""
    url = f"/api/maps/{private.map.pk}/"
    got = ada_api.get(url)
    body = {**got.json(), "title": "Renamed", "owner": "ben", "version": 99, "can_edit": False}
    response = ada_api.put(url, body, format="json", HTTP_IF_MATCH=got["ETag"])
    assert response.status_code == 200
    map_ = Map.objects.get(pk=private.map.pk)
    assert (map_.title, map_.owner, map_.version) == ("Renamed", ada, 2)


def test_invalid_input_is_400_with_the_fields(ada_api: APIClient) -> None:
    response = ada_api.post("/api/maps/", {"title": "", "visibility": "everyone"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == {"title", "visibility"}
    assert (
        ada_api.post("/api/maps/", "not json", content_type="application/json").status_code == 400
    )
    assert ada_api.post("/api/maps/", "title=x", content_type="text/plain").status_code == 415


def test_fork_copies_a_public_map_privately(ben: User, public: Scene, ben_api: APIClient) -> None:
    response = ben_api.post(f"/api/maps/{public.map.pk}/fork/", {"title": "Ben's copy"})
    assert response.status_code == 201
    fork = Map.objects.get(pk=response.json()["id"])
    assert (fork.owner, fork.visibility, fork.title, fork.forked_from) == (
        ben,
        "private",
        "Ben's copy",
        public.map,
    )
    assert fork.nodes.count() == public.map.nodes.count()


def test_export_gives_the_same_file_as_the_page(private: Scene, ada_api: APIClient) -> None:
    for fmt in ("argdown", "aif", "ova", "json"):
        response = ada_api.get(
            f"/api/maps/{private.map.pk}/export/{fmt}/", HTTP_ACCEPT="text/plain"
        )
        expected = map_export(map=private.map, format=fmt)
        assert response.status_code == 200 and response.content.decode() == expected.text
        assert response["Content-Type"] == expected.content_type
    assert ada_api.get(f"/api/maps/{private.map.pk}/export/kialo/").status_code == 404
    formats = ada_api.get(f"/api/maps/{private.map.pk}/export/").json()
    assert [f["format"] for f in formats] == ["argdown", "aif", "ova", "json"]


def test_import_creates_a_private_map_and_reports_notes(
    ada: User, ada_api: APIClient, demo: Map
) -> None:
    text = map_export(map=demo, format="json").text
    response = ada_api.post("/api/maps/import/", {"text": text, "title": "Imported"}, format="json")
    assert response.status_code == 201
    body = response.json()
    imported = Map.objects.get(pk=body["map"]["id"])
    assert (imported.owner, imported.visibility, imported.title) == (ada, "private", "Imported")
    assert imported.nodes.count() == demo.nodes.count()
    assert isinstance(body["notes"], list)


def test_import_is_all_or_nothing(
    ada: User, ada_api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The map, its sources and statements are written before its links: a database refusal
    there takes everything back, and the client gets 422 with a message, not a server error."""

    row = bulk._link_row  # a link's kind too long for its column, in PostgreSQL's COPY
    monkeypatch.setattr(bulk, "_link_row", lambda *a: (*row(*a)[:2], "x" * 50, *row(*a)[3:]))
    before = row_counts()
    response = ada_api.post(
        "/api/maps/import/", {"format": "argdown", "text": ARGDOWN_SEED}, format="json"
    )
    assert response.status_code == 422
    assert "nothing was imported" in response.json()["detail"]
    assert row_counts() == before


def test_import_names_the_line_of_an_error_and_writes_nothing(ada_api: APIClient) -> None:
    before = row_counts()
    bad = ARGDOWN_SEED.replace("date: 1945-08-15", "date: 15 August")
    response = ada_api.post("/api/maps/import/", {"text": bad}, format="json")  # detected
    assert response.status_code == 422
    assert "line 8" in response.json()["detail"] and "is not a date" in response.json()["detail"]
    assert row_counts() == before


def test_import_needs_an_account(anon_api: APIClient) -> None:
    assert anon_api.post("/api/maps/import/", {"text": "[A]: a"}, format="json").status_code == 401


def test_a_body_over_the_upload_limit_is_413_with_the_json_error(
    ada_api: APIClient, settings: object
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # type: ignore[attr-defined]
    text = "[A]: " + "x" * 2000
    response = ada_api.post("/api/maps/import/", {"text": text}, format="json")
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert not Map.objects.exists()
