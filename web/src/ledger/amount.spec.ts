import { ApiError } from '../api/problem';
import { checkAmount, moneyProblem, OVER_LIMIT } from './api';

describe('the ledger amount rules (written once for the form and for the API refusal)', () => {
  it('gives the cents of an amount within the limit', () => {
    expect(checkAmount('$125.50', 'amount', 20_000, 'too much')).toEqual({ cents: 12_550 });
    expect(checkAmount('200', 'amount', 20_000, 'too much')).toEqual({ cents: 20_000 });
  });

  it('puts an amount over the limit, or not an amount, on its field', () => {
    expect(checkAmount('200.01', 'amount', 20_000, 'too much')).toEqual({
      problem: { fieldId: 'amount', message: 'too much' },
    });
    expect(checkAmount('', 'amount', 20_000, 'too much')).toEqual({
      problem: { fieldId: 'amount', message: 'Enter an amount in dollars, like 125.50' },
    });
  });

  it('says the same words for a payment over the balance whether the form or the API finds it', () => {
    const refusal = new ApiError({ status: 422, title: 'Unprocessable', code: 'OVERPAYMENT' });
    const fromApi = moneyProblem(refusal, { amountCents: 'amount' }, { balanceCents: 10_000 });
    const fromForm = checkAmount('150', 'amount', 10_000, OVER_LIMIT.payment(' of $100.00'));
    expect(fromForm).toEqual({ problem: fromApi[0] });
    expect(fromApi[0].message).toBe(
      'The amount is more than the balance of $100.00. A payment can never be more than what is owed.',
    );
  });
});
