import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import {
  aParticipant,
  deferred,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  noRows,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  summarySays,
  timestampIn,
  type Reply,
} from '../test-kit';

const consents = '/api/v1/participants/{id}/consents' as const;
type Consents = Schemas['ConsentsDto'];

const noConsent: Consents = { current: { SMS: null, EMAIL: null }, history: [] };
const textsAgreed: Consents = {
  current: { SMS: { source: 'VERBAL', at: timestampIn(-2), granted: true }, EMAIL: null },
  history: [],
};

function recorded(
  channel: 'SMS' | 'EMAIL',
  granted: boolean,
  source: Schemas['RecordConsentDto']['source'],
): Schemas['ConsentRecordDto'] {
  return { channel, granted, source, at: timestampIn(0), recordedBy: null };
}

/** The participant's "Contact and reminders" tab, with their consent as given. */
async function openTab(
  participant = aParticipant({ phone: '816-555-0142', email: null }),
  current: Consents = noConsent,
) {
  server
    .get('/api/v1/participants/{id}', participant)
    .get('/api/v1/enrollments', noRows())
    .get(consents, current)
    .get('/api/v1/participants/{id}/messages', noRows());
  const page = renderRoute(`/participants/${participant.id}?tab=contact`);
  await screen.findByRole('button', { name: 'Record consent' });
  return page;
}

beforeEach(async () => {
  await signInAs(['INTAKE']);
});

describe('Record consent', () => {
  it('names both missing answers, and a channel with no phone number', async () => {
    const { user } = await openTab(aParticipant({ phone: null, email: 'pat@example.org' }));
    await user.click(screen.getByRole('button', { name: 'Record consent' }));
    expect(screen.getByRole('heading', { name: 'Record consent' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Save consent' }));

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual([
      'Select which messages they agreed to',
      'Select how they gave consent',
    ]);
    expect(
      screen.getByRole('group', { name: 'How did they give consent?' }),
    ).toHaveAccessibleDescription('Select how they gave consent');
    await expectAccessible();

    await user.click(screen.getByRole('radio', { name: 'Text messages' }));
    await user.click(screen.getByRole('radio', { name: 'Said so to staff' }));
    await user.click(screen.getByRole('button', { name: 'Save consent' }));
    await user.click(
      within(
        await summarySays(['There is no phone number on the record: text messages need one.']),
      ).getByRole('link'),
    );
    expect(screen.getByRole('radio', { name: 'Text messages' })).toHaveFocus();
    expect(server.sent('POST', consents)).toHaveLength(0);
  });

  it('is busy while saving and sends once, then says what was recorded with focus', async () => {
    const answer = deferred<Reply | Schemas['ConsentRecordDto']>();
    server.post(consents, () => answer.promise);
    const { user } = await openTab();
    await user.click(screen.getByRole('button', { name: 'Record consent' }));
    await user.click(screen.getByRole('radio', { name: 'Text messages' }));
    await user.click(screen.getByRole('radio', { name: 'Signed program agreement' }));
    await user.click(screen.getByRole('button', { name: 'Save consent' }));

    const busy = await screen.findByRole('button', { name: 'Saving…' });
    expect(busy).toBeDisabled();
    await server.waitForSent('POST', consents);
    await user.click(busy);
    expect(server.sent('POST', consents)).toHaveLength(1);
    expect(server.sent('POST', consents)[0].body).toEqual({
      channel: 'SMS',
      granted: true,
      source: 'SIGNED_AGREEMENT',
    });
    await expectAccessible();

    answer.resolve(recorded('SMS', true, 'SIGNED_AGREEMENT'));
    const done =
      'Consent to text messages recorded (signed program agreement). Reminders still ahead are planned.';
    const notice = await screen.findByText(done);
    await waitFor(() => expect(notice.closest('#consent-saved')).toHaveFocus());
    await waitFor(() => expect(liveRegion()).toHaveTextContent(done));
    expect(screen.queryByRole('button', { name: 'Save consent' })).not.toBeInTheDocument();
  });

  it('a refusal about a field is put on it; a lost answer says so and keeps the answers', async () => {
    let calls = 0;
    server.post(consents, () =>
      ++calls === 1
        ? problem(400, 'VALIDATION_FAILED', {
            errors: [{ field: 'channel', message: 'no phone number that reads as a US number' }],
          })
        : networkFailure(),
    );
    const { user } = await openTab();
    await user.click(screen.getByRole('button', { name: 'Record consent' }));
    await user.click(screen.getByRole('radio', { name: 'Text messages' }));
    await user.click(screen.getByRole('radio', { name: 'Said so to staff' }));
    await user.click(screen.getByRole('button', { name: 'Save consent' }));

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['No phone number that reads as a US number']);
    expect(within(summary).getByRole('link')).toHaveAttribute('href', '#consent-channel');
    expect(within(summary).getByText('req-400-VALIDATION_FAILED')).toBeVisible();
    await expectAccessible();

    await user.click(screen.getByRole('button', { name: 'Save consent' }));
    await summarySays([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    expect(screen.getByRole('radio', { name: 'Said so to staff' })).toBeChecked();
  });

  it('Cancel puts focus back on the button that opened the form', async () => {
    const { user } = await openTab();
    await user.click(screen.getByRole('button', { name: 'Record consent' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Record consent' })).toHaveFocus(),
    );
  });
});

describe('Withdraw consent', () => {
  it('offers only the channels agreed to, chosen already when there is one, and says what stops', async () => {
    server.post(consents, recorded('SMS', false, 'WRITTEN_REQUEST'));
    const { user } = await openTab(undefined, textsAgreed);
    await user.click(screen.getByRole('button', { name: 'Withdraw consent' }));
    const channels = screen.getByRole('group', { name: 'Which messages should stop?' });
    expect(within(channels).getAllByRole('radio')).toHaveLength(1);
    expect(within(channels).getByRole('radio', { name: 'Text messages' })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Save withdrawal' }));
    expect(summaryMessages(await findErrorSummary())).toEqual(['Select how they asked to stop']);

    await user.click(screen.getByRole('radio', { name: 'Written request' }));
    await user.click(screen.getByRole('button', { name: 'Save withdrawal' }));
    expect(
      await screen.findByText(
        'Consent to text messages withdrawn. Every planned message on this channel is withdrawn.',
      ),
    ).toBeVisible();
    expect(server.sent('POST', consents)[0].body).toEqual({
      channel: 'SMS',
      granted: false,
      source: 'WRITTEN_REQUEST',
    });
  });
});
