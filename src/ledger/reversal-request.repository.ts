import { Injectable } from '@nestjs/common';
import { centsFromDb, countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import {
  ReversalRequestDto,
  ReversalRequestStatus,
  ReversedByRequest,
} from './reversal-request.dto';

interface ReversalRequestRow {
  id: string;
  status: ReversalRequestStatus;
  entry_id: string;
  enrollment_id: string;
  entry_kind: ReversedByRequest;
  amount_cents: string;
  reason: string;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  ledger_entry_id: string | null;
}

/** The request's columns with its entry's amount (`r` the request, `e` its entry). */
const SELECT = `SELECT r.id, r.status, r.entry_id, r.enrollment_id, r.entry_kind, e.amount_cents,
    r.reason, r.requested_by, r.requested_at, r.decided_by, r.decided_at, r.decision_note,
    r.ledger_entry_id
  FROM reversal_requests r JOIN ledger_entries e ON e.id = r.entry_id`;

const LIST_WHERE = `($1::text IS NULL OR r.status = $1)`;

const toDto = (r: ReversalRequestRow): ReversalRequestDto => ({
  id: r.id,
  status: r.status,
  entryId: r.entry_id,
  enrollmentId: r.enrollment_id,
  entryKind: r.entry_kind,
  amountCents: centsFromDb(r.amount_cents),
  reason: r.reason,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at.toISOString(),
  decidedBy: r.decided_by,
  decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  decisionNote: r.decision_note,
  ledgerEntryId: r.ledger_entry_id,
});

/**
 * Owns `reversal_requests`. The database copies the entry's enrollment, kind and author into
 * each request and refuses a second pending one, a decision by the requester or the author, and
 * any change to a decided request.
 */
@Injectable()
export class ReversalRequestRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  async insert(r: { entryId: string; reason: string; requestedBy: string }): Promise<string> {
    const row = await one<{ id: string }>(
      this.tx,
      `INSERT INTO reversal_requests (entry_id, reason, requested_by) VALUES ($1, $2, $3)
       RETURNING id`,
      [r.entryId, r.reason, r.requestedBy],
    );
    return row!.id;
  }

  async get(id: string): Promise<ReversalRequestDto | undefined> {
    const row = await one<ReversalRequestRow>(this.tx, `${SELECT} WHERE r.id = $1`, [id]);
    return row && toDto(row);
  }

  /** The pending request of an entry, if any. */
  async pendingOf(entryId: string): Promise<string | undefined> {
    const row = await one<{ id: string }>(
      this.tx,
      `SELECT id FROM reversal_requests WHERE entry_id = $1 AND status = 'PENDING'`,
      [entryId],
    );
    return row?.id;
  }

  /** Oldest request first. */
  async list(
    f: { status?: ReversalRequestStatus },
    limit: number,
    offset: number,
  ): Promise<[ReversalRequestDto[], number]> {
    const list = await rows<ReversalRequestRow>(
      this.tx,
      `${SELECT} WHERE ${LIST_WHERE} ORDER BY r.requested_at, r.id LIMIT $2 OFFSET $3`,
      [f.status ?? null, limit, offset],
    );
    return [list.map(toDto), await this.count(f)];
  }

  async count(f: { status?: ReversalRequestStatus }): Promise<number> {
    const row = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM reversal_requests r WHERE ${LIST_WHERE}`,
      [f.status ?? null],
    );
    return countFromDb(row?.n);
  }

  /** The enrollment of a request, read without a lock (to take the enrollment's lock first). */
  async enrollmentOf(id: string): Promise<string | undefined> {
    const row = await one<{ enrollment_id: string }>(
      this.tx,
      `SELECT enrollment_id FROM reversal_requests WHERE id = $1`,
      [id],
    );
    return row?.enrollment_id;
  }

  /** Locks the request for the rest of the transaction. */
  async lockById(
    id: string,
  ): Promise<(ReversalRequestDto & { entryCreatedBy: string }) | undefined> {
    const row = await one<ReversalRequestRow & { entry_created_by: string }>(
      this.tx,
      `${SELECT.replace('r.ledger_entry_id', 'r.ledger_entry_id, r.entry_created_by')}
        WHERE r.id = $1 FOR UPDATE OF r`,
      [id],
    );
    return row && { ...toDto(row), entryCreatedBy: row.entry_created_by };
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
  ): Promise<ReversalRequestDto> {
    await rows(
      this.tx,
      `UPDATE reversal_requests
          SET status = $2, decided_by = $3, decided_at = clock_timestamp(), decision_note = $4,
              ledger_entry_id = $5
        WHERE id = $1 AND status = 'PENDING'`,
      [id, d.status, d.decidedBy, d.note, d.ledgerEntryId],
    );
    return (await this.get(id))!;
  }
}
