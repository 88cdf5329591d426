"""The API's interactive documentation renders in Chromium from our own files, under our CSP.

Swagger UI's start-up script is served as a file (drf-spectacular's split view) and the page's
style as a stylesheet, so the strict Content-Security-Policy (no inline script or style) holds:
a violation would show as a console error. Nothing is fetched from another origin.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from argmap.maps.models import Map
from tests.e2e.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_every_operation_without_a_csp_violation(
    live_server: Any, page: Any, console_errors: list[str]
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(f"{live_server.url}/api/docs/")
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/maps/{map_id}/nodes/{node_id}/" in [p.replace("\u200b", "") for p in paths]
    assert "argmap API" in page.inner_text(".swagger-ui .info .title")
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(live_server.url).netloc}
    assert console_errors == []


def test_a_signed_in_reader_tries_an_operation_from_the_docs(
    live_server: Any, page: Any, console_errors: list[str], ada: Any, demo: Map
) -> None:
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}/api/docs/")
    operation = "#operations-maps-maps_retrieve"
    page.click(f"{operation} .opblock-summary", timeout=15_000)
    page.click(f"{operation} .try-out__btn")
    page.fill(f"{operation} input[placeholder='map_id']", str(demo.pk))
    page.click(f"{operation} .execute")
    answer = f"{operation} .live-responses-table tbody"
    page.wait_for_selector(f"{answer} .response-col_status")
    assert page.inner_text(f"{answer} .response-col_status").strip() == "200"
    assert demo.title in page.inner_text(answer)
    # A write from the docs carries the session's CSRF token (the start-up script adds it).
    operation = "#operations-maps-maps_create"
    page.click(f"{operation} .opblock-summary")
    page.click(f"{operation} .try-out__btn")
    page.fill(f"{operation} textarea.body-param__text", '{"title": "Made in the docs"}')
    page.click(f"{operation} .execute")
    answer = f"{operation} .live-responses-table tbody"
    page.wait_for_selector(f"{answer} .response-col_status")
    assert page.inner_text(f"{answer} .response-col_status").strip() == "201"
    assert Map.objects.filter(title="Made in the docs", owner=ada).exists()
    assert console_errors == []
