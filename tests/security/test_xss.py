"""Stored XSS: a payload in any text field never reaches a page as markup, and never runs.

Two layers are tested separately so that each can fail on its own: the server escapes every
payload (no page contains one verbatim), and in Chromium no payload executes on any page,
including parts that htmx swaps in and the map picture drawn from JSON.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.security.hostile import build_hostile
from tests.security.payloads import PAYLOADS

MARKUP = [p for p in PAYLOADS if "<" in p or '"' in p]


@pytest.mark.django_db
def test_corpus_has_at_least_thirty_payloads() -> None:
    assert len(PAYLOADS) >= 30 and len(MARKUP) >= 30


@pytest.mark.django_db
@pytest.mark.slow
def test_no_page_contains_a_stored_payload_verbatim(
    ada: User, ada_client: Client, anon_client: Client
) -> None:
    hostile = build_hostile(ada)
    for client, owner in ((ada_client, True), (anon_client, False)):
        for url in hostile.pages(owner=owner):
            for htmx in (False, True):
                response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
                assert response.status_code == 200, url
                page = response.content.decode()
                # Inside the picture's JSON a quote is escaped as \" which is safe.
                leaked = [p for p in MARKUP if re.search(r"(?<!\\)" + re.escape(p), page)]
                assert leaked == [], f"{url} (htmx={htmx}) shows raw: {leaked[:2]}"


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_no_payload_executes_in_chromium(live_server: Any, page: Any, ada: User) -> None:
    from tests.e2e.helpers import log_in

    hostile = build_hostile(ada)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page, live_server, "ada")
    # Every page but the statements' own pages (the map page shows the same panels, below).
    urls = [u for u in hostile.pages(owner=True) if "/nodes/" not in u or u.endswith("/")
            and not re.search(r"/nodes/\d+/$", u)]  # fmt: skip
    assert any("/sources/" in u for u in urls) and any("/timeline/" in u for u in urls)
    for url in urls:
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss === undefined"), url
    # Every thesis's section open, so its evidence, uses and undercuts are drawn too.
    opened = ",".join(str(n.pk) for n in hostile.nodes if n.kind == "thesis")
    page.goto(f"{live_server.url}{hostile.map.get_absolute_url()}?open={opened}")
    page.wait_for_selector("#map-graph[data-ready='true']")
    for link in page.locator("#outline a[data-node-panel]").all()[:12]:
        link.click()
        page.wait_for_selector("#node-panel #node-panel-title")
    page.wait_for_load_state("networkidle")  # the last statement's panel, not one on its way
    # Every statement of this map is at one end of a link: its panel offers to edit it.
    page.locator("#node-panel >> text=Edit link").first.click()
    page.wait_for_selector("#panel-editor form")
    page.locator("#node-panel >> text=Opposes…").click()
    page.wait_for_selector("#panel-editor form")
    # The SVG export: labels are text nodes only; no element or attribute came from a label.
    svg = ElementTree.fromstring(page.evaluate("window.argmapSvg()"))
    drawn = {
        "svg",
        "g",
        "defs",
        "marker",
        "path",
        "rect",
        "line",
        "ellipse",
        "polygon",
        "text",
        "tspan",
    }
    for element in svg.iter():
        assert element.tag.rsplit("}", 1)[-1] in drawn, element.tag
        assert not any(name.lower().startswith("on") or "href" in name for name in element.attrib)
    assert any("<script>" in (t.text or "") for t in svg.iter("{http://www.w3.org/2000/svg}tspan"))
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss === undefined")
    assert dialogs == []


@pytest.mark.django_db
def test_exports_are_downloads_a_browser_never_renders_as_html(
    ada: User, ada_client: Client
) -> None:
    hostile = build_hostile(ada)
    m = hostile.map.pk
    for url in (
        f"/maps/{m}/matrix.csv",
        *(f"/maps/{m}/export/{f}/" for f in ("argdown", "aif", "ova", "json")),
    ):
        response = ada_client.get(url)
        assert response.status_code == 200, url
        assert "html" not in response["Content-Type"], url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment"), url
