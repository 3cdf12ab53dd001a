import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../common/pagination';

export const REVERSAL_REQUEST_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type ReversalRequestStatus = (typeof REVERSAL_REQUEST_STATUSES)[number];

/** The entries whose reversal is a request a second SUPERVISOR approves: they write money off. */
export const REVERSED_BY_REQUEST = ['FEE', 'WAIVER'] as const;
export type ReversedByRequest = (typeof REVERSED_BY_REQUEST)[number];
export const isReversedByRequest = (kind: string): kind is ReversedByRequest =>
  (REVERSED_BY_REQUEST as readonly string[]).includes(kind);

export class ReversalRequestQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REVERSAL_REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REVERSAL_REQUEST_STATUSES)
  status?: ReversalRequestStatus;
}

export class DecideReversalRequestDto {
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class ReversalRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REVERSAL_REQUEST_STATUSES }) status: ReversalRequestStatus;
  @ApiProperty({ format: 'uuid', description: 'The FEE or WAIVER entry to reverse' })
  entryId: string;
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ enum: REVERSED_BY_REQUEST }) entryKind: ReversedByRequest;
  @ApiProperty({ description: "The entry's amount in cents: what the reversal gives back" })
  amountCents: number;
  @ApiProperty({ description: 'Why, as asked; becomes the REVERSAL’s reason' }) reason: string;
  @ApiProperty({ format: 'uuid' }) requestedBy: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The REVERSAL entry written on approval',
  })
  ledgerEntryId: string | null;
}
