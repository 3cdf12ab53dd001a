import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/domain-error';
import { centsFromDb, countFromDb } from '../common/money';
import { Page, pageOf } from '../common/pagination';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { LedgerRepository } from './ledger.repository';
import { requireActive } from './ledger.service';
import {
  CreateWaiverRequestDto,
  DecideWaiverRequestDto,
  WaiverReason,
  WaiverRequestDto,
  WaiverRequestQuery,
  WaiverStatus,
} from './waiver-request.dto';

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

/**
 * Waivers: requested by FINANCE or INTAKE, written to the ledger only when a different
 * SUPERVISOR approves, and never beyond the balance at that moment.
 */
@Injectable()
export class WaiverRequestService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly ledger: LedgerRepository,
  ) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** Only for ACTIVE enrollments: a closed case's balance is not negotiated any more. */
  async request(
    enrollmentId: string,
    dto: CreateWaiverRequestDto,
    staffId: string,
  ): Promise<WaiverRequestDto> {
    const enrollment = await this.ledger.lockEnrollment(enrollmentId);
    requireActive(enrollment, 'a waiver request');
    const row = await one<WaiverRow>(
      this.tx,
      `INSERT INTO waiver_requests (enrollment_id, amount_cents, reason, note, requested_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [enrollmentId, dto.amountCents, dto.reason, dto.note, staffId],
    );
    return toDto(row!);
  }

  async list(q: WaiverRequestQuery): Promise<Page<WaiverRequestDto>> {
    const params: unknown[] = [q.status ?? null];
    const where = `WHERE ($1::text IS NULL OR status = $1)`;
    const [items, total] = await Promise.all([
      rows<WaiverRow>(
        this.tx,
        `SELECT ${COLUMNS} FROM waiver_requests ${where}
         ORDER BY requested_at, id LIMIT $2 OFFSET $3`,
        [...params, q.limit, q.offset],
      ),
      one<{ n: string }>(this.tx, `SELECT count(*) AS n FROM waiver_requests ${where}`, params),
    ]);
    return pageOf(items.map(toDto), countFromDb(total?.n), q);
  }

  async approve(
    id: string,
    dto: DecideWaiverRequestDto,
    staffId: string,
  ): Promise<WaiverRequestDto> {
    const request = await this.lockPending(id, staffId);
    const enrollment = await this.ledger.lockEnrollment(request.enrollment_id);
    requireActive(enrollment, 'a waiver');
    const amountCents = centsFromDb(request.amount_cents);
    const { balanceCents } = await this.ledger.totals(enrollment.id);
    if (amountCents > balanceCents) {
      throw new DomainError(
        'WAIVER_EXCEEDS_BALANCE',
        `Waiver of ${amountCents} exceeds the balance of ${balanceCents}.`,
        [{ field: 'amountCents', message: `must not exceed the balance (${balanceCents})` }],
      );
    }
    const entry = await this.ledger.insert({
      enrollmentId: enrollment.id,
      kind: 'WAIVER',
      amountCents,
      signedAmountCents: -amountCents,
      reason: request.reason,
      note: request.note,
      waiverRequestId: id,
      createdBy: staffId,
    });
    return this.decide(id, 'APPROVED', staffId, dto.note, entry.id);
  }

  async reject(
    id: string,
    dto: DecideWaiverRequestDto,
    staffId: string,
  ): Promise<WaiverRequestDto> {
    await this.lockPending(id, staffId);
    return this.decide(id, 'REJECTED', staffId, dto.note, null);
  }

  /**
   * Enrollment first, then the request: the same lock order as every other money operation,
   * so two supervisors deciding at once queue instead of deadlocking.
   */
  private async lockPending(id: string, staffId: string): Promise<WaiverRow> {
    const found = await one<{ enrollment_id: string }>(
      this.tx,
      `SELECT enrollment_id FROM waiver_requests WHERE id = $1`,
      [id],
    );
    if (!found) throw notFound('Waiver request', id);
    await this.ledger.lockEnrollment(found.enrollment_id);
    const row = (await one<WaiverRow>(
      this.tx,
      `SELECT ${COLUMNS} FROM waiver_requests WHERE id = $1 FOR UPDATE`,
      [id],
    ))!;
    if (row.requested_by === staffId) {
      throw new DomainError(
        'SELF_APPROVAL',
        'A waiver must be decided by a supervisor other than the one who requested it.',
      );
    }
    if (row.status !== 'PENDING') {
      throw new DomainError(
        'INVALID_TRANSITION',
        `Waiver request ${id} is already ${row.status}.`,
        undefined,
        { currentStatus: row.status },
      );
    }
    return row;
  }

  private async decide(
    id: string,
    status: 'APPROVED' | 'REJECTED',
    staffId: string,
    note: string | undefined,
    ledgerEntryId: string | null,
  ): Promise<WaiverRequestDto> {
    const row = await one<WaiverRow>(
      this.tx,
      `UPDATE waiver_requests
          SET status = $2, decided_by = $3, decided_at = clock_timestamp(), decision_note = $4,
              ledger_entry_id = $5
        WHERE id = $1 AND status = 'PENDING'
       RETURNING ${COLUMNS}`,
      [id, status, staffId, note ?? null, ledgerEntryId],
    );
    return toDto(row!);
  }
}

function toDto(r: WaiverRow): WaiverRequestDto {
  return {
    id: r.id,
    enrollmentId: r.enrollment_id,
    amountCents: centsFromDb(r.amount_cents),
    reason: r.reason,
    note: r.note,
    status: r.status,
    requestedBy: r.requested_by,
    requestedAt: new Date(r.requested_at).toISOString(),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    decisionNote: r.decision_note,
    ledgerEntryId: r.ledger_entry_id,
  };
}
