"""axe-core in Chromium finds nothing serious or critical on the account pages: the account
page, the password change and reset pages, the API keys with a new key shown, the lock-out
page and the page of a rate limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.e2e.helpers import log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def violations(page: Any, live_server: Any) -> list[str]:
    page.wait_for_load_state("load")
    return [f"{page.url}: {v}" for v in serious_violations(page, live_server)]


def test_account_pages_pass_axe(
    live_server: Any, page: Any, ada: User, settings: Any, console_errors: list[str]
) -> None:
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {**rest["DEFAULT_THROTTLE_RATES"], "signup": "0/hour"}
    settings.REST_FRAMEWORK = rest
    url = live_server.url
    found: list[str] = []
    log_in(page, live_server, "ada")
    for path in ("/accounts/", "/accounts/password/"):
        page.goto(url + path)
        found += violations(page, live_server)
    page.goto(url + "/accounts/token/")
    page.click("text=Make a new key")
    page.wait_for_selector("#api-token-key")
    found += violations(page, live_server)
    page.context.clear_cookies()
    for path in ("/accounts/password-reset/", "/accounts/password-reset/sent/",
                 "/accounts/reset/MQ/not-a-token/"):  # fmt: skip
        page.goto(url + path)
        found += violations(page, live_server)
    for _ in range(6):
        page.goto(url + "/accounts/login/")
        page.fill("#id_username", "ada")
        page.fill("#id_password", "wrong")
        page.click("form.stacked button[type=submit]")
    page.wait_for_selector("text=Log-in is locked for now")
    found += violations(page, live_server)
    page.goto(url + "/accounts/signup/")
    page.fill("#id_username", "someone")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("text=Slow down a little")
    found += violations(page, live_server)
    assert found == []
    # The browser reports the refused log-ins and the 429 as failed loads, nothing else.
    assert [e for e in console_errors if "status of 4" not in e] == []
