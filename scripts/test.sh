#!/usr/bin/env bash
# `make test`: set up with test dependencies and run the whole suite (pytest args pass through).
# The suite starts and stops its own throwaway PostgreSQL 15 unless DATABASE_URL is given.
# Tests run in parallel, one xdist worker per core (ARGMAP_TEST_WORKERS overrides, 0 = serially),
# each with a test database of its own in that one cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev

chromium="${ARGMAP_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing Debian's chromium for the browser tests"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif [ "${CI:-}" = "true" ]; then
    echo "test: Chromium is missing at $chromium and cannot be installed here (CI=true: failing)." >&2
    exit 1
  else
    echo "test: Chromium is missing at $chromium; the browser tests will be skipped." >&2
  fi
fi
if [ -z "${DATABASE_URL:-}" ] && [ ! -x /usr/lib/postgresql/15/bin/initdb ] && [ -z "${ARGMAP_PG_BIN:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing PostgreSQL 15 server binaries"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  fi
fi
# tests/deploy/test_compose.py validates deploy/Caddyfile with Debian's caddy (skipped without it).
if ! command -v caddy >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test: installing Debian's caddy to validate deploy/Caddyfile"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy >/dev/null || true
fi
# tests/deploy/test_replicas.py shares rates through a Redis server, as compose.yaml's Valkey
# (skipped without it).
if ! command -v redis-server >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test: installing Debian's redis-server for the shared-cache test"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null || true
fi

set +e
.venv/bin/python -m pytest -n "${ARGMAP_TEST_WORKERS:-auto}" --dist loadgroup "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "test: pytest collected no tests; that is a failure." >&2
  exit 1
fi
exit "$status"
