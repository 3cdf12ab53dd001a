import { Injectable } from '@nestjs/common';
import { centsFromDb, countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { WaiverReason, WaiverRequestDto, WaiverStatus } from './waiver-request.dto';

interface WaiverRow {
  id: string;
  enrollment_id: string;
  amount_cents: string;
  reason: WaiverReason;
  note: string;
  status: WaiverStatus;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  ledger_entry_id: string | null;
}

const COLUMNS = `id, enrollment_id, amount_cents, reason, note, status, requested_by, requested_at,
  decided_by, decided_at, decision_note, ledger_entry_id`;

export interface WaiverRequestFilter {
  status?: WaiverStatus;
}

const LIST_WHERE = `($1::text IS NULL OR status = $1)`;

const toWaiverRequestDto = (r: WaiverRow): WaiverRequestDto => ({
  id: r.id,
  enrollmentId: r.enrollment_id,
  amountCents: centsFromDb(r.amount_cents),
  reason: r.reason,
  note: r.note,
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at.toISOString(),
  decidedBy: r.decided_by,
  decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  decisionNote: r.decision_note,
  ledgerEntryId: r.ledger_entry_id,
});

/** Owns `waiver_requests`. */
@Injectable()
export class WaiverRequestRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  async insert(r: {
    enrollmentId: string;
    amountCents: number;
    reason: WaiverReason;
    note: string;
    requestedBy: string;
  }): Promise<WaiverRequestDto> {
    const row = await one<WaiverRow>(
      this.tx,
      `INSERT INTO waiver_requests (enrollment_id, amount_cents, reason, note, requested_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [r.enrollmentId, r.amountCents, r.reason, r.note, r.requestedBy],
    );
    return toWaiverRequestDto(row!);
  }

  /** Oldest request first. */
  async list(
    f: WaiverRequestFilter,
    limit: number,
    offset: number,
  ): Promise<[WaiverRequestDto[], number]> {
    const [items, total] = await Promise.all([
      rows<WaiverRow>(
        this.tx,
        `SELECT ${COLUMNS} FROM waiver_requests WHERE ${LIST_WHERE}
         ORDER BY requested_at, id LIMIT $2 OFFSET $3`,
        [f.status ?? null, limit, offset],
      ),
      this.count(f),
    ]);
    return [items.map(toWaiverRequestDto), total];
  }

  async count(f: WaiverRequestFilter): Promise<number> {
    const row = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM waiver_requests WHERE ${LIST_WHERE}`,
      [f.status ?? null],
    );
    return countFromDb(row?.n);
  }

  /** The enrollment of a request, read without a lock (to take the enrollment's lock first). */
  async enrollmentOf(id: string): Promise<string | undefined> {
    const row = await one<{ enrollment_id: string }>(
      this.tx,
      `SELECT enrollment_id FROM waiver_requests WHERE id = $1`,
      [id],
    );
    return row?.enrollment_id;
  }

  /** Locks the request for the rest of the transaction. */
  async lockById(id: string): Promise<WaiverRequestDto | undefined> {
    const row = await one<WaiverRow>(
      this.tx,
      `SELECT ${COLUMNS} FROM waiver_requests WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row && toWaiverRequestDto(row);
  }

  /** Records the decision of a PENDING request. */
  async decide(
    id: string,
    d: {
      status: 'APPROVED' | 'REJECTED';
      decidedBy: string;
      note: string | null;
      ledgerEntryId: string | null;
    },
  ): Promise<WaiverRequestDto> {
    const row = await one<WaiverRow>(
      this.tx,
      `UPDATE waiver_requests
          SET status = $2, decided_by = $3, decided_at = clock_timestamp(), decision_note = $4,
              ledger_entry_id = $5
        WHERE id = $1 AND status = 'PENDING'
       RETURNING ${COLUMNS}`,
      [id, d.status, d.decidedBy, d.note, d.ledgerEntryId],
    );
    return toWaiverRequestDto(row!);
  }
}
