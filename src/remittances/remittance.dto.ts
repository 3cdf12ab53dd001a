import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/validators';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const BATCH_STATUSES = ['DRAFT', 'SENT', 'VOIDED'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const MOVEMENT_KINDS = ['PAYMENT', 'REFUND', 'REVERSAL'] as const;

export class CreateRemittanceDto {
  @ApiProperty({
    example: '2026-10-31',
    description:
      'Last day (America/Chicago) of the movements to take: payments by received date, refunds ' +
      'and reversals by the day they were recorded. Not in the future.',
  })
  @IsCalendarDate({ notInFuture: true })
  periodEnd: string;
}

export class SendRemittanceDto {
  @ApiProperty({ example: 'ACH-2026-11-0042', minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  transferReference: string;

  @ApiProperty({
    example: '2026-11-02',
    description: 'Day the transfer was made; not in the future',
  })
  @IsCalendarDate({ notInFuture: true })
  sentOn: string;
}

export class VoidRemittanceDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class RemittanceListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: BATCH_STATUSES })
  @IsOptional()
  @IsIn(BATCH_STATUSES)
  status?: BatchStatus;
}

export class RemittanceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: "Veronica's Voice" }) beneficiary: string;
  @ApiProperty({ example: '2026-10-31' }) periodEnd: string;
  @ApiProperty({ enum: BATCH_STATUSES }) status: BatchStatus;
  @ApiProperty({
    description: 'Sum of the items in cents (refunds and reversed payments count negative)',
  })
  totalCents: number;
  itemCount: number;
  @ApiProperty({ description: 'True when refunds and reversals outweigh the payments' })
  negativeTotal: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  transferReference?: string;
  @ApiPropertyOptional({ example: '2026-11-02' }) sentOn?: string;
  @ApiPropertyOptional({ format: 'date-time' }) sentAt?: string;
  @ApiPropertyOptional({ format: 'uuid' }) sentBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) voidedAt?: string;
  @ApiPropertyOptional({ format: 'uuid' }) voidedBy?: string;
  voidReason?: string;
}

export class RemittanceItemDto {
  @ApiProperty({ format: 'uuid' }) ledgerEntryId: string;
  @ApiProperty({ enum: MOVEMENT_KINDS }) kind: string;
  @ApiPropertyOptional({
    enum: ['PAYMENT', 'REFUND'],
    description: 'For a REVERSAL: the kind of the entry it reverses',
  })
  reversedKind?: string;
  @ApiPropertyOptional({
    example: 'R-2026-000042',
    description: "The payment's receipt (for a reversed payment, the reversed payment's receipt)",
  })
  receiptNumber?: string;
  @ApiProperty({ enum: ['JOHNZ_SCHOOL', 'OAR'] }) programCode: string;
  @ApiProperty({
    example: '2026-10-14',
    description: 'Movement date: received date of a payment, else the day it was recorded',
  })
  receivedOn: string;
  @ApiProperty({ description: 'What the movement adds to the remittance, in cents (signed)' })
  amountCents: number;
}

export class RemittanceDetailDto extends RemittanceDto {
  @ApiProperty({ type: [RemittanceItemDto] }) items: RemittanceItemDto[];
}
