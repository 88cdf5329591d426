"""Authentication: keys from a password or a session, stored hashed, shown once, revocable one by
one, with an optional expiry; sessions with CSRF; the key page."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from argmap.maps.models import Map
from tests.cast import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.passwords]


def keyed(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_password_gets_a_key_that_authenticates_writes(ada: User, anon_api: APIClient) -> None:
    response = anon_api.post(
        "/api/auth/token/", {"username": "ada", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    key = response.json()["token"]
    assert response.json()["expiry"] is None
    # Asking again makes another key (a form post works too: curl -d); both work.
    again = anon_api.post("/api/auth/token/", {"username": "ada", "password": PASSWORD})
    assert again.json()["token"] != key
    created = keyed(key).post("/api/maps/", {"title": "By key"}, format="json")
    assert created.status_code == 201 and Map.objects.get(title="By key").owner == ada
    assert keyed(again.json()["token"]).get("/api/maps/?owner=me").status_code == 200


def test_keys_are_stored_as_digests_only(ada: User, anon_api: APIClient) -> None:
    """A copy of the database (a backup) carries no working key."""
    key = anon_api.post(
        "/api/auth/token/", {"username": "ada", "password": PASSWORD}, format="json"
    ).json()["token"]
    stored = AuthToken.objects.get(user=ada)
    assert key not in (stored.digest, stored.token_key) and len(stored.digest) == 128
    assert keyed(stored.digest).get("/api/maps/").status_code == 401


def test_a_key_may_expire(ada: User, anon_api: APIClient) -> None:
    body = {"username": "ada", "password": PASSWORD, "days": 30}
    response = anon_api.post("/api/auth/token/", body, format="json")
    expiry = datetime.datetime.fromisoformat(response.json()["expiry"])
    assert abs(expiry - (timezone.now() + datetime.timedelta(days=30))).total_seconds() < 60
    key = response.json()["token"]
    AuthToken.objects.filter(user=ada).update(expiry=timezone.now() - datetime.timedelta(days=1))
    assert keyed(key).get("/api/maps/").status_code == 401
    bad = anon_api.post("/api/auth/token/", {**body, "days": 0}, format="json")
    assert bad.status_code == 400


def test_a_wrong_password_gets_no_key(ada: User, anon_api: APIClient) -> None:
    for body in ({"username": "ada", "password": "wrong"}, {"username": "nobody"}, {}):
        response = anon_api.post("/api/auth/token/", body, format="json")
        assert response.status_code == 400, body
        assert response.json()["code"] == "invalid"
    assert not AuthToken.objects.exists()


def test_revoking_a_key_locks_it_out_and_only_it(ada: User) -> None:
    _, first = AuthToken.objects.create(user=ada, expiry=None)
    _, second = AuthToken.objects.create(user=ada, expiry=None)
    assert keyed(first).get("/api/maps/?owner=me").status_code == 200
    assert keyed(first).delete("/api/auth/token/").status_code == 204
    response = keyed(first).get("/api/maps/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"
    assert keyed(second).get("/api/maps/?owner=me").status_code == 200


def test_revoking_needs_authentication(anon_api: APIClient) -> None:
    assert anon_api.delete("/api/auth/token/").status_code == 401


def test_a_signed_in_browser_gets_a_key_without_a_password(ada: User) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(ada)
    # The session authenticates, so CSRF is enforced on unsafe requests.
    assert client.post("/api/auth/token/").status_code == 403
    page = client.get("/accounts/token/")
    token = page.cookies["csrftoken"].value
    response = client.post("/api/auth/token/", headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert keyed(response.json()["token"]).get("/api/maps/?owner=me").status_code == 200


def test_session_writes_need_the_csrf_token(ada: User) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(ada)
    assert client.post("/api/maps/", {"title": "No token"}, format="json").status_code == 403
    assert not Map.objects.filter(title="No token").exists()
    assert client.get("/api/maps/").status_code == 200


def test_the_key_page_makes_shows_once_and_revokes(
    ada: User, ada_client: Client, anon_client: Client
) -> None:
    assert anon_client.get("/accounts/token/").status_code == 302  # to the login page
    assert "no key yet" in ada_client.get("/accounts/token/").text
    made = ada_client.post("/accounts/token/", {"action": "create", "days": "90"})
    key = made.context["key"]
    assert key in made.text and "private" in made["Cache-Control"]
    assert "no-store" in made["Cache-Control"]
    assert keyed(key).get("/api/maps/?owner=me").status_code == 200
    assert key not in ada_client.get("/accounts/token/").text  # shown once
    stored = AuthToken.objects.get(user=ada)
    assert stored.expiry is not None
    ada_client.post("/accounts/token/", {"action": "revoke", "token": stored.digest})
    assert not AuthToken.objects.filter(user=ada).exists()
    assert keyed(key).get("/api/maps/").status_code == 401


def test_the_key_page_revokes_only_the_users_own_keys(
    ada: User, ben: User, ada_client: Client
) -> None:
    bens, _ = AuthToken.objects.create(user=ben, expiry=None)
    ada_client.post("/accounts/token/", {"action": "revoke", "token": bens.digest})
    ada_client.post("/accounts/token/", {"action": "revoke-all"})
    assert AuthToken.objects.filter(user=ben).count() == 1


def test_the_key_page_refuses_posts_without_csrf(ada: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    assert client.post("/accounts/token/", {"action": "create"}).status_code == 403
    assert not AuthToken.objects.exists()


def test_old_clear_text_keys_are_moved_to_digests_by_the_migration() -> None:
    """argmap/accounts/migrations/0001_hash_api_tokens.py moves DRF's clear-text keys into
    knox's digests: each keeps working, and the clear-text table is dropped."""
    import importlib

    from django.db import connection

    migration = importlib.import_module("argmap.accounts.migrations.0001_hash_api_tokens")
    user = User.objects.create_user("olduser")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "user_id integer NOT NULL, created timestamptz NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, now())",
            ["0123456789abcdef0123456789abcdef01234567", user.pk],
        )
    from django.apps import apps

    with connection.schema_editor() as editor:
        migration.hash_existing_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    key = "0123456789abcdef0123456789abcdef01234567"
    assert keyed(key).get("/api/maps/?owner=me").status_code == 200
    assert not AuthToken.objects.filter(token_key=key).exists()  # only its first characters
