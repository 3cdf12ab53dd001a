import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsDateOrTimestamp } from '../common/validators';

/** What `changesOnly=true` leaves out, in words (the filter itself is in AuditRepository). */
export const NOT_CHANGES_DESCRIPTION =
  'reads of records (`*.view`), lists and searches that name people (`*.list`), sign-ins (`auth.login`) and session renewals (`auth.refresh`)';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @IsOptional() @IsString() @MaxLength(60) entityType?: string;
  @IsOptional() @IsString() @MaxLength(100) entityId?: string;
  @IsOptional() @IsString() @MaxLength(120) action?: string;
  @ApiPropertyOptional({ enum: ['SUCCESS', 'FAILURE'] })
  @IsOptional()
  @IsIn(['SUCCESS', 'FAILURE'])
  outcome?: string;
  @ApiPropertyOptional({
    description: 'ISO 8601 timestamp or YYYY-MM-DD (from the start of that day)',
  })
  @IsOptional()
  @IsDateOrTimestamp()
  from?: string;
  @ApiPropertyOptional({ description: 'ISO 8601 timestamp or YYYY-MM-DD (to the end of that day)' })
  @IsOptional()
  @IsDateOrTimestamp()
  to?: string;
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: `true: changes only, leaving out ${NOT_CHANGES_DESCRIPTION}`,
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  changesOnly?: 'true' | 'false';
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1_000_000,
    description:
      'Count the matching events no further than this many past the first of the page: `total` is ' +
      'then at most offset + countUpTo, and `totalIsLowerBound` says whether more match. Without ' +
      'it `total` is the exact count (which reads every matching event).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  countUpTo?: number;
}

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  action: string;
  @ApiProperty({ nullable: true, type: String }) entityType: string | null;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ enum: ['SUCCESS', 'FAILURE'] }) outcome: string;
  @ApiProperty({ nullable: true, type: Number }) statusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) errorCode: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The id the server gave the request (also in its log line and problem body)',
  })
  requestId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The X-Request-Id the client sent, if any: kept, never used as the id',
  })
  clientRequestId: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description:
      'What the change changed, where it matters for segregation of duties: `{field: {from, to}}` ' +
      '(staff roles and active flag, program settings, session facilitator) plus the codes that ' +
      'identify it (e.g. `programCode`). Ids, codes, flags and amounts only; never personal data.',
  })
  details: Record<string, unknown> | null;
}

/** A page of the trail: the usual page fields, and whether `total` is a bound (`countUpTo`). */
export class AuditEventPage {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty({
    type: 'integer',
    description:
      'The number of matching events; with `countUpTo`, at most (page − 1) × limit + countUpTo',
  })
  total: number;
  @ApiProperty({
    description:
      'True when more events match than `total` says (only with `countUpTo`); false when `total` is exact',
  })
  totalIsLowerBound: boolean;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) limit: number;
}
