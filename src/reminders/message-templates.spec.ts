import { chicagoInstant } from '../common/chicago-time';
import {
  CHANNELS,
  forbiddenWordInMessage,
  helpReply,
  MESSAGE_KINDS,
  MessageFacts,
  renderMessage,
  restartReply,
} from './message-templates';
import { FORBIDDEN_WORDS, forbiddenWordIn, neutralWordingProblem } from './neutral-words';

const settings = { senderName: 'KC Appointments', officePhone: '(816) 555-0100' };
const UNSUBSCRIBE = 'https://cases.example.org/unsubscribe?token=abc.def';

const facts = (kind: MessageFacts['kind'], channel: MessageFacts['channel']): MessageFacts => ({
  kind,
  channel,
  startsAt: chicagoInstant('2026-12-08', '18:00'),
  location: '1201 Main St, Room 4',
  deadline: '2027-06-07',
  unsubscribeUrl: UNSUBSCRIBE,
});

describe('message templates', () => {
  const every = MESSAGE_KINDS.flatMap((kind) =>
    CHANNELS.flatMap((channel) => [
      { kind, channel, cancelled: false },
      ...(kind === 'SESSION_CHANGED' ? [{ kind, channel, cancelled: true }] : []),
    ]),
  );

  it.each(every)(
    '$kind by $channel (cancelled: $cancelled) names no program, offense, court or amount',
    ({ kind, channel, cancelled }) => {
      const m = renderMessage({ ...facts(kind, channel), cancelled }, settings);
      const all = `${m.subject ?? ''}\n${m.text.replace(UNSUBSCRIBE, '')}`;
      for (const word of FORBIDDEN_WORDS) {
        expect({ word, found: new RegExp(`\\b${word}\\b`, 'i').test(all) }).toEqual({
          word,
          found: false,
        });
      }
      expect(all).not.toMatch(/\$|\d+\.\d\d\b/);
      expect(forbiddenWordInMessage(m, UNSUBSCRIBE)).toBeUndefined();
      expect(all).toContain('(816) 555-0100');
    },
  );

  it('says a session reminder as PRODUCT.md does', () => {
    expect(renderMessage(facts('SESSION_REMINDER_7D', 'SMS'), settings).text).toBe(
      'KC Appointments: Reminder: your appointment is Tue, Dec 8 at 6:00 PM at 1201 Main St, Room 4. Questions: (816) 555-0100. Reply STOP to end texts.',
    );
    expect(renderMessage(facts('SESSION_REMINDER_1D', 'SMS'), settings).text).toBe(
      'KC Appointments: Reminder: your appointment is Tue, Dec 8 at 6:00 PM at 1201 Main St, Room 4. Questions: (816) 555-0100. Reply STOP to end texts.',
    );
  });

  it('words each kind exactly as the README quotes it', () => {
    const sms = (kind: MessageFacts['kind'], extra: Partial<MessageFacts> = {}) =>
      renderMessage({ ...facts(kind, 'SMS'), ...extra }, settings).text;
    expect(sms('SESSION_CHANGED')).toBe(
      'KC Appointments: Your appointment has changed: it is now Tue, Dec 8 at 6:00 PM at 1201 Main St, Room 4. Questions: (816) 555-0100. Reply STOP to end texts.',
    );
    expect(sms('SESSION_CHANGED', { cancelled: true })).toBe(
      'KC Appointments: Your appointment on Tue, Dec 8 at 6:00 PM is cancelled. We will contact you about a new date. Questions: (816) 555-0100. Reply STOP to end texts.',
    );
    expect(sms('MISSED_SESSION')).toBe(
      'KC Appointments: We missed you at your appointment on Tue, Dec 8. Please contact us to arrange the next one. Questions: (816) 555-0100. Reply STOP to end texts.',
    );
    expect(sms('PAYMENT_REMINDER')).toBe(
      'KC Appointments: Reminder: please settle your account with us by Mon, Jun 7. Questions: (816) 555-0100. Reply STOP to end texts.',
    );
    expect(sms('DEADLINE_REMINDER')).toBe(
      'KC Appointments: Reminder: your remaining appointments must be completed by Mon, Jun 7. Questions: (816) 555-0100. Reply STOP to end texts.',
    );
    const email = renderMessage(facts('SESSION_REMINDER_7D', 'EMAIL'), settings);
    expect(email).toEqual({
      subject: 'Appointment reminder',
      text:
        'Reminder: your appointment is Tue, Dec 8 at 6:00 PM at 1201 Main St, Room 4. Questions: (816) 555-0100.\n' +
        '\nKC Appointments\n' +
        `\nTo stop these emails: ${UNSUBSCRIBE}\n`,
    });
    expect(helpReply(settings)).toBe(
      'KC Appointments: appointment reminders. Questions: (816) 555-0100. Reply STOP to end texts.',
    );
    expect(restartReply(settings)).toBe(
      'KC Appointments: you will get reminder texts again. Reply STOP to end texts.',
    );
  });

  it('leaves the phone out when none is set', () => {
    expect(
      renderMessage(facts('SESSION_REMINDER_1D', 'SMS'), { senderName: 'Reminders' }).text,
    ).toBe(
      'Reminders: Reminder: your appointment is Tue, Dec 8 at 6:00 PM at 1201 Main St, Room 4. Reply STOP to end texts.',
    );
  });

  it('catches a forbidden word that staff typed into a location', () => {
    const m = renderMessage(
      { ...facts('SESSION_REMINDER_1D', 'SMS'), location: 'Municipal Court, Room 4' },
      settings,
    );
    expect(forbiddenWordInMessage(m)).toBe('Court');
  });
});

describe('the list of words that must never appear', () => {
  it('matches whole words in any case, and money signs', () => {
    expect(forbiddenWordIn('The OAR Program')).toBe('OAR');
    expect(forbiddenWordIn('Johnz School')).toBe('Johnz');
    expect(forbiddenWordIn('pay $40')).toBe('$');
    expect(forbiddenWordIn('boardroom, 2nd floor')).toBeUndefined();
    expect(forbiddenWordIn('KC Appointments')).toBeUndefined();
    expect(neutralWordingProblem('Diversion Office')).toMatch(/must not name "Diversion"/);
  });
});
