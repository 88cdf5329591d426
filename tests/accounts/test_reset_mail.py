"""Forgetting a password, end to end: the reset mail goes to a real SMTP server (aiosmtpd, started
here on 127.0.0.1 and stopped after), and its link, followed in Chromium, sets a new password
that logs in.

The app's mail settings are made from the environment exactly as on a server
(ARGMAP_EMAIL_HOST, _PORT, _USER, _PASSWORD, _TLS, _FROM): the server demands STARTTLS with a
certificate made here and a user name and password, so a setting that did not reach the mail
backend would fail the test.
"""

from __future__ import annotations

import email
import importlib
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from django.contrib.auth.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-brand-new-passphrase-1946"
SMTP_USER, SMTP_PASSWORD = "argmap-mailer", "smtp-secret-1945"


class Inbox:
    """An aiosmtpd handler that keeps every message it receives, and who sent it."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.logins: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        good = isinstance(data, LoginPassword) and (data.login, data.password) == (
            SMTP_USER.encode(),
            SMTP_PASSWORD.encode(),
        )
        if good:
            self.logins.append(f"{mechanism} {SMTP_USER} tls={session.ssl is not None}")
        return AuthResult(success=good)

    def wait(self, count: int, timeout: float = 15.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl, which Debian always has)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: no certificate for the SMTP server's STARTTLS")
    cert, key = folder / "smtp.crt", folder / "smtp.key"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def mail_settings_from(env: dict[str, str]) -> dict[str, Any]:
    """MAILERS and DEFAULT_FROM_EMAIL as argmap/settings.py makes them from `env`."""
    import argmap.settings as module

    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        made = importlib.reload(module)
        return {"MAILERS": made.MAILERS, "DEFAULT_FROM_EMAIL": made.DEFAULT_FROM_EMAIL}
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        importlib.reload(module)


@pytest.fixture
def smtp_server(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    inbox = Inbox()
    cert, key = _certificate(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        tls_context=tls,
        require_starttls=True,
        auth_required=True,
        authenticator=inbox.authenticate,
    )
    controller.start()
    # The app's mail client trusts this certificate as it would a real server's.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    try:
        made = mail_settings_from(
            {
                "ARGMAP_EMAIL_HOST": "127.0.0.1",
                "ARGMAP_EMAIL_PORT": str(controller.port),
                "ARGMAP_EMAIL_USER": SMTP_USER,
                "ARGMAP_EMAIL_PASSWORD": SMTP_PASSWORD,
                "ARGMAP_EMAIL_TLS": "True",
                "ARGMAP_EMAIL_FROM": "argmap <noreply@school.example>",
            }
        )
        assert made["MAILERS"]["default"]["BACKEND"].endswith("smtp.EmailBackend")
        settings.MAILERS = made["MAILERS"]
        settings.DEFAULT_FROM_EMAIL = made["DEFAULT_FROM_EMAIL"]
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
    assert smtp_server.logins and smtp_server.logins[0].endswith("tls=True")
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
