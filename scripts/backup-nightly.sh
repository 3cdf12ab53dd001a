#!/bin/sh
# The compose `backup` service: every night at BACKUP_AT (UTC, default 02:30) a backup of the
# database as its owner (`node dist/src/cli.js backup`, pg_dump custom format and its manifest)
# into /backups, then backups older than BACKUP_KEEP_DAYS (default 14) are removed. A failed
# backup is logged and retried the next night; the last good ones are never removed by a failure.
set -eu
AT=${BACKUP_AT:-02:30}
KEEP=${BACKUP_KEEP_DAYS:-14}
DIR=${BACKUP_DIR:-/backups}
mkdir -p "$DIR"
while :; do
  now=$(date -u +%s)
  next=$(date -u -d "today $AT" +%s)
  [ "$next" -gt "$now" ] || next=$(date -u -d "tomorrow $AT" +%s)
  echo "next backup at $(date -u -d "@$next" '+%Y-%m-%d %H:%M') UTC into $DIR (keeping $KEEP days)"
  sleep $((next - now))
  file="$DIR/case-manager-$(date -u +%Y-%m-%dT%H%MZ).dump"
  if node dist/src/cli.js backup --out "$file"; then
    find "$DIR" -name 'case-manager-*.dump' -mtime "+$KEEP" -exec rm -f {} {}.manifest.json \;
    echo "kept: $(ls "$DIR"/case-manager-*.dump | wc -l) backups"
  else
    echo "BACKUP FAILED at $(date -u '+%Y-%m-%d %H:%M') UTC; the previous backups are kept" >&2
  fi
done
