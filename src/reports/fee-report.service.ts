import { Injectable } from '@nestjs/common';
import { validationFailed } from '../common/domain-error';
import { centsFromDb } from '../common/money';
import { rows, TransactionHost } from '../common/transactions';
import { feeReportSql } from './report-sql';
import { FeeFiguresDto, FeeReportDto, FeeReportQuery, FeeRowDto } from './report.dto';

interface FeeSqlRow {
  grp: string | null;
  is_total: boolean;
  assessed: string;
  collected: string;
  waived: string;
  refunded: string;
  reversed: string;
  net: string;
  remitted: string;
}

/**
 * Fees for a date range, every figure a SQL aggregate over the entries dated in it (payments
 * by received date, every other entry by the America/Chicago day it was recorded).
 */
@Injectable()
export class FeeReportService {
  constructor(private readonly txHost: TransactionHost) {}

  async report(q: FeeReportQuery): Promise<FeeReportDto> {
    if (q.to < q.from) throw validationFailed('to', 'must not be before from');
    const found = await rows<FeeSqlRow>(this.txHost, feeReportSql(q.groupBy), [q.from, q.to]);
    const figures = (r: FeeSqlRow | undefined): FeeFiguresDto => {
      const net = centsFromDb(r?.net);
      const remitted = centsFromDb(r?.remitted);
      return {
        assessedCents: centsFromDb(r?.assessed),
        collectedCents: centsFromDb(r?.collected),
        waivedCents: centsFromDb(r?.waived),
        refundedCents: centsFromDb(r?.refunded),
        reversedCents: centsFromDb(r?.reversed),
        netCollectedCents: net,
        remittedCents: remitted,
        pendingRemittanceCents: net - remitted,
      };
    };
    const groups: FeeRowDto[] = found
      .filter((r) => !r.is_total)
      .map((r) => ({ group: r.grp ?? '(none)', ...figures(r) }));
    return {
      from: q.from,
      to: q.to,
      groupBy: q.groupBy,
      rows: groups,
      totals: figures(found.find((r) => r.is_total)),
    };
  }
}
