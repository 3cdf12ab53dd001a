import { Controller, Get, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditedList, distinct } from '../audit/list-audit.interceptor';
import { Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { BalancesReportService } from './balances-report.service';
import { FeeReportService } from './fee-report.service';
import { EXIT_STATUSES, FollowUpReportService } from './follow-up-report.service';
import { OutcomesReportService } from './outcomes-report.service';
import { csvText } from '../common/csv';
import { csvAttachment } from '../common/csv-attachment';
import { BALANCE_CSV_COLUMNS, feeCsvColumns, OUTCOME_CSV_COLUMNS, wantsCsv } from './report-csv';
import {
  BalancesQuery,
  BalancesReportDto,
  DateRangeQuery,
  FeeReportDto,
  FeeReportQuery,
  FollowUpFiguresDto,
  FollowUpReportDto,
  FollowUpReportQuery,
  OutcomesReportDto,
} from './report.dto';

const PROGRAM_LABELS: Record<string, string> = {
  JOHNZ_SCHOOL: 'Johnz School',
  OAR: 'The OAR Program',
};
const EXIT_LABELS: Record<(typeof EXIT_STATUSES)[number], string> = {
  COMPLETED: 'Completed',
  TERMINATED: 'Terminated',
  WITHDRAWN: 'Withdrawn',
};

/** The follow-up report's CSV columns: the screen's names, labels with their codes beside. */
const FOLLOW_UP_COUNT_COLUMNS = [
  ['exits', 'Exits'],
  ['checked', 'Checked'],
  ['unableToCheck', 'Unable to check'],
  ['newChargeSimilar', 'New similar charge'],
  ['newChargeOther', 'New other charge'],
] as const;
const FOLLOW_UP_CSV_COLUMNS = [
  'Program',
  'Program code',
  'Exit',
  'Exit code',
  ...FOLLOW_UP_COUNT_COLUMNS.map(([, label]) => label),
  'New similar charge rate (%)',
  '95% interval low (%)',
  '95% interval high (%)',
  'Suppressed',
];

const percent = (rate: number | null) => (rate === null ? '' : (rate * 100).toFixed(1));

function followUpCsvRecord(
  labels: { program: string; programCode: string; exit: string; exitCode: string },
  f: FollowUpFiguresDto,
): Record<string, string | number> {
  return {
    Program: labels.program,
    'Program code': labels.programCode,
    Exit: labels.exit,
    'Exit code': labels.exitCode,
    ...Object.fromEntries(FOLLOW_UP_COUNT_COLUMNS.map(([field, label]) => [label, f[field] ?? ''])),
    'New similar charge rate (%)': percent(f.similarRate),
    '95% interval low (%)': percent(f.similarRateLow),
    '95% interval high (%)': percent(f.similarRateHigh),
    Suppressed: FOLLOW_UP_COUNT_COLUMNS.filter(([field]) => f.suppressed.includes(field))
      .map(([, label]) => label)
      .join('; '),
  };
}

const FOLLOW_UP_DEFINITIONS =
  'Per program and exit status, the enrollments that ended (COMPLETED, TERMINATED or ' +
  'WITHDRAWN) from exitFrom to exitTo (the America/Chicago day they ended, inclusive), by the ' +
  'latest recorded result of their check `months` after the exit: exits = all of them (those ' +
  'whose check is not due yet or has no result included); checked = latest result ' +
  'NO_NEW_CHARGE, NEW_CHARGE_SIMILAR or NEW_CHARGE_OTHER; unableToCheck = UNABLE_TO_CHECK; ' +
  'newChargeSimilar, newChargeOther = those results. similarRate = newChargeSimilar ÷ checked ' +
  'with its Wilson 95% interval (similarRateLow, similarRateHigh), proportions with 4 decimals. ' +
  "totals: all rows. Suppression: a count from 1 to 9 is null and named in its row's " +
  'suppressed, and so is every rate built on it; then, as long as a suppressed count, or an ' +
  'unprinted one from 1 to 9 (no new charge = checked − similar − other; no result = exits − ' +
  'checked − unable), could be worked out from the printed counts (within rows, columns and the ' +
  'totals, counts being whole and ≥ 0), the smallest other count in its row or column is ' +
  'suppressed too. CSV: the rows, then "All programs"; percentages with 1 decimal; a ' +
  'suppressed count is empty and named in Suppressed.';

const FEE_DEFINITIONS =
  'Entries are dated by the America/Chicago day: payments by their received date, every other ' +
  'entry by the day it was recorded; from and to are inclusive. assessed = FEE entries − ' +
  'reversals of FEE entries; collected = PAYMENT entries; waived = WAIVER entries − reversals ' +
  'of WAIVER entries; refunded = REFUND entries; reversed = reversals of payments − reversals ' +
  'of refunds; netCollected = collected − refunded − reversed (the money movements); remitted = ' +
  'the part of netCollected whose movements are held by a SENT remittance batch (money sent to ' +
  "Veronica's Voice); inDraftBatch = the part held by a DRAFT batch (prepared, not sent; voided " +
  'batches release theirs); pendingRemittance = netCollected − remitted − inDraftBatch (in no ' +
  'batch yet). groupBy=method uses the payment or refund method (a reversal takes the method of ' +
  "what it reverses) and '(none)' for fees and waivers; month is YYYY-MM and day YYYY-MM-DD of " +
  "the entry's date. Over all time, per program: netCollected = remitted + inDraftBatch + " +
  "pendingRemittance. CSV: the console's columns (Program and Program code, Payment method and " +
  'Method code, Month or Day; then Assessed … Waiting to be remitted in dollars with two ' +
  'decimals), the rows, then a last line "Total".';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly fees: FeeReportService,
    private readonly balances: BalancesReportService,
    private readonly outcomes: OutcomesReportService,
    private readonly followUp: FollowUpReportService,
  ) {}

  @Get('fees')
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @Endpoint({
    summary: 'Fees for a date range, grouped',
    description: FEE_DEFINITIONS,
    produces: ['application/json', 'text/csv'],
    ok: FeeReportDto,
    refuses: ['VALIDATION_FAILED'],
  })
  async feeReport(
    @Query() q: FeeReportQuery,
    @Req() req: Request,
  ): Promise<FeeReportDto | StreamableFile> {
    const report = await this.fees.report(q);
    if (!wantsCsv(req, q.format)) return report;
    return csvAttachment(
      `fees-${q.groupBy}-${q.from}-${q.to}.csv`,
      csvText(feeCsvColumns(q.groupBy), [...report.rows, report.totals]),
    );
  }

  @Get('balances')
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @AuditedList('report.balances.list', 'enrollment', (report) =>
    distinct(
      (report as BalancesReportDto | undefined)?.rows.filter((r) => !r.recordClosed),
      'enrollmentId',
    ),
  )
  @Endpoint({
    summary: 'Outstanding balances as of a day, with aging buckets',
    description:
      'Every enrollment enrolled on or before asOf whose balance (the sum of its entries ' +
      'created on or before asOf, America/Chicago) is above zero; with olderThanDays, only ' +
      'those with ageDays above it (olderThanDays=90: the work queue\'s "Balances over 90 ' +
      'days"). ageDays = asOf − enrolled on; buckets 0-30, 31-60, 61-90, 90+ days and ' +
      "totalCents sum the balances listed, in cents. CSV: the rows, as the console's table " +
      '(Participant, Program, Program code, Status, Status code, Enrolled on, Days, Days since ' +
      'enrollment, Balance owed in dollars, Enrollment ID). A closed record (the court closed ' +
      'the case) keeps its row, counted in the buckets and total, with participantName null and ' +
      'recordClosed true (CSV: "Closed record"). Audited as report.balances.list (the people ' +
      'shown: the rows that name someone).',
    produces: ['application/json', 'text/csv'],
    ok: BalancesReportDto,
    refuses: ['VALIDATION_FAILED'],
  })
  async balanceReport(
    @Query() q: BalancesQuery,
    @Req() req: Request,
  ): Promise<BalancesReportDto | StreamableFile> {
    const csv = wantsCsv(req, q.format);
    const report = await this.balances.report({ ...q, csv });
    if (!csv) return report;
    return csvAttachment(`balances-${report.asOf}.csv`, csvText(BALANCE_CSV_COLUMNS, report.rows));
  }

  @Get('outcomes')
  @Roles('INTAKE', 'SUPERVISOR', 'AUDITOR')
  @Endpoint({
    summary: 'Outcomes per program for the referrals received in a date range',
    description:
      'The cohort is the referrals created from `from` to `to` (inclusive, America/Chicago), ' +
      'each counted under the program it enrolled in; a referral never enrolled is counted ' +
      'under INELIGIBLE when its latest eligibility check found it not eligible, else under ' +
      'UNASSIGNED (eligible, or never checked). ' +
      'eligible/ineligible follow the latest eligibility check; ineligibleByReason counts the ' +
      'failed rules of ineligible latest checks. completionRate = completed ÷ (completed + ' +
      'terminated + withdrawn); medianDaysToComplete is the median (percentile_cont 0.5) of ' +
      'days from enrollment to completion; overdue = ACTIVE enrollments past their deadline ' +
      "today. CSV: one row per group as the console's table (Program and Program code, the " +
      'counts, Completion rate as a percentage, Median days to complete, Past deadline now), ' +
      'then a column per eligibility rule, "Not eligible: <label> (<CODE>)".',
    produces: ['application/json', 'text/csv'],
    ok: OutcomesReportDto,
    refuses: ['VALIDATION_FAILED'],
  })
  async outcomeReport(
    @Query() q: DateRangeQuery,
    @Req() req: Request,
  ): Promise<OutcomesReportDto | StreamableFile> {
    const report = await this.outcomes.report(q);
    if (!wantsCsv(req, q.format)) return report;
    return csvAttachment(
      `outcomes-${q.from}-${q.to}.csv`,
      csvText(OUTCOME_CSV_COLUMNS, report.rows),
    );
  }

  @Get('follow-up')
  @Roles('INTAKE', 'SUPERVISOR', 'AUDITOR')
  @Endpoint({
    summary:
      'Follow-up after exit: new charges 12 or 24 months after the exit, per program and exit status',
    description: FOLLOW_UP_DEFINITIONS,
    produces: ['application/json', 'text/csv'],
    ok: FollowUpReportDto,
    refuses: ['VALIDATION_FAILED'],
  })
  async followUpReport(
    @Query() q: FollowUpReportQuery,
    @Req() req: Request,
  ): Promise<FollowUpReportDto | StreamableFile> {
    const report = await this.followUp.report(q);
    if (!wantsCsv(req, q.format)) return report;
    const records = [
      ...report.rows.map((r) =>
        followUpCsvRecord(
          {
            program: PROGRAM_LABELS[r.programCode] ?? r.programCode,
            programCode: r.programCode,
            exit: EXIT_LABELS[r.exitStatus as keyof typeof EXIT_LABELS] ?? r.exitStatus,
            exitCode: r.exitStatus,
          },
          r,
        ),
      ),
      followUpCsvRecord(
        { program: 'All programs', programCode: '', exit: 'All', exitCode: '' },
        report.totals,
      ),
    ];
    return csvAttachment(
      `follow-up-${q.months}-months-${q.exitFrom}-${q.exitTo}.csv`,
      csvText(
        FOLLOW_UP_CSV_COLUMNS.map((header) => ({
          header,
          value: (r: Record<string, string | number>) => r[header],
        })),
        records,
      ),
    );
  }
}
