import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { PROGRAM_CODES } from '../programs/program-codes';
import { IsCalendarDate, IsPositiveCents } from '../common/validators';

export const ENTRY_KINDS = ['FEE', 'PAYMENT', 'WAIVER', 'REFUND', 'REVERSAL'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const PAYMENT_METHODS = ['CASH', 'CHECK', 'MONEY_ORDER', 'CARD'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Methods whose paper carries a number the office must record. */
const NEEDS_REFERENCE: readonly string[] = ['CHECK', 'MONEY_ORDER'];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class LedgerEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ enum: ENTRY_KINDS }) kind: EntryKind;
  @ApiProperty({ description: 'Always positive, in cents' }) amountCents: number;
  @ApiProperty({
    description:
      'What the entry does to the balance: FEE and REFUND +, PAYMENT and WAIVER −, REVERSAL the negation of its target',
  })
  signedAmountCents: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'uuid', description: 'Staff member who recorded it' }) createdBy: string;
  @ApiPropertyOptional({ example: 'R-2026-000042', description: 'Payments only' })
  receiptNumber?: string;
  @ApiPropertyOptional({ enum: PAYMENT_METHODS }) method?: PaymentMethod;
  @ApiPropertyOptional({ description: 'Check or money order number, card authorization…' })
  reference?: string;
  @ApiPropertyOptional({
    format: 'date',
    description: 'Payments: the day the money was received; refunds: the day it was paid back',
  })
  receivedOn?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'REVERSAL: the entry it negates' })
  reversesEntryId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The REVERSAL that negated this entry' })
  reversedByEntryId?: string;
  reason?: string;
  note?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'WAIVER: the approved request' })
  waiverRequestId?: string;
}

/** A ledger entry in a list across enrollments: whose it is. */
export class LedgerEntryListItemDto extends LedgerEntryDto {
  @ApiProperty({ description: '"First Last" of the participant' }) participantName: string;
  @ApiProperty({ enum: PROGRAM_CODES }) programCode: string;
}

export class LedgerEntryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ENTRY_KINDS })
  @IsOptional()
  @IsIn(ENTRY_KINDS)
  kind?: EntryKind;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Entries received (payments) or paid back (refunds) on this day',
  })
  @IsOptional()
  @IsCalendarDate()
  receivedOn?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  enrollmentId?: string;
}

export class LedgerDto {
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ description: 'What the participant owes: the sum of the signed entries' })
  balanceCents: number;
  @ApiProperty({
    description:
      'Money actually received: payments − refunds − reversed payments + reversed refunds',
  })
  receivedCents: number;
  @ApiProperty({ type: [LedgerEntryDto], description: 'Oldest first' })
  entries: LedgerEntryDto[];
}

export class CreatePaymentDto {
  @ApiProperty({ description: 'Cents; never more than the balance', example: 15000 })
  @IsPositiveCents()
  amountCents: number;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS)
  method: PaymentMethod;

  @ApiPropertyOptional({
    description: 'Required for CHECK and MONEY_ORDER (the check or money order number)',
    maxLength: 100,
  })
  @ValidateIf(
    (o: CreatePaymentDto) => o.reference !== undefined || NEEDS_REFERENCE.includes(o.method),
  )
  @Transform(trim)
  @IsNotEmpty({ message: 'reference is required for CHECK and MONEY_ORDER payments' })
  @IsString()
  @Length(1, 100)
  reference?: string;

  @ApiProperty({
    format: 'date',
    description:
      "YYYY-MM-DD (America/Chicago): not in the future, not before the enrollment's enrolledOn (422 RECEIVED_ON_OUT_OF_RANGE); more than 30 days back only for a SUPERVISOR (403)",
  })
  @IsCalendarDate()
  receivedOn: string;
}

export class CreateRefundDto {
  @ApiProperty({ description: 'Cents; never more than the money received', example: 5000 })
  @IsPositiveCents()
  amountCents: number;

  @ApiProperty({ enum: PAYMENT_METHODS, description: 'How the money was paid back' })
  @IsIn(PAYMENT_METHODS)
  method: PaymentMethod;

  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class CreateReversalDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Check returned unpaid (NSF)' })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason: string;
}
