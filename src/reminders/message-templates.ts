import { calendarDayText, chicagoAppointmentText, chicagoDayText } from '../common/chicago-time';
import { forbiddenWordIn } from './neutral-words';

/**
 * The words of every message, in one place (README "Reminders" quotes them). Neutral on purpose:
 * an appointment, a date, a place and the office's phone, never the program, the offense, the
 * court or an amount (neutral-words.ts; message-templates.spec.ts checks every kind).
 */
export const MESSAGE_KINDS = [
  'SESSION_REMINDER_7D',
  'SESSION_REMINDER_1D',
  'SESSION_CHANGED',
  'MISSED_SESSION',
  'PAYMENT_REMINDER',
  'DEADLINE_REMINDER',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const CHANNELS = ['SMS', 'EMAIL'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface TemplateSettings {
  /** MESSAGE_SENDER_NAME */
  senderName: string;
  /** OFFICE_PHONE, when set */
  officePhone?: string;
}

/** What a message may say: times and places, never who or why. */
export interface MessageFacts {
  kind: MessageKind;
  channel: Channel;
  /** The session's start (session kinds). */
  startsAt?: Date;
  /** The session's location (session kinds). */
  location?: string;
  /** SESSION_CHANGED: the session was cancelled rather than moved. */
  cancelled?: boolean;
  /** PAYMENT_REMINDER, DEADLINE_REMINDER: the enrollment's deadline (YYYY-MM-DD). */
  deadline?: string;
  /** EMAIL: the one-click unsubscribe link. */
  unsubscribeUrl?: string;
}

export interface RenderedMessage {
  /** EMAIL only. */
  subject?: string;
  text: string;
}

/** The sentence of each kind, the same for texts and emails. */
function sentence(f: MessageFacts): { subject: string; text: string } {
  const when = () => chicagoAppointmentText(required(f.startsAt, 'startsAt'));
  const where = () => required(f.location, 'location');
  switch (f.kind) {
    case 'SESSION_REMINDER_7D':
    case 'SESSION_REMINDER_1D':
      return {
        subject: 'Appointment reminder',
        text: `Reminder: your appointment is ${when()} at ${where()}.`,
      };
    case 'SESSION_CHANGED':
      return f.cancelled
        ? {
            subject: 'Your appointment is cancelled',
            text: `Your appointment on ${when()} is cancelled. We will contact you about a new date.`,
          }
        : {
            subject: 'Your appointment has changed',
            text: `Your appointment has changed: it is now ${when()} at ${where()}.`,
          };
    case 'MISSED_SESSION':
      return {
        subject: 'We missed you',
        text: `We missed you at your appointment on ${chicagoDayText(required(f.startsAt, 'startsAt'))}. Please contact us to arrange the next one.`,
      };
    case 'PAYMENT_REMINDER':
      return {
        subject: 'Reminder',
        text: `Reminder: please settle your account with us by ${calendarDayText(required(f.deadline, 'deadline'))}.`,
      };
    case 'DEADLINE_REMINDER':
      return {
        subject: 'Reminder',
        text: `Reminder: your remaining appointments must be completed by ${calendarDayText(required(f.deadline, 'deadline'))}.`,
      };
  }
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === null)
    throw new Error(`a message of this kind needs ${name}`);
  return value;
}

/**
 * The message as sent. A text: "{sender}: {sentence} Questions: {phone}. Reply STOP to end
 * texts." An email: the sentence, the phone, the sender, and how to stop these emails.
 */
export function renderMessage(f: MessageFacts, s: TemplateSettings): RenderedMessage {
  const { subject, text } = sentence(f);
  const questions = s.officePhone ? ` Questions: ${s.officePhone}.` : '';
  if (f.channel === 'SMS') {
    return { text: `${s.senderName}: ${text}${questions} Reply STOP to end texts.` };
  }
  const unsubscribe = required(f.unsubscribeUrl, 'unsubscribeUrl');
  return {
    subject,
    text: [
      `${text}${questions}`,
      '',
      s.senderName,
      '',
      `To stop these emails: ${unsubscribe}`,
      '',
    ].join('\n'),
  };
}

/** The answer to a HELP text. */
export const helpReply = (s: TemplateSettings): string =>
  `${s.senderName}: appointment reminders.${s.officePhone ? ` Questions: ${s.officePhone}.` : ''} Reply STOP to end texts.`;

/** The answer to START or UNSTOP. */
export const restartReply = (s: TemplateSettings): string =>
  `${s.senderName}: you will get reminder texts again. Reply STOP to end texts.`;

/**
 * The forbidden word a rendered message would carry (from a session's location typed by staff,
 * say), checked again before anything is handed to a provider. The unsubscribe link is left out:
 * its token is random text.
 */
export function forbiddenWordInMessage(
  m: RenderedMessage,
  unsubscribeUrl?: string,
): string | undefined {
  const text = unsubscribeUrl ? m.text.split(unsubscribeUrl).join('') : m.text;
  return forbiddenWordIn(`${m.subject ?? ''}\n${text}`);
}
