import { randomInt } from 'node:crypto';
import { TestDatabase } from './app';

/**
 * Money movements written straight into ledger_entries, for tests whose subject comes after
 * the money routes (remittances, reports). Each builder writes what the ledger API would.
 */
let nextReceipt = 700_000 + randomInt(0, 50_000);

export interface EntryRef {
  id: string;
  enrollmentId: string;
  kind: string;
  amountCents: number;
  receiptNumber?: string;
}

export interface EntryOptions {
  /** Backdates the entry (its date for refunds, reversals, fees and waivers). */
  createdAt?: string;
  staffId?: string;
}

export class LedgerSql {
  constructor(private readonly db: TestDatabase) {}

  private async staff(opts: EntryOptions): Promise<string> {
    if (opts.staffId) return opts.staffId;
    const s = await this.db.one<{ id: string }>(`SELECT id FROM staff ORDER BY created_at LIMIT 1`);
    return s.id;
  }

  private async insert(
    enrollmentId: string,
    kind: string,
    amountCents: number,
    signed: number,
    cols: Record<string, unknown>,
    opts: EntryOptions,
  ): Promise<EntryRef> {
    const names = ['enrollment_id', 'kind', 'amount_cents', 'signed_amount_cents', 'created_by'];
    const values: unknown[] = [enrollmentId, kind, amountCents, signed, await this.staff(opts)];
    for (const [k, v] of Object.entries(cols)) {
      names.push(k);
      values.push(v);
    }
    if (opts.createdAt) {
      names.push('created_at');
      values.push(opts.createdAt);
    }
    const row = await this.db.one<{ id: string; receipt_number: string | null }>(
      `INSERT INTO ledger_entries (${names.join(', ')})
       VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
       RETURNING id, receipt_number`,
      values,
    );
    return {
      id: row.id,
      enrollmentId,
      kind,
      amountCents,
      ...(row.receipt_number ? { receiptNumber: row.receipt_number } : {}),
    };
  }

  payment(
    enrollmentId: string,
    amountCents: number,
    opts: EntryOptions & { receivedOn: string; method?: string },
  ): Promise<EntryRef> {
    const receipt = `R-${opts.receivedOn.slice(0, 4)}-${String(nextReceipt++).padStart(6, '0')}`;
    return this.insert(
      enrollmentId,
      'PAYMENT',
      amountCents,
      -amountCents,
      {
        method: opts.method ?? 'CASH',
        received_on: opts.receivedOn,
        receipt_number: receipt,
      },
      opts,
    );
  }

  refund(
    enrollmentId: string,
    amountCents: number,
    opts: EntryOptions & { method?: string; reason?: string } = {},
  ): Promise<EntryRef> {
    return this.insert(
      enrollmentId,
      'REFUND',
      amountCents,
      amountCents,
      { method: opts.method ?? 'CHECK', reason: opts.reason ?? 'Overpaid' },
      opts,
    );
  }

  waiver(
    enrollmentId: string,
    amountCents: number,
    opts: EntryOptions & { reason?: string } = {},
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

  /** Negates `target` exactly (a bounced check is a reversed payment). */
  async reversal(
    target: { id: string },
    opts: EntryOptions & { reason?: string } = {},
  ): Promise<EntryRef> {
    const t = await this.db.one<{ enrollment_id: string; signed_amount_cents: string }>(
      `SELECT enrollment_id, signed_amount_cents FROM ledger_entries WHERE id = $1`,
      [target.id],
    );
    const signed = -Number(t.signed_amount_cents);
    return this.insert(
      t.enrollment_id,
      'REVERSAL',
      Math.abs(signed),
      signed,
      { reverses_entry_id: target.id, reason: opts.reason ?? 'Bounced check' },
      opts,
    );
  }

  /** The FEE entry makeEnrollment wrote. */
  async feeOf(enrollmentId: string): Promise<EntryRef> {
    const r = await this.db.one<{ id: string; amount_cents: string }>(
      `SELECT id, amount_cents FROM ledger_entries WHERE enrollment_id = $1 AND kind = 'FEE'`,
      [enrollmentId],
    );
    return { id: r.id, enrollmentId, kind: 'FEE', amountCents: Number(r.amount_cents) };
  }
}

/** A calendar day relative to today in America/Chicago, as the database sees it. */
export async function chicagoDay(db: TestDatabase, offsetDays = 0): Promise<string> {
  const r = await db.one<{ d: string }>(`SELECT (current_date + $1::int)::text AS d`, [offsetDays]);
  return r.d;
}
