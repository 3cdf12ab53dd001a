import { Injectable } from '@nestjs/common';
import { validationFailed } from '../common/domain-error';
import { FeeReportDto, FeeReportQuery } from './report.dto';
import { ReportsRepository } from './reports.repository';

/**
 * Fees for a date range, every figure a SQL aggregate over the entries dated in it (payments
 * by received date, every other entry by the America/Chicago day it was recorded).
 */
@Injectable()
export class FeeReportService {
  constructor(private readonly reports: ReportsRepository) {}

  async report(q: FeeReportQuery): Promise<FeeReportDto> {
    if (q.to < q.from) throw validationFailed('to', 'must not be before from');
    const { rows, totals } = await this.reports.fees(q.groupBy, q.from, q.to);
    return { from: q.from, to: q.to, groupBy: q.groupBy, rows, totals };
  }
}
