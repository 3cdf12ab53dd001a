import { Controller, Get, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../common/decorators';
import { BalancesReportService } from './balances-report.service';
import { FeeReportService } from './fee-report.service';
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
  OutcomesReportDto,
} from './report.dto';

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
    return csvAttachment(
      `fees-${q.groupBy}-${q.from}-${q.to}.csv`,
      csvText(feeCsvColumns(q.groupBy), [...report.rows, report.totals]),
    );
  }

  @Get('balances')
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @ApiOperation({
    summary: 'Outstanding balances as of a day, with aging buckets',
    description:
      'Every enrollment enrolled on or before asOf whose balance (the sum of its entries ' +
      'created on or before asOf, America/Chicago) is above zero; with olderThanDays, only ' +
      'those with ageDays above it (olderThanDays=90: the work queue\'s "Balances over 90 ' +
      'days"). ageDays = asOf − enrolled on; buckets 0-30, 31-60, 61-90, 90+ days and ' +
      "totalCents sum the balances listed, in cents. CSV: the rows, as the console's table " +
      '(Participant, Program, Program code, Status, Status code, Enrolled on, Days, Days since ' +
      'enrollment, Balance owed in dollars, Enrollment ID).',
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
    return csvAttachment(`balances-${report.asOf}.csv`, csvText(BALANCE_CSV_COLUMNS, report.rows));
  }

  @Get('outcomes')
  @Roles('INTAKE', 'SUPERVISOR', 'AUDITOR')
  @ApiOperation({
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
    return csvAttachment(
      `outcomes-${q.from}-${q.to}.csv`,
      csvText(OUTCOME_CSV_COLUMNS, report.rows),
    );
  }
}
