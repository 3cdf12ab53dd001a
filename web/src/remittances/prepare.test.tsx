import { screen, waitFor, within } from '@testing-library/react';
import { formatDate, formatTimestamp, toDateInput } from '../api/dates';
import {
  aPage,
  aRemittance,
  aStaffEntry,
  daysFromToday,
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  neverAnswers,
  noRows,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  summarySays,
  today,
  type Reply,
  type User,
} from '../test-kit';

const remittances = '/api/v1/remittances' as const;
const colleague = aStaffEntry({ displayName: 'Lee Okafor', roles: ['FINANCE'] });

async function openForm() {
  const page = renderRoute('/remittances/new');
  await screen.findByRole('textbox', { name: 'Period end' });
  return page;
}

const prepare = (user: User) => user.click(screen.getByRole('button', { name: 'Prepare a batch' }));

beforeEach(async () => {
  await signInAs(['FINANCE']);
  server.get('/api/v1/staff/directory', [colleague]);
});

describe('Prepare a batch', () => {
  it('starts at today and refuses a period end that is not a date or is in the future', async () => {
    const { user } = await openForm();
    const periodEnd = screen.getByRole('textbox', { name: 'Period end' });
    expect(periodEnd).toHaveValue(toDateInput(today()));
    await expectAccessible();

    await user.clear(periodEnd);
    await enter(user, periodEnd, '13/45/2026');
    await prepare(user);
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'Enter the period end as month/day/year',
    ]);
    expect(periodEnd).toBeInvalid();
    await expectAccessible();

    await user.clear(periodEnd);
    await enter(user, periodEnd, toDateInput(daysFromToday(1)));
    await prepare(user);
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The period end cannot be in the future',
    ]);
    expect(server.sent('POST', remittances)).toHaveLength(0);
  });

  it('is busy while preparing, then opens the batch to check and announces its total', async () => {
    const batch = aRemittance({ itemCount: 3, totalCents: 32_550 });
    const answer = deferred<Reply | typeof batch>();
    server
      .post(remittances, () => answer.promise)
      // The batch's page, which is not under test here.
      .get('/api/v1/remittances/{id}', () => neverAnswers());
    const { user, pathname } = await openForm();
    await prepare(user);

    const busy = await screen.findByRole('button', { name: 'Preparing…' });
    expect(busy).toBeDisabled();
    await expectAccessible();
    await server.waitForSent('POST', remittances);
    await user.click(busy);
    expect(server.sent('POST', remittances)).toHaveLength(1);
    answer.resolve(batch);
    await waitFor(() => expect(pathname()).toBe(`/remittances/${batch.id}`));
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent(
        'Batch prepared: 3 items, total $325.50. Check it before marking it sent.',
      ),
    );
    expect(server.sent('POST', remittances)[0].body).toEqual({ periodEnd: today() });
  });

  it('nothing to send: says so, and points to the draft a colleague just prepared', async () => {
    const theirs = aRemittance({ createdBy: colleague.id, itemCount: 2, periodEnd: today() });
    server
      .post(remittances, problem(422, 'NOTHING_TO_REMIT'))
      .get(remittances, (sent) =>
        sent.query.get('status') === 'DRAFT' ? aPage([theirs]) : noRows(),
      );
    const { user } = await openForm();
    await prepare(user);

    const alert = await screen.findByRole('alert', { name: 'Nothing to send' });
    await waitFor(() => expect(alert).toHaveFocus());
    expect(
      await within(alert).findByText(
        `Lee Okafor prepared a batch at ${formatTimestamp(theirs.createdAt)} with 2 items up to ${formatDate(theirs.periodEnd)}, still a draft: it probably took the payments you expected.`,
        { exact: false },
      ),
    ).toBeVisible();
    expect(within(alert).getByRole('link', { name: 'Check that batch' })).toHaveAttribute(
      'href',
      `/remittances/${theirs.id}`,
    );
    // A refusal explained in the alert is not repeated as an error.
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('two at once: says someone else prepared a batch', async () => {
    server.post(remittances, problem(409, 'CONFLICT')).get(remittances, noRows());
    const { user } = await openForm();
    await prepare(user);
    const alert = await screen.findByRole('alert', { name: 'Someone else prepared a batch' });
    expect(alert).toHaveTextContent(/the same payments cannot go into two batches/);
    expect(within(alert).queryByRole('link', { name: 'Check that batch' })).not.toBeInTheDocument();
  });

  it('a refusal of the period end is put on it; a lost answer says so, and a new press starts afresh', async () => {
    let calls = 0;
    server
      .post(remittances, () =>
        ++calls === 1
          ? problem(400, 'VALIDATION_FAILED', {
              errors: [{ field: 'periodEnd', message: 'must be a valid date' }],
            })
          : calls === 2
            ? networkFailure()
            : problem(422, 'NOTHING_TO_REMIT'),
      )
      .get(remittances, noRows());
    const { user } = await openForm();
    const periodEnd = screen.getByRole('textbox', { name: 'Period end' });
    await prepare(user);

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['Must be a valid date']);
    expect(within(summary).getByRole('link')).toHaveAttribute('href', '#period-end');
    expect(within(summary).getByText('req-400-VALIDATION_FAILED')).toBeVisible();
    expect(periodEnd).toBeInvalid();
    await expectAccessible();

    await prepare(user);
    await summarySays([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    expect(periodEnd).toHaveValue(toDateInput(today()));

    // Told there is nothing to send, the error goes; the next press takes the alert away first.
    await prepare(user);
    expect(await screen.findByRole('alert', { name: 'Nothing to send' })).toBeVisible();
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
    await user.clear(periodEnd);
    await enter(user, periodEnd, 'soon');
    await prepare(user);
    await findErrorSummary();
    expect(screen.queryByRole('alert', { name: 'Nothing to send' })).not.toBeInTheDocument();
  });
});
