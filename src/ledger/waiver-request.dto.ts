import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsPositiveCents } from '../common/validators';

export const WAIVER_REASONS = ['ABILITY_TO_PAY', 'OTHER'] as const;
export type WaiverReason = (typeof WAIVER_REASONS)[number];

export const WAIVER_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type WaiverStatus = (typeof WAIVER_STATUSES)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateWaiverRequestDto {
  @ApiProperty({ description: 'Cents to waive; checked against the balance at approval' })
  @IsPositiveCents()
  amountCents: number;

  @ApiProperty({ enum: WAIVER_REASONS })
  @IsIn(WAIVER_REASONS)
  reason: WaiverReason;

  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'Why (e.g. income documented)' })
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  note: string;
}

export class DecideWaiverRequestDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class WaiverRequestQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WAIVER_STATUSES })
  @IsOptional()
  @IsIn(WAIVER_STATUSES)
  status?: WaiverStatus;
}

export class WaiverRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  amountCents: number;
  @ApiProperty({ enum: WAIVER_REASONS }) reason: WaiverReason;
  note: string;
  @ApiProperty({ enum: WAIVER_STATUSES }) status: WaiverStatus;
  @ApiProperty({ format: 'uuid' }) requestedBy: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) decidedBy: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) decisionNote: string | null;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'The WAIVER entry written on approval',
  })
  ledgerEntryId: string | null;
}
