import { Injectable } from '@nestjs/common';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { Disposition, DispositionDto, ExpungementDto } from './disposition.dto';

interface DispositionRow {
  id: string;
  referral_id: string;
  disposition: Disposition;
  decided_on: string;
  court_reference: string | null;
  recorded_by: string;
  recorded_at: Date;
}

interface ExpungementRow {
  referral_id: string;
  ordered_on: string;
  order_reference: string;
  recorded_by: string;
  recorded_at: Date;
}

const DISPOSITION_COLUMNS = `id, referral_id, disposition, decided_on::text AS decided_on,
  court_reference, recorded_by, recorded_at`;

const EXPUNGEMENT_COLUMNS = `referral_id, ordered_on::text AS ordered_on, order_reference,
  recorded_by, recorded_at`;

const toDispositionDto = (r: DispositionRow): DispositionDto => ({
  id: r.id,
  referralId: r.referral_id,
  disposition: r.disposition,
  decidedOn: r.decided_on,
  courtReference: r.court_reference,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at.toISOString(),
});

const toExpungementDto = (r: ExpungementRow): ExpungementDto => ({
  referralId: r.referral_id,
  orderedOn: r.ordered_on,
  orderReference: r.order_reference,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at.toISOString(),
});

/**
 * Owns `referral_dispositions` and `referral_expungements` (append-only: inserts and reads).
 * Each insert makes the database's triggers refresh the record status of the referral and its
 * participant; nothing here computes a status.
 */
@Injectable()
export class DispositionsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** The database refuses it while the referral has an ACTIVE enrollment (check_violation). */
  async insertDisposition(d: {
    referralId: string;
    disposition: Disposition;
    decidedOn: string;
    courtReference: string | null;
    recordedBy: string;
  }): Promise<DispositionDto> {
    const row = await one<DispositionRow>(
      this.tx,
      `INSERT INTO referral_dispositions (referral_id, disposition, decided_on, court_reference,
          recorded_by)
       VALUES ($1, $2, $3::date, $4, $5)
       RETURNING ${DISPOSITION_COLUMNS}`,
      [d.referralId, d.disposition, d.decidedOn, d.courtReference, d.recordedBy],
    );
    return toDispositionDto(row!);
  }

  /** Newest first: the first one is the one that counts. */
  async dispositionsOf(referralId: string): Promise<DispositionDto[]> {
    const list = await rows<DispositionRow>(
      this.tx,
      `SELECT ${DISPOSITION_COLUMNS} FROM referral_dispositions
        WHERE referral_id = $1 ORDER BY recorded_at DESC, id DESC`,
      [referralId],
    );
    return list.map(toDispositionDto);
  }

  /** Undefined when the referral already has an order (one per referral, never replaced). */
  async insertExpungement(x: {
    referralId: string;
    orderedOn: string;
    orderReference: string;
    recordedBy: string;
  }): Promise<ExpungementDto | undefined> {
    const row = await one<ExpungementRow>(
      this.tx,
      `INSERT INTO referral_expungements (referral_id, ordered_on, order_reference, recorded_by)
       VALUES ($1, $2::date, $3, $4)
       ON CONFLICT (referral_id) DO NOTHING
       RETURNING ${EXPUNGEMENT_COLUMNS}`,
      [x.referralId, x.orderedOn, x.orderReference, x.recordedBy],
    );
    return row && toExpungementDto(row);
  }
}
