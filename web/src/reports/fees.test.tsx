import { screen, waitFor } from '@testing-library/react';
import type { Schemas } from '../api/client';
import { formatDate, toDateInput } from '../api/dates';
import {
  daysFromToday,
  enter,
  expectAccessible,
  expectErrorsOn,
  findErrorSummary,
  networkFailure,
  renderRoute,
  server,
  signInAs,
  summarySays,
  type User,
} from '../test-kit';

type FeeReport = Schemas['FeeReportDto'];

const fees = '/api/v1/reports/fees' as const;
const from = daysFromToday(-30);
const to = daysFromToday(-1);

const noFigures = {
  assessedCents: 0,
  collectedCents: 0,
  waivedCents: 0,
  refundedCents: 0,
  reversedCents: 0,
  netCollectedCents: 0,
  remittedCents: 0,
  inDraftBatchCents: 0,
  pendingRemittanceCents: 0,
};

/** The API's report for the range and grouping asked: nothing happened in it. */
function answerEmpty() {
  server.get(fees, (sent): FeeReport => ({
    groupBy: sent.query.get('groupBy') as FeeReport['groupBy'],
    from: sent.query.get('from')!,
    to: sent.query.get('to')!,
    rows: [],
    totals: noFigures,
  }));
}

async function openReport(url = `/reports/fees?from=${from}&to=${to}`) {
  const page = renderRoute(url);
  await screen.findByRole('heading', { level: 1, name: 'Fees report' });
  return page;
}

const show = (user: User) => user.click(screen.getByRole('button', { name: 'Show report' }));

beforeEach(async () => {
  await signInAs(['FINANCE']);
});

describe('The fees report’s filters', () => {
  it('a range with nothing in it says so, with totals of zero that reconcile', async () => {
    answerEmpty();
    await openReport();
    expect(
      await screen.findByText(
        'No money was assessed, collected, waived, refunded or reversed in these dates.',
      ),
    ).toBeVisible();
    expect(
      screen.getByRole('heading', {
        name: `Fees from ${formatDate(from)} to ${formatDate(to)}, by month`,
      }),
    ).toBeVisible();
    expect(screen.getByText(/The figures reconcile\./)).toBeVisible();
    await expectAccessible();
  });

  it('both days are needed, real, and in order: each named on its field, and nothing is asked', async () => {
    answerEmpty();
    const { user, router } = await openReport();
    await screen.findByText(/No money was assessed/);
    server.forgetSent();
    const first = screen.getByRole('textbox', { name: 'From' });
    const last = screen.getByRole('textbox', { name: 'To' });
    expect(first).toHaveValue(toDateInput(from));

    await user.clear(first);
    await user.clear(last);
    await enter(user, last, '04/31/2026');
    await show(user);
    expectErrorsOn(await findErrorSummary(), [
      ['fees-from', 'Enter the first day as month/day/year'],
      ['fees-to', 'Enter the last day as month/day/year'],
    ]);
    await expectAccessible();

    await user.clear(last);
    await enter(user, first, toDateInput(daysFromToday(-2)));
    await enter(user, last, toDateInput(daysFromToday(-9)));
    await show(user);
    await summarySays(['The last day must be on or after the first day']);
    expect(first).toBeValid();
    expect(last).toBeInvalid();
    expect(router.state.location.search).toEqual({ from, to });
    expect(server.sent('GET', fees)).toHaveLength(0);
  });

  it('the range and grouping chosen go into the address and the report asked', async () => {
    answerEmpty();
    const { user, router } = await openReport();
    await screen.findByText(/No money was assessed/);
    const first = screen.getByRole('textbox', { name: 'From' });
    const last = screen.getByRole('textbox', { name: 'To' });
    await user.clear(first);
    await enter(user, first, toDateInput(daysFromToday(-60)));
    await user.clear(last);
    await enter(user, last, toDateInput(daysFromToday(-60)));
    await user.click(screen.getByRole('radio', { name: 'Payment method' }));
    server.forgetSent();
    await show(user);

    const wanted = { from: daysFromToday(-60), to: daysFromToday(-60), groupBy: 'method' };
    await waitFor(() => expect(router.state.location.search).toEqual(wanted));
    const [sent] = await server.waitForSent('GET', fees);
    expect(Object.fromEntries(sent.query)).toEqual(wanted);
    expect(
      await screen.findByRole('heading', {
        name: `Fees from ${formatDate(wanted.from)} to ${formatDate(wanted.to)}, by payment method`,
      }),
    ).toBeVisible();
    expect(screen.getByRole('radio', { name: 'Payment method' })).toBeChecked();
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
  });

  it('a report that does not come back says so', async () => {
    server.get(fees, networkFailure());
    await openReport();
    const failed = await screen.findByRole('heading', { name: 'Could not load the fees report' });
    expect(failed.parentElement).toHaveTextContent(
      'The case manager could not be reached. Check the connection and try again.',
    );
    expect(screen.getByRole('button', { name: 'Show report' })).toBeEnabled();
  });
});
