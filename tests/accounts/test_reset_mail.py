"""Forgetting a password, end to end: the reset mail goes to a real SMTP server (aiosmtpd, started
here on 127.0.0.1 and stopped after), and its link, followed in Chromium, sets a new password
that logs in."""

from __future__ import annotations

import email
import re
import socket
import time
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-brand-new-passphrase-1946"


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def wait(self, count: int, timeout: float = 15.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
            }
        }
        settings.DEFAULT_FROM_EMAIL = "argmap <noreply@school.example>"
        yield inbox
    finally:
        controller.stop()


def test_a_forgotten_password_is_reset_through_the_mail(
    live_server: Any, page: Any, smtp_server: Inbox, console_errors: list[str]
) -> None:
    User.objects.create_user("ada", password="forgotten-long-ago-1945", email="ada@example.org")
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=Forgot your password?")
    page.fill("#id_email", "ada@example.org")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("text=Check your e-mail")

    (message,) = smtp_server.wait(1)
    assert message["To"] == "ada@example.org"
    assert message["From"] == "argmap <noreply@school.example>"
    body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
    link = re.search(r"http://\S+/accounts/reset/\S+/", body)
    assert link is not None, body

    page.goto(link.group(0))
    page.wait_for_selector("text=Set a new password")
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("text=Your new password is set")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "ada")
    page.fill("#id_password", NEW_PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("text=Signed in as")
    # The link works once.
    page.goto(link.group(0))
    page.wait_for_selector("text=This link no longer works")
    assert console_errors == []
