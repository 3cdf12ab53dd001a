import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { ENROLLMENT_STATUSES } from '../enrollments/enrollment.dto';
import { PARTICIPANT_RECORD_STATUS, RECORD_STATUSES, RecordStatus } from '../records/record-status';
import { PROGRAM_CODES } from '../programs/program-codes';
import { IsCalendarDate } from '../common/validators';
import { normalizeName } from './identity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** NFKC, invisible characters dropped, trimmed (identity.ts); refused characters left for validation. */
const nameText = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? normalizeName(value) : value;
const noControls = (field: string) =>
  Matches(/^[^\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]*$/u, {
    message: `${field} must not contain control or bidirectional formatting characters`,
  });

/** A SUPERVISOR registering a possible duplicate anyway. */
export class OverrideDuplicateDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    example: 'State IDs checked: a different person',
    description: 'Why the close matches are other people; kept with the new record',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason: string;
}

/** Oldest date of birth accepted (the database refuses earlier ones too). */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

export class CreateParticipantDto {
  @ApiProperty({ example: 'Jordan', maxLength: 100 })
  @Transform(nameText)
  @IsString()
  @Length(1, 100)
  @noControls('firstName')
  firstName: string;

  @ApiProperty({ example: "O'Brien-Núñez", maxLength: 100 })
  @Transform(nameText)
  @IsString()
  @Length(1, 100)
  @Matches(/[\p{L}\p{N}]/u, { message: 'lastName must contain a letter' })
  @noControls('lastName')
  lastName: string;

  @ApiProperty({
    example: '1984-03-02',
    format: 'date',
    description: 'not in the future, not before 1900-01-01',
  })
  @IsCalendarDate({ notInFuture: true, notBefore: EARLIEST_BIRTH_DATE })
  dateOfBirth: string;

  @ApiPropertyOptional({ type: String, example: 'MO-123456789', maxLength: 40, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  @Matches(/[A-Za-z0-9]/, { message: 'stateIdNumber must contain a letter or digit' })
  stateIdNumber?: string | null;

  @ApiPropertyOptional({ type: String, example: '816-555-0100', maxLength: 40, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  phone?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: 'jordan@example.com',
    maxLength: 254,
    nullable: true,
  })
  @IsOptional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  address?: string | null;

  @ApiPropertyOptional({
    type: OverrideDuplicateDto,
    description:
      'SUPERVISOR only (403 for anyone else): register although POSSIBLE_DUPLICATE named close matches. Never overrides DUPLICATE_PARTICIPANT',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OverrideDuplicateDto)
  overrideDuplicate?: OverrideDuplicateDto;
}

/** Every field optional; `null` clears an optional one (never a name or the birth date). */
export class UpdateParticipantDto {
  @ValidateIf((_, v) => v !== undefined)
  @Transform(nameText)
  @IsString()
  @Length(1, 100)
  @noControls('firstName')
  firstName?: string;

  @ValidateIf((_, v) => v !== undefined)
  @Transform(nameText)
  @IsString()
  @Length(1, 100)
  @Matches(/[\p{L}\p{N}]/u, { message: 'lastName must contain a letter' })
  @noControls('lastName')
  lastName?: string;

  @ApiPropertyOptional({ format: 'date' })
  @ValidateIf((_, v) => v !== undefined)
  @IsCalendarDate({ notInFuture: true, notBefore: EARLIEST_BIRTH_DATE })
  dateOfBirth?: string;

  @ApiPropertyOptional({ type: String, maxLength: 40, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  @Matches(/[A-Za-z0-9]/, { message: 'stateIdNumber must contain a letter or digit' })
  stateIdNumber?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 40, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 254, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  address?: string | null;
}

export class ParticipantQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Part of a first or last name (case and accents ignored) or a case number',
    maxLength: 100,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Exact date of birth YYYY-MM-DD; combines with q (both must match)',
  })
  @IsOptional()
  @IsCalendarDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: closed records too (SUPERVISOR or AUDITOR with X-Access-Reason; each one shown is a disclosure)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeClosed?: 'true' | 'false';
}

export class DuplicateOverrideDto {
  reason: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The close matches it was told of' })
  candidateIds: string[];
}

/** A close match of a registration (409 POSSIBLE_DUPLICATE). */
export class DuplicateCandidateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: '"First Last"' }) name: string;
  @ApiProperty({ format: 'date' }) dateOfBirth: string;
}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  firstName: string;
  lastName: string;
  @ApiProperty({ format: 'date' }) dateOfBirth: string;
  @ApiProperty({ type: String, nullable: true }) stateIdNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({
    type: DuplicateOverrideDto,
    nullable: true,
    description: 'Registered by a SUPERVISOR despite close matches: why, and which participants',
  })
  duplicateOverride: DuplicateOverrideDto | null;
  @ApiProperty({ enum: RECORD_STATUSES, description: PARTICIPANT_RECORD_STATUS })
  recordStatus: RecordStatus;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** A search result: enough to tell two people with one name apart. */
export class ParticipantSearchResultDto extends ParticipantDto {
  @ApiProperty({ type: [String], description: 'Case numbers of their referrals, oldest first' })
  caseNumbers: string[];
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null: never enrolled',
  })
  enrollmentId: string | null;
  @ApiProperty({ type: String, nullable: true, enum: PROGRAM_CODES })
  programCode: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ENROLLMENT_STATUSES,
  })
  enrollmentStatus: string | null;
}
