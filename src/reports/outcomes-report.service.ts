import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { validationFailed } from '../common/domain-error';
import {
  DateRangeQuery,
  INELIGIBILITY_REASONS,
  OutcomeRowDto,
  OutcomesReportDto,
} from './report.dto';
import { OutcomeCounts, ReportsRepository } from './reports.repository';

const GROUPS = ['JOHNZ_SCHOOL', 'OAR', 'UNASSIGNED', 'INELIGIBLE'] as const;

const NO_OUTCOMES: OutcomeCounts = {
  referrals: 0,
  eligible: 0,
  ineligible: 0,
  ineligibleByReason: {},
  enrolled: 0,
  completed: 0,
  terminated: 0,
  withdrawn: 0,
  medianDaysToComplete: null,
  overdue: 0,
};

/**
 * Outcomes of the referrals received (created) in a date range, grouped by the program each
 * enrolled in; those never enrolled are INELIGIBLE when their latest check found them not
 * eligible, else UNASSIGNED. Eligibility is the referral's latest check; the failed rules of an
 * ineligible check are counted per reason code.
 */
@Injectable()
export class OutcomesReportService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  async report(q: DateRangeQuery): Promise<OutcomesReportDto> {
    if (q.to < q.from) throw validationFailed('to', 'must not be before from');
    const asOf = this.clock.today();
    const byGroup = await this.reports.outcomes(q.from, q.to, asOf);
    const list: OutcomeRowDto[] = GROUPS.map((grp) => {
      const c = byGroup.get(grp) ?? NO_OUTCOMES;
      const closed = c.completed + c.terminated + c.withdrawn;
      return {
        programCode: grp,
        referrals: c.referrals,
        eligible: c.eligible,
        ineligible: c.ineligible,
        // Every rule code, 0 when no referral failed it.
        ineligibleByReason: {
          ...Object.fromEntries(INELIGIBILITY_REASONS.map((code) => [code, 0])),
          ...c.ineligibleByReason,
        },
        enrolled: c.enrolled,
        completed: c.completed,
        terminated: c.terminated,
        withdrawn: c.withdrawn,
        completionRate: closed ? Math.round((c.completed / closed) * 10_000) / 10_000 : null,
        medianDaysToComplete: c.medianDaysToComplete,
        overdue: c.overdue,
      };
    });
    return { from: q.from, to: q.to, asOf, rows: list };
  }
}
