import { screen, waitFor, within } from '@testing-library/react';
import { formatDate, toDateInput } from '../api/dates';
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
  summaryRows,
  today,
  type Reply,
  type User,
} from '../test-kit';

const enrollment = anEnrollment({ participantName: 'Pat Marsh', feeCents: 40_000 });
const paymentsOf = '/api/v1/enrollments/{id}/payments' as const;

const openLedger = (receivedCents = 0) => serveLedger(enrollment, receivedCents);

function receiptFor(amountCents: number, receiptNumber = `R-${today().slice(0, 4)}-000042`) {
  return aLedgerEntry({
    enrollmentId: enrollment.id,
    kind: 'PAYMENT',
    amountCents,
    method: 'CASH',
    receivedOn: today(),
    receiptNumber,
  });
}

const openForm = () => openMoneyForm(enrollment, 'payments');

/** Fills the form with a cash payment of `dollars` and goes to the review step. */
async function reviewCash(user: User, dollars: string) {
  await user.type(screen.getByRole('textbox', { name: 'Amount' }), dollars);
  await user.click(screen.getByRole('radio', { name: 'Cash' }));
  await user.click(screen.getByRole('button', { name: 'Continue' }));
  return screen.findByRole('heading', { name: 'Check the payment' });
}

beforeEach(async () => {
  await signInAs(['FINANCE']);
  openLedger();
});

describe('Record a payment', () => {
  it('shows whose ledger it is and the form, accessible', async () => {
    await openForm();
    expect(screen.getByRole('heading', { level: 1, name: 'Record a payment' })).toBeVisible();
    expect(screen.getByText('Pat Marsh')).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Amount' })).toHaveAccessibleDescription(
      'In dollars and cents. At most the balance, $400.00.',
    );
    expect(screen.getByRole('textbox', { name: 'Received on' })).toHaveValue(toDateInput(today()));
    await expectAccessible();
  });

  it('names each missing answer in the error summary, linked to its field', async () => {
    const { user } = await openForm();
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual([
      expect.stringMatching(/^Enter an amount/),
      'Select how it was paid',
    ]);
    // Each message is on its field too, and the field says it is invalid.
    const amount = screen.getByRole('textbox', { name: 'Amount' });
    expect(amount).toBeInvalid();
    expect(amount).toHaveAccessibleDescription(expect.stringMatching(/Enter an amount/));
    await user.click(within(summary).getByRole('link', { name: 'Select how it was paid' }));
    expect(screen.getByRole('radio', { name: 'Cash' })).toHaveFocus();
    expect(server.sent('POST', paymentsOf)).toHaveLength(0);
    await expectAccessible();
  });

  it('refuses more than the balance, and a check without its number', async () => {
    const { user } = await openForm();
    await user.type(screen.getByRole('textbox', { name: 'Amount' }), '400.01');
    await user.click(screen.getByRole('radio', { name: 'Check' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The amount is more than the balance of $400.00. A payment can never be more than what is owed.',
      'Enter the check number',
    ]);
    expect(screen.getByRole('textbox', { name: 'Reference' })).toBeInvalid();
  });

  it('shows the review with the balance before and after, and Change goes back to the form', async () => {
    const { user } = await openForm();
    const heading = await reviewCash(user, '125.50');
    await waitFor(() => expect(heading).toHaveFocus());
    expect(summaryRows()).toEqual([
      'Participant: Pat Marsh',
      'Amount: $125.50',
      'Method: Cash',
      `Received on: ${formatDate(today())}`,
      'Balance before: $400.00',
      'Balance after: $274.50',
    ]);
    await expectAccessible();

    await user.click(screen.getByRole('button', { name: 'Change the payment' }));
    expect(await screen.findByRole('textbox', { name: 'Amount' })).toHaveValue('125.50');
    expect(server.sent('POST', paymentsOf)).toHaveLength(0);
  });

  it('is busy while the payment is recorded: one press, the button disabled and saying so', async () => {
    const answer = deferred<Reply | ReturnType<typeof receiptFor>>();
    server.post(paymentsOf, () => answer.promise);
    const { user } = await openForm();
    await reviewCash(user, '125.50');

    await user.click(screen.getByRole('button', { name: 'Confirm payment' }));
    const busy = await screen.findByRole('button', { name: 'Recording the payment…' });
    expect(busy).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Change the payment' })).toBeDisabled();
    await server.waitForSent('POST', paymentsOf);
    await user.click(busy);
    expect(server.sent('POST', paymentsOf)).toHaveLength(1);
    await expectAccessible();

    answer.resolve(receiptFor(12_550));
    expect(await screen.findByRole('heading', { name: 'Payment recorded' })).toBeVisible();
  });

  it('records the payment: the receipt takes focus, its number is announced, the balance is shown', async () => {
    server.post(paymentsOf, (sent) => receiptFor(sent.body.amountCents));
    const { user } = await openForm();
    await reviewCash(user, '125.50');
    openLedger(12_550);
    await user.click(screen.getByRole('button', { name: 'Confirm payment' }));

    const heading = await screen.findByRole('heading', { name: 'Payment recorded' });
    await waitFor(() => expect(heading).toHaveFocus());
    const receipt = `R-${today().slice(0, 4)}-000042`;
    expect(screen.getByText(receipt)).toBeVisible();
    expect(summaryRows()).toContain('Balance now: $274.50');
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent(
        `Payment of $125.50 recorded. Receipt number ${receipt}.`,
      ),
    );
    const [sent] = server.sent('POST', paymentsOf);
    expect(sent.params.id).toBe(enrollment.id);
    expect(sent.body).toEqual({ amountCents: 12_550, method: 'CASH', receivedOn: today() });
    expect(sent.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(screen.getByRole('button', { name: 'Record another payment' })).toBeVisible();
    await expectAccessible();
  });

  it('after a lost answer says so, keeps the review, and a retry sends the same Idempotency-Key', async () => {
    let calls = 0;
    server.post(paymentsOf, (sent) => {
      calls += 1;
      return calls === 1 ? networkFailure() : receiptFor(sent.body.amountCents);
    });
    const { user } = await openForm();
    await reviewCash(user, '60');
    await user.click(screen.getByRole('button', { name: 'Confirm payment' }));

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      'The connection was lost before the case manager answered, so this may or may not have been recorded. Press “Confirm payment” again: it is sent as the same submission and can never be recorded twice.',
    ]);
    // The review stays; changing the payment now could pay twice, so it is not offered.
    expect(screen.getByRole('heading', { name: 'Check the payment' })).toBeVisible();
    expect(summaryRows()).toContain('Amount: $60.00');
    expect(screen.queryByRole('button', { name: 'Change the payment' })).not.toBeInTheDocument();
    await expectAccessible();

    await user.click(screen.getByRole('button', { name: 'Confirm payment' }));
    expect(await screen.findByRole('heading', { name: 'Payment recorded' })).toBeVisible();
    const [first, again] = server.sent('POST', paymentsOf);
    expect(again.headers.get('Idempotency-Key')).toBe(first.headers.get('Idempotency-Key'));
    expect(again.body).toEqual(first.body);
  });

  it('after a server failure asks to press again, and the retry reuses the key', async () => {
    let calls = 0;
    server.post(paymentsOf, (sent) =>
      ++calls === 1 ? problem(503, 'SERVICE_UNAVAILABLE') : receiptFor(sent.body.amountCents),
    );
    const { user } = await openForm();
    await reviewCash(user, '60');
    await user.click(screen.getByRole('button', { name: 'Confirm payment' }));

    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not finish this. Press “Confirm payment” again: it is sent as the same submission and can never be recorded twice. If it happens again, call support.',
    ]);
    expect(screen.queryByRole('button', { name: 'Change the payment' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Confirm payment' }));
    await screen.findByRole('heading', { name: 'Payment recorded' });
    const [first, again] = server.sent('POST', paymentsOf);
    expect(again.headers.get('Idempotency-Key')).toBe(first.headers.get('Idempotency-Key'));
  });

  it('a new payment after a recorded one gets a new Idempotency-Key', async () => {
    server.post(paymentsOf, (sent) => receiptFor(sent.body.amountCents));
    const { user } = await openForm();
    await reviewCash(user, '60');
    await user.click(screen.getByRole('button', { name: 'Confirm payment' }));
    await user.click(await screen.findByRole('button', { name: 'Record another payment' }));
    await reviewCash(user, '60');
    await user.click(screen.getByRole('button', { name: 'Confirm payment' }));
    await screen.findByRole('heading', { name: 'Payment recorded' });

    const [first, second] = server.sent('POST', paymentsOf);
    expect(second.headers.get('Idempotency-Key')).not.toBe(first.headers.get('Idempotency-Key'));
  });

  it('an overpayment refused by the API goes back to the form, on Amount, with the balance now', async () => {
    server.post(paymentsOf, problem(422, 'OVERPAYMENT', { detail: 'more than the balance' }));
    const { user } = await openForm();
    await reviewCash(user, '300');
    // Someone else recorded $150 meanwhile.
    openLedger(15_000);
    await user.click(screen.getByRole('button', { name: 'Confirm payment' }));

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      'The amount is more than the balance of $250.00. A payment can never be more than what is owed.',
    ]);
    expect(within(summary).getByText(/give them this reference/)).toHaveTextContent(
      'req-422-OVERPAYMENT',
    );
    expect(await screen.findByRole('textbox', { name: 'Amount' })).toBeInvalid();
  });

  it('on a closed enrollment says no payment can be recorded, with no form', async () => {
    server.get('/api/v1/enrollments/{id}', { ...enrollment, status: 'COMPLETED' });
    renderRoute(`/enrollments/${enrollment.id}/payments/new`);
    expect(await screen.findByRole('heading', { name: 'This enrollment is closed' })).toBeVisible();
    expect(screen.queryByRole('textbox', { name: 'Amount' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the ledger' })).toBeVisible();
  });

  it('is not offered to a role that may not record payments', async () => {
    await signInAs(['INTAKE']);
    renderRoute(`/enrollments/${enrollment.id}/payments/new`);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You cannot use this page' }),
    ).toBeVisible();
    expect(screen.getByText(/needs the role Finance/)).toBeVisible();
  });
});
