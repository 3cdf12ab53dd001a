import { screen, waitFor } from '@testing-library/react';
import {
  aLedgerEntry,
  anEnrollment,
  deferred,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  openMoneyForm,
  problem,
  renderRoute,
  serveLedger,
  server,
  signInAs,
  summaryMessages,
  type Reply,
  type User,
} from '../test-kit';

const enrollment = anEnrollment({ participantName: 'Pat Marsh', feeCents: 40_000 });
const refunds = '/api/v1/enrollments/{id}/refunds' as const;

const ledgerWithReceived = (receivedCents: number) => serveLedger(enrollment, receivedCents);

const refund = (amountCents: number, reason: string) =>
  aLedgerEntry({
    enrollmentId: enrollment.id,
    kind: 'REFUND',
    amountCents,
    method: 'CHECK',
    reason,
  });

const openForm = () => openMoneyForm(enrollment, 'refunds');

async function fill(user: User, dollars: string) {
  await user.type(screen.getByRole('textbox', { name: 'Amount' }), dollars);
  await user.click(screen.getByRole('radio', { name: 'Check' }));
  await user.type(screen.getByRole('textbox', { name: 'Reason' }), 'Paid twice by mistake');
}

beforeEach(async () => {
  await signInAs(['FINANCE']);
  ledgerWithReceived(12_500);
});

describe('Record a refund', () => {
  it('says how much may be refunded, and names each missing answer', async () => {
    const { user } = await openForm();
    expect(screen.getByText(/may be refunded/)).toHaveTextContent(
      'Up to $125.00 may be refunded: the money received, less earlier refunds and reversed payments.',
    );
    await user.click(screen.getByRole('button', { name: 'Record refund' }));

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      expect.stringMatching(/^Enter an amount/),
      'Select how the money is paid back',
      'Enter the reason for the refund',
    ]);
    expect(screen.getByRole('textbox', { name: 'Reason' })).toBeInvalid();
    await expectAccessible();
  });

  it('refuses more than was received before sending it', async () => {
    const { user } = await openForm();
    await fill(user, '125.01');
    await user.click(screen.getByRole('button', { name: 'Record refund' }));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The amount is more than the money received, $125.00. A refund can never be more than what was paid.',
    ]);
    expect(server.sent('POST', refunds)).toHaveLength(0);
  });

  it('is busy while the refund is recorded, then confirms it with focus', async () => {
    const answer = deferred<Reply | ReturnType<typeof refund>>();
    server.post(refunds, () => answer.promise);
    const { user } = await openForm();
    await fill(user, '25');
    await user.click(screen.getByRole('button', { name: 'Record refund' }));

    const busy = await screen.findByRole('button', { name: 'Recording the refund…' });
    expect(busy).toBeDisabled();
    await expectAccessible();

    answer.resolve(refund(2_500, 'Paid twice by mistake'));
    const heading = await screen.findByRole('heading', { name: 'Refund recorded' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText('Paid twice by mistake')).toBeVisible();
    await waitFor(() => expect(liveRegion()).toHaveTextContent('Refund of $25.00 recorded.'));
    expect(server.sent('POST', refunds)[0].body).toEqual({
      amountCents: 2_500,
      method: 'CHECK',
      reason: 'Paid twice by mistake',
    });
    await expectAccessible();
  });

  it('after a lost answer, pressing again sends the same Idempotency-Key', async () => {
    let calls = 0;
    server.post(refunds, () => (++calls === 1 ? networkFailure() : refund(2_500, 'Paid twice')));
    const { user } = await openForm();
    await fill(user, '25');
    await user.click(screen.getByRole('button', { name: 'Record refund' }));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The connection was lost before the case manager answered, so this may or may not have been recorded. Press “Record refund” again: it is sent as the same submission and can never be recorded twice.',
    ]);
    await user.click(screen.getByRole('button', { name: 'Record refund' }));
    await screen.findByRole('heading', { name: 'Refund recorded' });
    const [first, again] = server.sent('POST', refunds);
    expect(again.headers.get('Idempotency-Key')).toBe(first.headers.get('Idempotency-Key'));
  });

  it('a refusal as more than received is put on Amount with the figure', async () => {
    server.post(refunds, problem(422, 'REFUND_EXCEEDS_RECEIVED'));
    const { user } = await openForm();
    await fill(user, '100');
    await user.click(screen.getByRole('button', { name: 'Record refund' }));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The amount is more than the money received of $125.00. A refund can never be more than what was paid.',
    ]);
    expect(screen.getByRole('textbox', { name: 'Amount' })).toBeInvalid();
  });

  it('offers no form when nothing was received', async () => {
    ledgerWithReceived(0);
    renderRoute(`/enrollments/${enrollment.id}/refunds/new`);
    expect(
      await screen.findByText('No money has been received, so nothing can be refunded.'),
    ).toBeVisible();
    expect(screen.queryByRole('textbox', { name: 'Amount' })).not.toBeInTheDocument();
    await expectAccessible();
  });
});
