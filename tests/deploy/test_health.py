"""/healthz: what the proxy, the container's health check and a monitor ask. It checks the
database and the shared cache, answers before host validation and the HTTPS redirect (a health
check comes by address over plain HTTP), and is never cached."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database_and_the_cache(anon_client: Client) -> None:
    response = anon_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert anon_client.post("/healthz").status_code == 405


def test_healthz_answers_by_address_over_plain_http(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["argmap.example.org"]
    response = Client(HTTP_HOST="10.0.0.5:8000").get("/healthz")
    assert response.status_code == 200
    # Everything else is still redirected or refused.
    assert Client(HTTP_HOST="argmap.example.org").get("/").status_code == 301
    assert Client(HTTP_HOST="10.0.0.5:8000").get("/").status_code == 400


def test_healthz_fails_when_the_cache_is_unreachable(settings: Any, anon_client: Client) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = anon_client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok", "cache": "failing"}


def test_healthz_fails_when_the_database_is_unreachable(
    anon_client: Client, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from django.db import OperationalError, connection

    # A cache outside the database (as compose.yaml's Valkey), so that only the database fails.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    def refuse() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = anon_client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "failing", "cache": "ok"}
