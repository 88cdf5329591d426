"""The deployment files, checked as far as this machine allows (it has no Docker daemon, so the
images are not built and compose.yaml is not run; docs/deploy.md says so):

- compose.yaml against the Compose Specification's JSON schema (check-jsonschema vendors it),
  and what docs/deploy.md promises of it: official images, replicas, health checks, only the
  proxy published, the proxy's fixed address as the only trusted one;
- every variable it, the Caddyfile and the env example use exists, and is documented;
- deploy/Caddyfile with `caddy validate` (Debian's Caddy; scripts/test.sh installs it);
- the Dockerfile's health check and command, and deploy/gunicorn.conf.py as gunicorn loads it.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "compose.yaml"
CADDYFILE = ROOT / "deploy" / "Caddyfile"
ENV_EXAMPLE = ROOT / "deploy" / "argmap.env.example"


def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())  # type: ignore[no-any-return]


def test_compose_file_follows_the_compose_specification() -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_compose_file_is_caught_by_the_schema(tmp_path: Path) -> None:
    """The schema check can fail: a misspelt key is refused."""
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE.read_text().replace("    healthcheck:", "    healthchek:", 1))
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(broken)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0


def test_compose_runs_the_site_as_docs_deploy_describes_it() -> None:
    services = compose()["services"]
    assert services["db"]["image"] == "postgres:15"
    assert services["cache"]["image"].startswith("valkey/valkey:")
    assert services["proxy"]["image"] == "caddy:2"
    assert services["migrate"]["build"] == "." and services["app"]["image"] == "argmap-app"
    assert services["app"]["deploy"]["replicas"] >= 2
    assert "/healthz" in " ".join(services["app"]["healthcheck"]["test"])
    for name in ("db", "cache"):
        assert services[name]["healthcheck"]
    # Only the proxy is reachable from outside.
    assert [name for name, s in services.items() if "ports" in s] == ["proxy"]
    app_env = services["app"]["environment"]
    assert app_env["ARGMAP_BEHIND_PROXY"] == "True"
    proxy_address = services["proxy"]["networks"]["internal"]["ipv4_address"]
    assert app_env["ARGMAP_TRUSTED_PROXIES"] == proxy_address
    assert app_env["ARGMAP_CACHE_URL"].startswith("redis://cache:")
    assert services["app"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["manage"]["profiles"] == ["tools"]


def _variables(text: str) -> set[str]:
    return set(re.findall(r"\{\$?(ARGMAP_[A-Z_]+)", text))


def test_every_variable_of_the_deployment_files_is_set_and_documented() -> None:
    example = {
        line.split("=", 1)[0]
        for line in ENV_EXAMPLE.read_text().splitlines()
        if line and not line.startswith("#")
    }
    used = _variables(COMPOSE.read_text()) | _variables(CADDYFILE.read_text())
    assert used <= example | {"ARGMAP_DB_PASSWORD", "ARGMAP_HOST"}
    assert {"ARGMAP_DB_PASSWORD", "ARGMAP_HOST", "ARGMAP_SECRET_KEY"} <= example
    documented = (ROOT / "docs" / "settings.md").read_text()
    for name in used | example:
        assert f"| `{name}` |" in documented, name


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed")
def test_the_caddyfile_is_valid_for_caddy() -> None:
    result = subprocess.run(
        ["caddy", "validate", "--adapter", "caddyfile", "--config", str(CADDYFILE)],
        env={**os.environ, "ARGMAP_HOST": "argmap.example.org", "HOME": "/tmp"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    adapted = subprocess.run(
        ["caddy", "adapt", "--adapter", "caddyfile", "--config", str(CADDYFILE)],
        env={**os.environ, "ARGMAP_HOST": "argmap.example.org", "HOME": "/tmp"},
        capture_output=True,
        text=True,
    ).stdout
    assert '"argmap.example.org"' in adapted and '"name":"app"' in adapted
    assert "trusted_proxies" not in adapted  # a client's own X-Forwarded-For is never passed on


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed")
def test_the_caddyfile_lets_the_largest_import_through_and_nothing_else() -> None:
    from django.conf import settings
    from django.urls import reverse

    from argmap.interchange import DEFAULT_LIMITS

    adapted = subprocess.run(
        ["caddy", "adapt", "--adapter", "caddyfile", "--config", str(CADDYFILE)],
        env={**os.environ, "ARGMAP_HOST": "argmap.example.org", "HOME": "/tmp"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    limits: dict[str, int] = {}  # "imports" or "others" -> the body limit

    def walk(routes: list[dict[str, Any]]) -> None:
        for route in routes:
            for handler in route.get("handle", []):
                if handler["handler"] == "subroute":
                    walk(handler["routes"])
                elif handler["handler"] == "request_body":
                    [matcher] = route["match"]
                    paths = matcher.get("path") or matcher["not"][0]["path"]
                    assert sorted(paths) == sorted(
                        [reverse("maps:map-import"), reverse("api:map-import")]
                    )
                    limits["others" if "not" in matcher else "imports"] = handler["max_size"]

    for server in json.loads(adapted)["apps"]["http"]["servers"].values():
        walk(server["routes"])
    assert limits["imports"] > DEFAULT_LIMITS.max_bytes
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < limits["others"] < 2 * 1024 * 1024 * 5


def test_the_image_serves_gunicorn_with_a_health_check() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.13-slim" in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert "collectstatic" in dockerfile and "USER argmap" in dockerfile
    assert 'CMD ["gunicorn", "argmap.wsgi", "--config", "deploy/gunicorn.conf.py"]' in dockerfile
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["bind"] == "0.0.0.0:8000" and config["workers"] >= 2
    assert config["timeout"] == 30 and config["accesslog"] == "-"
