import { createHmac } from 'node:crypto';
import request from 'supertest';
import { chicagoInstant } from '../../src/common/chicago-time';
import { addDays, chicagoToday } from './api-factory';
import { AppInstance } from './app';
import { FakeSmsGateway, GATEWAY_SID, GATEWAY_TOKEN } from './fake-sms-gateway';
import { ApiClient } from './http';
import { SmtpCatcher } from './smtp-catcher';

/** Where the gateway believes the server is: webhook signatures are computed over it. */
export const PUBLIC_BASE_URL = 'https://cases.example.org';
export const OFFICE_PHONE = '(816) 555-0100';
export const SENDER = 'KC Appointments';
export const SMS_FROM = '+18165550199';

/** A server's settings for sending through the fake providers, with the job runner on. */
export function providerEnv(
  gateway: FakeSmsGateway | undefined,
  smtp: SmtpCatcher | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    JOB_RUNNER_ENABLED: 'true',
    // A retry whose delay has run out is taken within a quarter second, not two.
    JOB_POLL_INTERVAL_MS: '250',
    PUBLIC_BASE_URL,
    OFFICE_PHONE,
    MESSAGE_SENDER_NAME: SENDER,
    ...(smtp ? { SMTP_URL: smtp.url, MAIL_FROM: 'reminders@cases.example.org' } : {}),
    ...(gateway
      ? {
          SMS_GATEWAY_URL: gateway.url,
          SMS_ACCOUNT_SID: GATEWAY_SID,
          SMS_AUTH_TOKEN: GATEWAY_TOKEN,
          SMS_FROM,
        }
      : { SMS_AUTH_TOKEN: GATEWAY_TOKEN }),
    ...extra,
  };
}

/** An ISO instant: `days` after today (Chicago) at HH:MM Chicago time. */
export const chicagoAt = (days: number, time: string): string =>
  chicagoInstant(addDays(chicagoToday(), days), time).toISOString();

/** X-Twilio-Signature of a webhook call as the gateway would compute it. */
export function gatewaySignature(pathWithQuery: string, fields: Record<string, string>): string {
  const data = Object.keys(fields)
    .sort()
    .reduce((acc, k) => acc + k + fields[k], `${PUBLIC_BASE_URL}/api/v1${pathWithQuery}`);
  return createHmac('sha1', GATEWAY_TOKEN).update(data).digest('base64');
}

/** POSTs the gateway's form to a webhook, signed unless `signature` says otherwise. */
export function postWebhook(
  app: AppInstance,
  pathWithQuery: string,
  fields: Record<string, string>,
  signature: string | null = gatewaySignature(pathWithQuery, fields),
) {
  const t = request(app.api)
    .post(pathWithQuery)
    .type('form')
    .send(new URLSearchParams(fields).toString());
  return signature === null ? t : t.set('X-Twilio-Signature', signature);
}

let phoneCounter = 0;

/** A US phone number as staff type it, and its E.164 form; distinct within a test run. */
export function phoneNumber(): { entered: string; e164: string } {
  const n = (process.pid * 37 + ++phoneCounter) % 10_000;
  const last = String(n).padStart(4, '0');
  return { entered: `(816) 555-${last}`, e164: `+1816555${last}` };
}

export interface MessageView {
  id: string;
  participantId: string;
  kind: string;
  channel: string;
  dueAt: string;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

export async function messagesOf(client: ApiClient, participantId: string): Promise<MessageView[]> {
  const res = await client.get(`/participants/${participantId}/messages?limit=200`);
  if (res.status !== 200)
    throw new Error(`GET messages: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items;
}

/** Polls until `check` returns a value (not undefined); fails with `what` after the timeout. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 45_000,
): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Gives the participant a phone and an email and records consent to both (a signed agreement). */
export async function contactable(
  intake: ApiClient,
  participantId: string,
  channels: ('SMS' | 'EMAIL')[] = ['SMS', 'EMAIL'],
): Promise<{ phone: string; email: string }> {
  const phone = phoneNumber();
  const email = `p-${participantId.slice(0, 8)}@mail.example`;
  const patched = await intake.patch(`/participants/${participantId}`, {
    phone: phone.entered,
    email,
  });
  if (patched.status !== 200)
    throw new Error(`PATCH participant: ${patched.status} ${JSON.stringify(patched.body)}`);
  for (const channel of channels) {
    const res = await intake.post(`/participants/${participantId}/consents`, {
      channel,
      granted: true,
      source: 'SIGNED_AGREEMENT',
    });
    if (res.status !== 201)
      throw new Error(`POST consents: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { phone: phone.e164, email };
}
