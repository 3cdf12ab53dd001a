import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/validators';
import { PROGRAM_CODES, ProgramCode } from '../programs/program-codes';
import { RECORD_STATUSES, RecordStatus, REFERRAL_RECORD_STATUS } from '../records/record-status';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const ENROLLMENT_STATUSES = ['ACTIVE', 'COMPLETED', 'TERMINATED', 'WITHDRAWN'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
export const FINAL_STATUSES = ['COMPLETED', 'TERMINATED', 'WITHDRAWN'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];
/** Termination sends the case back to prosecution; the reason is one of these. */
export const TERMINATION_REASONS = [
  'NON_COMPLIANCE',
  'NEW_OFFENSE',
  'DEADLINE_MISSED',
  'OTHER',
] as const;

export class CreateEnrollmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  referralId: string;

  @ApiProperty({ enum: PROGRAM_CODES })
  @IsIn(PROGRAM_CODES)
  programCode: ProgramCode;

  @ApiProperty({
    format: 'date',
    description: 'Day the diversion agreement was signed (not in the future); the enrollment date',
  })
  @IsCalendarDate({ notInFuture: true, notBefore: '2000-01-01' })
  agreementSignedOn: string;
}

export class TransitionDto {
  @ApiProperty({ enum: FINAL_STATUSES })
  @IsIn(FINAL_STATUSES)
  to: FinalStatus;

  @ApiPropertyOptional({
    description: `TERMINATED: required, one of ${TERMINATION_REASONS.join(', ')}. WITHDRAWN: optional free text. COMPLETED: none.`,
    maxLength: 500,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class EnrollmentQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ENROLLMENT_STATUSES })
  @IsOptional()
  @IsIn(ENROLLMENT_STATUSES)
  status?: EnrollmentStatus;

  @ApiPropertyOptional({ enum: PROGRAM_CODES })
  @IsOptional()
  @IsIn(PROGRAM_CODES)
  programCode?: ProgramCode;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: ACTIVE enrollments whose deadline has passed (America/Chicago)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  participantId?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: ACTIVE enrollments without a seat in a future, non-cancelled session ("Add a seat"; combine with programCode); false: the others',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  unseated?: 'true' | 'false';
}

export class UnmetRequirementDto {
  @ApiProperty({ enum: ['SESSIONS_INCOMPLETE', 'BALANCE_DUE'] }) code: string;
  message: string;
}

export class EnrollmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({ description: '"First Last" of the participant' }) participantName: string;
  @ApiProperty({ format: 'uuid' }) referralId: string;
  @ApiProperty({ enum: PROGRAM_CODES }) programCode: string;
  @ApiProperty({ enum: ENROLLMENT_STATUSES }) status: EnrollmentStatus;
  @ApiProperty({ format: 'date' }) agreementSignedOn: string;
  @ApiProperty({ format: 'date' }) enrolledOn: string;
  @ApiProperty({ format: 'date', description: 'enrolledOn + the completion window' })
  deadline: string;
  @ApiProperty({ description: 'ACTIVE and the deadline has passed' }) overdue: boolean;
  @ApiProperty({ description: 'Program fee assessed at enrollment, in cents' }) feeCents: number;
  @ApiProperty({ description: 'Sum of the ledger, in cents' }) balanceCents: number;
  @ApiProperty({ description: 'PRESENT or LATE in sessions that were not cancelled' })
  attendedSessions: number;
  requiredSessions: number;
  @ApiProperty({ type: String, nullable: true, example: 'C-2026-1A2B3C4D' })
  certificateNumber: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) closedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) closedReason: string | null;
  @ApiProperty({
    enum: RECORD_STATUSES,
    description: `Its referral's record status. ${REFERRAL_RECORD_STATUS}`,
  })
  recordStatus: RecordStatus;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
