import { Injectable } from '@nestjs/common';
import { chicagoDate } from '../common/dates';
import { validationFailed } from '../common/domain-error';
import { countFromDb } from '../common/money';
import { rows, TransactionHost } from '../common/transactions';
import {
  DateRangeQuery,
  INELIGIBILITY_REASONS,
  OutcomeRowDto,
  OutcomesReportDto,
} from './report.dto';

const GROUPS = ['JOHNZ_SCHOOL', 'OAR', 'UNASSIGNED'] as const;

interface OutcomeSqlRow {
  grp: string;
  referrals: string;
  eligible: string;
  ineligible: string;
  by_reason: Record<string, number | string> | null;
  enrolled: string;
  completed: string;
  terminated: string;
  withdrawn: string;
  median_days: number | null;
  overdue: string;
}

/**
 * Outcomes of the referrals received (created) in a date range, grouped by the program each
 * enrolled in, or UNASSIGNED for those never enrolled. Eligibility is the referral's latest
 * check; the failed rules of an ineligible check are counted per reason code.
 */
@Injectable()
export class OutcomesReportService {
  constructor(private readonly txHost: TransactionHost) {}

  async report(q: DateRangeQuery): Promise<OutcomesReportDto> {
    if (q.to < q.from) throw validationFailed('to', 'must not be before from');
    const asOf = chicagoDate();
    const found = await rows<OutcomeSqlRow>(
      this.txHost,
      `WITH cohort AS (
         SELECT r.id, coalesce(en.program_code, 'UNASSIGNED') AS grp, en.id AS enrollment_id,
                en.status, en.enrolled_on, en.closed_on, en.deadline, lc.eligible, lc.reasons
           FROM referrals r
           LEFT JOIN enrollments en ON en.referral_id = r.id
           LEFT JOIN LATERAL (
             SELECT c.eligible, c.reasons FROM eligibility_checks c
              WHERE c.referral_id = r.id
              ORDER BY c.checked_at DESC, c.id DESC LIMIT 1) lc ON true
          WHERE r.created_at >= $1::date::timestamptz
            AND r.created_at < ($2::date + 1)::timestamptz),
       failed AS (
         SELECT c.grp, x.code, count(DISTINCT c.id) AS n
           FROM cohort c
          CROSS JOIN LATERAL (
            -- Each reason is {code, passed, ...} as the eligibility module writes it.
            SELECT reason ->> 'code' AS code
              FROM jsonb_array_elements(c.reasons) AS reason
             WHERE jsonb_typeof(reason) = 'object' AND (reason ->> 'passed') IS DISTINCT FROM 'true'
          ) x
          WHERE c.eligible = false AND jsonb_typeof(c.reasons) = 'array' AND x.code IS NOT NULL
          GROUP BY c.grp, x.code)
       SELECT c.grp,
              count(*) AS referrals,
              count(*) FILTER (WHERE c.eligible) AS eligible,
              count(*) FILTER (WHERE c.eligible = false) AS ineligible,
              (SELECT jsonb_object_agg(f.code, f.n) FROM failed f WHERE f.grp = c.grp) AS by_reason,
              count(c.enrollment_id) AS enrolled,
              count(*) FILTER (WHERE c.status = 'COMPLETED') AS completed,
              count(*) FILTER (WHERE c.status = 'TERMINATED') AS terminated,
              count(*) FILTER (WHERE c.status = 'WITHDRAWN') AS withdrawn,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY c.closed_on - c.enrolled_on)
                FILTER (WHERE c.status = 'COMPLETED') AS median_days,
              count(*) FILTER (WHERE c.status = 'ACTIVE' AND c.deadline < $3::date) AS overdue
         FROM cohort c
        GROUP BY c.grp`,
      [q.from, q.to, asOf],
    );
    const byGroup = new Map(found.map((r) => [r.grp, r]));
    const list: OutcomeRowDto[] = GROUPS.map((grp) => {
      const r = byGroup.get(grp);
      const completed = countFromDb(r?.completed);
      const closed = completed + countFromDb(r?.terminated) + countFromDb(r?.withdrawn);
      const ineligibleByReason: Record<string, number> = Object.fromEntries(
        INELIGIBILITY_REASONS.map((code) => [code, 0]),
      );
      for (const [code, n] of Object.entries(r?.by_reason ?? {})) {
        ineligibleByReason[code] = countFromDb(n);
      }
      return {
        programCode: grp,
        referrals: countFromDb(r?.referrals),
        eligible: countFromDb(r?.eligible),
        ineligible: countFromDb(r?.ineligible),
        ineligibleByReason,
        enrolled: countFromDb(r?.enrolled),
        completed,
        terminated: countFromDb(r?.terminated),
        withdrawn: countFromDb(r?.withdrawn),
        completionRate: closed ? Math.round((completed / closed) * 10_000) / 10_000 : null,
        medianDaysToComplete: r?.median_days ?? null,
        overdue: countFromDb(r?.overdue),
      };
    });
    return { from: q.from, to: q.to, asOf, rows: list };
  }
}
