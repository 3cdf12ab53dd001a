import type { Schemas } from '../api/client';
import { formatTimestamp } from '../api/dates';

// Words for the contact screens: channels, consent sources, message kinds and statuses, and the
// reasons the API gives in `lastError`. Codes never show without their words.

export type Channel = Schemas['RecordConsentDto']['channel'];
export type StaffSource = Schemas['RecordConsentDto']['source'];
export type ConsentSource = Schemas['CurrentConsentDto']['source'];
export type CurrentConsent = Schemas['CurrentConsentDto'];
export type Consents = Schemas['ConsentsDto'];
export type Message = Schemas['MessageDto'];
export type MessageStatus = Message['status'];
export type MessageKind = Message['kind'];
export type MessageCounts = Schemas['MessageCountsDto'];

export const CHANNELS: Channel[] = ['SMS', 'EMAIL'];

/** The consent form's inputs by the API's field names: the API's field errors land on them. */
export const CONSENT_FIELDS = { channel: 'consent-channel', source: 'consent-source' };

export const CHANNEL_LABELS: Record<Channel, string> = {
  SMS: 'Text messages',
  EMAIL: 'Email',
};

/** One message's channel, in a table cell. */
export const CHANNEL_SHORT: Record<Channel, string> = {
  SMS: 'Text message',
  EMAIL: 'Email',
};

export const STAFF_SOURCES: StaffSource[] = ['SIGNED_AGREEMENT', 'VERBAL', 'WRITTEN_REQUEST'];

export const SOURCE_LABELS: Record<ConsentSource, string> = {
  SIGNED_AGREEMENT: 'Signed program agreement',
  VERBAL: 'Said so to staff',
  WRITTEN_REQUEST: 'Written request',
  PARTICIPANT_REPLY: 'Their own text reply (STOP or START)',
  UNSUBSCRIBE: 'Unsubscribe link in an email',
  CARRIER_OPT_OUT: 'Their phone carrier: the number opted out',
};

export const KIND_LABELS: Record<MessageKind, string> = {
  SESSION_REMINDER_7D: 'Session reminder, 7 days before',
  SESSION_REMINDER_1D: 'Session reminder, 1 day before',
  SESSION_CHANGED: 'Session changed or cancelled',
  MISSED_SESSION: 'Missed session',
  PAYMENT_REMINDER: 'Payment reminder',
  DEADLINE_REMINDER: 'Deadline reminder',
};

/** In the order a message goes through them; the Messages screen counts them in this order. */
export const STATUSES: MessageStatus[] = [
  'PLANNED',
  'SENDING',
  'SENT',
  'DELIVERED',
  'FAILED',
  'WITHDRAWN',
  'NOT_SENT',
];

export const STATUS_LABELS: Record<MessageStatus, string> = {
  PLANNED: 'Planned',
  SENDING: 'Sending',
  SENT: 'Sent',
  DELIVERED: 'Delivered',
  FAILED: 'Failed',
  WITHDRAWN: 'Withdrawn',
  NOT_SENT: 'Not sent',
};

/** What each status means, beside its count on the Messages screen. */
export const STATUS_MEANINGS: Record<MessageStatus, string> = {
  PLANNED: 'Waiting for their time (within sending hours)',
  SENDING: 'Being handed to the provider now',
  SENT: 'Handed to the provider',
  DELIVERED: 'The phone company reported delivery',
  FAILED: 'Not sent after every attempt: see below',
  WITHDRAWN: 'No longer needed (seat removed, consent withdrawn, paid…)',
  NOT_SENT: 'Could not go (no provider, no address, the session had started)',
};

/** USWDS tag colours: failures stand out, the rest are quiet. */
export const STATUS_TONES: Record<MessageStatus, string> = {
  PLANNED: 'bg-primary',
  SENDING: 'bg-primary-dark',
  SENT: 'bg-green',
  DELIVERED: 'bg-green',
  FAILED: 'bg-secondary-dark',
  WITHDRAWN: 'bg-base-dark',
  NOT_SENT: 'bg-base-darker',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status as MessageStatus] ?? status;
}

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as MessageKind] ?? kind;
}

export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source as ConsentSource] ?? source;
}

/** The API's reasons in staff's words; an unknown one is shown as given, with a capital. */
const REASONS: Record<string, string> = {
  'no provider configured': 'No text message or email service is set up',
  'interrupted: may have been delivered':
    'Interrupted while being handed over: it may have been delivered',
  'no phone number that reads as a US number': 'No US phone number on the record',
  'no email address': 'No email address on the record',
  'the session had started': 'The session had already started',
};

const PROVIDER_PREFIXES: [RegExp, string][] = [
  [/^sms: /, 'Text message service: '],
  [/^email: /, 'Email service: '],
];

/** `lastError` as a sentence for staff: `consent withdrawn` → `Consent withdrawn`. */
export function reasonText(lastError: string | null | undefined): string {
  if (!lastError) return '';
  const known = REASONS[lastError];
  if (known) return known;
  for (const [prefix, words] of PROVIDER_PREFIXES)
    if (prefix.test(lastError)) return words + lastError.replace(prefix, '');
  return lastError.charAt(0).toUpperCase() + lastError.slice(1);
}

/**
 * The note beside a message: why it failed, was withdrawn or was not sent; for a planned one
 * that already failed once, that it will be tried again. Nothing for the others.
 */
export function messageNote(m: Pick<Message, 'status' | 'lastError' | 'attempts'>): string {
  const reason = reasonText(m.lastError);
  if (m.status === 'PLANNED' && reason && m.attempts > 0)
    return `Will be tried again. Last attempt: ${reason}`;
  if (['FAILED', 'WITHDRAWN', 'NOT_SENT'].includes(m.status)) return reason;
  return '';
}

/** When a message went (sent or delivered) or is to go, in Central time. */
export function messageWhen(m: Pick<Message, 'status' | 'dueAt' | 'sentAt'>): {
  label: string;
  at: string;
} {
  if ((m.status === 'SENT' || m.status === 'DELIVERED') && m.sentAt)
    return { label: 'Sent', at: formatTimestamp(m.sentAt) };
  if (m.status === 'PLANNED' || m.status === 'SENDING')
    return { label: 'Due', at: formatTimestamp(m.dueAt) };
  // Withdrawn or not sent: when it was planned for, which may still be ahead.
  if (m.status === 'WITHDRAWN' || m.status === 'NOT_SENT')
    return { label: 'Planned for', at: formatTimestamp(m.dueAt) };
  return { label: 'Was due', at: formatTimestamp(m.dueAt) };
}

/** A channel's consent as staff read it: yes or no, and how and when it was said. */
export function consentSummary(c: CurrentConsent | null | undefined): {
  answer: 'Yes' | 'No';
  detail: string;
} {
  if (!c) return { answer: 'No', detail: 'Never recorded: nothing is sent on this channel.' };
  const how = `${sourceLabel(c.source)}, ${formatTimestamp(c.at)}`;
  return c.granted
    ? { answer: 'Yes', detail: `Given: ${how}.` }
    : { answer: 'No', detail: `Withdrawn: ${how}. Nothing is sent on this channel.` };
}

/** The channels consent may be withdrawn from: those where it is given now. */
export function withdrawable(current: Consents['current'] | undefined): Channel[] {
  if (!current) return [];
  return CHANNELS.filter((ch) => current[ch]?.granted);
}

/**
 * Why consent cannot be recorded for a channel, before asking the API (which decides, and also
 * checks that a phone number reads as a US number): a text needs a phone, an email an address.
 */
export function contactMissing(
  channel: Channel,
  contact: { phone: string | null; email: string | null },
): string | undefined {
  if (channel === 'SMS' && !contact.phone?.trim())
    return 'There is no phone number on the record: text messages need one.';
  if (channel === 'EMAIL' && !contact.email?.trim())
    return 'There is no email address on the record: email needs one.';
  return undefined;
}

/** Which providers are missing, as the note on the Messages screen says it (none: undefined). */
export function providerNote(providers: {
  SMS: boolean;
  EMAIL: boolean;
}): { heading: string; text: string } | undefined {
  if (providers.SMS && providers.EMAIL) return undefined;
  if (!providers.SMS && !providers.EMAIL)
    return {
      heading: 'No provider is configured',
      text: 'No text message or email service is set up: messages are planned but not sent, and end as “Not sent”.',
    };
  const missing = providers.SMS ? 'email' : 'text message';
  return {
    heading: `No ${missing} provider is configured`,
    text: `No ${missing} service is set up: those messages are planned but not sent, and end as “Not sent”.`,
  };
}

/** The counts in status order, with their words, for the table of today's messages. */
export function countRows(
  counts: MessageCounts,
): { status: MessageStatus; label: string; count: number }[] {
  return STATUSES.map((s) => ({ status: s, label: STATUS_LABELS[s], count: counts[s] ?? 0 }));
}
