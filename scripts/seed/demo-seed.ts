import type { ClientBase } from 'pg';
import { bulkInsert } from '../lib/bulk';
import { Prng } from '../lib/prng';
import { dateOf, dayOf, localTs } from './demo-calendar';
import { enrollmentSimulator } from './demo-enrollments';
import { admitYear } from './demo-intake';
import { receiptsAndRemittances } from './demo-money';
import * as names from './demo-names';
import { planSessions } from './demo-sessions';
import { Table, tablesOf } from './demo-tables';
import {
  DEMO_STAFF_DOMAIN,
  newWorld,
  Program,
  ProgramCode,
  STAFF,
  STAFF_COLUMNS,
  SeedOptions,
} from './demo-world';

export { DEMO_STAFF_DOMAIN };
export type { SeedOptions };

/**
 * A realistic year of a county diversion program, generated in memory from a seed and written
 * with multi-row INSERTs in one transaction: intake (with every kind of ineligibility), both
 * programs' enrollments, sessions with seats and attendance, payments of every method with
 * gap-free receipt numbers, waivers, refunds, bounced checks, completions, terminations,
 * withdrawals, remittance batches and the audit trail those actions would have written.
 *
 * Writes as the database owner, but only what the API itself could have written: every check
 * constraint and trigger holds, and the invariants of test/seed-demo.e2e-spec.ts.
 *
 * This file writes; what is written is made by the files beside it, each by what it makes:
 * demo-world.ts (the programs, the staff, the shared world), demo-sessions.ts, demo-intake.ts
 * (people, referrals, checks), demo-enrollments.ts (each enrollment's life), demo-money.ts
 * (entries, receipts, remittances) and demo-tables.ts (the rows as tables).
 */

export interface SeedSummary {
  asOf: string;
  from: string;
  counts: Record<string, number>;
  staff: { email: string; roles: string[] }[];
}

/** Generates the year and writes it in one transaction on `client` (owner connection). */
export async function seedDemo(client: ClientBase, opts: SeedOptions): Promise<SeedSummary> {
  const rng = new Prng(opts.seed);
  const asOfDay = dayOf(opts.asOf);
  const yearStart = asOfDay - 365;
  const progress = opts.onProgress ?? (() => undefined);

  await client.query('BEGIN');
  try {
    const existing = await client.query<{ n: string }>(
      `SELECT ((SELECT count(*) FROM participants) + (SELECT count(*) FROM class_sessions)
             + (SELECT count(*) FROM remittance_batches) + (SELECT count(*) FROM receipt_counters)) AS n`,
    );
    if (Number(existing.rows[0].n) > 0) {
      throw new Error(
        'the database already holds participants, sessions, receipts or remittances; seed an empty (migrated) database',
      );
    }
    const programs = (
      await client.query<{
        id: string;
        code: ProgramCode;
        fee_cents: string;
        required_sessions: number;
        completion_window_days: number;
      }>(
        `SELECT id, code, fee_cents, required_sessions, completion_window_days FROM programs ORDER BY code`,
      )
    ).rows.map((p): Program => ({
      id: p.id,
      code: p.code,
      feeCents: Number(p.fee_cents),
      requiredSessions: p.required_sessions,
      windowDays: p.completion_window_days,
    }));
    progress({ stage: 'generating', done: 0, total: 1 });
    const data = generate(rng, opts, programs, yearStart, asOfDay);

    const staffIds = new Map<string, string>();
    for (const s of STAFF) {
      const r = await client.query<{ id: string }>(
        `INSERT INTO staff (id, email, display_name, roles, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::timestamp AT TIME ZONE 'America/Chicago', $6::timestamp AT TIME ZONE 'America/Chicago')
         ON CONFLICT (email) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id`,
        [
          data.staff[s.key],
          `${s.key}@${DEMO_STAFF_DOMAIN}`,
          s.name,
          s.roles,
          opts.staffPasswordHash,
          localTs(yearStart - 30, 540),
        ],
      );
      staffIds.set(data.staff[s.key], r.rows[0].id);
    }
    // The demo's courts beyond the two the migration lists (kept if an ADMIN added them already).
    await client.query(
      `INSERT INTO courts (code, name) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT DO NOTHING`,
      [names.DEMO_COURTS.map((c) => c.code), names.DEMO_COURTS.map((c) => c.name)],
    );
    // A demo account that already existed keeps its id: point the generated rows at it.
    const remapStaff = (rows: unknown[][], columns: number[]) => {
      for (const r of rows)
        for (const i of columns) if (r[i] !== null) r[i] = staffIds.get(r[i] as string) ?? r[i];
    };
    remapStaff(data.waiverApprovals, [1]);

    const total = data.tables.reduce((s, t) => s + t.rows.length, 0);
    let done = 0;
    for (const t of data.tables) {
      remapStaff(
        t.rows,
        t.columns.flatMap((c, i) => (STAFF_COLUMNS.test(c.name) ? [i] : [])),
      );
      await bulkInsert(client, t.table, t.columns, t.rows, {
        onProgress: (n) => {
          done += n;
          progress({ stage: t.table, done, total });
        },
      });
      if (t.after) await t.after(client);
    }
    await client.query('COMMIT');
    // Fresh statistics: the planner would otherwise plan for the empty tables it last saw.
    await client.query('ANALYZE');
    const counts: Record<string, number> = {};
    for (const t of data.tables) counts[t.table] = (counts[t.table] ?? 0) + t.rows.length;
    return {
      asOf: opts.asOf,
      from: dateOf(yearStart),
      counts,
      staff: STAFF.map((s) => ({ email: `${s.key}@${DEMO_STAFF_DOMAIN}`, roles: s.roles })),
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** The year in memory, in the order its PRNG is drawn. */
function generate(
  rng: Prng,
  opts: SeedOptions,
  programs: Program[],
  yearStart: number,
  asOfDay: number,
): { staff: Record<string, string>; tables: Table[]; waiverApprovals: unknown[][] } {
  const w = newWorld(rng, opts, programs, yearStart, asOfDay);
  planSessions(w);
  admitYear(w, enrollmentSimulator(w));
  const counters = receiptsAndRemittances(w);
  return tablesOf(w, counters);
}
