// `npm run seed:demo -- --participants N [--seed S] [--as-of YYYY-MM-DD] [--database-url URL]`
import 'reflect-metadata';
import { Client } from 'pg';
import { hashPassword } from '../src/common/passwords';
import { chicagoDate, isCalendarDate } from '../src/common/dates';
import { runMigrations } from '../src/database/migrator';
import { argOf, resolveDatabase } from './lib/database';
import { checkInvariants, formatInvariantReport } from './lib/invariants';
import { progressReporter } from './lib/progress';
import { seedDemo } from './seed/demo-seed';

const USAGE = `Usage: npm run seed:demo -- [--participants N] [--seed S] [--as-of YYYY-MM-DD] [--database-url URL]
  Fills an empty, migrated database (DATABASE_URL, else the embedded PostgreSQL) with a year of
  demo data ending the day before --as-of (default today, America/Chicago). Same seed and
  --as-of, same data. Demo staff log in as <role><n>@demo.example with DEMO_PASSWORD
  (default demo-password-123).
`;

export const DEFAULT_DEMO_PASSWORD = 'demo-password-123';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const participants = Number(argOf(argv, 'participants') ?? 2000);
  if (!Number.isInteger(participants) || participants < 1 || participants > 1_000_000)
    throw new Error('--participants must be an integer from 1 to 1000000');
  const seed = argOf(argv, 'seed') ?? '2026';
  const asOf = argOf(argv, 'as-of') ?? chicagoDate();
  if (!isCalendarDate(asOf)) throw new Error('--as-of must be a date YYYY-MM-DD');
  const password = process.env.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
  if (password.length < 12) throw new Error('DEMO_PASSWORD must be at least 12 characters');

  const started = Date.now();
  const db = await resolveDatabase(argOf(argv, 'database-url'));
  try {
    process.stderr.write(`Database: ${db.label}\n`);
    const { applied } = await runMigrations(db.url);
    if (applied.length) process.stderr.write(`Applied migrations: ${applied.join(', ')}\n`);
    const client = new Client({
      connectionString: db.url,
      application_name: 'diversion-seed-demo',
      options: '-c TimeZone=America/Chicago',
    });
    await client.connect();
    const bar = progressReporter();
    try {
      const summary = await seedDemo(client, {
        participants,
        seed,
        asOf,
        staffPasswordHash: await hashPassword(password),
        onProgress: (p) => bar.update(p.stage, p.done, p.total),
      });
      bar.done();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const lines = Object.entries(summary.counts).map(([t, n]) => `  ${t.padEnd(24)} ${n}`);
      process.stdout.write(
        `Seeded ${participants} participants (seed ${seed}, ${summary.from} … ${asOf}) in ${seconds} s:\n` +
          `${lines.join('\n')}\n` +
          `Demo staff (password from DEMO_PASSWORD, default ${DEFAULT_DEMO_PASSWORD}):\n` +
          summary.staff.map((s) => `  ${s.email.padEnd(28)} ${s.roles.join(', ')}`).join('\n') +
          '\n',
      );
      // The data must be something the API could have written: prove it before handing it over.
      const checkStarted = Date.now();
      const results = await checkInvariants((sql) => client.query(sql).then((r) => r.rows));
      const broken = results.filter((r) => r.violations > 0);
      if (broken.length) throw new Error(`invariants violated:\n${formatInvariantReport(broken)}`);
      process.stdout.write(
        `All ${results.length} invariants hold (checked in ${((Date.now() - checkStarted) / 1000).toFixed(1)} s).\n`,
      );
    } finally {
      await client.end();
    }
  } finally {
    await db.embedded?.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`\nError: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
