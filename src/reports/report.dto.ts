import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../common/validators';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const FEE_GROUPINGS = ['program', 'method', 'month', 'day'] as const;
export type FeeGrouping = (typeof FEE_GROUPINGS)[number];

export const AGING_BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export const INELIGIBILITY_REASONS = [
  'CHARGE_NOT_ELIGIBLE',
  'MINOR_INVOLVED',
  'MINOR_STATUS_UNVERIFIED',
  'PARTICIPANT_NOT_ADULT',
  'PRIOR_CONVICTION',
  'PRIOR_DIVERSION',
  'PENDING_CHARGE',
  'REGISTERED_SEX_OFFENDER',
  'TRAFFICKING_CHARGE',
] as const;

class FormatQuery {
  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    description: 'csv answers the same columns as text/csv (as does Accept: text/csv)',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class DateRangeQuery extends FormatQuery {
  @ApiProperty({ example: '2026-01-01', description: 'First day (America/Chicago), inclusive' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: '2026-12-31', description: 'Last day (America/Chicago), inclusive' })
  @IsCalendarDate()
  to: string;
}

export class FeeReportQuery extends DateRangeQuery {
  @ApiPropertyOptional({ enum: FEE_GROUPINGS, default: 'program' })
  @IsOptional()
  @IsIn(FEE_GROUPINGS)
  groupBy: FeeGrouping = 'program';
}

export class BalancesQuery extends FormatQuery {
  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'Entries created on or before this day count (default: today, America/Chicago)',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 36500,
    example: 90,
    description:
      'Only enrollments enrolled more than this many days before asOf (ageDays > olderThanDays)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36500)
  olderThanDays?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 200,
    description:
      'Rows per page: `rows` is then one page of the report (in its order), while buckets, ' +
      'bucketCounts, totalCents and rowCount still cover all of it. Without it, every row (and ' +
      'CSV is always every row).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 1, default: 1, description: 'The page of `limit` rows' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;
}

export class FeeFiguresDto {
  @ApiProperty({ description: 'FEE entries − reversals of FEE entries' }) assessedCents: number;
  @ApiProperty({ description: 'PAYMENT entries (by received date)' }) collectedCents: number;
  @ApiProperty({ description: 'WAIVER entries − reversals of WAIVER entries' }) waivedCents: number;
  @ApiProperty({ description: 'REFUND entries' }) refundedCents: number;
  @ApiProperty({ description: 'Reversals of payments − reversals of refunds' })
  reversedCents: number;
  @ApiProperty({
    description: 'collected − refunded − reversed = remitted + inDraftBatch + pendingRemittance',
  })
  netCollectedCents: number;
  @ApiProperty({
    description:
      "Of the net collected, the movements held by a SENT batch: money sent to Veronica's Voice",
  })
  remittedCents: number;
  @ApiProperty({
    description: 'Of the net collected, the movements held by a DRAFT batch (prepared, not sent)',
  })
  inDraftBatchCents: number;
  @ApiProperty({
    description: 'netCollected − remitted − inDraftBatch: in no batch yet (waiting to be remitted)',
  })
  pendingRemittanceCents: number;
}

export class FeeRowDto extends FeeFiguresDto {
  @ApiProperty({
    example: 'JOHNZ_SCHOOL',
    description:
      "Program code, payment method ('(none)' for fees and waivers), month YYYY-MM or day YYYY-MM-DD",
  })
  group: string;
}

export class FeeReportDto {
  from: string;
  to: string;
  @ApiProperty({ enum: FEE_GROUPINGS }) groupBy: FeeGrouping;
  @ApiProperty({ type: [FeeRowDto] }) rows: FeeRowDto[];
  @ApiProperty({ type: FeeFiguresDto }) totals: FeeFiguresDto;
}

export class BalanceRowDto {
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: '"First Last"; null for a closed record (recordClosed), which names no one',
  })
  participantName: string | null;
  @ApiProperty({
    description:
      'The court closed the case: the row stays so that the totals reconcile, without the person',
  })
  recordClosed: boolean;
  @ApiProperty({ enum: ['JOHNZ_SCHOOL', 'OAR'] }) programCode: string;
  @ApiProperty({ enum: ['ACTIVE', 'COMPLETED', 'TERMINATED', 'WITHDRAWN'] }) status: string;
  @ApiProperty({ example: '2026-06-01' }) enrolledOn: string;
  balanceCents: number;
  @ApiProperty({ description: 'Days from enrollment to asOf' }) ageDays: number;
  @ApiProperty({ enum: AGING_BUCKETS }) bucket: AgingBucket;
}

export class AgingBucketsDto {
  @ApiProperty({ name: '0-30', description: 'cents' }) '0-30': number;
  @ApiProperty({ name: '31-60', description: 'cents' }) '31-60': number;
  @ApiProperty({ name: '61-90', description: 'cents' }) '61-90': number;
  @ApiProperty({ name: '90+', description: 'cents' }) '90+': number;
}

export class AgingBucketCountsDto {
  @ApiProperty({ name: '0-30', description: 'enrollments' }) '0-30': number;
  @ApiProperty({ name: '31-60', description: 'enrollments' }) '31-60': number;
  @ApiProperty({ name: '61-90', description: 'enrollments' }) '61-90': number;
  @ApiProperty({ name: '90+', description: 'enrollments' }) '90+': number;
}

export class BalancesReportDto {
  asOf: string;
  @ApiProperty({
    type: [BalanceRowDto],
    description: 'Every row, oldest enrollment first; with `limit`, the page asked for',
  })
  rows: BalanceRowDto[];
  @ApiProperty({ type: AgingBucketsDto }) buckets: AgingBucketsDto;
  @ApiProperty({ description: 'Sum of all outstanding balances in cents' }) totalCents: number;
  @ApiProperty({ type: AgingBucketCountsDto, description: 'The rows of the report per bucket' })
  bucketCounts: AgingBucketCountsDto;
  @ApiProperty({ type: 'integer', description: 'The rows of the report (all pages)' })
  rowCount: number;
}

export class OutcomeRowDto {
  @ApiProperty({
    enum: ['JOHNZ_SCHOOL', 'OAR', 'UNASSIGNED', 'INELIGIBLE'],
    description:
      'The program the referral enrolled in; for referrals never enrolled, INELIGIBLE when the latest check found them not eligible, else UNASSIGNED (eligible or never checked)',
  })
  programCode: string;
  @ApiProperty({ description: 'Referrals received (created) within the range' }) referrals: number;
  @ApiProperty({ description: 'Referrals whose latest eligibility check is eligible' })
  eligible: number;
  @ApiProperty({ description: 'Referrals whose latest eligibility check is not eligible' })
  ineligible: number;
  @ApiProperty({
    description: 'Failed rule code → referrals (latest check; a check may fail several rules)',
    type: 'object',
    additionalProperties: { type: 'integer' },
  })
  ineligibleByReason: Record<string, number>;
  enrolled: number;
  completed: number;
  terminated: number;
  withdrawn: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'completed ÷ (completed + terminated + withdrawn), 4 decimals; null if none closed',
  })
  completionRate: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Median of (closed on − enrolled on) over completed enrollments, in days',
  })
  medianDaysToComplete: number | null;
  @ApiProperty({ description: 'ACTIVE enrollments past their deadline today' }) overdue: number;
}

export class OutcomesReportDto {
  from: string;
  to: string;
  @ApiProperty({ description: 'The day overdue is judged on (today, America/Chicago)' })
  asOf: string;
  @ApiProperty({
    type: [OutcomeRowDto],
    description: 'Always four rows, in this order: JOHNZ_SCHOOL, OAR, UNASSIGNED, INELIGIBLE',
  })
  rows: OutcomeRowDto[];
}

export class FollowUpReportQuery extends FormatQuery {
  @ApiProperty({
    example: '2025-01-01',
    description: 'First exit day (the America/Chicago day the enrollment ended), inclusive',
  })
  @IsCalendarDate()
  exitFrom: string;

  @ApiProperty({ example: '2025-12-31', description: 'Last exit day, inclusive' })
  @IsCalendarDate()
  exitTo: string;

  @ApiProperty({
    type: 'integer',
    enum: [12, 24],
    description: 'Which check: 12 or 24 months after the exit',
  })
  @Type(() => Number)
  @IsIn([12, 24])
  months: 12 | 24;
}

const SUPPRESSED_FIELDS = [
  'exits',
  'checked',
  'unableToCheck',
  'newChargeSimilar',
  'newChargeOther',
] as const;

const count = (description: string) =>
  ApiProperty({
    type: 'integer',
    nullable: true,
    description: `${description}. null when suppressed (named in suppressed)`,
  });
const rate = (description: string) =>
  ApiProperty({
    type: 'number',
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: `${description} (a proportion, 4 decimals). null when there is nobody checked or a count it is built on is suppressed`,
  });

export class FollowUpFiguresDto {
  @count('Enrollments that ended in the range') exits: number | null;
  @count('Latest result NO_NEW_CHARGE, NEW_CHARGE_SIMILAR or NEW_CHARGE_OTHER') checked:
    number | null;
  @count('Latest result UNABLE_TO_CHECK') unableToCheck: number | null;
  @count('Latest result NEW_CHARGE_SIMILAR (prostitution-related)') newChargeSimilar: number | null;
  @count('Latest result NEW_CHARGE_OTHER') newChargeOther: number | null;
  @rate('newChargeSimilar ÷ checked') similarRate: number | null;
  @rate('Lower end of the Wilson 95% interval of similarRate') similarRateLow: number | null;
  @rate('Upper end of the Wilson 95% interval of similarRate') similarRateHigh: number | null;

  @ApiProperty({
    enum: SUPPRESSED_FIELDS,
    isArray: true,
    description:
      'The counts of this row not shown: from 1 to 9, or needed to keep such a count from being worked out by subtraction',
  })
  suppressed: (typeof SUPPRESSED_FIELDS)[number][];
}

export class FollowUpRowDto extends FollowUpFiguresDto {
  @ApiProperty({ enum: ['JOHNZ_SCHOOL', 'OAR'] }) programCode: string;
  @ApiProperty({ enum: ['COMPLETED', 'TERMINATED', 'WITHDRAWN'] }) exitStatus: string;
}

export class FollowUpReportDto {
  @ApiProperty({ format: 'date' }) exitFrom: string;
  @ApiProperty({ format: 'date' }) exitTo: string;
  @ApiProperty({ type: 'integer', enum: [12, 24] }) months: 12 | 24;
  @ApiProperty({
    format: 'date',
    description: 'Results recorded up to now count; today (America/Chicago)',
  })
  asOf: string;
  @ApiProperty({
    type: [FollowUpRowDto],
    description: 'Every program and exit status, in this order, zeros included',
  })
  rows: FollowUpRowDto[];
  @ApiProperty({ type: FollowUpFiguresDto, description: 'All rows together' })
  totals: FollowUpFiguresDto;
}
