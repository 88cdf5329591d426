"""Anti-automation: log-in lock-outs per account and per address, on the log-in page, the admin's
log-in and the API's token endpoint; rates on sign-up, imports, joins and password resets, each
answered 429 with a message and Retry-After; and the address they count, which a client cannot
choose.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.utils import timezone

from argmap.classroom import services as classroom
from argmap.lib.addresses import client_address
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "a-long-and-unusual-pass-1945"


def set_rates(settings: Any, **rates: str) -> None:
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {**rest["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = rest


def log_in(client: Client, where: str, username: str, password: str) -> Any:
    if where == "api":
        body = json.dumps({"username": username, "password": password})
        return client.post("/api/auth/token/", body, content_type="application/json")
    url = "/admin/login/" if where == "admin" else "/accounts/login/"
    return client.post(url, {"username": username, "password": password})


def succeeded(where: str, response: Any) -> bool:
    return response.status_code == (200 if where == "api" else 302)


def assert_locked(response: Any, where: str) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    text = response.json()["detail"] if where == "api" else response.text
    assert "locked for 15 minutes" in text


@pytest.fixture
def staff(db: None) -> User:
    return User.objects.create_user(
        "ada", password=PASSWORD, email="ada@example.org", is_staff=True, is_superuser=True
    )


@pytest.mark.parametrize("where", ["page", "admin", "api"])
def test_an_account_locks_after_five_wrong_passwords(where: str, staff: User) -> None:
    """The sixth try fails even with the right password; another account from the same
    address is not affected; after the cool-off the right password works again."""
    client = Client()
    for _ in range(5):
        assert not succeeded(where, log_in(client, where, "ada", "wrong"))
    assert_locked(log_in(client, where, "ada", PASSWORD), where)
    User.objects.create_user("ben", password=PASSWORD, is_staff=True)
    assert succeeded(where, log_in(Client(), where, "ben", PASSWORD))
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    assert succeeded(where, log_in(Client(), where, "ada", PASSWORD))


@pytest.mark.parametrize("where", ["page", "admin", "api"])
def test_an_address_locks_after_many_failures_across_accounts(
    where: str, staff: User, settings: Any
) -> None:
    """One address trying many accounts is stopped, even on an account it never tried."""
    settings.LOGIN_LIMIT_ADDRESS = 6
    client = Client(REMOTE_ADDR="198.51.100.7")
    for name in ("u1", "u2", "u3", "u4", "u5", "u6"):
        assert not succeeded(where, log_in(client, where, name, "guess"))
    assert_locked(log_in(client, where, "ada", PASSWORD), where)
    assert succeeded(where, log_in(Client(REMOTE_ADDR="198.51.100.8"), where, "ada", PASSWORD))


def test_sign_up_is_limited_per_address(settings: Any) -> None:
    set_rates(settings, signup="2/hour")
    for n in range(2):
        body = {"username": f"new{n}", "password1": NEW, "password2": NEW}
        assert Client().post("/accounts/signup/", body).status_code == 302
    refused = Client().post("/accounts/signup/", {"username": "new9"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Many accounts were made from your network" in refused.text
    assert not User.objects.filter(username="new9").exists()
    assert Client().get("/accounts/signup/").status_code == 200  # the form itself is not counted


def test_imports_through_the_page_and_the_api_share_one_budget(
    ada: User, ada_client: Client, settings: Any
) -> None:
    set_rates(settings, imports="2/hour")
    text = "[The bombs decided]: The atomic bombs ended the war.\n"
    page = {"text": text, "format": "argdown", "title": ""}
    assert ada_client.post("/maps/import/", page).status_code == 302
    api = json.dumps({"text": text, "format": "argdown"})
    assert (
        ada_client.post("/api/maps/import/", api, content_type="application/json").status_code
        == 201
    )
    refused = ada_client.post("/maps/import/", page)
    assert refused.status_code == 429 and "imported many maps" in refused.text
    assert int(refused["Retry-After"]) > 0
    api_refused = ada_client.post("/api/maps/import/", api, content_type="application/json")
    assert api_refused.status_code == 429 and "Retry-After" in api_refused


def test_join_attempts_are_limited_on_the_page_and_the_api(
    ada: User, ben: User, ada_client: Client, settings: Any
) -> None:
    set_rates(settings, join="3/hour")
    course = classroom.course_create(owner=ben, title="History 301")
    for code in ("AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF"):
        assert ada_client.post("/courses/join/", {"code": code}).status_code == 422
    api = json.dumps({"code": "GGGG-HHHH-JJJJ"})
    assert (
        ada_client.post("/api/courses/join/", api, content_type="application/json").status_code
        == 422
    )
    refused = ada_client.post("/courses/join/", {"code": course.join_code})
    assert refused.status_code == 429 and "Check the code with your instructor" in refused.text
    assert int(refused["Retry-After"]) > 0
    body = json.dumps({"code": course.join_code})
    api_refused = ada_client.post("/api/courses/join/", body, content_type="application/json")
    assert api_refused.status_code == 429 and int(api_refused["Retry-After"]) > 0
    assert not course.enrolments.filter(user=ada).exists()


def test_password_resets_are_limited_per_address_and_per_mailbox(
    ada: User, settings: Any, mailoutbox: list[Any]
) -> None:
    set_rates(settings, password_reset="2/hour")
    client = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(2):
        assert (
            client.post("/accounts/password-reset/", {"email": "x@example.org"}).status_code == 302
        )
    refused = client.post("/accounts/password-reset/", {"email": "ada@example.org"})
    assert refused.status_code == 429 and "password resets" in refused.text
    assert int(refused["Retry-After"]) > 0
    # From many addresses, one mailbox still gets two mails an hour; the answer stays the same.
    for n in range(4):
        other = Client(REMOTE_ADDR=f"198.51.100.{10 + n}")
        answer = other.post("/accounts/password-reset/", {"email": "ada@example.org"})
        assert answer["Location"] == "/accounts/password-reset/sent/"
    from tests.accounts.test_account import wait_for_mail

    assert len(wait_for_mail(2)) == 2


# --- the address that is counted ----------------------------------------------------------------


def _address(settings: Any, trusted: list[str], remote: str, forwarded: str | None) -> str:
    settings.TRUSTED_PROXIES = trusted
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **headers))


def test_the_client_address_comes_from_the_trusted_proxy_hop_only(settings: Any) -> None:
    # Without a trusted proxy, the header is ignored: the peer is the client.
    assert _address(settings, [], "203.0.113.5", "1.2.3.4") == "203.0.113.5"
    # From the proxy, the address it appended (the last) is the client's; what the client
    # wrote before it is not believed.
    assert _address(settings, ["10.0.0.2"], "10.0.0.2", "1.2.3.4, 203.0.113.5") == "203.0.113.5"
    # A client reaching the app directly cannot pick an address by writing the header.
    assert _address(settings, ["10.0.0.2"], "203.0.113.9", "1.2.3.4") == "203.0.113.9"
    # Chained trusted proxies are skipped; garbage is never taken for an address.
    assert _address(settings, ["10.0.0.0/8"], "10.0.0.2", "198.51.100.3, 10.0.0.9") == (
        "198.51.100.3"
    )
    assert _address(settings, ["10.0.0.2"], "10.0.0.2", "<script>") == "10.0.0.2"
    assert _address(settings, ["10.0.0.2"], "10.0.0.2", None) == "10.0.0.2"
    # A peer without an IP address (a Unix socket) is still counted under an address.
    assert _address(settings, [], "", "1.2.3.4") == "0.0.0.0"
    assert _address(settings, [], "unknown", None) == "0.0.0.0"


@pytest.mark.parametrize("where", ["page", "admin", "api"])
def test_a_failed_log_in_from_a_peer_without_an_address_is_counted(where: str, staff: User) -> None:
    """django-axes keeps the address in an IP address column: a request whose REMOTE_ADDR is
    empty (a server on a Unix socket; schemathesis' in-process client) must not break it."""
    client = Client(REMOTE_ADDR="")
    assert not succeeded(where, log_in(client, where, "ada", "wrong"))
    assert AccessAttempt.objects.get(username="ada").ip_address == "0.0.0.0"


def test_a_client_cannot_escape_a_rate_by_writing_x_forwarded_for(settings: Any) -> None:
    set_rates(settings, signup="2/hour")
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    for n in range(3):
        client = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        response = client.post("/accounts/signup/", {"username": f"x{n}"})
    assert response.status_code == 429
    # Through the proxy, two clients are two addresses.
    proxied = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert proxied.post("/accounts/signup/", {"username": "y"}).status_code == 422
