"""The OpenAPI schema documents every operation's errors; the docs are served from our own files
without inline script; unknown /api/ URLs answer the documented JSON error."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

UNSAFE = ("post", "put", "patch", "delete")


@pytest.fixture
def schema(anon_api: APIClient) -> dict[str, Any]:
    response = anon_api.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in ("get", *UNSAFE)
    ]


def test_every_operation_documents_its_errors(schema: dict[str, Any]) -> None:
    operations = _operations(schema)
    assert len(operations) == 72  # 57, the groups' 7 and peer review's 8
    for path, method, op in operations:
        codes = set(op["responses"])
        name = f"{method.upper()} {path}"
        assert {"401", "429"} <= codes, name
        assert ("404" in codes) == ("{" in path or op["operationId"].endswith("_list")), name
        if method in UNSAFE:
            assert "403" in codes, name
        if "requestBody" in op:
            assert {"400", "413", "415"} <= codes, name
        for code, response in op["responses"].items():
            if int(code) >= 400:
                assert response["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"
                }, name
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail", "code"}


def test_versioned_writes_require_if_match_and_document_412_and_428(schema: dict[str, Any]) -> None:
    conditional = [
        (path, method, op)
        for path, method, op in _operations(schema)
        if method in ("put", "patch", "delete") and path.startswith("/api/maps/")
    ]
    assert len(conditional) == 9  # maps, nodes and links × PUT, PATCH, DELETE
    for path, method, op in conditional:
        assert {"412", "428"} <= set(op["responses"]), path
        headers = [p for p in op["parameters"] if p["in"] == "header"]
        assert [(h["name"], h["required"]) for h in headers] == [("If-Match", True)], path
        if method != "delete":
            assert "ETag" in op["responses"]["200"]["headers"]


def test_the_services_refusals_are_documented_where_they_happen(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    assert "422" in paths["/api/maps/import/"]["post"]["responses"]
    assert "422" in paths["/api/maps/{map_id}/nodes/"]["post"]["responses"]
    assert "409" in paths["/api/maps/{map_id}/undo/{batch}/"]["post"]["responses"]
    assert "429" in paths["/api/maps/import/"]["post"]["responses"]
    assert "Retry-After" in paths["/api/maps/"]["get"]["responses"]["429"]["headers"]
    assert "422" not in paths["/api/maps/{map_id}/"]["get"]["responses"]


def test_the_docs_are_our_own_files_without_inline_script(anon_client: Client) -> None:
    page = anon_client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)
    assert scripts and all(body.strip() == "" for body in scripts)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert all(src.startswith("/") for src in sources), sources
    assert "<style" not in html
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    script = anon_client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_unknown_api_urls_answer_json_and_pages_keep_html(
    anon_api: APIClient, anon_client: Client
) -> None:
    for url in ("/api/maps/-1/", "/api/nothing-here/", "/api/maps/1/nodes/x/"):
        response = anon_api.get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found", url
    page = anon_client.get("/maps/-1/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_the_api_index_lists_where_things_are(anon_api: APIClient) -> None:
    index = anon_api.get("/api/").json()
    assert index["maps"] == "/api/maps/" and index["docs"] == "/api/docs/"
    assert anon_api.get(index["schema"]).status_code == 200


def test_the_schema_is_made_once_and_served_in_each_format_asked_for(
    anon_api: APIClient, ada_api: APIClient
) -> None:
    """The document is kept per format once made: each format still gets its own, and a
    signed-in reader gets the same document as an anonymous one (it is served public)."""
    import yaml

    as_json = anon_api.get("/api/schema/?format=json")
    as_yaml = anon_api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    again = ada_api.get("/api/schema/?format=json")
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert 'filename="' in as_yaml["Content-Disposition"]
    assert yaml.safe_load(as_yaml.content) == as_json.json() == again.json()
    assert again.content == as_json.content
