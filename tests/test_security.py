"""Headers every response carries, CSRF on unsafe requests, and settings that matter."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from argmap.maps.models import Map

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/maps/", "/scholars/", "/sources/", "/accounts/login/"])
def test_pages_carry_a_strict_content_security_policy(anon_client: Client, url: str) -> None:
    response = anon_client.get(url)
    csp = response.headers["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts(anon_client: Client, demo: Map) -> None:
    page = anon_client.get(demo.get_absolute_url()).text
    import re

    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " on" not in "".join(re.findall(r"<[a-z]+\s[^>]*\son[a-z]+=", page))
    assert "hx-on" not in page


def test_logout_and_signup_refuse_posts_without_a_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/logout/").status_code == 403
    assert client.post("/accounts/signup/", {"username": "eve"}).status_code == 403


def test_persistent_database_connections_are_on() -> None:
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_production_settings_turn_on_https_protections(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import argmap.settings as module

    monkeypatch.setenv("ARGMAP_HTTPS", "True")
    reloaded = importlib.reload(module)
    try:
        assert reloaded.SECURE_HSTS_SECONDS >= 31536000
        assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE
        assert reloaded.SECURE_SSL_REDIRECT
    finally:
        monkeypatch.setenv("ARGMAP_HTTPS", "False")
        importlib.reload(module)


def test_settings_refuse_to_start_without_a_secret_key_in_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import argmap.settings as module

    monkeypatch.setenv("ARGMAP_SECRET_KEY", "")
    monkeypatch.setenv("ARGMAP_DEBUG", "False")
    with pytest.raises(ImproperlyConfigured, match="ARGMAP_SECRET_KEY"):
        importlib.reload(module)
    monkeypatch.undo()
    importlib.reload(module)


def test_deploy_check_passes_with_production_settings() -> None:
    import subprocess
    import sys
    from pathlib import Path

    env = {
        "PATH": "/usr/bin:/bin",
        "ARGMAP_DEBUG": "False",
        "ARGMAP_SECRET_KEY": "production-like-secret-key-of-more-than-fifty-characters-012345",
        "ARGMAP_ALLOWED_HOSTS": "argmap.example.org",
        "ARGMAP_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
