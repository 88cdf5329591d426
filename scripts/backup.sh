#!/usr/bin/env bash
# Back up argmap's database: scripts/backup.sh [DIRECTORY]
#
# Writes DIRECTORY/argmap-<UTC date and time>.dump in pg_dump's custom format (compressed,
# restorable table by table), checks that pg_restore can read it, and deletes dumps in
# DIRECTORY older than ARGMAP_BACKUP_KEEP_DAYS days (14 by default; 0 keeps every dump).
# The database is $DATABASE_URL, as the app reads it. docs/deploy.md says how to run it nightly.
set -euo pipefail

dir="${1:-${ARGMAP_BACKUP_DIR:-backups}}"
keep="${ARGMAP_BACKUP_KEEP_DAYS:-14}"
if [ -z "${DATABASE_URL:-}" ]; then
  echo "backup: set DATABASE_URL to the database to back up (postgres://user:password@host/name)." >&2
  exit 2
fi
mkdir -p "$dir"
file="$dir/argmap-$(date -u +%Y%m%d-%H%M%S).dump"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

# pg_dump takes a consistent snapshot while the app keeps running.
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$partial" "$DATABASE_URL"
# A dump pg_restore cannot list is no backup.
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"
echo "backup: wrote $file ($(du -h "$file" | cut -f1))"

if [ "$keep" -gt 0 ]; then
  find "$dir" -maxdepth 1 -name 'argmap-*.dump' -mtime +"$keep" -print -delete \
    | sed 's/^/backup: deleted old /'
fi
