import { EntryRef } from './api-factory';
import { TestDatabase } from './app';

export type { EntryRef } from './api-factory';

/**
 * Ledger history the API cannot make: refunds, waivers and reversals are dated by the moment
 * they are recorded (`created_at`, the database's clock), so a report or remittance test that
 * needs one dated in the past writes it here, as the owner. Everything else, and every entry
 * dated today, goes through ApiFactory. Each row is what the API would have written on that day
 * (a refund's received_on is the day it was recorded). The API's rules are not checked here:
 * callers must keep to them (no refund above the money received, no balance below zero).
 */
export interface Backdated {
  /** When the entry was recorded: an ISO 8601 instant or `YYYY-MM-DD HH:MM America/Chicago`. */
  createdAt: string;
  /** Who recorded it (default: the first staff member). */
  staffId?: string;
}

export class LedgerSql {
  constructor(private readonly db: TestDatabase) {}

  private async insert(
    enrollmentId: string,
    kind: string,
    amountCents: number,
    signed: number,
    cols: Record<string, unknown>,
    opts: Backdated,
  ): Promise<EntryRef> {
    const staffId =
      opts.staffId ??
      (await this.db.one<{ id: string }>(`SELECT id FROM staff ORDER BY created_at LIMIT 1`)).id;
    const names = ['enrollment_id', 'kind', 'amount_cents', 'signed_amount_cents', 'created_by'];
    const values: unknown[] = [enrollmentId, kind, amountCents, signed, staffId];
    for (const [k, v] of Object.entries(cols)) {
      names.push(k);
      values.push(v);
    }
    names.push('created_at');
    values.push(opts.createdAt);
    const row = await this.db.one<{ id: string }>(
      `INSERT INTO ledger_entries (${names.join(', ')})
       VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
       RETURNING id`,
      values,
    );
    return { id: row.id, enrollmentId, kind, amountCents, createdBy: staffId };
  }

  refund(
    enrollmentId: string,
    amountCents: number,
    opts: Backdated & { method?: string; reason?: string },
  ): Promise<EntryRef> {
    return this.insert(
      enrollmentId,
      'REFUND',
      amountCents,
      amountCents,
      {
        method: opts.method ?? 'CHECK',
        reason: opts.reason ?? 'Overpaid',
        received_on: chicagoDateOf(opts.createdAt),
      },
      opts,
    );
  }

  waiver(
    enrollmentId: string,
    amountCents: number,
    opts: Backdated & { reason?: string },
  ): Promise<EntryRef> {
    return this.insert(
      enrollmentId,
      'WAIVER',
      amountCents,
      -amountCents,
      { reason: opts.reason ?? 'ABILITY_TO_PAY' },
      opts,
    );
  }

  /**
   * Negates `target` exactly (a bounced check is a reversed payment). A FEE or WAIVER is
   * reversed as the API does it: a request by one staff member, approved by another who did not
   * record the entry, whose REVERSAL it names (one transaction: the database checks at commit).
   */
  async reversal(target: { id: string }, opts: Backdated & { reason?: string }): Promise<EntryRef> {
    const t = await this.db.one<{
      enrollment_id: string;
      signed_amount_cents: string;
      kind: string;
      created_by: string;
    }>(
      `SELECT enrollment_id, signed_amount_cents, kind, created_by FROM ledger_entries WHERE id = $1`,
      [target.id],
    );
    const signed = -Number(t.signed_amount_cents);
    const reason = opts.reason ?? 'Bounced check';
    if (t.kind !== 'FEE' && t.kind !== 'WAIVER') {
      return this.insert(
        t.enrollment_id,
        'REVERSAL',
        Math.abs(signed),
        signed,
        { reverses_entry_id: target.id, reason },
        opts,
      );
    }
    const client = await this.db.pool.connect();
    try {
      const others = await client.query<{ id: string }>(
        `SELECT id FROM staff WHERE id <> $1 ORDER BY created_at, id LIMIT 2`,
        [t.created_by],
      );
      const [requester, decider] = opts.staffId
        ? [others.rows.find((r) => r.id !== opts.staffId)!.id, opts.staffId]
        : [others.rows[0].id, others.rows[1].id];
      await client.query('BEGIN');
      const request = await client.query<{ id: string }>(
        `INSERT INTO reversal_requests (entry_id, reason, requested_by, requested_at)
         VALUES ($1, $2, $3, $4) RETURNING id`,
        [target.id, reason, requester, opts.createdAt],
      );
      const entry = await client.query<{ id: string }>(
        `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents,
            created_by, reverses_entry_id, reason, created_at)
         VALUES ($1, 'REVERSAL', $2, $3, $4, $5, $6, $7) RETURNING id`,
        [t.enrollment_id, Math.abs(signed), signed, decider, target.id, reason, opts.createdAt],
      );
      await client.query(
        `UPDATE reversal_requests SET status = 'APPROVED', decided_by = $2, decided_at = $3,
                ledger_entry_id = $4
          WHERE id = $1`,
        [request.rows[0].id, decider, opts.createdAt, entry.rows[0].id],
      );
      await client.query('COMMIT');
      return {
        id: entry.rows[0].id,
        enrollmentId: t.enrollment_id,
        kind: 'REVERSAL',
        amountCents: Math.abs(signed),
        createdBy: decider,
      };
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  }
}

/** The America/Chicago calendar day of `createdAt` (either form Backdated accepts). */
function chicagoDateOf(createdAt: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}(:\d{2})? America\/Chicago$/.exec(createdAt);
  if (m) return m[1];
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(
    new Date(createdAt),
  );
}

/** A calendar day relative to today in America/Chicago, as the database sees it. */
export async function chicagoDay(db: TestDatabase, offsetDays = 0): Promise<string> {
  const r = await db.one<{ d: string }>(`SELECT (current_date + $1::int)::text AS d`, [offsetDays]);
  return r.d;
}
