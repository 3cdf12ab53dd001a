import { Injectable } from '@nestjs/common';
import { BALANCES_SQL } from './report-sql';
import { validationFailed } from '../common/domain-error';
import { chicagoDate } from '../common/dates';
import { centsFromDb } from '../common/money';
import { rows, TransactionHost } from '../common/transactions';
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
    const found = await rows<BalanceSqlRow>(this.txHost, BALANCES_SQL, [asOf]);
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
