import { Injectable } from '@nestjs/common';
import { validationFailed } from '../common/domain-error';
import { centsFromDb } from '../common/money';
import { rows, Tx, TransactionHost } from '../common/transactions';
import { datedWithin, MOVEMENT_DATE } from '../remittances/remittance-sql';
import { FeeFiguresDto, FeeGrouping, FeeReportDto, FeeReportQuery, FeeRowDto } from './report.dto';

/** Whitelisted SQL for each grouping: request values never reach the SQL text. */
const GROUP_EXPR: Record<FeeGrouping, string> = {
  program: 'program_code',
  method: "coalesce(method, '(none)')",
  month: "to_char(on_date, 'YYYY-MM')",
  day: "to_char(on_date, 'YYYY-MM-DD')",
};

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
    const found = await rows<FeeSqlRow>(
      this.txHost as Tx,
      `WITH e AS (
         SELECT e.kind, e.amount_cents, e.signed_amount_cents, t.kind AS target_kind,
                coalesce(e.method, t.method) AS method, en.program_code,
                ${MOVEMENT_DATE} AS on_date,
                (e.kind IN ('PAYMENT','REFUND') OR t.kind IN ('PAYMENT','REFUND')) AS movement,
                (ri.ledger_entry_id IS NOT NULL) AS remitted
           FROM ledger_entries e
           LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
           JOIN enrollments en ON en.id = e.enrollment_id
           LEFT JOIN remittance_items ri ON ri.ledger_entry_id = e.id AND ri.live
          WHERE ${datedWithin('$1', '$2')})
       SELECT ${GROUP_EXPR[q.groupBy]} AS grp,
              grouping(${GROUP_EXPR[q.groupBy]}) = 1 AS is_total,
              coalesce(sum(CASE WHEN kind = 'FEE' THEN amount_cents
                                WHEN kind = 'REVERSAL' AND target_kind = 'FEE' THEN -amount_cents END), 0) AS assessed,
              coalesce(sum(amount_cents) FILTER (WHERE kind = 'PAYMENT'), 0) AS collected,
              coalesce(sum(CASE WHEN kind = 'WAIVER' THEN amount_cents
                                WHEN kind = 'REVERSAL' AND target_kind = 'WAIVER' THEN -amount_cents END), 0) AS waived,
              coalesce(sum(amount_cents) FILTER (WHERE kind = 'REFUND'), 0) AS refunded,
              coalesce(sum(CASE WHEN kind = 'REVERSAL' AND target_kind = 'PAYMENT' THEN amount_cents
                                WHEN kind = 'REVERSAL' AND target_kind = 'REFUND' THEN -amount_cents END), 0) AS reversed,
              coalesce(sum(-signed_amount_cents) FILTER (WHERE movement), 0) AS net,
              coalesce(sum(-signed_amount_cents) FILTER (WHERE movement AND remitted), 0) AS remitted
         FROM e
        GROUP BY GROUPING SETS ((${GROUP_EXPR[q.groupBy]}), ())
        ORDER BY is_total, grp`,
      [q.from, q.to],
    );
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
