import { screen, waitFor } from '@testing-library/react';
import type { Schemas } from '../api/client';
import {
  anEnrollment,
  anId,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  neverAnswers,
  networkFailure,
  openMoneyForm,
  problem,
  renderRoute,
  serveLedger,
  server,
  signInAs,
  summaryMessages,
  timestampIn,
  type User,
} from '../test-kit';

const enrollment = anEnrollment({ participantName: 'Pat Marsh', feeCents: 40_000 });
const waiverRequests = '/api/v1/enrollments/{id}/waiver-requests' as const;

function ledgerWithBalance(receivedCents = 0, status: typeof enrollment.status = 'ACTIVE') {
  serveLedger({ ...enrollment, status }, receivedCents);
}

function requested(body: Schemas['CreateWaiverRequestDto']): Schemas['WaiverRequestDto'] {
  return {
    id: anId(),
    enrollmentId: enrollment.id,
    ...body,
    status: 'PENDING',
    requestedBy: anId(),
    requestedAt: timestampIn(0),
  };
}

const openForm = () => openMoneyForm(enrollment, 'waiver-requests');

async function fill(user: User, dollars: string) {
  await user.type(screen.getByRole('textbox', { name: 'Amount' }), dollars);
  await user.click(screen.getByRole('radio', { name: 'Ability to pay' }));
  await user.type(screen.getByRole('textbox', { name: 'Note' }), 'Pay stubs reviewed');
}

beforeEach(async () => {
  await signInAs(['INTAKE']);
  ledgerWithBalance();
});

describe('Request a waiver', () => {
  it('names the amount, the reason and the note when none is given', async () => {
    const { user } = await openForm();
    await expectAccessible();
    await user.click(screen.getByRole('button', { name: 'Request waiver' }));

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual([
      expect.stringMatching(/^Enter an amount/),
      'Select the reason for the waiver',
      'Enter a note for the supervisor: what was reviewed and why',
    ]);
    expect(screen.getByRole('textbox', { name: 'Note' })).toBeInvalid();
    expect(server.sent('POST', waiverRequests)).toHaveLength(0);
    await expectAccessible();
  });

  it('refuses a waiver of more than the balance before sending it', async () => {
    const { user } = await openForm();
    await fill(user, '500');
    await user.click(screen.getByRole('button', { name: 'Request waiver' }));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The amount is more than the balance of $400.00. A waiver can never be more than what is owed.',
    ]);
  });

  it('is busy while the request is sent', async () => {
    server.post(waiverRequests, () => neverAnswers());
    const { user } = await openForm();
    await fill(user, '100');
    await user.click(screen.getByRole('button', { name: 'Request waiver' }));
    const busy = await screen.findByRole('button', { name: 'Sending the request…' });
    expect(busy).toBeDisabled();
    await server.waitForSent('POST', waiverRequests);
    await user.click(busy);
    expect(server.sent('POST', waiverRequests)).toHaveLength(1);
    await expectAccessible();
  });

  it('sends the request and says a supervisor decides it, with focus on the confirmation', async () => {
    server.post(waiverRequests, (sent) => requested(sent.body));
    const { user } = await openForm();
    await fill(user, '100');
    await user.click(screen.getByRole('button', { name: 'Request waiver' }));

    const heading = await screen.findByRole('heading', { name: 'Waiver requested' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText(/A supervisor other than you will approve or reject it/)).toBeVisible();
    expect(screen.getByText('Pay stubs reviewed')).toBeVisible();
    expect(server.sent('POST', waiverRequests)[0].body).toEqual({
      amountCents: 10_000,
      reason: 'ABILITY_TO_PAY',
      note: 'Pay stubs reviewed',
    });
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent(
        'Waiver of $100.00 requested. A supervisor will approve or reject it.',
      ),
    );
    await expectAccessible();
  });

  it('after a lost answer asks to press again, and the retry is the same submission', async () => {
    let calls = 0;
    server.post(waiverRequests, (sent) =>
      ++calls === 1 ? networkFailure() : requested(sent.body),
    );
    const { user } = await openForm();
    await fill(user, '100');
    await user.click(screen.getByRole('button', { name: 'Request waiver' }));

    expect(summaryMessages(await findErrorSummary())).toEqual([
      expect.stringMatching(/^The connection was lost before the case manager answered/),
    ]);
    // What was typed is kept.
    expect(screen.getByRole('textbox', { name: 'Amount' })).toHaveValue('100');
    await user.click(screen.getByRole('button', { name: 'Request waiver' }));
    await screen.findByRole('heading', { name: 'Waiver requested' });
    const [first, again] = server.sent('POST', waiverRequests);
    expect(first.headers.get('Idempotency-Key')).toBeTruthy();
    expect(again.headers.get('Idempotency-Key')).toBe(first.headers.get('Idempotency-Key'));
  });

  it('when a payment came in meanwhile, says the most that can be waived now', async () => {
    server.post(waiverRequests, problem(422, 'WAIVER_EXCEEDS_BALANCE', { maxCents: 15_000 }));
    const { user } = await openForm();
    await fill(user, '300');
    await user.click(screen.getByRole('button', { name: 'Request waiver' }));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The waiver is more than the balance now. The most that can be waived is $150.00.',
    ]);
    expect(screen.getByRole('textbox', { name: 'Amount' })).toBeInvalid();
  });

  it('offers nothing to waive when nothing is owed', async () => {
    ledgerWithBalance(40_000);
    renderRoute(`/enrollments/${enrollment.id}/waiver-requests/new`);
    expect(await screen.findByRole('heading', { name: 'Nothing can be waived' })).toBeVisible();
    expect(screen.getByText('Nothing is owed: the balance is $0.00.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Request waiver' })).not.toBeInTheDocument();
    await expectAccessible();
  });
});
