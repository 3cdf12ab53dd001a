import type { Request } from 'express';
import { CsvColumn, csvDollars } from '../common/csv';
import {
  AGING_BUCKET_LABELS,
  ENROLLMENT_STATUS_LABELS,
  INELIGIBILITY_REASON_LABELS,
  labelOf,
  METHOD_LABELS,
  NO_METHOD_LABEL,
  OUTCOME_GROUP_LABELS,
  PROGRAM_LABELS,
} from '../common/labels';
import {
  BalanceRowDto,
  FeeFiguresDto,
  FeeGrouping,
  INELIGIBILITY_REASONS,
  OutcomeRowDto,
  ReportFormat,
} from './report.dto';

/** format=csv, or no format and an Accept header that prefers text/csv over JSON. */
export function wantsCsv(req: Request, format: ReportFormat | undefined): boolean {
  if (format) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** A fee report line: a group's figures, or the totals (group undefined). */
export type FeeCsvRecord = FeeFiguresDto & { group?: string };

/** The fee report's money columns, named as the console's table names them, in its order. */
export const FEE_MONEY_COLUMNS: [keyof FeeFiguresDto, string][] = [
  ['assessedCents', 'Assessed'],
  ['collectedCents', 'Collected'],
  ['waivedCents', 'Waived'],
  ['refundedCents', 'Refunded'],
  ['reversedCents', 'Reversed'],
  ['netCollectedCents', 'Net collected'],
  ['remittedCents', 'Remitted'],
  ['inDraftBatchCents', 'In a draft batch'],
  ['pendingRemittanceCents', 'Waiting to be remitted'],
];

/**
 * The group columns of each grouping: its label (the totals line says "Total") and, for programs
 * and methods, the code beside it. Months are YYYY-MM, days YYYY-MM-DD.
 */
const FEE_GROUP_COLUMNS: Record<FeeGrouping, CsvColumn<FeeCsvRecord>[]> = {
  program: [
    { header: 'Program', value: (r) => (r.group ? labelOf(PROGRAM_LABELS, r.group) : 'Total') },
    { header: 'Program code', value: (r) => r.group },
  ],
  method: [
    {
      header: 'Payment method',
      value: (r) =>
        r.group === undefined
          ? 'Total'
          : r.group === '(none)'
            ? NO_METHOD_LABEL
            : labelOf(METHOD_LABELS, r.group),
    },
    { header: 'Method code', value: (r) => (r.group === '(none)' ? '' : r.group) },
  ],
  month: [{ header: 'Month', value: (r) => r.group ?? 'Total' }],
  day: [{ header: 'Day', value: (r) => r.group ?? 'Total' }],
};

export const feeCsvColumns = (groupBy: FeeGrouping): CsvColumn<FeeCsvRecord>[] => [
  ...FEE_GROUP_COLUMNS[groupBy],
  ...FEE_MONEY_COLUMNS.map(([key, header]) => ({
    header,
    value: (r: FeeCsvRecord) => csvDollars(r[key]),
  })),
];

/** What a balances row says in place of a closed record's name (PRODUCT.md "After the class"). */
export const CLOSED_RECORD_LABEL = 'Closed record';

/** The console's "Each balance owed" table, with the codes and the enrollment's id beside it. */
export const BALANCE_CSV_COLUMNS: CsvColumn<BalanceRowDto>[] = [
  {
    header: 'Participant',
    value: (r) => (r.recordClosed ? CLOSED_RECORD_LABEL : r.participantName),
  },
  { header: 'Program', value: (r) => labelOf(PROGRAM_LABELS, r.programCode) },
  { header: 'Program code', value: (r) => r.programCode },
  { header: 'Status', value: (r) => labelOf(ENROLLMENT_STATUS_LABELS, r.status) },
  { header: 'Status code', value: (r) => r.status },
  { header: 'Enrolled on', value: (r) => r.enrolledOn },
  { header: 'Days', value: (r) => r.ageDays },
  { header: 'Days since enrollment', value: (r) => labelOf(AGING_BUCKET_LABELS, r.bucket) },
  { header: 'Balance owed', value: (r) => csvDollars(r.balanceCents) },
  { header: 'Enrollment ID', value: (r) => r.enrollmentId },
];

/** A rate of 0 to 1 (4 decimals) as the percentage it is, to two decimals: 0.4567 → "45.67%". */
export const csvPercent = (rate: number | null): string | null =>
  rate === null ? null : `${(Math.round(rate * 10_000) / 100).toFixed(2)}%`;

/**
 * The console's "Outcomes by program" table, then one column per eligibility rule: how many
 * ineligible referrals failed it (every rule, in the rule set's order, so the columns never move).
 */
export const OUTCOME_CSV_COLUMNS: CsvColumn<OutcomeRowDto>[] = [
  { header: 'Program', value: (r) => labelOf(OUTCOME_GROUP_LABELS, r.programCode) },
  { header: 'Program code', value: (r) => r.programCode },
  { header: 'Referrals', value: (r) => r.referrals },
  { header: 'Eligible', value: (r) => r.eligible },
  { header: 'Ineligible', value: (r) => r.ineligible },
  { header: 'Enrolled', value: (r) => r.enrolled },
  { header: 'Completed', value: (r) => r.completed },
  { header: 'Terminated', value: (r) => r.terminated },
  { header: 'Withdrawn', value: (r) => r.withdrawn },
  { header: 'Completion rate', value: (r) => csvPercent(r.completionRate) },
  { header: 'Median days to complete', value: (r) => r.medianDaysToComplete },
  { header: 'Past deadline now', value: (r) => r.overdue },
  ...INELIGIBILITY_REASONS.map((code) => ({
    header: `Not eligible: ${INELIGIBILITY_REASON_LABELS[code]} (${code})`,
    value: (r: OutcomeRowDto) => r.ineligibleByReason[code] ?? 0,
  })),
];
