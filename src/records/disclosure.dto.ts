import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsDateOrTimestamp } from '../common/validators';
import { ACCESS_REASONS } from './access-reason';

/** The kinds of record whose opening is a disclosure (the disclosure's entityType). */
export const DISCLOSED_ENTITIES = [
  'PARTICIPANT',
  'REFERRAL',
  'ENROLLMENT',
  'LEDGER_ENTRY',
] as const;
export type DisclosedEntity = (typeof DISCLOSED_ENTITIES)[number];

export class DisclosureQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'ISO 8601 timestamp or YYYY-MM-DD (from the start of that day, America/Chicago)',
  })
  @IsOptional()
  @IsDateOrTimestamp()
  from?: string;

  @ApiPropertyOptional({
    description: 'ISO 8601 timestamp or YYYY-MM-DD (to the end of that day, America/Chicago)',
  })
  @IsOptional()
  @IsDateOrTimestamp()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the openings of this person’s record' })
  @IsOptional()
  @IsUUID()
  participantId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the openings by this staff member' })
  @IsOptional()
  @IsUUID()
  actorId?: string;
}

export class DisclosureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time', description: 'When the record was opened' }) at: string;
  @ApiProperty({ format: 'uuid', description: 'The staff member who opened it' }) actorId: string;
  @ApiProperty({ enum: ACCESS_REASONS, description: 'Why, as stated in X-Access-Reason' })
  reason: string;
  @ApiProperty({
    enum: DISCLOSED_ENTITIES,
    description: 'What was opened: the participant, a referral, an enrollment or a ledger entry',
  })
  entityType: string;
  @ApiProperty({ format: 'uuid' }) entityId: string;
  @ApiProperty({ format: 'uuid', description: 'Whose record it is' }) participantId: string;
}
