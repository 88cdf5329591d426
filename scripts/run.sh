#!/usr/bin/env bash
# `make run`: set up, migrate, load the demo debate and demo accounts, serve on 127.0.0.1:8000.
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
exec $py manage.py runserver "127.0.0.1:${port}"
