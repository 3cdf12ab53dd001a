import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/domain-error';
import { centsFromDb, countFromDb } from '../common/money';
import { Page, pageOf } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import {
  CreateRemittanceDto,
  RemittanceDetailDto,
  RemittanceDto,
  RemittanceItemDto,
  RemittanceListQuery,
  SendRemittanceDto,
  VoidRemittanceDto,
} from './remittance.dto';
import { LEDGER_EFFECTS, movementsOnOrBefore } from './remittance-sql';

/**
 * One key for the whole product: batch creations on every instance take turns, so two batches
 * never race for the same movements (the partial unique index would refuse the loser anyway).
 */
const REMITTANCE_LOCK_KEY = 7_204_611_400;

interface BatchRow {
  id: string;
  beneficiary: string;
  period_end: string;
  status: RemittanceDto['status'];
  total_cents: string;
  item_count: number;
  created_at: Date;
  created_by: string;
  transfer_reference: string | null;
  sent_on: string | null;
  sent_at: Date | null;
  sent_by: string | null;
  voided_at: Date | null;
  voided_by: string | null;
  void_reason: string | null;
}

interface ItemRow {
  ledger_entry_id: string;
  kind: string;
  reversed_kind: string | null;
  receipt_number: string | null;
  program_code: string;
  received_on: string;
  amount_cents: string;
}

const BATCH_COLUMNS = `id, beneficiary, to_char(period_end, 'YYYY-MM-DD') AS period_end, status,
  total_cents, item_count, created_at, created_by, transfer_reference,
  to_char(sent_on, 'YYYY-MM-DD') AS sent_on, sent_at, sent_by, voided_at, voided_by, void_reason`;

const iso = (d: Date | null): string | undefined => (d ? d.toISOString() : undefined);

function toDto(b: BatchRow): RemittanceDto {
  const totalCents = centsFromDb(b.total_cents);
  const dto: RemittanceDto = {
    id: b.id,
    beneficiary: b.beneficiary,
    periodEnd: b.period_end,
    status: b.status,
    totalCents,
    itemCount: b.item_count,
    negativeTotal: totalCents < 0,
    createdAt: b.created_at.toISOString(),
    createdBy: b.created_by,
  };
  if (b.transfer_reference !== null) dto.transferReference = b.transfer_reference;
  if (b.sent_on !== null) dto.sentOn = b.sent_on;
  if (b.sent_at) dto.sentAt = iso(b.sent_at);
  if (b.sent_by) dto.sentBy = b.sent_by;
  if (b.voided_at) dto.voidedAt = iso(b.voided_at);
  if (b.voided_by) dto.voidedBy = b.voided_by;
  if (b.void_reason !== null) dto.voidReason = b.void_reason;
  return dto;
}

@Injectable()
export class RemittancesService {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /**
   * Takes every movement dated on or before periodEnd that no live batch holds, in the request's
   * transaction: the batch exists whole or not at all.
   */
  async create(dto: CreateRemittanceDto, user: AuthenticatedStaff): Promise<RemittanceDto> {
    // Taken first, so the INSERT … SELECT below (READ COMMITTED: a fresh snapshot per
    // statement) sees every batch committed by whoever held the lock before.
    await rows(this.tx, 'SELECT pg_advisory_xact_lock($1)', [REMITTANCE_LOCK_KEY]);
    const batch = await one<{ id: string }>(
      this.tx,
      `INSERT INTO remittance_batches (period_end, created_by) VALUES ($1, $2) RETURNING id`,
      [dto.periodEnd, user.id],
    );
    const filled = await one<BatchRow>(
      this.tx,
      `WITH taken AS (
         INSERT INTO remittance_items (batch_id, ledger_entry_id, amount_cents)
         SELECT $1, x.id, x.received_cents
           FROM ${LEDGER_EFFECTS} x
          WHERE ${movementsOnOrBefore('$2')}
            AND NOT EXISTS (SELECT 1 FROM remittance_items i
                             WHERE i.ledger_entry_id = x.id AND i.live)
         RETURNING amount_cents)
       UPDATE remittance_batches b
          SET total_cents = s.total, item_count = s.n
         FROM (SELECT coalesce(sum(amount_cents), 0) AS total, count(*)::int AS n FROM taken) s
        WHERE b.id = $1
       RETURNING ${BATCH_COLUMNS}`,
      [batch!.id, dto.periodEnd],
    );
    if (!filled || filled.item_count === 0) {
      // Thrown inside the transaction: the empty batch row is rolled back with it.
      throw new DomainError(
        'NOTHING_TO_REMIT',
        `No payment, refund or reversal dated on or before ${dto.periodEnd} is waiting to be remitted.`,
      );
    }
    return toDto(filled);
  }

  async list(q: RemittanceListQuery): Promise<Page<RemittanceDto>> {
    const params: unknown[] = [q.limit, q.offset];
    const where = q.status ? `WHERE status = $3` : '';
    if (q.status) params.push(q.status);
    const found = await rows<BatchRow & { total: string }>(
      this.tx,
      `SELECT ${BATCH_COLUMNS}, count(*) OVER () AS total
         FROM remittance_batches ${where}
        ORDER BY created_at DESC, id DESC
        LIMIT $1 OFFSET $2`,
      params,
    );
    let total = found.length ? countFromDb(found[0].total) : 0;
    if (!found.length && q.offset > 0) {
      const c = await one<{ n: string }>(
        this.tx,
        `SELECT count(*) AS n FROM remittance_batches ${q.status ? 'WHERE status = $1' : ''}`,
        q.status ? [q.status] : [],
      );
      total = countFromDb(c?.n);
    }
    return pageOf(found.map(toDto), total, q);
  }

  async get(id: string): Promise<RemittanceDetailDto> {
    const batch = await this.findBatch(id);
    return { ...toDto(batch), items: await this.items(id) };
  }

  async items(batchId: string): Promise<RemittanceItemDto[]> {
    const found = await rows<ItemRow>(
      this.tx,
      `SELECT i.ledger_entry_id, x.kind, x.reversed_kind, x.receipt_number, en.program_code,
              to_char(x.movement_on, 'YYYY-MM-DD') AS received_on, i.amount_cents
         FROM remittance_items i
         JOIN ${LEDGER_EFFECTS} x ON x.id = i.ledger_entry_id
         JOIN enrollments en ON en.id = x.enrollment_id
        WHERE i.batch_id = $1
        ORDER BY x.movement_on, x.receipt_number, x.created_at, x.id`,
      [batchId],
    );
    return found.map((r) => {
      const item: RemittanceItemDto = {
        ledgerEntryId: r.ledger_entry_id,
        kind: r.kind,
        programCode: r.program_code,
        receivedOn: r.received_on,
        amountCents: centsFromDb(r.amount_cents),
      };
      if (r.reversed_kind) item.reversedKind = r.reversed_kind;
      if (r.receipt_number) item.receiptNumber = r.receipt_number;
      return item;
    });
  }

  async send(
    id: string,
    dto: SendRemittanceDto,
    user: AuthenticatedStaff,
  ): Promise<RemittanceDetailDto> {
    await this.lockDraft(id);
    const sent = await one<BatchRow>(
      this.tx,
      `UPDATE remittance_batches
          SET status = 'SENT', transfer_reference = $2, sent_on = $3, sent_at = now(), sent_by = $4
        WHERE id = $1
       RETURNING ${BATCH_COLUMNS}`,
      [id, dto.transferReference, dto.sentOn, user.id],
    );
    return { ...toDto(sent!), items: await this.items(id) };
  }

  /** Voids a DRAFT and releases its movements for the next batch, in one transaction. */
  async void(
    id: string,
    dto: VoidRemittanceDto,
    user: AuthenticatedStaff,
  ): Promise<RemittanceDetailDto> {
    await this.lockDraft(id);
    const voided = await one<BatchRow>(
      this.tx,
      `UPDATE remittance_batches
          SET status = 'VOIDED', voided_at = now(), voided_by = $2, void_reason = $3
        WHERE id = $1
       RETURNING ${BATCH_COLUMNS}`,
      [id, user.id, dto.reason ?? null],
    );
    await rows(this.tx, `UPDATE remittance_items SET live = false WHERE batch_id = $1 AND live`, [
      id,
    ]);
    return { ...toDto(voided!), items: await this.items(id) };
  }

  async findBatch(id: string): Promise<BatchRow> {
    const batch = await one<BatchRow>(
      this.tx,
      `SELECT ${BATCH_COLUMNS} FROM remittance_batches WHERE id = $1`,
      [id],
    );
    if (!batch) throw notFound('Remittance batch', id);
    return batch;
  }

  private async lockDraft(id: string): Promise<void> {
    const batch = await one<{ status: string }>(
      this.tx,
      `SELECT status FROM remittance_batches WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!batch) throw notFound('Remittance batch', id);
    if (batch.status !== 'DRAFT') {
      throw new DomainError(
        'BATCH_NOT_DRAFT',
        `Remittance batch ${id} is ${batch.status}; only a DRAFT can be sent or voided.`,
        undefined,
        { batchStatus: batch.status },
      );
    }
  }
}
