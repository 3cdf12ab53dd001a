import { Injectable } from '@nestjs/common';
import { notFound } from '../common/domain-error';
import { centsFromDb, countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { EntryKind, LedgerEntryDto, LedgerEntryListItemDto, PaymentMethod } from './ledger.dto';
import { formatReceiptNumber } from './receipt-number';

interface EntryRow {
  id: string;
  enrollment_id: string;
  kind: EntryKind;
  amount_cents: string;
  signed_amount_cents: string;
  created_at: Date;
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

export interface LockedEnrollment {
  id: string;
  status: string;
  programCode: string;
}

export interface Totals {
  balanceCents: number;
  receivedCents: number;
}

export interface NewEntry {
  enrollmentId: string;
  kind: EntryKind;
  amountCents: number;
  signedAmountCents: number;
  createdBy: string;
  method?: PaymentMethod;
  reference?: string;
  receivedOn?: string;
  receiptNumber?: string;
  reason?: string;
  note?: string;
  reversesEntryId?: string;
  waiverRequestId?: string;
}

const ENTRY_SELECT = `
  SELECT e.id, e.enrollment_id, e.kind, e.amount_cents, e.signed_amount_cents, e.created_at,
         e.created_by, e.receipt_number, e.method, e.reference,
         to_char(e.received_on, 'YYYY-MM-DD') AS received_on, e.reverses_entry_id,
         r.id AS reversed_by_entry_id, e.reason, e.note, e.waiver_request_id
    FROM ledger_entries e
    LEFT JOIN ledger_entries r ON r.reverses_entry_id = e.id`;

/**
 * Money received: payments − refunds − reversed payments + reversed refunds. A reversal's
 * signed amount is the negation of its target's, so every money movement counts −signed.
 * `e` is the entry, `t` the entry it reverses.
 */
const RECEIVED_TERM = `CASE
  WHEN e.kind IN ('PAYMENT', 'REFUND') THEN -e.signed_amount_cents
  WHEN e.kind = 'REVERSAL' AND t.kind IN ('PAYMENT', 'REFUND') THEN -e.signed_amount_cents
  ELSE 0 END`;

const TOTALS = `
  SELECT coalesce(sum(e.signed_amount_cents), 0) AS balance_cents,
         coalesce(sum(${RECEIVED_TERM}), 0) AS received_cents
    FROM ledger_entries e
    LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
   WHERE e.enrollment_id = $1`;

export interface EntryFilter {
  kind?: EntryKind;
  receivedOn?: string;
  enrollmentId?: string;
}

const ENTRY_LIST_WHERE = `($1::text IS NULL OR e.kind = $1)
  AND ($2::date IS NULL OR e.received_on = $2::date)
  AND ($3::uuid IS NULL OR e.enrollment_id = $3)`;

const entryListParams = (f: EntryFilter): unknown[] => [
  f.kind ?? null,
  f.receivedOn ?? null,
  f.enrollmentId ?? null,
];

/** SQL of the fee ledger: entries, totals, the enrollment lock and receipt numbers. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost as Tx;
  }

  /**
   * Every money operation on an enrollment takes this row lock first, so balance checks and
   * the entries they allow are serialized per enrollment across all API instances.
   */
  async lockEnrollment(enrollmentId: string): Promise<LockedEnrollment> {
    const row = await one<{ id: string; status: string; program_code: string }>(
      this.tx,
      `SELECT id, status, program_code FROM enrollments WHERE id = $1 FOR UPDATE`,
      [enrollmentId],
    );
    if (!row) throw notFound('Enrollment', enrollmentId);
    return { id: row.id, status: row.status, programCode: row.program_code };
  }

  async enrollmentExists(enrollmentId: string): Promise<boolean> {
    const row = await one(this.tx, `SELECT 1 FROM enrollments WHERE id = $1`, [enrollmentId]);
    return row !== undefined;
  }

  async totals(enrollmentId: string): Promise<Totals> {
    const row = await one<{ balance_cents: string; received_cents: string }>(this.tx, TOTALS, [
      enrollmentId,
    ]);
    return {
      balanceCents: centsFromDb(row?.balance_cents),
      receivedCents: centsFromDb(row?.received_cents),
    };
  }

  /** Entries oldest first with the totals, from one statement (one snapshot). */
  async ledger(enrollmentId: string): Promise<Totals & { entries: LedgerEntryDto[] }> {
    const list = await rows<EntryRow & { balance_cents: string; received_cents: string }>(
      this.tx,
      `SELECT e.*,
              sum(e.signed_amount_cents) OVER () AS balance_cents,
              sum(${RECEIVED_TERM}) OVER () AS received_cents
         FROM (${ENTRY_SELECT} WHERE e.enrollment_id = $1) e
         LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
        ORDER BY e.created_at, e.id`,
      [enrollmentId],
    );
    return {
      balanceCents: centsFromDb(list[0]?.balance_cents),
      receivedCents: centsFromDb(list[0]?.received_cents),
      entries: list.map(toDto),
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
        ORDER BY x.created_at DESC, x.id DESC`,
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

  /**
   * The next receipt number of the year, allocated in the caller's transaction: a rollback
   * returns it, and concurrent payments queue on the year's counter row.
   */
  async nextReceiptNumber(year: number): Promise<string> {
    const row = await one<{ last_number: number }>(
      this.tx,
      `INSERT INTO receipt_counters (year, last_number) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = receipt_counters.last_number + 1
       RETURNING last_number`,
      [year],
    );
    return formatReceiptNumber(year, row!.last_number);
  }

  async insert(e: NewEntry): Promise<LedgerEntryDto> {
    const row = await one<{ id: string }>(
      this.tx,
      `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, method,
           reference, received_on, receipt_number, reason, note, reverses_entry_id,
           waiver_request_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9, $10, $11, $12, $13)
       RETURNING id`,
      [
        e.enrollmentId,
        e.kind,
        e.amountCents,
        e.signedAmountCents,
        e.method ?? null,
        e.reference ?? null,
        e.receivedOn ?? null,
        e.receiptNumber ?? null,
        e.reason ?? null,
        e.note ?? null,
        e.reversesEntryId ?? null,
        e.waiverRequestId ?? null,
        e.createdBy,
      ],
    );
    return (await this.entry(row!.id))!;
  }

  /** Today in America/Chicago, as the database sees it (sessions run in that time zone). */
  async today(): Promise<string> {
    const row = await one<{ today: string }>(
      this.tx,
      `SELECT to_char(current_date, 'YYYY-MM-DD') AS today`,
    );
    return row!.today;
  }
}

function toDto(r: EntryRow): LedgerEntryDto {
  const dto: LedgerEntryDto = {
    id: r.id,
    enrollmentId: r.enrollment_id,
    kind: r.kind,
    amountCents: centsFromDb(r.amount_cents),
    signedAmountCents: centsFromDb(r.signed_amount_cents),
    createdAt: new Date(r.created_at).toISOString(),
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
