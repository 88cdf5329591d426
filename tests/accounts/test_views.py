"""Signing up, logging in and out."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.cast import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.passwords]


def test_signup_creates_an_account_and_logs_in(anon_client: Client) -> None:
    response = anon_client.post(
        "/accounts/signup/",
        {
            "username": "carla",
            "email": "carla@example.org",
            "password1": "a-long-and-unusual-pass-1945",
            "password2": "a-long-and-unusual-pass-1945",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(username="carla").exists()
    assert "Signed in as" in anon_client.get("/").text


def test_signup_with_a_weak_password_shows_why_and_creates_nothing(anon_client: Client) -> None:
    response = anon_client.post(
        "/accounts/signup/",
        {
            "username": "dan",
            "password1": "password",
            "password2": "password",
        },
    )
    assert response.status_code == 422
    assert "too common" in response.text
    assert not User.objects.filter(username="dan").exists()


def test_login_and_logout(ada: User, anon_client: Client) -> None:
    response = anon_client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert "Signed in as" in anon_client.get("/").text
    anon_client.post("/accounts/logout/")
    assert "Log in" in anon_client.get("/").text


def test_login_with_a_wrong_password_says_so(ada: User, anon_client: Client) -> None:
    response = anon_client.post("/accounts/login/", {"username": "ada", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
