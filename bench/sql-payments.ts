// The payment transaction of POST /enrollments/:id/payments, statement for statement, by plain
// `pg` clients — run as its own process by bench/run.ts: `node sql-payments.js <config.json>`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';

export interface SqlPaymentsConfig {
  url: string;
  clients: number;
  durationSeconds: number;
  enrollmentIds: string[];
  staffId: string;
  receivedOn: string;
  keyPrefix: string;
}

/** As the app's repository and services write them (src/ledger, src/audit). */
const ENTRY_SELECT = `
  SELECT e.id, e.enrollment_id, e.kind, e.amount_cents, e.signed_amount_cents, e.created_at,
         e.created_by, e.receipt_number, e.method, e.reference,
         to_char(e.received_on, 'YYYY-MM-DD') AS received_on, e.reverses_entry_id,
         r.id AS reversed_by_entry_id, e.reason, e.note, e.waiver_request_id
    FROM ledger_entries e
    LEFT JOIN ledger_entries r ON r.reverses_entry_id = e.id`;
const TOTALS = `
  SELECT coalesce(sum(e.signed_amount_cents), 0) AS balance_cents,
         coalesce(sum(CASE
           WHEN e.kind IN ('PAYMENT', 'REFUND') THEN -e.signed_amount_cents
           WHEN e.kind = 'REVERSAL' AND t.kind IN ('PAYMENT', 'REFUND') THEN -e.signed_amount_cents
           ELSE 0 END), 0) AS received_cents
    FROM ledger_entries e
    LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
   WHERE e.enrollment_id = $1`;

async function pay(
  c: Client,
  cfg: SqlPaymentsConfig,
  enrollmentId: string,
  key: string,
): Promise<void> {
  const amount = 100;
  const hash = createHash('sha256')
    .update(`POST\n/api/v1/enrollments/${enrollmentId}/payments\n${key}`)
    .digest('hex');
  await c.query('BEGIN');
  try {
    await c.query(
      `DELETE FROM idempotency_keys WHERE (staff_id, key) IN (
         SELECT staff_id, key FROM idempotency_keys
          WHERE staff_id = $1 AND created_at < now() - interval '24 hours' FOR UPDATE SKIP LOCKED)`,
      [cfg.staffId],
    );
    await c.query(`SET LOCAL lock_timeout = '3s'`);
    await c.query(
      `INSERT INTO idempotency_keys (staff_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (staff_id, key) DO NOTHING RETURNING key`,
      [cfg.staffId, key, hash],
    );
    await c.query(`SET LOCAL lock_timeout = DEFAULT`);
    await c.query(`SELECT id, status, program_code FROM enrollments WHERE id = $1 FOR UPDATE`, [
      enrollmentId,
    ]);
    const totals = await c.query(TOTALS, [enrollmentId]);
    if (Number(totals.rows[0].balance_cents) < amount) throw new Error('overpayment');
    const counter = await c.query(
      `INSERT INTO receipt_counters (year, last_number) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = receipt_counters.last_number + 1
       RETURNING last_number`,
      [Number(cfg.receivedOn.slice(0, 4))],
    );
    const receipt = `R-${cfg.receivedOn.slice(0, 4)}-${String(counter.rows[0].last_number).padStart(6, '0')}`;
    const inserted = await c.query(
      `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, method,
           reference, received_on, receipt_number, reason, note, reverses_entry_id,
           waiver_request_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        enrollmentId,
        'PAYMENT',
        amount,
        -amount,
        'CARD',
        null,
        cfg.receivedOn,
        receipt,
        null,
        null,
        null,
        null,
        cfg.staffId,
      ],
    );
    const entry = await c.query(`${ENTRY_SELECT} WHERE e.id = $1`, [inserted.rows[0].id]);
    await c.query(
      `UPDATE idempotency_keys SET status = 'COMPLETED', response_status = $3, response_body = $4::jsonb
        WHERE staff_id = $1 AND key = $2`,
      [cfg.staffId, key, 201, JSON.stringify(entry.rows[0])],
    );
    await c.query(
      `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, outcome, status_code, error_code, request_id, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        cfg.staffId,
        'ledger.payment.record',
        'ledger_entry',
        inserted.rows[0].id,
        'SUCCESS',
        201,
        null,
        key,
        '127.0.0.1',
      ],
    );
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  }
}

async function main(): Promise<void> {
  const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8')) as SqlPaymentsConfig;
  const clients = await Promise.all(
    Array.from({ length: cfg.clients }, async () => {
      // As the API connects: the restricted role, Chicago time.
      const c = new Client({
        connectionString: cfg.url,
        application_name: 'diversion-bench-sql',
        options: '-c TimeZone=America/Chicago -c role=diversion_app',
      });
      await c.connect();
      return c;
    }),
  );
  let n = 0;
  let errors = 0;
  const times: number[] = [];
  const started = performance.now();
  const deadline = started + cfg.durationSeconds * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < deadline) {
        const i = n++;
        const t = performance.now();
        try {
          await pay(
            c,
            cfg,
            cfg.enrollmentIds[i % cfg.enrollmentIds.length],
            `${cfg.keyPrefix}-${i}`,
          );
          times.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.end()));
  times.sort((a, b) => a - b);
  const pct = (p: number) =>
    times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? 0;
  process.stdout.write(
    JSON.stringify({
      requests: times.length,
      seconds,
      requestsPerSecond: times.length / seconds,
      errors,
      latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: times[times.length - 1] ?? 0 },
    }),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
