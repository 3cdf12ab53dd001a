import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditedView } from '../audit/view-audit.interceptor';
import { AuditService } from '../audit/audit.service';
import { Audited, CurrentUser, Public, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { DomainError } from '../common/domain-error';
import { Page, PageDto, PageQuery } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { isUuid, UuidParamPipe } from '../common/validation';
import { AppConfig } from '../config/app-config';
import { ConsentRecord } from './consents.repository';
import { ConsentsService, ConsentsView } from './consents.service';
import { Message, MessagesRepository } from './messages.repository';
import { MessagePage, MessagesService } from './messages.service';
import {
  ConsentRecordDto,
  ConsentsDto,
  MessageDto,
  MessagePageDto,
  MessageQuery,
  RecordConsentDto,
  SmsWebhookFormDto,
  UnsubscribeQuery,
} from './reminders.dto';
import { FormFields, isValidSmsSignature } from './sms-signature';
import { UnsubscribeTokens } from './unsubscribe-token';
import { requireJwtSecret } from '../config/app-config';
import { OpensRecord } from '../records/closed-record.interceptor';

@ApiTags('contact')
@Controller('participants')
export class ParticipantContactController {
  constructor(
    private readonly consents: ConsentsService,
    private readonly messages: MessagesService,
  ) {}

  @Post(':id/consents')
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('consent.record', 'participant')
  @Endpoint({
    summary:
      'Record consent to text messages or email, given or withdrawn, with its source. Withdrawing withdraws every planned message of that channel; giving plans the reminders still ahead',
    created: ConsentRecordDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'CONTACT_MISSING'],
    notes: {
      VALIDATION_FAILED: 'a system-only source among them',
      CONTACT_MISSING: 'no US phone number (SMS) or no email address (EMAIL)',
    },
  })
  record(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RecordConsentDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<ConsentRecord> {
    return this.consents.record(id, dto, user.id);
  }

  @Get(':id/consents')
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE')
  @AuditedView('participant.consents.view', 'participant')
  @OpensRecord('PARTICIPANT')
  @Endpoint({
    summary: 'Current consent per channel and its history, newest first',
    ok: ConsentsDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  consentsOf(@Param('id', UuidParamPipe) id: string): Promise<ConsentsView> {
    return this.consents.view(id);
  }

  @Get(':id/messages')
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE')
  @AuditedView('participant.messages.view', 'participant')
  @OpensRecord('PARTICIPANT')
  @Endpoint({
    summary: 'The participant’s messages, planned and sent, latest due first',
    ok: PageDto(MessageDto, 'ParticipantMessagePage'),
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  messagesOf(
    @Param('id', UuidParamPipe) id: string,
    @Query() q: PageQuery,
  ): Promise<Page<Message>> {
    return this.messages.ofParticipant(id, q);
  }
}

@ApiTags('contact')
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @Roles('SUPERVISOR')
  @Endpoint({
    summary:
      'Messages by due date (latest first) with counts per status, and whether providers are configured',
    ok: MessagePageDto,
    refuses: ['VALIDATION_FAILED'],
  })
  list(@Query() q: MessageQuery): Promise<MessagePage> {
    return this.messages.list({ status: q.status, kind: q.kind, from: q.from, to: q.to }, q);
  }

  @Post(':id/retry')
  @Roles('SUPERVISOR')
  @HttpCode(200)
  @Audited('message.retry', 'message')
  @Endpoint({
    summary: 'Send a FAILED message again: PLANNED at once',
    ok: MessageDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_TRANSITION'],
    notes: { INVALID_TRANSITION: '(not FAILED), with currentStatus' },
  })
  retry(@Param('id', UuidParamPipe) id: string): Promise<Message> {
    return this.messages.retry(id);
  }
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const xml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
const twiml = (reply?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Response>${reply ? `<Message>${xml(reply)}</Message>` : ''}</Response>`;

const field = (fields: FormFields, name: string): string => {
  const v = fields[name];
  return typeof v === 'string' ? v : '';
};

/**
 * The SMS gateway's webhooks (Twilio's shape), public but signed: a missing or wrong
 * `X-Twilio-Signature` is refused with 403 before anything is read or written.
 */
@ApiTags('contact')
@Controller('webhooks/sms')
export class SmsWebhooksController {
  constructor(
    private readonly config: AppConfig,
    private readonly consents: ConsentsService,
    private readonly messages: MessagesRepository,
    private readonly audit: AuditService,
  ) {}

  private verify(req: Request, body: unknown): FormFields {
    const fields = (
      body && typeof body === 'object' && !Array.isArray(body) ? body : {}
    ) as FormFields;
    const { SMS_AUTH_TOKEN: token, PUBLIC_BASE_URL: base } = this.config;
    const signature = req.headers['x-twilio-signature'];
    if (
      !token ||
      !base ||
      typeof signature !== 'string' ||
      !isValidSmsSignature(token, `${base}${req.originalUrl}`, fields, signature)
    ) {
      throw new DomainError('FORBIDDEN', 'The request is not signed by the SMS gateway.');
    }
    return fields;
  }

  @Post('inbound')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  @Audited('consent.sms_reply', 'participant')
  @Endpoint({
    summary:
      'A text to the office’s number: STOP (and the other stop words, any case) revokes SMS consent for that number, START/UNSTOP gives it back, HELP is answered with the office’s phone. Answers TwiML: the reply, if any, as <Message>',
    consumes: ['application/x-www-form-urlencoded'],
    body: { type: SmsWebhookFormDto },
    produces: ['text/xml'],
    ok: { description: 'TwiML <Response>, with a <Message> for HELP and START' },
    refuses: ['FORBIDDEN'],
    notes: { FORBIDDEN: 'missing or wrong X-Twilio-Signature' },
  })
  async inbound(@Req() req: Request, @Body() body: unknown): Promise<string> {
    const fields = this.verify(req, body);
    const { reply, changed } = await this.consents.inboundText(
      field(fields, 'From'),
      field(fields, 'Body'),
    );
    this.audit.describe('participant', changed[0] ?? null);
    return twiml(reply);
  }

  @Post('status')
  @Public()
  @HttpCode(204)
  @Audited('message.status', 'message')
  @Endpoint({
    summary:
      'The gateway’s delivery report of a text (`?messageId=` of the message): delivered, or failed (21610: the number opted out, which also revokes SMS consent)',
    consumes: ['application/x-www-form-urlencoded'],
    body: { type: SmsWebhookFormDto },
    noContent: 'Recorded (or nothing to record)',
    refuses: ['FORBIDDEN'],
    notes: { FORBIDDEN: 'missing or wrong X-Twilio-Signature' },
  })
  async status(@Req() req: Request, @Body() body: unknown): Promise<void> {
    const fields = this.verify(req, body);
    const id = typeof req.query.messageId === 'string' ? req.query.messageId : '';
    this.audit.describe('message', isUuid(id) ? id.toLowerCase() : null);
    if (!isUuid(id)) return;
    const status = field(fields, 'MessageStatus');
    const code = field(fields, 'ErrorCode');
    if (status === 'delivered') {
      await this.messages.delivery(id, { delivered: true, at: new Date() });
    } else if (status === 'undelivered' || status === 'failed') {
      const changed = await this.messages.delivery(id, {
        delivered: false,
        error: `sms: not delivered (${status}${code ? `, error ${code}` : ''})`,
      });
      if (changed && code === '21610')
        await this.consents.recordBySystem(changed.participantId, 'SMS', false, 'CARRIER_OPT_OUT');
    }
  }
}

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title></head>
<body><main><h1>${title}</h1>${body}</main></body></html>
`;

/**
 * One-click unsubscribe (RFC 8058), outside /api/v1: `{PUBLIC_BASE_URL}/unsubscribe?token=…` is
 * the `List-Unsubscribe` link of every email. GET only shows a button (link scanners prefetch
 * GETs); POST withdraws that channel's consent.
 */
@ApiTags('contact')
@Controller('unsubscribe')
export class UnsubscribeController {
  private readonly tokens: UnsubscribeTokens;

  constructor(
    config: AppConfig,
    private readonly consents: ConsentsService,
    private readonly audit: AuditService,
  ) {
    this.tokens = new UnsubscribeTokens(requireJwtSecret(config));
  }

  private named(q: UnsubscribeQuery) {
    const named = this.tokens.verify(q.token);
    if (!named) {
      throw new DomainError('VALIDATION_FAILED', 'This unsubscribe link is not valid.', [
        { field: 'token', message: 'is not a valid unsubscribe token' },
      ]);
    }
    return named;
  }

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Endpoint({
    summary: 'A page with a button that unsubscribes (changes nothing itself)',
    produces: ['text/html'],
    ok: { description: 'The page' },
    refuses: ['VALIDATION_FAILED'],
    notes: { VALIDATION_FAILED: 'a forged or altered token' },
  })
  show(@Query() q: UnsubscribeQuery): string {
    const { channel } = this.named(q);
    const what = channel === 'EMAIL' ? 'emails' : 'text messages';
    return page(
      `Stop reminder ${what}`,
      `<p>Press the button to stop getting reminder ${what} from us.</p>
<form method="post" action="/unsubscribe?token=${encodeURIComponent(q.token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Stop these ${what}</button></form>`,
    );
  }

  @Post()
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Audited('consent.unsubscribe', 'participant')
  @Endpoint({
    summary:
      'RFC 8058 one-click: withdraws the consent the token names (source UNSUBSCRIBE); body List-Unsubscribe=One-Click',
    consumes: ['application/x-www-form-urlencoded'],
    produces: ['text/html'],
    ok: { description: 'Unsubscribed (also when it was already)' },
    refuses: ['VALIDATION_FAILED'],
    notes: { VALIDATION_FAILED: 'a forged or altered token' },
  })
  async unsubscribe(@Query() q: UnsubscribeQuery): Promise<string> {
    const { participantId, channel } = this.named(q);
    this.audit.describe('participant', participantId);
    await this.consents.recordBySystem(participantId, channel, false, 'UNSUBSCRIBE');
    const what = channel === 'EMAIL' ? 'emails' : 'text messages';
    return page('You are unsubscribed', `<p>You will get no more reminder ${what} from us.</p>`);
  }
}
