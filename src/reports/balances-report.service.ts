import { Injectable } from '@nestjs/common';
import { validationFailed } from '../common/domain-error';
import { chicagoDate } from '../common/dates';
import { centsFromDb } from '../common/money';
import { rows, Tx, TransactionHost } from '../common/transactions';
import {
  AGING_BUCKETS,
  AgingBucket,
  BalanceRowDto,
  BalancesQuery,
  BalancesReportDto,
} from './report.dto';

interface BalanceSqlRow {
  enrollment_id: string;
  participant_name: string;
  program_code: string;
  status: string;
  enrolled_on: string;
  balance: string;
  age_days: number;
  bucket: AgingBucket;
}

/**
 * What each enrollment owed at the end of a day (entries created on or before it), aged from
 * the enrollment date. Only enrollments that existed on that day and owe something are listed.
 */
@Injectable()
export class BalancesReportService {
  constructor(private readonly txHost: TransactionHost) {}

  async report(q: BalancesQuery): Promise<BalancesReportDto> {
    const today = chicagoDate();
    const asOf = q.asOf ?? today;
    if (asOf > today) throw validationFailed('asOf', 'must not be in the future');
    const found = await rows<BalanceSqlRow>(
      this.txHost as Tx,
      `SELECT en.id AS enrollment_id, p.first_name || ' ' || p.last_name AS participant_name,
              en.program_code, en.status, to_char(en.enrolled_on, 'YYYY-MM-DD') AS enrolled_on,
              b.balance, ($1::date - en.enrolled_on) AS age_days,
              CASE WHEN $1::date - en.enrolled_on <= 30 THEN '0-30'
                   WHEN $1::date - en.enrolled_on <= 60 THEN '31-60'
                   WHEN $1::date - en.enrolled_on <= 90 THEN '61-90'
                   ELSE '90+' END AS bucket
         FROM (SELECT enrollment_id, sum(signed_amount_cents) AS balance
                 FROM ledger_entries
                WHERE created_at < ($1::date + 1)::timestamptz
                GROUP BY enrollment_id
               HAVING sum(signed_amount_cents) > 0) b
         JOIN enrollments en ON en.id = b.enrollment_id
         JOIN participants p ON p.id = en.participant_id
        WHERE en.enrolled_on <= $1::date
        ORDER BY age_days DESC, en.id`,
      [asOf],
    );
    const buckets = Object.fromEntries(AGING_BUCKETS.map((k) => [k, 0])) as Record<
      AgingBucket,
      number
    >;
    let totalCents = 0;
    const list: BalanceRowDto[] = found.map((r) => {
      const balanceCents = centsFromDb(r.balance);
      buckets[r.bucket] += balanceCents;
      totalCents += balanceCents;
      return {
        enrollmentId: r.enrollment_id,
        participantName: r.participant_name,
        programCode: r.program_code,
        status: r.status,
        enrolledOn: r.enrolled_on,
        balanceCents,
        ageDays: r.age_days,
        bucket: r.bucket,
      };
    });
    return { asOf, rows: list, buckets, totalCents };
  }
}
