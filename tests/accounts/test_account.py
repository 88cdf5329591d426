"""The account page (an optional, validated e-mail address), changing the password, and asking
for a reset link: the answer never says whether an address has an account."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-1946"


def wait_for_mail(count: int, timeout: float = 10.0) -> list[Any]:
    """The reset mail goes out after the answer (argmap/accounts/forms.py): wait for it."""
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return list(mail.outbox)


def test_signup_takes_an_optional_e_mail_address_and_checks_it(anon_client: Client) -> None:
    body = {"username": "carla", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    refused = anon_client.post("/accounts/signup/", {**body, "email": "not-an-address"})
    assert refused.status_code == 422 and "valid email address" in refused.text
    assert not User.objects.filter(username="carla").exists()
    assert anon_client.post("/accounts/signup/", body).status_code == 302
    assert User.objects.get(username="carla").email == ""


def test_the_account_page_changes_the_e_mail_address(ada: User, ada_client: Client) -> None:
    page = ada_client.get("/accounts/")
    assert "ada@example.org" in page.text and "Change your password" in page.text
    assert ada_client.post("/accounts/", {"email": "nope"}).status_code == 422
    assert ada_client.post("/accounts/", {"email": "ada@school.example"}).status_code == 302
    ada.refresh_from_db()
    assert ada.email == "ada@school.example"
    assert ada_client.post("/accounts/", {"email": ""}).status_code == 302
    ada.refresh_from_db()
    assert ada.email == ""


def test_the_account_pages_need_a_login(anon_client: Client) -> None:
    for url in ("/accounts/", "/accounts/password/", "/accounts/token/"):
        assert anon_client.get(url)["Location"].startswith("/accounts/login/"), url


def test_changing_the_password_needs_the_old_one(ada: User, ada_client: Client) -> None:
    body = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    wrong = ada_client.post("/accounts/password/", {**body, "old_password": "guess"})
    assert wrong.status_code == 200 and "incorrect" in wrong.text
    done = ada_client.post("/accounts/password/", {**body, "old_password": PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/password/changed/"
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)
    # This browser stays signed in.
    assert ada_client.get("/accounts/").status_code == 200


def test_a_reset_link_sets_a_new_password_once(ada: User, anon_client: Client) -> None:
    sent = anon_client.post("/accounts/password-reset/", {"email": "ada@example.org"})
    assert sent["Location"] == "/accounts/password-reset/sent/"
    (message,) = wait_for_mail(1)
    assert message.to == ["ada@example.org"] and "argmap" in message.subject
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form = anon_client.get(path, follow=True)
    assert "Set a new password" in form.text
    body = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert anon_client.post(form.request["PATH_INFO"], body).status_code == 302
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)
    assert "no longer works" in anon_client.get(path, follow=True).text


def test_asking_for_a_reset_tells_nothing_about_accounts(ada: User, anon_client: Client) -> None:
    known = anon_client.post("/accounts/password-reset/", {"email": "ada@example.org"})
    unknown = anon_client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(wait_for_mail(1)) == 1
    time.sleep(0.2)
    assert len(mail.outbox) == 1  # nothing went to the unknown address


def test_smtp_settings_come_from_the_environment() -> None:
    """Host, port, user, password, TLS or SSL, the sender (tests/accounts/test_reset_mail.py
    sends through them to a real server); TLS and SSL together stop the start-up."""
    from django.core.exceptions import ImproperlyConfigured

    from tests.accounts.test_reset_mail import mail_settings_from

    env = {
        "ARGMAP_EMAIL_HOST": "smtp.school.example",
        "ARGMAP_EMAIL_PORT": "465",
        "ARGMAP_EMAIL_USER": "argmap",
        "ARGMAP_EMAIL_PASSWORD": "secret",
        "ARGMAP_EMAIL_SSL": "True",
        "ARGMAP_EMAIL_FROM": "argmap <argmap@school.example>",
    }
    made = mail_settings_from(env)
    options = made["MAILERS"]["default"]["OPTIONS"]
    assert made["MAILERS"]["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (options["host"], options["port"], options["username"], options["password"]) == (
        "smtp.school.example",
        465,
        "argmap",
        "secret",
    )
    assert options["use_ssl"] and not options["use_tls"]
    assert made["DEFAULT_FROM_EMAIL"] == "argmap <argmap@school.example>"
    without_host = mail_settings_from({"ARGMAP_EMAIL_HOST": ""})
    assert without_host["MAILERS"]["default"]["BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="ARGMAP_EMAIL_TLS"):
        mail_settings_from({**env, "ARGMAP_EMAIL_TLS": "True"})
