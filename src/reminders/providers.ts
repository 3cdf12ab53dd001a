import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { AppConfig } from '../config/app-config';

/**
 * What a provider made of a hand-over: accepted (with its id), or refused for now (worth another
 * attempt: no answer, SMTP 4xx, HTTP 5xx or 429) or for good (SMTP 5xx, any other refusal).
 * `optedOut`: the gateway says the number opted out (Twilio 21610).
 */
export type HandOver =
  | { ok: true; providerMessageId: string | null }
  | { ok: false; temporary: boolean; error: string; optedOut?: boolean };

/** How long a provider may take to answer one message. */
const HAND_OVER_TIMEOUT_MS = 15_000;

/** Email over SMTP (nodemailer, loaded on first use), with one-click unsubscribe on every email. */
@Injectable()
export class EmailProvider implements OnModuleDestroy {
  private transport?: Promise<Transporter>;

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return Boolean(this.config.SMTP_URL && this.config.MAIL_FROM);
  }

  async send(m: {
    to: string;
    subject: string;
    text: string;
    unsubscribeUrl: string;
  }): Promise<HandOver> {
    try {
      const transport = await (this.transport ??= this.open());
      const info = (await transport.sendMail({
        from: { name: this.config.MESSAGE_SENDER_NAME, address: this.config.MAIL_FROM! },
        to: m.to,
        subject: m.subject,
        text: m.text,
        // RFC 8058: a mail client's "Unsubscribe" button POSTs to the link, with no page in between.
        headers: {
          'List-Unsubscribe': `<${m.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      })) as { messageId?: string };
      return { ok: true, providerMessageId: info.messageId ?? null };
    } catch (err) {
      const e = err as { responseCode?: number; message?: string; code?: string };
      const code = e.responseCode;
      // An SMTP answer: 4xx is "try again later", 5xx is final. No answer at all: try again.
      return {
        ok: false,
        temporary: code === undefined || (code >= 400 && code < 500),
        error: `email: ${code ? `SMTP ${code} ` : ''}${(e.message ?? e.code ?? 'no answer').slice(0, 300)}`,
      };
    }
  }

  private async open(): Promise<Transporter> {
    const nodemailer = await import('nodemailer');
    // A few connections kept open and reused: one per message would be a TLS handshake each.
    return nodemailer.createTransport({
      url: this.config.SMTP_URL!,
      pool: true,
      maxConnections: 4,
      connectionTimeout: HAND_OVER_TIMEOUT_MS,
      greetingTimeout: HAND_OVER_TIMEOUT_MS,
      socketTimeout: HAND_OVER_TIMEOUT_MS * 2,
    } as SMTPPool.Options);
  }

  async onModuleDestroy(): Promise<void> {
    const transport = this.transport;
    this.transport = undefined;
    if (transport) (await transport.catch(() => undefined))?.close();
  }
}

/**
 * Texts through an HTTP gateway with Twilio's REST shape: `POST {SMS_GATEWAY_URL}/2010-04-01/
 * Accounts/{SID}/Messages.json`, form-encoded, Basic auth, on `fetch`. The gateway reports
 * delivery to the status webhook of the message.
 */
@Injectable()
export class SmsProvider {
  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return Boolean(
      this.config.SMS_ACCOUNT_SID && this.config.SMS_AUTH_TOKEN && this.config.SMS_FROM,
    );
  }

  async send(m: { messageId: string; to: string; text: string }): Promise<HandOver> {
    const c = this.config;
    const sid = c.SMS_ACCOUNT_SID!;
    const form = new URLSearchParams({ To: m.to, Body: m.text });
    if (c.SMS_FROM!.startsWith('MG')) form.set('MessagingServiceSid', c.SMS_FROM!);
    else form.set('From', c.SMS_FROM!);
    if (c.PUBLIC_BASE_URL) {
      form.set(
        'StatusCallback',
        `${c.PUBLIC_BASE_URL}/api/v1/webhooks/sms/status?messageId=${m.messageId}`,
      );
    }
    let res: Response;
    try {
      res = await fetch(
        `${c.SMS_GATEWAY_URL}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`,
        {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${sid}:${c.SMS_AUTH_TOKEN}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: form.toString(),
          signal: AbortSignal.timeout(HAND_OVER_TIMEOUT_MS),
        },
      );
    } catch (err) {
      return {
        ok: false,
        temporary: true,
        error: `sms: no answer from the gateway (${(err as Error).name})`,
      };
    }
    const body = (await res.json().catch(() => ({}))) as {
      sid?: string;
      code?: number;
      message?: string;
    };
    if (res.ok) return { ok: true, providerMessageId: body.sid ?? null };
    const detail = `sms: HTTP ${res.status}${body.code ? ` (error ${body.code})` : ''}`;
    if (body.code === 21610)
      return {
        ok: false,
        temporary: false,
        optedOut: true,
        error: `${detail}: the number opted out`,
      };
    return {
      ok: false,
      temporary: res.status === 429 || res.status >= 500,
      error: body.message ? `${detail}: ${body.message.slice(0, 200)}` : detail,
    };
  }
}
