#!/usr/bin/env bash
# `make bench`: every benchmark in bench/, one after the other. They print figures (medians and
# ratios); none of them fails a build. Pass file names to run only some: scripts/bench.sh map_page
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
cd bench
names=("$@")
[ ${#names[@]} -eq 0 ] && names=($(ls *.py | grep -v -E '^(harness|__init__)\.py$' | sed 's/\.py$//'))
for name in "${names[@]}"; do
  echo "== bench/${name}.py"
  ../.venv/bin/python "${name}.py"
  echo
done
