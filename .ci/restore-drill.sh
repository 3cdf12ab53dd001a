#!/usr/bin/env bash
# The restore drill on the machine's PostgreSQL (15): a year of demo data, a backup taken while the
# server runs, a restore into a fresh database, the server started on it, a payment (the next
# receipt number, no gap) and every report compared before and after. Skipped, with a line saying
# so, when no server answers on 5432.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${PG15_HOST:-127.0.0.1}
if ! command -v psql >/dev/null || ! psql -h "$HOST" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  echo "SKIPPED: no PostgreSQL answers on $HOST:5432; the restore drill did not run."
  exit 0
fi
echo "server: $(psql -h "$HOST" -U postgres -d postgres -Atc 'show server_version')"
# The server, the CLI, the seed and the drill, compiled as `npm run seed:demo` does (.build/scripts).
npx swc scripts bench src migrations -d .build/scripts --config-file .swcrc --only '**/*.ts' --ignore '**/*.spec.ts' -q
node .build/scripts/scripts/restore-drill.js --server-url "postgres://postgres@$HOST:5432/postgres" \
  --participants "${DRILL_PARTICIPANTS:-2000}"
