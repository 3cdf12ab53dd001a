import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { validationFailed } from '../common/domain-error';
import { PROGRAM_CODES } from '../programs/program-codes';
import { FollowUpCells, ShownCounts, suppressFollowUpTable } from './follow-up-suppression';
import { FollowUpFiguresDto, FollowUpReportDto, FollowUpReportQuery } from './report.dto';
import { ReportsRepository } from './reports.repository';
import { roundRate, wilsonInterval } from './wilson';

export const EXIT_STATUSES = ['COMPLETED', 'TERMINATED', 'WITHDRAWN'] as const;

const NONE: FollowUpCells = { similar: 0, other: 0, noNewCharge: 0, unable: 0, notChecked: 0 };

/** The rate of new similar charges among those checked, when both counts are shown. */
function withRate(c: ShownCounts): FollowUpFiguresDto {
  const { newChargeSimilar: similar, checked } = c;
  const interval =
    similar === null || checked === null || checked === 0 ? null : wilsonInterval(similar, checked);
  return {
    exits: c.exits,
    checked: c.checked,
    unableToCheck: c.unableToCheck,
    newChargeSimilar: c.newChargeSimilar,
    newChargeOther: c.newChargeOther,
    similarRate: interval ? roundRate(similar! / checked!) : null,
    similarRateLow: interval ? roundRate(interval.low) : null,
    similarRateHigh: interval ? roundRate(interval.high) : null,
    suppressed: c.suppressed,
  };
}

/**
 * The follow-up report: per program and exit status, the enrollments that ended in a range of
 * days and the latest results of their 12- or 24-month checks, with small counts suppressed
 * (follow-up-suppression.ts has the model and the rule) and the rate of new similar charges
 * among those checked with its Wilson 95% interval (wilson.ts).
 */
@Injectable()
export class FollowUpReportService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  async report(q: FollowUpReportQuery): Promise<FollowUpReportDto> {
    if (q.exitTo < q.exitFrom) throw validationFailed('exitTo', 'must not be before exitFrom');
    const found = await this.reports.followUpCells(q.exitFrom, q.exitTo, q.months);
    // Every program and exit status, zeros included: the table's shape never depends on the data.
    const groups = PROGRAM_CODES.flatMap((programCode) =>
      EXIT_STATUSES.map((exitStatus) => ({ programCode, exitStatus })),
    );
    const table = groups.map((g) => found.get(`${g.programCode}|${g.exitStatus}`) ?? NONE);
    const shown = suppressFollowUpTable(table);
    return {
      exitFrom: q.exitFrom,
      exitTo: q.exitTo,
      months: q.months,
      asOf: this.clock.today(),
      rows: groups.map((g, i) => ({ ...g, ...withRate(shown.rows[i]) })),
      totals: withRate(shown.totals),
    };
  }
}
