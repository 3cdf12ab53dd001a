import { Injectable } from '@nestjs/common';
import { notFound } from '../common/domain-error';
import { centsFromDb, countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { EntryKind, LedgerEntryDto, LedgerEntryListItemDto, PaymentMethod } from './ledger.dto';
import {
  ENTRY_COLUMNS,
  entryParams,
  LOCK_ENROLLMENT_SQL,
  NewEntry,
  TOTALS_SQL,
  writeEntrySql,
} from './ledger-sql';
import { enrollmentOpen } from '../records/record-sight';
import { Settled } from '../common/unit-of-work';
import type { AuditedWork } from './money-work';

export type { NewEntry } from './ledger-sql';

interface EntryRow {
  id: string;
  enrollment_id: string;
  kind: EntryKind;
  amount_cents: string;
  signed_amount_cents: string;
  created_at: string;
  created_by: string;
  receipt_number: string | null;
  method: PaymentMethod | null;
  reference: string | null;
  received_on: string | null;
  reverses_entry_id: string | null;
  reversed_by_entry_id: string | null;
  reason: string | null;
  note: string | null;
  waiver_request_id: string | null;
}

/** An enrollment's totals with its entries; the entry's columns are null when it has none. */
type LedgerRow = TotalsRow & (EntryRow | { [K in keyof EntryRow]: null });

interface TotalsRow {
  balance_cents: string;
  received_cents: string;
}

interface ReceiptRow {
  kind: EntryKind;
  receipt_number: string | null;
  received_on: string | null;
  amount_cents: string;
  method: PaymentMethod | null;
  reference: string | null;
  program_code: string;
  program_name: string;
  beneficiary: string;
  first_name: string;
  last_name: string;
  case_number: string;
  jurisdiction: string;
  balance_after: string;
  recorded_by: string;
  reversed_on: string | null;
}

/** What a payment's receipt prints (any entry, so that the caller can refuse the others). */
export interface ReceiptData {
  kind: EntryKind;
  receiptNumber: string | null;
  receivedOn: string | null;
  amountCents: number;
  method: PaymentMethod | null;
  reference: string | null;
  programCode: string;
  programName: string;
  beneficiary: string;
  participantName: string;
  caseNumber: string;
  /** The name of the referral's court. */
  court: string;
  /** The enrollment's balance once this entry was written (every entry up to it, itself included). */
  balanceAfterCents: number;
  /** The display name of the staff member who recorded it. */
  recordedBy: string;
  /** The America/Chicago day it was reversed, if it was. */
  reversedOn: string | null;
}

const toReceiptData = (r: ReceiptRow): ReceiptData => ({
  kind: r.kind,
  receiptNumber: r.receipt_number,
  receivedOn: r.received_on,
  amountCents: centsFromDb(r.amount_cents),
  method: r.method,
  reference: r.reference,
  programCode: r.program_code,
  programName: r.program_name,
  beneficiary: r.beneficiary,
  participantName: `${r.first_name} ${r.last_name}`,
  caseNumber: r.case_number,
  court: r.jurisdiction,
  balanceAfterCents: centsFromDb(r.balance_after),
  recordedBy: r.recorded_by,
  reversedOn: r.reversed_on,
});

export interface LockedEnrollment {
  id: string;
  status: string;
  programCode: string;
  /** YYYY-MM-DD: the day the enrollment began (a payment is never received before it). */
  enrolledOn: string;
}

export interface Totals {
  balanceCents: number;
  receivedCents: number;
}

const ENTRY_SELECT = `
  SELECT ${ENTRY_COLUMNS('e')}, r.id AS reversed_by_entry_id, e.created_at AS created_at_ts
    FROM ledger_entries e
    LEFT JOIN ledger_entries r ON r.reverses_entry_id = e.id`;

export interface EntryFilter {
  kind?: EntryKind;
  receivedOn?: string;
  enrollmentId?: string;
}

/** Entries of closed records are out of sight (the list names the person). */
const ENTRY_LIST_WHERE = `($1::text IS NULL OR e.kind = $1)
  AND ($2::date IS NULL OR e.received_on = $2::date)
  AND ($3::uuid IS NULL OR e.enrollment_id = $3)
  AND ${enrollmentOpen('e.enrollment_id')}`;

const entryListParams = (f: EntryFilter): unknown[] => [
  f.kind ?? null,
  f.receivedOn ?? null,
  f.enrollmentId ?? null,
];

/**
 * Owns ledger_entries and receipt_counters (and completes a payment's idempotency key in the
 * payment's own statement): entries, totals, receipts, the enrollment lock and receipt numbers.
 */
@Injectable()
export class LedgerRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /**
   * Every money operation on an enrollment takes this row lock first, so balance checks and
   * the entries they allow are serialized per enrollment across all API instances.
   */
  async lockEnrollment(enrollmentId: string): Promise<LockedEnrollment> {
    const row = await one<{
      id: string;
      status: string;
      program_code: string;
      enrolled_on: string;
    }>(this.tx, LOCK_ENROLLMENT_SQL, [enrollmentId]);
    if (!row) throw notFound('Enrollment', enrollmentId);
    return {
      id: row.id,
      status: row.status,
      programCode: row.program_code,
      enrolledOn: row.enrolled_on,
    };
  }

  /** The lock of lockEnrollment, found from one of the enrollment's entries. */
  async lockEnrollmentOfEntry(entryId: string): Promise<LockedEnrollment | undefined> {
    const row = await one<{
      id: string;
      status: string;
      program_code: string;
      enrolled_on: string;
    }>(
      this.tx,
      `SELECT id, status, program_code, enrolled_on::text AS enrolled_on FROM enrollments
        WHERE id = (SELECT enrollment_id FROM ledger_entries WHERE id = $1) FOR UPDATE`,
      [entryId],
    );
    return (
      row && {
        id: row.id,
        status: row.status,
        programCode: row.program_code,
        enrolledOn: row.enrolled_on,
      }
    );
  }

  async enrollmentExists(enrollmentId: string): Promise<boolean> {
    const row = await one(this.tx, `SELECT 1 FROM enrollments WHERE id = $1`, [enrollmentId]);
    return row !== undefined;
  }

  /** Balance and money received, as enrollment_ledger_totals defines them. */
  async totals(enrollmentId: string): Promise<Totals> {
    const row = await one<TotalsRow>(this.tx, TOTALS_SQL, [enrollmentId]);
    // The totals are grouped by enrollment: one without an entry yet has no row, and nothing.
    if (!row) return { balanceCents: 0, receivedCents: 0 };
    return {
      balanceCents: centsFromDb(row.balance_cents),
      receivedCents: centsFromDb(row.received_cents),
    };
  }

  /** Entries oldest first with the totals, from one statement (one snapshot). */
  async ledger(enrollmentId: string): Promise<Totals & { entries: LedgerEntryDto[] }> {
    const list = await rows<LedgerRow>(
      this.tx,
      `SELECT coalesce(t.balance_cents, 0) AS balance_cents,
              coalesce(t.received_cents, 0) AS received_cents, e.*
         FROM enrollment_ledger_totals(ARRAY[$1::uuid]) t
         LEFT JOIN LATERAL (${ENTRY_SELECT} WHERE e.enrollment_id = $1) e ON true
        ORDER BY e.created_at_ts, e.id`,
      [enrollmentId],
    );
    const entries: LedgerEntryDto[] = [];
    for (const r of list) if (r.id !== null) entries.push(toDto(r));
    // The LEFT JOIN answers one row at least, its totals coalesced (no entry: 0).
    const [first] = list;
    return {
      balanceCents: first ? centsFromDb(first.balance_cents) : 0,
      receivedCents: first ? centsFromDb(first.received_cents) : 0,
      entries,
    };
  }

  /** Entries across enrollments, newest first (kind + received day use their index). */
  async list(
    f: EntryFilter,
    limit: number,
    offset: number,
  ): Promise<[LedgerEntryListItemDto[], number]> {
    const list = await rows<EntryRow & { program_code: string; participant_name: string }>(
      this.tx,
      `SELECT x.*, en.program_code, p.first_name || ' ' || p.last_name AS participant_name
         FROM (${ENTRY_SELECT} WHERE ${ENTRY_LIST_WHERE}
                ORDER BY e.created_at DESC, e.id DESC LIMIT $4 OFFSET $5) x
         JOIN enrollments en ON en.id = x.enrollment_id
         JOIN participants p ON p.id = en.participant_id
        ORDER BY x.created_at_ts DESC, x.id DESC`,
      [...entryListParams(f), limit, offset],
    );
    return [
      list.map((r) => ({
        ...toDto(r),
        participantName: r.participant_name,
        programCode: r.program_code,
      })),
      await this.count(f),
    ];
  }

  async count(f: EntryFilter): Promise<number> {
    const total = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM ledger_entries e WHERE ${ENTRY_LIST_WHERE}`,
      entryListParams(f),
    );
    return countFromDb(total?.n);
  }

  async entry(id: string): Promise<LedgerEntryDto | undefined> {
    const row = await one<EntryRow>(this.tx, `${ENTRY_SELECT} WHERE e.id = $1`, [id]);
    return row && toDto(row);
  }

  /** Appends an entry and answers it from RETURNING. */
  async insert(e: NewEntry): Promise<LedgerEntryDto> {
    const sql = writeEntrySql({ receipt: false, completeKey: false });
    return (await one<{ json: LedgerEntryDto }>(this.tx, sql, entryParams(e)))!.json;
  }

  /**
   * A money request's last statement (a refund): appends the entry and, in the same statement,
   * stores it as the response of the request's idempotency key.
   */
  insertSettled(e: NewEntry, work: AuditedWork): Promise<Settled<LedgerEntryDto>> {
    return this.settle(writeEntrySql({ receipt: false, completeKey: true }), entryParams(e), work);
  }

  /** The program fee, the first entry of every enrollment (written when it is enrolled). */
  async assessFee(enrollmentId: string, feeCents: number, createdBy: string): Promise<void> {
    await this.insert({
      enrollmentId,
      kind: 'FEE',
      amountCents: feeCents,
      signedAmountCents: feeCents,
      createdBy,
    });
  }

  /**
   * A payment's last statement: takes the next receipt number of the year (the counter row is
   * the lock every payment of the year queues on, held from here to commit), writes the entry
   * with it and completes the idempotency key. Everything that can refuse the payment has run
   * before, so a refused payment never consumes a number; a rollback gives the number back.
   */
  insertPayment(
    e: NewEntry & { receivedOn: string },
    receiptYear: number,
    work: AuditedWork,
  ): Promise<Settled<LedgerEntryDto>> {
    return this.settle(
      writeEntrySql({ receipt: true, completeKey: true }),
      [...entryParams(e), receiptYear],
      work,
    );
  }

  /** The entry with what its receipt prints (undefined: no such entry). */
  async receipt(entryId: string): Promise<ReceiptData | undefined> {
    const row = await one<ReceiptRow>(
      this.tx,
      `SELECT e.kind, e.receipt_number, to_char(e.received_on, 'YYYY-MM-DD') AS received_on,
              e.amount_cents, e.method, e.reference, p.code AS program_code, p.name AS program_name,
              p.beneficiary, pa.first_name, pa.last_name, rf.case_number, ct.name AS jurisdiction,
              (SELECT sum(b.signed_amount_cents) FROM ledger_entries b
                WHERE b.enrollment_id = e.enrollment_id
                  AND (b.created_at, b.id) <= (e.created_at, e.id)) AS balance_after,
              st.display_name AS recorded_by,
              to_char(r.created_at, 'YYYY-MM-DD') AS reversed_on
         FROM ledger_entries e
         JOIN enrollments en ON en.id = e.enrollment_id
         JOIN programs p ON p.id = en.program_id
         JOIN participants pa ON pa.id = en.participant_id
         JOIN referrals rf ON rf.id = en.referral_id
         JOIN courts ct ON ct.code = rf.jurisdiction
         JOIN staff st ON st.id = e.created_by
         LEFT JOIN ledger_entries r ON r.reverses_entry_id = e.id
        WHERE e.id = $1`,
      [entryId],
    );
    return row && toReceiptData(row);
  }

  /** The statement that finishes a money request's unit of work: entry, and key completed. */
  private async settle(
    sql: string,
    params: unknown[],
    { key, event }: AuditedWork,
  ): Promise<Settled<LedgerEntryDto>> {
    const row = await one<{ json: LedgerEntryDto }>(this.tx, sql, [
      ...params,
      key.staffId,
      key.key,
      key.status,
    ]);
    return Settled.byLastStatement(row!.json, event);
  }
}

function toDto(r: EntryRow): LedgerEntryDto {
  const dto: LedgerEntryDto = {
    id: r.id,
    enrollmentId: r.enrollment_id,
    kind: r.kind,
    amountCents: centsFromDb(r.amount_cents),
    signedAmountCents: centsFromDb(r.signed_amount_cents),
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
  if (r.receipt_number !== null) dto.receiptNumber = r.receipt_number;
  if (r.method !== null) dto.method = r.method;
  if (r.reference !== null) dto.reference = r.reference;
  if (r.received_on !== null) dto.receivedOn = r.received_on;
  if (r.reverses_entry_id !== null) dto.reversesEntryId = r.reverses_entry_id;
  if (r.reversed_by_entry_id !== null) dto.reversedByEntryId = r.reversed_by_entry_id;
  if (r.reason !== null) dto.reason = r.reason;
  if (r.note !== null) dto.note = r.note;
  if (r.waiver_request_id !== null) dto.waiverRequestId = r.waiver_request_id;
  return dto;
}
