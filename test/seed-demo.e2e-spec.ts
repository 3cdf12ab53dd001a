import { execFile, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { checkInvariants, formatInvariantReport } from '../scripts/lib/invariants';
import { seedDemo, SeedOptions } from '../scripts/seed/demo-seed';
import { hashPassword } from '../src/common/passwords';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { login } from './support/http';

const ROOT = resolve(__dirname, '..');
const PASSWORD = 'demo-password-for-tests';
const AS_OF = '2026-11-20';

async function seed(db: TestDatabase, opts: Partial<SeedOptions> = {}) {
  const client = await db.pool.connect();
  try {
    return await seedDemo(client, {
      participants: 150,
      seed: 'test-seed',
      asOf: AS_OF,
      staffPasswordHash: opts.staffPasswordHash ?? 'not-a-hash',
      ...opts,
    });
  } finally {
    client.release();
  }
}

/** Everything the seed wrote, as one digest (ids included): equal digests, equal data. */
const fingerprint = (db: TestDatabase) =>
  db.one<{ digest: string }>(
    `SELECT md5(
       (SELECT string_agg(concat_ws('|', id, enrollment_id, kind, amount_cents, receipt_number,
                  received_on, created_at), ',' ORDER BY id) FROM ledger_entries) ||
       (SELECT string_agg(concat_ws('|', id, last_name, date_of_birth), ',' ORDER BY id) FROM participants) ||
       (SELECT string_agg(concat_ws('|', session_id, enrollment_id, status), ',' ORDER BY session_id, enrollment_id)
          FROM attendance_records) ||
       (SELECT string_agg(concat_ws('|', id, status, total_cents), ',' ORDER BY id) FROM remittance_batches)
     ) AS digest`,
  );

describe('demo data seed', () => {
  let db: TestDatabase;
  let app: AppInstance | undefined;

  beforeAll(async () => {
    db = await TestDatabase.create();
    await seed(db, { staffPasswordHash: await hashPassword(PASSWORD) });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('writes a year of data in which every invariant holds', async () => {
    const results = await checkInvariants((sql) => db.query(sql));
    const broken = results.filter((r) => r.violations > 0);
    if (broken.length) throw new Error(formatInvariantReport(broken));
    expect(results.length).toBeGreaterThanOrEqual(14);
  });

  it('covers both programs, every enrollment outcome, payment method and kind of entry', async () => {
    const statuses = await db.query(
      `SELECT DISTINCT program_code, status FROM enrollments ORDER BY 1, 2`,
    );
    expect(new Set(statuses.map((r) => r.program_code))).toEqual(new Set(['JOHNZ_SCHOOL', 'OAR']));
    expect(new Set(statuses.map((r) => r.status))).toEqual(
      new Set(['ACTIVE', 'COMPLETED', 'TERMINATED', 'WITHDRAWN']),
    );
    const kinds = await db.query(`SELECT DISTINCT kind, method FROM ledger_entries`);
    expect(new Set(kinds.map((k) => k.kind))).toEqual(
      new Set(['FEE', 'PAYMENT', 'WAIVER', 'REFUND', 'REVERSAL']),
    );
    expect(new Set(kinds.filter((k) => k.kind === 'PAYMENT').map((k) => k.method))).toEqual(
      new Set(['CASH', 'CHECK', 'MONEY_ORDER', 'CARD']),
    );
    const batches = await db.query(`SELECT DISTINCT status FROM remittance_batches`);
    expect(batches.map((b) => b.status)).toEqual(expect.arrayContaining(['SENT', 'DRAFT']));
    const waivers = await db.one(
      `SELECT count(*) FILTER (WHERE status = 'APPROVED')::int AS approved FROM waiver_requests`,
    );
    expect(waivers.approved).toBeGreaterThan(0);
    const completed = await db.one(
      `SELECT count(*)::int AS n FROM enrollments
        WHERE status = 'COMPLETED' AND certificate_number ~ '^C-[0-9]{4}-[0-9A-F]{8}$'`,
    );
    expect(completed.n).toBeGreaterThan(20);
  });

  it('stores eligibility checks with every rule, and ineligible referrals never enroll', async () => {
    const checks = await db.query(
      `SELECT c.eligible, jsonb_array_length(c.reasons) AS rules,
              (SELECT count(*) FROM enrollments e WHERE e.eligibility_check_id = c.id)::int AS enrolled,
              (SELECT array_agg(r->>'code') FROM jsonb_array_elements(c.reasons) r
                WHERE NOT (r->>'passed')::boolean) AS failed
         FROM eligibility_checks c`,
    );
    expect(checks.every((c) => c.rules === 9)).toBe(true);
    expect(
      checks.filter((c) => !c.eligible).every((c) => c.enrolled === 0 && c.failed.length > 0),
    ).toBe(true);
    expect(checks.filter((c) => !c.eligible).length).toBeGreaterThan(5);
  });

  it('gives the same data for the same seed, and different data for another seed', async () => {
    const again = await TestDatabase.create();
    const other = await TestDatabase.create();
    try {
      await seed(again);
      await seed(other, { seed: 'another-seed' });
      const [a, b, c] = await Promise.all([
        fingerprint(db),
        fingerprint(again),
        fingerprint(other),
      ]);
      expect(b.digest).toBe(a.digest);
      expect(c.digest).not.toBe(a.digest);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('leaves the API consistent with it: balances match, the next receipt continues the year', async () => {
    // The program's clock stands on the seed's day: a payment received that day is today's.
    app = await startApp(db, { CLOCK_START: `${AS_OF}T12:00:00-06:00` });
    const finance = await login(app, 'finance1@demo.example', PASSWORD);
    const sample = await db.query<{ id: string; balance: string }>(
      `SELECT e.id, sum(l.signed_amount_cents) AS balance
         FROM enrollments e JOIN ledger_entries l ON l.enrollment_id = e.id
        GROUP BY e.id ORDER BY e.id LIMIT 5`,
    );
    for (const s of sample) {
      const res = await finance.get(`/enrollments/${s.id}/ledger`);
      expect(res.status).toBe(200);
      expect(res.body.balanceCents).toBe(Number(s.balance));
    }
    const owing = await db.one<{ id: string; balance: string }>(
      `SELECT e.id, sum(l.signed_amount_cents) AS balance
         FROM enrollments e JOIN ledger_entries l ON l.enrollment_id = e.id
        WHERE e.status = 'ACTIVE' GROUP BY e.id HAVING sum(l.signed_amount_cents) > 0
        ORDER BY e.id LIMIT 1`,
    );
    const last = await db.one<{ last_number: number }>(
      `SELECT last_number FROM receipt_counters WHERE year = 2026`,
    );
    const paid = await finance
      .post(`/enrollments/${owing.id}/payments`, {
        amountCents: 100,
        method: 'CASH',
        receivedOn: AS_OF,
      })
      .set('Idempotency-Key', 'seed-test-payment-1');
    expect(paid.status).toBe(201);
    expect(paid.body.receiptNumber).toBe(`R-2026-${String(last.last_number + 1).padStart(6, '0')}`);
    const results = await checkInvariants((sql) => db.query(sql), ['receipts', 'ledger']);
    expect(results.filter((r) => r.violations > 0)).toEqual([]);
  });

  it('runs as `npm run seed:demo`: seeds through --database-url, refuses a database that has data', async () => {
    const out = join(ROOT, '.build', `seed-cli-${process.pid}`);
    execFileSync(
      join(ROOT, 'node_modules', '.bin', 'swc'),
      [
        'scripts',
        'src',
        'migrations',
        '-d',
        out,
        '--config-file',
        '.swcrc',
        '--only',
        '**/*.ts',
        '--ignore',
        '**/*.spec.ts',
        '-q',
      ],
      { cwd: ROOT },
    );
    const fresh = await TestDatabase.create();
    const run = (url: string) =>
      promisify(execFile)(
        process.execPath,
        [
          join(out, 'scripts', 'seed-demo.js'),
          '--participants',
          '60',
          '--seed',
          '7',
          '--database-url',
          url,
        ],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '', DEMO_PASSWORD: PASSWORD } },
      );
    try {
      const first = await run(fresh.url);
      expect(first.stdout).toMatch(/Seeded 60 participants \(seed 7,/);
      expect(first.stderr).toMatch(/100% audit_events/); // plain progress lines off a TTY
      const n = await fresh.one(`SELECT count(*)::int AS n FROM participants`);
      expect(n.n).toBe(60);
      await expect(run(fresh.url)).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/already holds participants/),
      });
    } finally {
      await fresh.close();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
