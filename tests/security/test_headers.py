"""Headers and logs: private answers are never stored by a shared cache, the Permissions-Policy
is on every answer, HSTS binds subdomains and the preload list only when the operator says so,
and a refusal is logged as one line."""

from __future__ import annotations

import importlib
import io
import json
import logging
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from knox.models import AuthToken

from argmap.lib.logs import RefusalsWithoutTraceback
from argmap.maps import services
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def test_answers_to_a_signed_in_user_are_private_and_never_stored(
    ada: User, ada_client: Client, anon_client: Client
) -> None:
    mine = services.map_create(owner=ada, title="Mine", visibility="private")
    for url in ("/", "/maps/", "/accounts/", "/api/maps/", "/courses/"):
        control = ada_client.get(url)["Cache-Control"]
        assert "private" in control and "no-store" in control, url
    # The map page has a tag to revalidate with (argmap/lib/revalidation.py): her browser may
    # keep it and must ask before showing it again; no shared cache may keep it.
    page = ada_client.get(f"/maps/{mine.pk}/")
    assert page.has_header("ETag")
    control = {part.strip() for part in page["Cache-Control"].split(",")}
    assert control == {"private", "no-cache"}
    _, key = AuthToken.objects.create(user=ada, expiry=None)
    by_key = Client(HTTP_AUTHORIZATION=f"Token {key}").get(f"/api/maps/{mine.pk}/")
    assert by_key.status_code == 200 and "no-store" in by_key["Cache-Control"]
    # A new key asked for with a password is answered to nobody signed in: still never stored.
    body = json.dumps({"username": "ada", "password": PASSWORD})
    made = anon_client.post("/api/auth/token/", body, content_type="application/json")
    assert made.status_code == 200 and "no-store" in made["Cache-Control"]
    # A public page to an anonymous reader carries nobody's data: a cache may keep it.
    assert "no-store" not in anon_client.get("/maps/").get("Cache-Control", "")


def test_every_answer_carries_a_permissions_policy(ada_client: Client, anon_client: Client) -> None:
    urls = ["/", "/api/", "/static/argmap/app.css", "/nowhere/", "/healthz"]
    for client, url in [(ada_client, "/maps/"), *((anon_client, url) for url in urls)]:
        policy = client.get(url).headers.get("Permissions-Policy", "")
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def _reloaded(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """The settings module's values with `env` set (the test's settings are restored after)."""
    import argmap.settings as module

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        return dict(vars(importlib.reload(module)))
    finally:
        for name in env:
            monkeypatch.delenv(name)
        monkeypatch.setenv("ARGMAP_HTTPS", "False")
        importlib.reload(module)


def test_hsts_binds_subdomains_and_preloading_only_by_the_operators_choice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = _reloaded(monkeypatch, ARGMAP_HTTPS="True")
    assert plain["SECURE_HSTS_SECONDS"] >= 31536000
    assert not plain["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and not plain["SECURE_HSTS_PRELOAD"]
    chosen = _reloaded(
        monkeypatch,
        ARGMAP_HTTPS="True",
        ARGMAP_HSTS_INCLUDE_SUBDOMAINS="True",
        ARGMAP_HSTS_PRELOAD="True",
    )
    assert chosen["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and chosen["SECURE_HSTS_PRELOAD"]
    assert "security.W005" not in chosen["SILENCED_SYSTEM_CHECKS"]


def test_a_refusal_is_logged_as_one_line_without_a_traceback(ada: User, ben_client: Client) -> None:
    """Anyone signed in can cause a 403 at will; the log must not fill with tracebacks."""
    shared = services.map_create(owner=ada, title="Shared", visibility="public")
    (console,) = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RefusalsWithoutTraceback) for f in h.filters)
    ]
    assert isinstance(console, logging.StreamHandler)
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        for _ in range(3):
            assert ben_client.get(f"/maps/{shared.pk}/settings/").status_code == 403
        assert ben_client.delete(f"/api/maps/{shared.pk}/").status_code == 403
    finally:
        console.setStream(previous)
    written = stream.getvalue().strip().splitlines()
    assert len(written) == 4, written
    assert all("Forbidden" in line and f"/maps/{shared.pk}/" in line for line in written)
    assert "Traceback" not in "\n".join(written)
