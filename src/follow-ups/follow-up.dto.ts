import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { ENROLLMENT_STATUSES, FINAL_STATUSES } from '../enrollments/enrollment.dto';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/validators';
import { PROGRAM_CODES } from '../programs/program-codes';
import { FOLLOW_UP_MONTHS, FollowUpMonths } from './follow-up-dates';

/** A check's result: codes only, never a case number or a story (PRODUCT.md). */
export const FOLLOW_UP_RESULTS = [
  'NO_NEW_CHARGE',
  'NEW_CHARGE_SIMILAR',
  'NEW_CHARGE_OTHER',
  'UNABLE_TO_CHECK',
] as const;
export type FollowUpResult = (typeof FOLLOW_UP_RESULTS)[number];

export const FOLLOW_UP_SOURCES = ['PROSECUTOR_RETURN', 'COURT_RECORDS_SEARCH'] as const;
export type FollowUpSource = (typeof FOLLOW_UP_SOURCES)[number];

export const FOLLOW_UP_STATUSES = ['DUE', 'RECORDED'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export class RecordFollowUpDto {
  @ApiProperty({
    type: 'integer',
    enum: FOLLOW_UP_MONTHS,
    description: 'Which check: 12 or 24 months after the exit',
  })
  @IsIn(FOLLOW_UP_MONTHS)
  months: FollowUpMonths;

  @ApiProperty({
    enum: FOLLOW_UP_RESULTS,
    description: 'NEW_CHARGE_SIMILAR: a new prostitution-related charge',
  })
  @IsIn(FOLLOW_UP_RESULTS)
  result: FollowUpResult;

  @ApiProperty({ enum: FOLLOW_UP_SOURCES })
  @IsIn(FOLLOW_UP_SOURCES)
  source: FollowUpSource;

  @ApiProperty({
    format: 'date',
    example: '2027-03-02',
    description:
      'The day the records were searched or the return received (America/Chicago): not in the future (400) and not before the check was due (422 FOLLOW_UP_NOT_DUE naming checkedOn)',
  })
  @IsCalendarDate({ notInFuture: true })
  checkedOn: string;
}

export class FollowUpResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ type: 'integer', enum: FOLLOW_UP_MONTHS }) months: FollowUpMonths;
  @ApiProperty({ enum: FOLLOW_UP_RESULTS }) result: FollowUpResult;
  @ApiProperty({ enum: FOLLOW_UP_SOURCES }) source: FollowUpSource;
  @ApiProperty({ format: 'date' }) checkedOn: string;
  @ApiProperty({ format: 'date', description: 'The day the check fell due' }) dueOn: string;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class FollowUpQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: FOLLOW_UP_STATUSES,
    description: 'DUE: no result recorded yet; RECORDED: a result recorded. Absent: both',
  })
  @IsOptional()
  @IsIn(FOLLOW_UP_STATUSES)
  status?: FollowUpStatus;

  @ApiPropertyOptional({
    type: 'integer',
    enum: FOLLOW_UP_MONTHS,
    description: 'Absent: both checks',
  })
  @IsOptional()
  @Type(() => Number)
  @IsIn(FOLLOW_UP_MONTHS)
  months?: FollowUpMonths;

  @ApiPropertyOptional({ format: 'date', description: 'Due on or after this day' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Due on or before this day' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class FollowUpDto {
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({ description: 'A records search needs the name' }) participantName: string;
  @ApiProperty({ format: 'date', description: 'A records search needs the date of birth' })
  dateOfBirth: string;
  @ApiProperty({ enum: PROGRAM_CODES }) programCode: string;
  @ApiProperty({ enum: FINAL_STATUSES, description: 'How the enrollment ended' })
  exitStatus: (typeof ENROLLMENT_STATUSES)[number];
  @ApiProperty({ format: 'date', description: 'The America/Chicago day the enrollment ended' })
  exitedOn: string;
  @ApiProperty({ type: 'integer', enum: FOLLOW_UP_MONTHS }) months: FollowUpMonths;
  @ApiProperty({
    format: 'date',
    description: 'exitedOn + months (the last day of the month when that month is shorter)',
  })
  dueOn: string;
  @ApiProperty({
    enum: FOLLOW_UP_RESULTS,
    nullable: true,
    description: 'The latest recorded result; null while the check is due',
  })
  result: FollowUpResult | null;
  @ApiProperty({ enum: FOLLOW_UP_SOURCES, nullable: true }) source: FollowUpSource | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) checkedOn: string | null;
}
