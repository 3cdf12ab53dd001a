import { Injectable } from '@nestjs/common';
import { centsFromDb, countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { BatchStatus, RemittanceDto, RemittanceItemDto } from './remittance.dto';
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
  status: BatchStatus;
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
  if (b.sent_at) dto.sentAt = b.sent_at.toISOString();
  if (b.sent_by) dto.sentBy = b.sent_by;
  if (b.voided_at) dto.voidedAt = b.voided_at.toISOString();
  if (b.voided_by) dto.voidedBy = b.voided_by;
  if (b.void_reason !== null) dto.voidReason = b.void_reason;
  return dto;
}

function toItemDto(r: ItemRow): RemittanceItemDto {
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
}

/** SQL of remittance batches to Veronica's Voice and the movements they hold. */
@Injectable()
export class RemittancesRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /**
   * Held until commit. Taken before creating a batch, so its INSERT … SELECT (READ COMMITTED: a
   * fresh snapshot per statement) sees every batch committed by whoever held the lock before.
   */
  async lockBatchCreation(): Promise<void> {
    await rows(this.tx, 'SELECT pg_advisory_xact_lock($1)', [REMITTANCE_LOCK_KEY]);
  }

  /**
   * A DRAFT batch holding every movement dated on or before periodEnd that no live batch holds,
   * with its total and item count (an item count of 0 when there was none to take).
   */
  async insertBatch(periodEnd: string, createdBy: string): Promise<RemittanceDto> {
    const batch = await one<{ id: string }>(
      this.tx,
      `INSERT INTO remittance_batches (period_end, created_by) VALUES ($1, $2) RETURNING id`,
      [periodEnd, createdBy],
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
      [batch!.id, periodEnd],
    );
    return toDto(filled!);
  }

  /** Newest first, with the number of batches the filter matches. */
  async list(
    status: BatchStatus | undefined,
    limit: number,
    offset: number,
  ): Promise<[RemittanceDto[], number]> {
    const params: unknown[] = [limit, offset];
    if (status) params.push(status);
    const found = await rows<BatchRow & { total: string }>(
      this.tx,
      `SELECT ${BATCH_COLUMNS}, count(*) OVER () AS total
         FROM remittance_batches ${status ? 'WHERE status = $3' : ''}
        ORDER BY created_at DESC, id DESC
        LIMIT $1 OFFSET $2`,
      params,
    );
    if (found.length || offset === 0) {
      return [found.map(toDto), found.length ? countFromDb(found[0].total) : 0];
    }
    // A page past the end has no row to carry the window count.
    const c = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM remittance_batches ${status ? 'WHERE status = $1' : ''}`,
      status ? [status] : [],
    );
    return [[], countFromDb(c?.n)];
  }

  async findById(id: string): Promise<RemittanceDto | undefined> {
    const row = await one<BatchRow>(
      this.tx,
      `SELECT ${BATCH_COLUMNS} FROM remittance_batches WHERE id = $1`,
      [id],
    );
    return row && toDto(row);
  }

  /** The batch's status, its row locked until commit; undefined when there is no such batch. */
  async lockStatus(id: string): Promise<BatchStatus | undefined> {
    const row = await one<{ status: BatchStatus }>(
      this.tx,
      `SELECT status FROM remittance_batches WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row?.status;
  }

  /** The batch's movements in date and receipt order. */
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
    return found.map(toItemDto);
  }

  async markSent(
    id: string,
    sent: { transferReference: string; sentOn: string; by: string },
  ): Promise<RemittanceDto> {
    const row = await one<BatchRow>(
      this.tx,
      `UPDATE remittance_batches
          SET status = 'SENT', transfer_reference = $2, sent_on = $3, sent_at = now(), sent_by = $4
        WHERE id = $1
       RETURNING ${BATCH_COLUMNS}`,
      [id, sent.transferReference, sent.sentOn, sent.by],
    );
    return toDto(row!);
  }

  /** Marks the batch VOIDED and releases its movements for the next batch. */
  async markVoided(
    id: string,
    voided: { reason: string | null; by: string },
  ): Promise<RemittanceDto> {
    const row = await one<BatchRow>(
      this.tx,
      `UPDATE remittance_batches
          SET status = 'VOIDED', voided_at = now(), voided_by = $2, void_reason = $3
        WHERE id = $1
       RETURNING ${BATCH_COLUMNS}`,
      [id, voided.by, voided.reason],
    );
    await rows(this.tx, `UPDATE remittance_items SET live = false WHERE batch_id = $1 AND live`, [
      id,
    ]);
    return toDto(row!);
  }
}
