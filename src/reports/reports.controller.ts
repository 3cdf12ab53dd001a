import { Controller, Get, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditedList, distinct } from '../audit/list-audit.interceptor';
import { Roles } from '../common/decorators';
import { BalancesReportService } from './balances-report.service';
import { FeeReportService } from './fee-report.service';
import { OutcomesReportService } from './outcomes-report.service';
import { csvFile, wantsCsv } from './report-csv';
import {
  BalancesQuery,
  BalancesReportDto,
  DateRangeQuery,
  FeeReportDto,
  FeeReportQuery,
  OutcomesReportDto,
} from './report.dto';

const FEE_COLUMNS = [
  'group',
  'assessedCents',
  'collectedCents',
  'waivedCents',
  'refundedCents',
  'reversedCents',
  'netCollectedCents',
  'remittedCents',
  'pendingRemittanceCents',
];

const BALANCE_COLUMNS = [
  'enrollmentId',
  'participantName',
  'programCode',
  'status',
  'enrolledOn',
  'balanceCents',
  'ageDays',
  'bucket',
];

const FEE_DEFINITIONS =
  'Entries are dated by the America/Chicago day: payments by their received date, every other ' +
  'entry by the day it was recorded; from and to are inclusive. assessed = FEE entries − ' +
  'reversals of FEE entries; collected = PAYMENT entries; waived = WAIVER entries − reversals ' +
  'of WAIVER entries; refunded = REFUND entries; reversed = reversals of payments − reversals ' +
  'of refunds; netCollected = collected − refunded − reversed (the money movements); remitted = ' +
  'the part of netCollected whose movements are held by a DRAFT or SENT remittance batch ' +
  '(voided batches release theirs); pendingRemittance = netCollected − remitted. groupBy=method ' +
  'uses the payment or refund method (a reversal takes the method of what it reverses) and ' +
  "'(none)' for fees and waivers; month is YYYY-MM and day YYYY-MM-DD of the entry's date. " +
  'Over all time, per program: netCollected = remitted + pendingRemittance. CSV: the rows, then ' +
  "a last row with group '(total)'.";

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly fees: FeeReportService,
    private readonly balances: BalancesReportService,
    private readonly outcomes: OutcomesReportService,
  ) {}

  @Get('fees')
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @ApiOperation({ summary: 'Fees for a date range, grouped', description: FEE_DEFINITIONS })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: FeeReportDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  async feeReport(
    @Query() q: FeeReportQuery,
    @Req() req: Request,
  ): Promise<FeeReportDto | StreamableFile> {
    const report = await this.fees.report(q);
    if (!wantsCsv(req, q.format)) return report;
    return csvFile(`fees-${q.groupBy}-${q.from}-${q.to}.csv`, FEE_COLUMNS, [
      ...report.rows,
      { group: '(total)', ...report.totals },
    ]);
  }

  @Get('balances')
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @AuditedList('report.balances.list', 'enrollment', (report) =>
    distinct((report as BalancesReportDto | undefined)?.rows, 'enrollmentId'),
  )
  @ApiOperation({
    summary: 'Outstanding balances as of a day, with aging buckets',
    description:
      'Every enrollment enrolled on or before asOf whose balance (the sum of its entries ' +
      'created on or before asOf, America/Chicago) is above zero. ageDays = asOf − enrolled ' +
      'on; buckets 0-30, 31-60, 61-90, 90+ days sum the balances in cents. CSV: the rows. ' +
      'Audited as report.balances.list (the people shown: the rows).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: BalancesReportDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  async balanceReport(
    @Query() q: BalancesQuery,
    @Req() req: Request,
  ): Promise<BalancesReportDto | StreamableFile> {
    const report = await this.balances.report(q);
    if (!wantsCsv(req, q.format)) return report;
    return csvFile(`balances-${report.asOf}.csv`, BALANCE_COLUMNS, report.rows);
  }

  @Get('outcomes')
  @Roles('INTAKE', 'SUPERVISOR', 'AUDITOR')
  @ApiOperation({
    summary: 'Outcomes per program for the referrals received in a date range',
    description:
      'The cohort is the referrals created from `from` to `to` (inclusive, America/Chicago), ' +
      'each counted under the program it enrolled in, or UNASSIGNED if never enrolled. ' +
      'eligible/ineligible follow the latest eligibility check; ineligibleByReason counts the ' +
      'failed rules of ineligible latest checks. completionRate = completed ÷ (completed + ' +
      'terminated + withdrawn); medianDaysToComplete is the median (percentile_cont 0.5) of ' +
      'days from enrollment to completion; overdue = ACTIVE enrollments past their deadline ' +
      'today. CSV: one row per group, ineligibleByReason flattened to ineligible.<CODE> columns.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: OutcomesReportDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  async outcomeReport(
    @Query() q: DateRangeQuery,
    @Req() req: Request,
  ): Promise<OutcomesReportDto | StreamableFile> {
    const report = await this.outcomes.report(q);
    if (!wantsCsv(req, q.format)) return report;
    const codes = [...new Set(report.rows.flatMap((r) => Object.keys(r.ineligibleByReason)))];
    const records = report.rows.map(({ ineligibleByReason, ...rest }) => ({
      ...rest,
      ...Object.fromEntries(codes.map((c) => [`ineligible.${c}`, ineligibleByReason[c] ?? 0])),
    }));
    const columns = [
      'programCode',
      'referrals',
      'eligible',
      'ineligible',
      ...codes.map((c) => `ineligible.${c}`),
      'enrolled',
      'completed',
      'terminated',
      'withdrawn',
      'completionRate',
      'medianDaysToComplete',
      'overdue',
    ];
    return csvFile(`outcomes-${q.from}-${q.to}.csv`, columns, records);
  }
}
