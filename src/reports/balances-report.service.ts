import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { validationFailed } from '../common/domain-error';
import { AgingBucket, BalanceRowDto, BalancesQuery, BalancesReportDto } from './report.dto';
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

  /** `q.csv`: every row, whatever `limit` says (the file is the whole report). */
  async report(q: BalancesQuery & { csv?: boolean }): Promise<BalancesReportDto> {
    const today = this.clock.today();
    const asOf = q.asOf ?? today;
    if (asOf > today) throw validationFailed('asOf', 'must not be in the future');
    const buckets: Record<AgingBucket, number> = { '0-30': 0, '31-60': 0, '61-90': 0, '90+': 0 };
    const bucketCounts: Record<AgingBucket, number> = { ...buckets };
    let totalCents = 0;
    let list: BalanceRowDto[];
    if (q.limit !== undefined && !q.csv) {
      // One page of rows (the console's table), the buckets over all of them.
      const page = await this.reports.balancesPage(
        asOf,
        asOf === today,
        q.olderThanDays,
        q.limit,
        ((q.page ?? 1) - 1) * q.limit,
      );
      list = page.rows;
      for (const b of page.buckets) {
        buckets[b.bucket] = b.cents;
        bucketCounts[b.bucket] = b.n;
        totalCents += b.cents;
      }
    } else {
      const all = await this.reports.balances(asOf, asOf === today);
      list = q.olderThanDays === undefined ? all : all.filter((r) => r.ageDays > q.olderThanDays!);
      for (const r of list) {
        buckets[r.bucket] += r.balanceCents;
        bucketCounts[r.bucket] += 1;
        totalCents += r.balanceCents;
      }
    }
    // The rows name people, in JSON or in the CSV file made of them (report.balances.list);
    // a closed record's row names no one.
    this.audit.showingPeople(
      new Set(list.filter((r) => !r.recordClosed).map((r) => r.enrollmentId)).size,
    );
    const rowCount = Object.values(bucketCounts).reduce((a, b) => a + b, 0);
    return { asOf, rows: list, buckets, totalCents, bucketCounts, rowCount };
  }

  /** The rows of the balances report as of `asOf` enrolled more than 90 days before. */
  countOver90(asOf: string): Promise<number> {
    return this.reports.balancesOver90(asOf);
  }
}
