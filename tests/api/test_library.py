"""Sources, scholars, characterisations: public bibliography, searchable; a characterisation of
a thesis in a private map is seen only by who can read that map."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from argmap.maps.models import Source
from tests.cast import Scene
from tests.factories import ScholarFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_sources_are_searchable_and_filtered_by_kind(anon_api: APIClient) -> None:
    SourceFactory(title="Racing the Enemy", authors="Hasegawa, T.", kind="secondary")
    SourceFactory(title="Imperial rescript", authors="", kind="primary")
    found = anon_api.get("/api/sources/?q=hasegawa").json()["results"]
    assert [s["title"] for s in found] == ["Racing the Enemy"]
    primary = anon_api.get("/api/sources/?kind=primary").json()["results"]
    assert [s["title"] for s in primary] == ["Imperial rescript"]
    assert anon_api.get("/api/sources/?kind=tertiary").status_code == 400


def test_a_signed_in_user_adds_a_source(ada: User, ada_api: APIClient, anon_api: APIClient) -> None:
    body = {"title": "Downfall", "authors": "Frank, R. B.", "year": 1999, "key": "src_frank"}
    assert anon_api.post("/api/sources/", body, format="json").status_code == 401
    response = ada_api.post("/api/sources/", body, format="json")
    assert response.status_code == 201
    source = Source.objects.get(pk=response.json()["id"])
    assert (source.title, source.created_by, source.key) == ("Downfall", ada, "src_frank")
    assert response["Location"] == f"/api/sources/{source.pk}/"
    # The key is taken: the service refuses it (422), nothing is written.
    again = ada_api.post("/api/sources/", body, format="json")
    assert again.status_code == 422 and "key" in again.json()["errors"]
    assert Source.objects.filter(key="src_frank").count() == 1
    assert (
        ada_api.post("/api/sources/", {"title": "x", "year": 99999}, format="json").status_code
        == 400
    )


def test_scholars_with_their_works(anon_api: APIClient) -> None:
    work = SourceFactory(title="Racing the Enemy")
    scholar = ScholarFactory(name="Tsuyoshi Hasegawa", works=[work])
    ScholarFactory(name="Richard Frank")
    found = anon_api.get("/api/scholars/?q=hasegawa").json()["results"]
    assert [s["name"] for s in found] == ["Tsuyoshi Hasegawa"]
    detail = anon_api.get(f"/api/scholars/{scholar.pk}/").json()
    assert detail["works"] == [work.pk]
    assert anon_api.get("/api/scholars/999999/").status_code == 404


def test_characterisations_of_a_private_map_stay_private(
    private: Scene, public: Scene, ada_api: APIClient, ben_api: APIClient
) -> None:
    def ids(client: APIClient, query: str = "") -> set[int]:
        return {c["id"] for c in client.get(f"/api/characterisations/{query}").json()["results"]}

    mine, shared = private.characterisation.pk, public.characterisation.pk
    assert ids(ada_api) == {mine, shared}
    assert ids(ben_api) == {shared}
    assert ids(ada_api, f"?map={private.map.pk}") == {mine}
    assert ids(ada_api, "?status=accepted") == set()
    assert ids(ada_api, f"?scholar={public.characterisation.scholar_id}") == {shared}
    detail = ben_api.get(f"/api/characterisations/{shared}/").json()
    assert (detail["thesis"], detail["status"]) == (public.thesis.pk, "disputed")
