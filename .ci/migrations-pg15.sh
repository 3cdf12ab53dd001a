#!/usr/bin/env bash
# Applies every migration to a scratch database on the machine's PostgreSQL (15), reverts them all,
# and applies them again. Skipped, with a line saying so, when no server answers on 5432.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${PG15_HOST:-127.0.0.1}
if ! command -v psql >/dev/null || ! psql -h "$HOST" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  echo "SKIPPED: no PostgreSQL answers on $HOST:5432; migrations were not checked against it."
  exit 0
fi
echo "server: $(psql -h "$HOST" -U postgres -d postgres -Atc 'show server_version')"
DB="ci_migrations_$$"
psql -h "$HOST" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
trap 'psql -h "$HOST" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
export DATABASE_URL="postgres://postgres@$HOST:5432/$DB"
node scripts/build.mjs --server >/dev/null
node dist/src/cli.js migrate
COUNT=$(psql -h "$HOST" -U postgres -d "$DB" -Atc 'select count(*) from schema_migrations')
node dist/src/cli.js migrate:revert --all 2>/dev/null
LEFT=$(psql -h "$HOST" -U postgres -d "$DB" -Atc "select count(*) from information_schema.tables where table_schema='public' and table_name <> 'schema_migrations'")
if [ "$LEFT" != "0" ]; then echo "FAILED: $LEFT tables left after reverting every migration"; exit 1; fi
node dist/src/cli.js migrate
echo "migrations: $COUNT applied, reverted and re-applied on PostgreSQL 15"
