"""Authentication: a token from a password or a session, revoked at will; sessions with CSRF;
the token page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from argmap.maps.models import Map
from tests.cast import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.passwords]


def test_a_password_gets_a_token_that_authenticates_writes(ada: User, anon_api: APIClient) -> None:
    response = anon_api.post(
        "/api/auth/token/", {"username": "ada", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    key = response.json()["token"]
    assert key == Token.objects.get(user=ada).key
    # Asking again returns the same key (one per user).
    again = anon_api.post("/api/auth/token/", {"username": "ada", "password": PASSWORD})
    assert again.json()["token"] == key  # a form post works too (curl -d)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    created = client.post("/api/maps/", {"title": "By token"}, format="json")
    assert created.status_code == 201 and Map.objects.get(title="By token").owner == ada


def test_a_wrong_password_gets_no_token(ada: User, anon_api: APIClient) -> None:
    for body in ({"username": "ada", "password": "wrong"}, {"username": "nobody"}, {}):
        response = anon_api.post("/api/auth/token/", body, format="json")
        assert response.status_code == 400, body
        assert response.json()["code"] == "invalid"
    assert not Token.objects.exists()


def test_revoking_a_token_locks_it_out(ada: User, ada_api: APIClient) -> None:
    assert ada_api.get("/api/maps/?owner=me").status_code == 200
    assert ada_api.delete("/api/auth/token/").status_code == 204
    assert not Token.objects.filter(user=ada).exists()
    response = ada_api.get("/api/maps/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"


def test_revoking_needs_authentication(anon_api: APIClient) -> None:
    assert anon_api.delete("/api/auth/token/").status_code == 401


def test_a_signed_in_browser_gets_its_token_without_a_password(ada: User) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(ada)
    # The session authenticates, so CSRF is enforced on unsafe requests.
    assert client.post("/api/auth/token/").status_code == 403
    page = client.get("/accounts/token/")
    token = page.cookies["csrftoken"].value
    response = client.post("/api/auth/token/", headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=ada).key


def test_session_writes_need_the_csrf_token(ada: User) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(ada)
    assert client.post("/api/maps/", {"title": "No token"}, format="json").status_code == 403
    assert not Map.objects.filter(title="No token").exists()
    assert client.get("/api/maps/").status_code == 200


def test_the_token_page_creates_shows_once_replaces_and_revokes(
    ada: User, ada_client: Client, anon_client: Client
) -> None:
    assert anon_client.get("/accounts/token/").status_code == 302  # to the login page
    assert "no token yet" in ada_client.get("/accounts/token/").text
    created = ada_client.post("/accounts/token/", {"action": "create"})
    key = Token.objects.get(user=ada).key
    assert key in created.text and created["Cache-Control"] == "no-store"
    assert key not in ada_client.get("/accounts/token/").text  # shown once
    replaced = ada_client.post("/accounts/token/", {"action": "create"})
    new_key = Token.objects.get(user=ada).key
    assert new_key != key and new_key in replaced.text
    ada_client.post("/accounts/token/", {"action": "revoke"})
    assert not Token.objects.filter(user=ada).exists()


def test_the_token_page_refuses_posts_without_csrf(ada: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    assert client.post("/accounts/token/", {"action": "create"}).status_code == 403
    assert not Token.objects.exists()
