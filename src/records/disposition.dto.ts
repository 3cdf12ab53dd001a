import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsCalendarDate } from '../common/validators';
import { EARLIEST_OFFENSE_DATE } from '../referrals/referral.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The court's disposition of a referral's case (RSMo 610.105 names the first four). */
export const DISPOSITIONS = [
  'DISMISSED',
  'NOLLE_PROSEQUI',
  'ACQUITTED',
  'SIS_COMPLETED',
  'CONVICTED',
  'OTHER',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export class RecordDispositionDto {
  @ApiProperty({
    enum: DISPOSITIONS,
    description:
      'DISMISSED, NOLLE_PROSEQUI, ACQUITTED and SIS_COMPLETED close the record (RSMo 610.105); CONVICTED and OTHER leave it open',
  })
  @IsIn(DISPOSITIONS)
  disposition: Disposition;

  @ApiProperty({
    format: 'date',
    example: '2026-06-02',
    description:
      "The day the court decided (America/Chicago): not in the future, not before the referral's offense date (400 naming decidedOn). A closed record's closing day",
  })
  @IsCalendarDate({ notInFuture: true, notBefore: EARLIEST_OFFENSE_DATE })
  decidedOn: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    minLength: 1,
    maxLength: 120,
    example: '2526-CR01234',
    description: "The court's reference for the decision (erased by retention)",
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  courtReference?: string | null;
}

export class DispositionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) referralId: string;
  @ApiProperty({ enum: DISPOSITIONS }) disposition: Disposition;
  @ApiProperty({ format: 'date' }) decidedOn: string;
  @ApiProperty({ type: String, nullable: true }) courtReference: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class RecordExpungementDto {
  @ApiProperty({
    format: 'date',
    example: '2027-01-12',
    description:
      "The day the court ordered the expungement (RSMo 610.140): not in the future, not before the referral's offense date (400 naming orderedOn)",
  })
  @IsCalendarDate({ notInFuture: true, notBefore: EARLIEST_OFFENSE_DATE })
  orderedOn: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 120,
    example: '2616-CV00321',
    description: "The order's reference (erased by retention)",
  })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  orderReference: string;
}

export class ExpungementDto {
  @ApiProperty({ format: 'uuid' }) referralId: string;
  @ApiProperty({ format: 'date' }) orderedOn: string;
  orderReference: string;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}
