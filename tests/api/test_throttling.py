"""Rates: anonymous clients by address, users by account, a stricter scope for imports and for
the token endpoint; 429 with Retry-After; counts kept where every worker sees them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from rest_framework.test import APIClient

from argmap.lib.env import cache_from_url
from tests.cast import Scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_rates(settings: Any) -> None:
    cache.clear()
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {
        "anon": "3/min",
        "user": "5/min",
        "imports": "2/hour",
        "token": "2/min",
    }
    settings.REST_FRAMEWORK = rest


def _throttled(response: Any) -> bool:
    if response.status_code != 429:
        return False
    assert 0 < int(response["Retry-After"]) <= 3600
    assert response.json()["code"] == "throttled"
    return True


def test_anonymous_clients_are_throttled_by_address(
    small_rates: None, public: Scene, anon_api: APIClient
) -> None:
    url = f"/api/maps/{public.map.pk}/"
    # A client cannot dodge the limit by inventing X-Forwarded-For addresses (no proxy here).
    statuses = [anon_api.get(url, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 200]
    assert _throttled(anon_api.get(url, HTTP_X_FORWARDED_FOR="10.0.0.99"))
    other = APIClient(REMOTE_ADDR="192.0.2.7")
    assert other.get(url).status_code == 200


def test_users_are_throttled_by_account(
    small_rates: None, private: Scene, ada_api: APIClient, ben_api: APIClient
) -> None:
    url = f"/api/maps/{private.map.pk}/"
    assert [ada_api.get(url).status_code for _ in range(5)] == [200] * 5
    assert _throttled(ada_api.get(url))
    assert ben_api.get("/api/maps/").status_code == 200  # Ben has his own count


def test_imports_have_a_stricter_rate_of_their_own(small_rates: None, ada_api: APIClient) -> None:
    body = {"format": "argdown", "text": "[Thesis]: The bombs ended the war."}
    assert ada_api.post("/api/maps/import/", body, format="json").status_code == 201
    assert ada_api.post("/api/maps/import/", body, format="json").status_code == 201
    assert _throttled(ada_api.post("/api/maps/import/", body, format="json"))
    assert ada_api.get("/api/maps/").status_code == 200  # other requests still pass


def test_the_token_endpoint_slows_down_password_guessing(
    small_rates: None, ada: User, anon_api: APIClient
) -> None:
    for _ in range(2):
        guess = anon_api.post("/api/auth/token/", {"username": "ada", "password": "guess"})
        assert guess.status_code == 400
    assert _throttled(anon_api.post("/api/auth/token/", {"username": "ada", "password": "x"}))


def test_counts_live_in_the_database_cache_that_every_worker_shares(
    small_rates: None, public: Scene, anon_api: APIClient, settings: Any
) -> None:
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    anon_api.get(f"/api/maps/{public.map.pk}/")
    table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")  # our own table name, quoted
        keys = [row[0] for row in cursor.fetchall()]
    assert any("throttle_anon" in key for key in keys)


def test_the_cache_is_configured_from_a_url() -> None:
    assert cache_from_url("db://my_cache")["LOCATION"] == "my_cache"
    assert cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ImproperlyConfigured, match="cache URL"):
        cache_from_url("memcached://x")
