#!/usr/bin/env bash
# Make (or refresh) the virtualenv in .venv with a Python >= 3.12.
#   scripts/setup.sh          runtime dependencies (requirements.txt)
#   scripts/setup.sh --dev    plus test and tooling dependencies (requirements-dev.txt)
# Django 6.1 refuses Python 3.11, and a plain `python3` is 3.11 on many Debian machines, so the
# interpreter is searched for: $ARGMAP_PYTHON, then python3.13/python3.12/python3 on PATH, then
# every CPython under pyenv's root.
set -euo pipefail
cd "$(dirname "$0")/.."

want_dev=0
[ "${1:-}" = "--dev" ] && want_dev=1

is_recent() {  # is_recent <python>: true when it runs and is >= 3.12
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
  local c root
  for c in "${ARGMAP_PYTHON:-}" python3.13 python3.12 python3; do
    [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && is_recent "$(command -v "$c")" && { command -v "$c"; return; }
  done
  root="${PYENV_ROOT:-}"
  [ -z "$root" ] && command -v pyenv >/dev/null 2>&1 && root="$(pyenv root)"
  [ -z "$root" ] && root="$HOME/.pyenv"
  # Newest first: sort -V orders 3.13.0 after 3.12.1.
  for c in $(ls -d "$root"/versions/3.* 2>/dev/null | sort -Vr); do
    [ -x "$c/bin/python3" ] && is_recent "$c/bin/python3" && { echo "$c/bin/python3"; return; }
  done
  return 1
}

if [ -x .venv/bin/python ] && ! is_recent .venv/bin/python; then
  echo "setup: .venv was made with an older Python; rebuilding it." >&2
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  py="$(find_python)" || {
    echo "setup: argmap needs Python 3.12 or newer (Django 6.1 does not run on 3.11)." >&2
    echo "       Install one (e.g. 'pyenv install 3.12') or point ARGMAP_PYTHON at it." >&2
    exit 1
  }
  echo "setup: making .venv with $py ($("$py" --version))"
  "$py" -m venv .venv
fi

# Reinstall only when the requirement files change: a stamp holds their checksum.
files="requirements.txt"
[ "$want_dev" = 1 ] && files="requirements.txt requirements-dev.txt"
sum="$(cat $files | sha256sum | cut -d' ' -f1)"
stamp=".venv/.installed-$( [ "$want_dev" = 1 ] && echo dev || echo run )"
if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
  .venv/bin/python -m pip install -qq --upgrade pip
  if [ "$want_dev" = 1 ]; then
    .venv/bin/python -m pip install -qq -r requirements-dev.txt
  else
    .venv/bin/python -m pip install -qq -r requirements.txt
  fi
  echo "$sum" > "$stamp"
fi
