#!/usr/bin/env bash
# `make run`: set up, migrate, load the demo debate and demo accounts, serve on 127.0.0.1:8000
# with uvicorn (ASGI).
# Data lives in db.sqlite3 (or DATABASE_URL) and is kept between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export ARGMAP_DEBUG="${ARGMAP_DEBUG:-True}"
py=.venv/bin/python
$py manage.py migrate --no-input -v0
$py manage.py load_demo
echo "Demo accounts:"
$py manage.py create_demo_users
port="${ARGMAP_PORT:-8000}"
echo
echo "argmap is running at http://127.0.0.1:${port}/  (Ctrl-C stops it)"
# uvicorn serves the ASGI application: the live map's event streams need it (Django streams an
# async iterator only under ASGI). Static files come from whitenoise, as in production. It does
# not reload on code changes; the event streams it keeps open end 3 s after Ctrl-C.
exec $py -m uvicorn argmap.asgi:application --host 127.0.0.1 --port "${port}" \
  --timeout-graceful-shutdown 3 --no-access-log --lifespan off
