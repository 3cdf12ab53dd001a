import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { validationFailed } from '../common/domain-error';
import { AgingBucket, BalancesQuery, BalancesReportDto } from './report.dto';
import { ReportsRepository } from './reports.repository';

/**
 * What each enrollment owed at the end of a day (entries created on or before it), aged from
 * the enrollment date. Only enrollments that existed on that day and owe something are listed;
 * `olderThanDays` keeps those enrolled longer ago than that, and the buckets and total are of the
 * rows listed.
 */
@Injectable()
export class BalancesReportService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async report(q: BalancesQuery): Promise<BalancesReportDto> {
    const today = this.clock.today();
    const asOf = q.asOf ?? today;
    if (asOf > today) throw validationFailed('asOf', 'must not be in the future');
    const all = await this.reports.balances(asOf, asOf === today);
    const list =
      q.olderThanDays === undefined ? all : all.filter((r) => r.ageDays > q.olderThanDays!);
    // The rows name people, in JSON or in the CSV file made of them (report.balances.list);
    // a closed record's row names no one.
    this.audit.showingPeople(
      new Set(list.filter((r) => !r.recordClosed).map((r) => r.enrollmentId)).size,
    );
    const buckets: Record<AgingBucket, number> = { '0-30': 0, '31-60': 0, '61-90': 0, '90+': 0 };
    let totalCents = 0;
    for (const r of list) {
      buckets[r.bucket] += r.balanceCents;
      totalCents += r.balanceCents;
    }
    return { asOf, rows: list, buckets, totalCents };
  }

  /** The rows of the balances report as of `asOf` enrolled more than 90 days before. */
  countOver90(asOf: string): Promise<number> {
    return this.reports.balancesOver90(asOf);
  }
}
