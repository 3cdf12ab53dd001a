import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/validators';
import type { ConsentSource } from './consents.repository';
import { CHANNELS, Channel, MESSAGE_KINDS, MessageKind } from './message-templates';
import { MESSAGE_STATUSES, MessageStatus } from './messages.repository';

/** Sources staff record; the others are the system's (a reply, the unsubscribe link, the carrier). */
export const STAFF_CONSENT_SOURCES = ['SIGNED_AGREEMENT', 'VERBAL', 'WRITTEN_REQUEST'] as const;
export const CONSENT_SOURCES = [
  ...STAFF_CONSENT_SOURCES,
  'PARTICIPANT_REPLY',
  'UNSUBSCRIBE',
  'CARRIER_OPT_OUT',
] as const;

export class RecordConsentDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({ description: 'true: consent given; false: withdrawn' })
  @IsBoolean()
  granted: boolean;

  @ApiProperty({
    enum: STAFF_CONSENT_SOURCES,
    description:
      'How the participant said so. PARTICIPANT_REPLY, UNSUBSCRIBE and CARRIER_OPT_OUT are recorded by the system only (400 here)',
  })
  @IsIn(STAFF_CONSENT_SOURCES, {
    message: `must be one of ${STAFF_CONSENT_SOURCES.join(', ')} (the other sources are recorded by the system)`,
  })
  source: (typeof STAFF_CONSENT_SOURCES)[number];
}

export class ConsentRecordDto {
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  granted: boolean;
  @ApiProperty({ enum: CONSENT_SOURCES }) source: ConsentSource;
  @ApiProperty({ format: 'date-time', description: 'When (the program clock)' }) at: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The staff member; null for the system’s sources',
  })
  recordedBy: string | null;
}

export class CurrentConsentDto {
  granted: boolean;
  @ApiProperty({ enum: CONSENT_SOURCES }) source: ConsentSource;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class CurrentConsentsDto {
  @ApiProperty({ type: CurrentConsentDto, nullable: true }) SMS: CurrentConsentDto | null;
  @ApiProperty({ type: CurrentConsentDto, nullable: true }) EMAIL: CurrentConsentDto | null;
}

export class ConsentsDto {
  @ApiProperty({ type: CurrentConsentsDto, description: 'Each channel’s latest record, or null' })
  current: CurrentConsentsDto;

  @ApiProperty({ type: [ConsentRecordDto], description: 'Newest first' })
  history: ConsentRecordDto[];
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({
    format: 'date-time',
    description: 'When it is (or was) to go: the program clock, within sending hours',
  })
  dueAt: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: MessageStatus;
  @ApiProperty({ description: 'Hand-overs to the provider so far' }) attempts: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it failed, was withdrawn or was not sent',
  })
  lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Texts: when the gateway reported delivery',
  })
  deliveredAt: string | null;
}

export class MessageQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;

  @ApiPropertyOptional({ enum: MESSAGE_KINDS })
  @IsOptional()
  @IsIn(MESSAGE_KINDS)
  kind?: MessageKind;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Due on or after this day (America/Chicago)',
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Due on or before this day (America/Chicago)',
  })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class MessageCountsDto {
  PLANNED: number;
  SENDING: number;
  SENT: number;
  DELIVERED: number;
  FAILED: number;
  WITHDRAWN: number;
  NOT_SENT: number;
}

export class MessageProvidersDto {
  @ApiProperty({ description: 'SMTP_URL and MAIL_FROM are set' }) EMAIL: boolean;
  @ApiProperty({ description: 'SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM are set' })
  SMS: boolean;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto] }) items: MessageDto[];
  total: number;
  page: number;
  limit: number;
  @ApiProperty({
    type: MessageCountsDto,
    description: 'Messages per status over the same filter without `status`',
  })
  counts: MessageCountsDto;
  @ApiProperty({
    type: MessageProvidersDto,
    description: 'Whether a provider is configured per channel (none: messages end NOT_SENT)',
  })
  providers: MessageProvidersDto;
}

export class UnsubscribeQuery {
  @ApiProperty({ description: 'The signed token of the email’s link' })
  @IsString()
  @MaxLength(200)
  token: string;
}

/** The gateway's form fields (documentation only: every field is signed, none is refused). */
export class SmsWebhookFormDto {
  @ApiPropertyOptional({ description: 'The sender’s number' }) From?: string;
  @ApiPropertyOptional({ description: 'The office’s number' }) To?: string;
  @ApiPropertyOptional({ description: 'Inbound: the text' }) Body?: string;
  MessageSid?: string;
  @ApiPropertyOptional({ description: 'Status: queued, sent, delivered, undelivered, failed' })
  MessageStatus?: string;
  @ApiPropertyOptional({ description: 'Status: the gateway’s error code (21610: opted out)' })
  ErrorCode?: string;
}
