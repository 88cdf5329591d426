"""Statements (nodes) and links through the API: create, change, filter; the services' rules
answered with 422; ids of another map refused; read-only fields ignored."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from argmap.maps import services
from argmap.maps.models import Link, Node, Source
from tests.cast import Scene
from tests.factories import ScholarFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _nodes(s: Scene) -> str:
    return f"/api/maps/{s.map.pk}/nodes/"


def _links(s: Scene) -> str:
    return f"/api/maps/{s.map.pk}/links/"


def test_evidence_with_a_new_source_is_created_in_one_request(
    ada: User, private: Scene, ada_api: APIClient
) -> None:
    body = {
        "kind": "evidence",
        "text": "Hiroshima, 6 August",
        "evidence_kind": "event",
        "date_text": "1945-08-06",
        "new_source": {"title": "USSBS, The Effects of Atomic Bombs", "year": 1946},
    }
    response = ada_api.post(_nodes(private), body, format="json")
    assert response.status_code == 201
    data = response.json()
    source = Source.objects.get(pk=data["source"])
    assert source.title.startswith("USSBS") and source.created_by == ada
    assert (data["date_start"], data["date_precision"], data["version"]) == (
        "1945-08-06",
        "day",
        1,
    )
    assert response["Location"] == f"{_nodes(private)}{data['id']}/"


def test_the_services_rules_answer_422_and_write_nothing(
    private: Scene, ada_api: APIClient
) -> None:
    counts = (Node.all_objects.count(), Source.objects.count())
    source = SourceFactory()
    refusals = [
        ({"kind": "claim", "text": "x", "source": source.pk}, "source"),
        ({"kind": "evidence", "text": "x", "date_text": "sixth of August"}, "date_text"),
        (
            {"kind": "evidence", "text": "x", "date_text": "someday", "new_source": {"title": "N"}},
            "date_text",
        ),
    ]
    for body, field in refusals:
        response = ada_api.post(_nodes(private), body, format="json")
        assert response.status_code == 422, body
        assert field in response.json()["errors"]
    assert (Node.all_objects.count(), Source.objects.count() - 1) == counts


def test_malformed_input_is_400(private: Scene, ada_api: APIClient) -> None:
    source = SourceFactory()
    for body in (
        {"kind": "opinion", "text": "x"},
        {"kind": "claim"},
        {"kind": "claim", "text": "x", "base_score": 2},
        {"kind": "evidence", "text": "x", "source": source.pk, "new_source": {"title": "y"}},
        {"kind": "claim", "text": "nul \x00 byte"},
    ):
        assert ada_api.post(_nodes(private), body, format="json").status_code == 400, body


def test_node_filters(private: Scene, ada_api: APIClient) -> None:
    scholar = ScholarFactory(name="Hasegawa")
    services.node_update(node=private.thesis, actor=None, version=1, data={"scholar": scholar})

    def ids(query: str) -> set[int]:
        return {n["id"] for n in ada_api.get(_nodes(private) + query).json()["results"]}

    assert ids("?kind=evidence") == {private.evidence.pk}
    assert ids(f"?scholar={scholar.pk}") == {private.thesis.pk}
    assert ids(f"?source={private.evidence.source_id}") == {private.evidence.pk}
    assert ids("?q=soviet") == {private.thesis.pk}
    assert ids("?evidence_kind=document&kind=evidence") == {private.evidence.pk}
    assert ada_api.get(_nodes(private) + "?kind=opinion").status_code == 400
    assert ada_api.get(_nodes(private) + "?scholar=x").status_code == 400


def test_a_node_patch_ignores_read_only_fields(
    private: Scene, public: Scene, ada_api: APIClient
) -> None:
    url = f"{_nodes(private)}{private.thesis.pk}/"
    forged = {
        "text": "Changed",
        "id": 1,
        "map": public.map.pk,
        "version": 40,
        "key": "forged",
        "origin": public.thesis.pk,
        "date_start": "1900-01-01",
        "created": "2000-01-01T00:00:00Z",
    }
    response = ada_api.patch(url, forged, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    node = Node.objects.get(pk=private.thesis.pk)
    assert (node.text, node.map_id, node.version, node.key, node.origin_id) == (
        "Changed",
        private.map.pk,
        2,
        "",
        None,
    )
    assert node.date_start is None


def test_put_replaces_and_patch_changes_only_what_is_sent(
    private: Scene, ada_api: APIClient
) -> None:
    url = f"{_nodes(private)}{private.evidence.pk}/"
    patched = ada_api.patch(url, {"locator": "p. 12"}, format="json", HTTP_IF_MATCH='"1"')
    assert patched.json()["text"] == "Declaration of war, 8 August"
    assert patched.json()["locator"] == "p. 12"
    put = ada_api.put(
        url, {"kind": "claim", "text": "Now a claim"}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert put.status_code == 200
    node = Node.objects.get(pk=private.evidence.pk)
    assert (node.kind, node.text, node.locator, node.source_id, node.date_text) == (
        "claim",
        "Now a claim",
        "",
        None,
        "",
    )


def test_links_and_undercuts_are_created_within_the_map(
    private: Scene, public: Scene, ada_api: APIClient
) -> None:
    opposed = ada_api.post(
        _links(private),
        {"kind": "opposes", "source_node": private.evidence.pk, "target_node": private.other.pk},
        format="json",
    )
    assert opposed.status_code == 201 and opposed.json()["kind"] == "opposes"
    claim = ada_api.post(_nodes(private), {"kind": "claim", "text": "A reading"}, format="json")
    undercut = ada_api.post(
        _links(private),
        {"kind": "undercuts", "source_node": claim.json()["id"], "target_link": private.link.pk},
        format="json",
    )
    assert undercut.status_code == 201
    assert Link.objects.get(pk=undercut.json()["id"]).target_link_id == private.link.pk
    # A node or link of another map is unknown here (400), never linked across maps.
    crossed = ada_api.post(
        _links(private),
        {"kind": "supports", "source_node": private.evidence.pk, "target_node": public.thesis.pk},
        format="json",
    )
    assert crossed.status_code == 400 and "target_node" in crossed.json()["errors"]
    crossed = ada_api.post(
        _links(private),
        {"kind": "undercuts", "source_node": claim.json()["id"], "target_link": public.link.pk},
        format="json",
    )
    assert crossed.status_code == 400
    # The ends must fit the kind: that is the model's rule, so 422.
    wrong = ada_api.post(
        _links(private),
        {"kind": "supports", "source_node": private.evidence.pk, "target_link": private.link.pk},
        format="json",
    )
    assert wrong.status_code == 422 and "target_node" in wrong.json()["errors"]


def test_a_link_keeps_its_ends_and_stays_an_undercut(private: Scene, ada_api: APIClient) -> None:
    url = f"{_links(private)}{private.link.pk}/"
    response = ada_api.patch(
        url,
        {"kind": "opposes", "target_node": private.other.pk, "source_node": private.thesis.pk},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200
    link = Link.objects.get(pk=private.link.pk)
    assert (link.kind, link.source_node_id, link.target_node_id) == (
        "opposes",
        private.evidence.pk,
        private.thesis.pk,
    )
    refused = ada_api.patch(url, {"kind": "undercuts"}, format="json", HTTP_IF_MATCH='"2"')
    assert refused.status_code == 422 and "kind" in refused.json()["errors"]


def test_a_links_scheme_is_set_changed_and_shown_with_its_argument(
    private: Scene, ada_api: APIClient
) -> None:
    made = ada_api.post(
        _links(private),
        {"kind": "opposes", "source_node": private.evidence.pk, "target_node": private.other.pk,
         "scheme": "Sign"},
        format="json",
    )  # fmt: skip
    assert made.status_code == 201 and made.json()["scheme"] == "Sign"
    Link.objects.filter(pk=made.json()["id"]).update(argument="Core argument")
    url = f"{_links(private)}{made.json()['id']}/"
    changed = ada_api.patch(url, {"scheme": "Analogy"}, format="json", HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200
    assert (changed.json()["scheme"], changed.json()["argument"]) == ("Analogy", "Core argument")


def test_link_filters(private: Scene, ada_api: APIClient) -> None:
    def ids(query: str) -> set[int]:
        return {n["id"] for n in ada_api.get(_links(private) + query).json()["results"]}

    assert ids("?kind=supports") == {private.link.pk}
    assert ids("?kind=opposes") == set()
    assert ids(f"?target_node={private.thesis.pk}") == {private.link.pk}
    assert ids(f"?source_node={private.thesis.pk}") == set()
