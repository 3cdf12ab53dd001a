import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/validators';
import { RECORD_STATUSES, RecordStatus, REFERRAL_RECORD_STATUS } from '../records/record-status';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Absent is fine; null is not (the column is required). */
const present = () => ValidateIf((_: object, v: unknown) => v !== undefined);

export const OFFENSE_CLASSES = [
  'B_MISDEMEANOR',
  'A_MISDEMEANOR',
  'E_FELONY',
  'D_FELONY',
  'OTHER',
] as const;
export const MINOR_INVOLVED = ['NO', 'YES', 'UNKNOWN'] as const;
export const EARLIEST_OFFENSE_DATE = '1950-01-01';

/** The facts eligibility rules read: changing one makes earlier checks stale. */
export const SCREENING_FIELDS = [
  'offenseDate',
  'chargeCode',
  'offenseClass',
  'minorInvolved',
  'victimAgeAtOffense',
  'priorProstitutionConvictions',
  'priorDiversionDeclared',
  'pendingSimilarCharge',
  'registeredSexOffender',
  'traffickingCharge',
] as const;

export class CreateReferralDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  participantId: string;

  @ApiProperty({ example: 'CR-2026-000123', maxLength: 60, description: 'unique per court' })
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  caseNumber: string;

  @ApiProperty({
    example: 'KC-MUNICIPAL',
    maxLength: 120,
    description: 'The code of an active court (GET /courts); 400 naming jurisdiction otherwise',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  jurisdiction: string;

  @ApiProperty({ example: 'KCPD', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  referringAgency: string;

  @ApiProperty({ format: 'date', example: '2026-01-15' })
  @IsCalendarDate({ notInFuture: true, notBefore: EARLIEST_OFFENSE_DATE })
  offenseDate: string;

  @ApiProperty({ example: 'RSMo 567.030', maxLength: 60 })
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  chargeCode: string;

  @ApiProperty({ enum: OFFENSE_CLASSES })
  @IsIn(OFFENSE_CLASSES)
  offenseClass: (typeof OFFENSE_CLASSES)[number];

  @ApiProperty({ enum: MINOR_INVOLVED })
  @IsIn(MINOR_INVOLVED)
  minorInvolved: (typeof MINOR_INVOLVED)[number];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 120,
    description:
      'Age at offense of the prostituted person, if recorded (nothing else about them is stored)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  victimAgeAtOffense?: number | null;

  @IsInt()
  @Min(0)
  @Max(100)
  priorProstitutionConvictions: number;

  @IsBoolean() priorDiversionDeclared: boolean;
  @IsBoolean() pendingSimilarCharge: boolean;
  @IsBoolean() registeredSexOffender: boolean;
  @IsBoolean() traffickingCharge: boolean;
}

/** Every field optional; the participant of a referral never changes. */
export class UpdateReferralDto {
  @present()
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  caseNumber?: string;

  @ApiPropertyOptional({
    maxLength: 120,
    description:
      'The code of an active court (GET /courts); a referral keeps a court taken off the list until given another',
  })
  @present()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  jurisdiction?: string;

  @present()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  referringAgency?: string;

  @ApiPropertyOptional({ format: 'date' })
  @present()
  @IsCalendarDate({ notInFuture: true, notBefore: EARLIEST_OFFENSE_DATE })
  offenseDate?: string;

  @present()
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  chargeCode?: string;

  @ApiPropertyOptional({ enum: OFFENSE_CLASSES })
  @present()
  @IsIn(OFFENSE_CLASSES)
  offenseClass?: (typeof OFFENSE_CLASSES)[number];

  @ApiPropertyOptional({ enum: MINOR_INVOLVED })
  @present()
  @IsIn(MINOR_INVOLVED)
  minorInvolved?: (typeof MINOR_INVOLVED)[number];

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  victimAgeAtOffense?: number | null;

  @present()
  @IsInt()
  @Min(0)
  @Max(100)
  priorProstitutionConvictions?: number;

  @ApiPropertyOptional() @present() @IsBoolean() priorDiversionDeclared?: boolean;
  @ApiPropertyOptional() @present() @IsBoolean() pendingSimilarCharge?: boolean;
  @ApiPropertyOptional() @present() @IsBoolean() registeredSexOffender?: boolean;
  @ApiPropertyOptional() @present() @IsBoolean() traffickingCharge?: boolean;
}

export class ReferralDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) participantId: string;
  caseNumber: string;
  @ApiProperty({ example: 'KC-MUNICIPAL', description: "The court's code" })
  jurisdiction: string;
  @ApiProperty({ example: 'Kansas City Municipal Court', description: "The court's name" })
  courtName: string;
  referringAgency: string;
  @ApiProperty({ format: 'date' }) offenseDate: string;
  chargeCode: string;
  @ApiProperty({ enum: OFFENSE_CLASSES }) offenseClass: string;
  @ApiProperty({ enum: MINOR_INVOLVED }) minorInvolved: 'NO' | 'YES' | 'UNKNOWN';
  @ApiProperty({ type: Number, nullable: true }) victimAgeAtOffense: number | null;
  priorProstitutionConvictions: number;
  priorDiversionDeclared: boolean;
  pendingSimilarCharge: boolean;
  registeredSexOffender: boolean;
  traffickingCharge: boolean;
  @ApiProperty({
    description: 'Set when a check found a minor involved (RSMo 567.020: the minor is a victim)',
  })
  childrenDivisionReportRequired: boolean;
  @ApiProperty({
    description: 'Bumped whenever a screening fact changes; checks of older versions are stale',
  })
  screeningVersion: number;
  @ApiProperty({ enum: RECORD_STATUSES, description: REFERRAL_RECORD_STATUS })
  recordStatus: RecordStatus;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** The latest eligibility check of a referral, in brief. */
export class LatestCheckDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  eligible: boolean;
  @ApiProperty({ description: 'A screening fact changed since: enrollment needs a fresh check' })
  stale: boolean;
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiProperty({ example: 'MO-2026.1' }) ruleSetVersion: string;
}

/** A referral with where it stands: its latest check and its enrollment, if any. */
export class ReferralSummaryDto extends ReferralDto {
  @ApiProperty({ description: '"First Last"' }) participantName: string;
  @ApiProperty({ type: LatestCheckDto, nullable: true, description: 'null: never checked' })
  latestCheck: LatestCheckDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) enrollmentId: string | null;
}

const TRUE_FALSE = ['true', 'false'] as const;

export class ReferralQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  participantId?: string;

  @ApiPropertyOptional({
    enum: TRUE_FALSE,
    description:
      'true: referrals without an enrollment whose latest eligibility check is missing or stale',
  })
  @IsOptional()
  @IsIn(TRUE_FALSE)
  needsCheck?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: TRUE_FALSE,
    description:
      'true: referrals whose latest check is eligible and fresh, of participants not enrolled',
  })
  @IsOptional()
  @IsIn(TRUE_FALSE)
  eligibleNotEnrolled?: 'true' | 'false';
}
