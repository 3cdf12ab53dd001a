import { ApiError, summarize } from '../api/problem';
import {
  CONSENT_FIELDS,
  consentSummary,
  contactMissing,
  countRows,
  KIND_LABELS,
  messageNote,
  messageWhen,
  providerNote,
  reasonText,
  SOURCE_LABELS,
  STATUS_LABELS,
  statusLabel,
  withdrawable,
} from './labels';

describe('contact screens: words and rules', () => {
  it('has words for every status, kind and source of the API, none of them a bare code', () => {
    for (const labels of [STATUS_LABELS, KIND_LABELS, SOURCE_LABELS])
      for (const [code, words] of Object.entries(labels)) {
        expect(words).not.toBe(code);
        expect(words).not.toMatch(/_/);
      }
    expect(statusLabel('NOT_SENT')).toBe('Not sent');
    // A status the console does not know yet is shown as the API gives it, not hidden.
    expect(statusLabel('QUEUED')).toBe('QUEUED');
  });

  it('says a channel’s consent as yes or no, with its source and the time in Central time', () => {
    expect(
      consentSummary({ granted: true, source: 'SIGNED_AGREEMENT', at: '2026-12-05T15:05:00Z' }),
    ).toEqual({
      answer: 'Yes',
      detail: 'Given: Signed program agreement, Dec 5, 2026, 9:05 AM CST.',
    });
    expect(
      consentSummary({ granted: false, source: 'PARTICIPANT_REPLY', at: '2026-07-01T01:30:00Z' }),
    ).toEqual({
      answer: 'No',
      // 01:30 UTC on July 1 is still June 30 in Chicago (CDT).
      detail:
        'Withdrawn: Their own text reply (STOP or START), Jun 30, 2026, 8:30 PM CDT. Nothing is sent on this channel.',
    });
    expect(consentSummary(null)).toEqual({
      answer: 'No',
      detail: 'Never recorded: nothing is sent on this channel.',
    });
  });

  it('offers to withdraw only the channels with consent now', () => {
    const at = '2026-12-05T15:05:00Z';
    expect(withdrawable(undefined)).toEqual([]);
    expect(withdrawable({ SMS: null, EMAIL: null })).toEqual([]);
    expect(
      withdrawable({
        SMS: { granted: true, source: 'VERBAL', at },
        EMAIL: { granted: false, source: 'UNSUBSCRIBE', at },
      }),
    ).toEqual(['SMS']);
    expect(
      withdrawable({
        SMS: { granted: true, source: 'VERBAL', at },
        EMAIL: { granted: true, source: 'WRITTEN_REQUEST', at },
      }),
    ).toEqual(['SMS', 'EMAIL']);
  });

  it('asks for a phone before text messages and an address before email', () => {
    const none = { phone: null, email: '  ' };
    expect(contactMissing('SMS', none)).toMatch(/no phone number/);
    expect(contactMissing('EMAIL', none)).toMatch(/no email address/);
    const both = { phone: '(816) 555-0142', email: 'p@mail.example' };
    expect(contactMissing('SMS', both)).toBeUndefined();
    expect(contactMissing('EMAIL', both)).toBeUndefined();
  });

  it('puts the API’s refusals of a consent on the form’s fields', () => {
    // A phone that does not read as a US number: only the API can tell.
    const missing = new ApiError({
      status: 422,
      code: 'CONTACT_MISSING',
      detail: 'Consent to text messages needs a US phone number on the participant’s record.',
      errors: [
        {
          field: 'channel',
          message: 'the participant has no phone number that reads as a US number',
        },
      ],
    });
    expect(summarize(missing, CONSENT_FIELDS)).toEqual([
      {
        fieldId: 'consent-channel',
        message: 'The participant has no phone number that reads as a US number',
      },
    ]);
    const systemSource = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [
        { field: 'source', message: 'must be one of SIGNED_AGREEMENT, VERBAL, WRITTEN_REQUEST' },
      ],
    });
    expect(summarize(systemSource, CONSENT_FIELDS)[0].fieldId).toBe('consent-source');
  });

  it('turns the API’s reasons into sentences, keeping what a provider said', () => {
    expect(reasonText(null)).toBe('');
    expect(reasonText('consent withdrawn')).toBe('Consent withdrawn');
    expect(reasonText('no provider configured')).toBe('No text message or email service is set up');
    expect(reasonText('interrupted: may have been delivered')).toBe(
      'Interrupted while being handed over: it may have been delivered',
    );
    expect(reasonText('sms: HTTP 503 (error 20503): Service unavailable (2 attempts)')).toBe(
      'Text message service: HTTP 503 (error 20503): Service unavailable (2 attempts)',
    );
    expect(reasonText('email: SMTP 550 mailbox unavailable')).toBe(
      'Email service: SMTP 550 mailbox unavailable',
    );
  });

  it('notes why a message failed, was withdrawn or was not sent, and that a planned one is retried', () => {
    const m = (status: string, lastError: string | null, attempts = 0) =>
      messageNote({ status: status as never, lastError, attempts });
    expect(m('WITHDRAWN', 'seat removed')).toBe('Seat removed');
    expect(m('NOT_SENT', 'no provider configured')).toBe(
      'No text message or email service is set up',
    );
    expect(m('FAILED', 'sms: HTTP 400 (error 21610): the number opted out', 1)).toBe(
      'Text message service: HTTP 400 (error 21610): the number opted out',
    );
    expect(m('PLANNED', 'sms: HTTP 503', 1)).toBe(
      'Will be tried again. Last attempt: Text message service: HTTP 503',
    );
    expect(m('PLANNED', null)).toBe('');
    expect(m('SENT', null, 1)).toBe('');
  });

  it('shows when a message went, or is to go, in Central time across daylight saving', () => {
    expect(messageWhen({ status: 'PLANNED', dueAt: '2027-03-10T00:00:00Z', sentAt: null })).toEqual(
      { label: 'Due', at: 'Mar 9, 2027, 6:00 PM CST' },
    );
    expect(
      messageWhen({
        status: 'DELIVERED',
        dueAt: '2027-03-16T23:00:00Z',
        sentAt: '2027-03-16T23:00:05Z',
      }),
    ).toEqual({ label: 'Sent', at: 'Mar 16, 2027, 6:00 PM CDT' });
    expect(
      messageWhen({ status: 'WITHDRAWN', dueAt: '2027-03-16T23:00:00Z', sentAt: null }),
    ).toEqual({ label: 'Planned for', at: 'Mar 16, 2027, 6:00 PM CDT' });
    expect(messageWhen({ status: 'FAILED', dueAt: '2026-11-01T07:30:00Z', sentAt: null })).toEqual({
      label: 'Was due',
      at: 'Nov 1, 2026, 1:30 AM CST',
    });
  });

  it('says which provider is missing, and nothing when both are set up', () => {
    expect(providerNote({ SMS: true, EMAIL: true })).toBeUndefined();
    expect(providerNote({ SMS: false, EMAIL: false })?.heading).toBe('No provider is configured');
    expect(providerNote({ SMS: true, EMAIL: false })?.heading).toBe(
      'No email provider is configured',
    );
    expect(providerNote({ SMS: false, EMAIL: true })?.text).toMatch(/^No text message service/);
  });

  it('lists today’s counts in the order a message goes through, with a zero for none', () => {
    const rows = countRows({
      PLANNED: 3,
      SENDING: 0,
      SENT: 5,
      DELIVERED: 2,
      FAILED: 1,
      WITHDRAWN: 4,
      NOT_SENT: 0,
    });
    expect(rows.map((r) => `${r.label}: ${r.count}`)).toEqual([
      'Planned: 3',
      'Sending: 0',
      'Sent: 5',
      'Delivered: 2',
      'Failed: 1',
      'Withdrawn: 4',
      'Not sent: 0',
    ]);
  });
});
