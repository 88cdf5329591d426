#!/usr/bin/env bash
# Restore a backup into a fresh database: scripts/restore.sh FILE [DATABASE_URL]
#
# FILE is a dump written by scripts/backup.sh; the target is the second argument or
# $DATABASE_URL. The target must exist and be empty (create it with createdb): the script never
# writes over a database that has tables. Everything is restored in one transaction, so a failed
# restore leaves the target empty. docs/deploy.md says how to switch the app over to it.
set -euo pipefail

file="${1:-}"
target="${2:-${DATABASE_URL:-}}"
if [ -z "$file" ] || [ ! -r "$file" ]; then
  echo "restore: give a dump file written by scripts/backup.sh: scripts/restore.sh FILE [DATABASE_URL]" >&2
  exit 2
fi
if [ -z "$target" ]; then
  echo "restore: give the target database as the second argument or in DATABASE_URL." >&2
  exit 2
fi
tables="$(psql "$target" --no-align --tuples-only --quiet \
  --command "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != "0" ]; then
  echo "restore: the target database has $tables tables; restore into a fresh, empty one." >&2
  exit 1
fi
pg_restore --list "$file" >/dev/null
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$target" "$file"
echo "restore: restored $file"
