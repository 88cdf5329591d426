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
    # The services that run argmap all build the one image (none is pulled from a registry).
    for name in ("migrate", "app", "manage"):
        assert services[name]["build"] == "." and services[name]["image"] == "argmap-app"
        assert services[name]["env_file"] == ".env"
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
    assert config["worker_class"] == "gthread" and config["threads"] >= 2
    assert config["timeout"] == 30 and config["accesslog"] == "-"


def production_environment() -> dict[str, str]:
    """What an app server's process gets from compose.yaml: deploy/argmap.env.example (its
    blanks filled as an operator would) under the service's own `environment`, interpolated."""
    env: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = value
    env["ARGMAP_SECRET_KEY"] = "an-operators-long-random-secret-key-0123456789-abcdefghijklmnop"
    env["ARGMAP_DB_PASSWORD"] = "an-operators-database-password"
    for name, value in compose()["services"]["app"]["environment"].items():
        env[name] = re.sub(r"\$\{(\w+)[^}]*\}", lambda m: env[m.group(1)], str(value))
    return env


def test_the_production_environment_passes_the_deploy_check() -> None:
    """`manage.py check --deploy --fail-level WARNING` with exactly the settings compose.yaml
    gives the app servers (docs/deploy.md tells the operator to run it the same way)."""
    env = {"PATH": "/usr/bin:/bin", **production_environment()}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    shown = subprocess.run(
        [sys.executable, "-c", "import argmap.settings as s; print(s.DATABASES['default']['HOST'],"
         " s.CACHES['default']['BACKEND'], s.TRUSTED_PROXIES, s.SECURE_PROXY_SSL_HEADER,"
         " s.SECURE_SSL_REDIRECT, s.MAILERS['default']['OPTIONS']['use_tls'], s.DEBUG)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.split(" ", 2)  # fmt: skip
    assert shown[0] == "db" and shown[1] == "django.core.cache.backends.redis.RedisCache"
    assert shown[2].strip() == (
        "['172.30.0.10'] ('HTTP_X_FORWARDED_PROTO', 'https') True True False"
    )


def test_the_app_servers_port_is_the_one_the_proxy_and_health_check_use() -> None:
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    health = f"127.0.0.1:{config['bind'].rsplit(':', 1)[1]}/healthz"
    assert f"port {config['bind'].rsplit(':', 1)[1]}" in CADDYFILE.read_text()
    assert health in " ".join(compose()["services"]["app"]["healthcheck"]["test"])
    assert health in (ROOT / "Dockerfile").read_text()


def _compose_cli() -> list[str] | None:
    """Docker Compose v2, as the plugin or standalone, if this machine has it."""
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]) is None:
            continue
        found = subprocess.run([*command, "version"], capture_output=True, text=True)
        if found.returncode == 0 and "v2." in found.stdout:
            return command
    return None


@pytest.mark.skipif(_compose_cli() is None, reason="Docker Compose v2 is not installed")
def test_docker_compose_reads_the_file_with_the_example_settings(tmp_path: Path) -> None:
    """Compose's own reading (interpolation, anchors, dependencies, networks), which needs no
    daemon: `docker compose config` with the example .env filled in."""
    command = _compose_cli()
    assert command is not None
    shutil.copy(COMPOSE, tmp_path / "compose.yaml")
    env = production_environment()
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in env.items()))
    result = subprocess.run(
        [*command, "config", "--format", "json"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    import json

    services = json.loads(result.stdout)["services"]
    assert {s["image"] for n, s in services.items() if n in ("migrate", "app")} == {"argmap-app"}
    assert services["app"]["environment"]["DATABASE_URL"] == (
        "postgres://argmap:an-operators-database-password@db:5432/argmap"
    )
    assert services["app"]["environment"]["ARGMAP_SECRET_KEY"] == env["ARGMAP_SECRET_KEY"]


def test_compose_runs_the_live_streams_under_asgi_workers() -> None:
    """The live map's event streams need ASGI: the `live` service runs the same image under
    gunicorn with uvicorn's worker; the pages stay on the tuned gthread WSGI app servers."""
    services = compose()["services"]
    live = services["live"]
    assert live["build"] == "." and live["image"] == "argmap-app" and live["env_file"] == ".env"
    command = " ".join(live["command"])
    assert "argmap.asgi:application" in command and "uvicorn_worker.UvicornWorker" in command
    assert "/healthz" in " ".join(live["healthcheck"]["test"])
    assert "ports" not in live
    assert services["proxy"]["depends_on"]["live"]["condition"] == "service_healthy"


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed")
def test_the_caddyfile_sends_only_the_live_streams_to_the_asgi_service_unbuffered() -> None:
    from django.urls import reverse

    adapted = json.loads(
        subprocess.run(
            ["caddy", "adapt", "--adapter", "caddyfile", "--config", str(CADDYFILE)],
            env={**os.environ, "ARGMAP_HOST": "argmap.example.org", "HOME": "/tmp"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    proxies: list[tuple[list[dict[str, Any]], dict[str, Any]]] = []

    def walk(routes: list[dict[str, Any]]) -> None:
        for route in routes:
            for handler in route.get("handle", []):
                if handler["handler"] == "subroute":
                    walk(handler["routes"])
                elif handler["handler"] == "reverse_proxy":
                    proxies.append((route.get("match", []), handler))

    for server in adapted["apps"]["http"]["servers"].values():
        walk(server["routes"])
    [(match, live)] = [(m, h) for m, h in proxies if h["dynamic_upstreams"]["name"] == "live"]
    pattern = re.compile(match[0]["path_regexp"]["pattern"])
    assert pattern.match(reverse("live:stream", args=[12]))
    for other in (reverse("live:presence", args=[12]), reverse("maps:map-detail", args=[12])):
        assert not pattern.match(other)
    assert live["flush_interval"] == -1
    assert [h["dynamic_upstreams"]["name"] for _, h in proxies] == ["live", "app"]
