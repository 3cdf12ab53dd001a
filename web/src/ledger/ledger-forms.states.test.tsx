// States of the cash desk's forms that the browser journey (test/browser/cash-desk) checked on
// their own before: each is one screen's answer to one refusal, checked here against the fake
// API. The journey keeps the way through the desk, by keyboard, at real widths.
import { screen, within } from '@testing-library/react';
import {
  aLedger,
  anEnrollment,
  expectAccessible,
  findErrorSummary,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
} from '../test-kit';

const enrollment = anEnrollment({ participantName: 'Pat Marsh', feeCents: 40_000 });
const paymentsOf = '/api/v1/enrollments/{id}/payments' as const;
const waiversOf = '/api/v1/enrollments/{id}/waiver-requests' as const;

function ledgerWith(receivedCents: number) {
  server
    .get('/api/v1/enrollments/{id}', enrollment)
    .get('/api/v1/enrollments/{id}/ledger', aLedger(enrollment, { receivedCents }));
}

beforeEach(async () => {
  await signInAs(['FINANCE']);
});

describe('Record a payment: more than the balance', () => {
  it('by check, refused before sending with the balance and the missing check number; refused by the API after the review, on Amount, which keeps what was typed', async () => {
    // $300 of $400 received: $100 owed.
    ledgerWith(30_000);
    const { user } = renderRoute(`/enrollments/${enrollment.id}/payments/new`);
    const amount = await screen.findByRole('textbox', { name: 'Amount' });
    await user.type(amount, '100.01');
    await user.click(screen.getByRole('radio', { name: 'Check' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    const early = await findErrorSummary();
    expect(early).toHaveFocus();
    expect(summaryMessages(early).join('\n')).toContain('more than the balance of $100.00');
    expect(summaryMessages(early).join('\n')).toContain('Enter the check number');
    expect(server.sent('POST', paymentsOf)).toHaveLength(0);

    // The summary's first link, by keyboard, takes focus to Amount.
    await user.keyboard('{Tab}{Enter}');
    expect(amount).toHaveFocus();
    await user.clear(amount);
    await user.type(amount, '100');
    await user.type(screen.getByRole('textbox', { name: 'Reference' }), '1042');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { name: 'Check the payment' });

    // Another clerk takes $25 meanwhile: the API refuses it as OVERPAYMENT.
    server.post(paymentsOf, problem(422, 'OVERPAYMENT', { detail: 'more than the balance' }));
    ledgerWith(32_500);
    await user.click(screen.getByRole('button', { name: 'Confirm payment' }));
    const summary = await findErrorSummary();
    expect(summaryMessages(summary).join('\n')).toContain(
      'The amount is more than the balance of $75.00',
    );
    const back = await screen.findByRole('textbox', { name: 'Amount' });
    expect(back).toBeInvalid();
    expect(back).toHaveAccessibleDescription(expect.stringContaining('more than the balance'));
    const link = within(summary).getAllByRole('link')[0];
    expect(link).toHaveAttribute('href', '#amount');
    await expectAccessible();

    await user.click(link);
    expect(back).toHaveFocus();
    expect(back).toHaveValue('100');
  });
});

describe('Request a waiver: more than the balance when it is asked for', () => {
  it('says the most that can be waived, in the summary and on Amount', async () => {
    ledgerWith(0);
    server.post(waiversOf, problem(422, 'WAIVER_EXCEEDS_BALANCE', { maxCents: 10_000 }));
    const { user } = renderRoute(`/enrollments/${enrollment.id}/waiver-requests/new`);
    const amount = await screen.findByRole('textbox', { name: 'Amount' });
    await user.type(amount, '200');
    await user.click(screen.getByRole('radio', { name: 'Ability to pay' }));
    await user.type(screen.getByRole('textbox', { name: 'Note' }), 'Pay stubs reviewed');
    await user.click(screen.getByRole('button', { name: 'Request waiver' }));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The waiver is more than the balance now. The most that can be waived is $100.00.',
    ]);
    expect(amount).toBeInvalid();
    expect(amount).toHaveAccessibleDescription(expect.stringContaining('$100.00'));
    await expectAccessible();
  });
});
