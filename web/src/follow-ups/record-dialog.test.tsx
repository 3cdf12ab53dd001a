import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import { formatDate, toDateInput } from '../api/dates';
import {
  aFollowUp,
  anId,
  aPage,
  daysFromToday,
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  summarySays,
  timestampIn,
  today,
  type Reply,
  type User,
} from '../test-kit';

const check = aFollowUp({ participantName: 'Pat Marsh', months: 12, dueOn: daysFromToday(-15) });
const record = '/api/v1/enrollments/{id}/follow-ups' as const;

function saved(body: Schemas['RecordFollowUpDto']): Schemas['FollowUpResultDto'] {
  return {
    id: anId(),
    enrollmentId: check.enrollmentId,
    ...body,
    dueOn: check.dueOn,
    recordedBy: anId(),
    recordedAt: timestampIn(0),
  };
}

async function openDialog() {
  const page = renderRoute('/follow-ups');
  await page.user.click(
    await screen.findByRole('button', { name: 'Record result for Pat Marsh, 12-month check' }),
  );
  const dialog = screen.getByRole('dialog', { name: 'Record the 12-month check' });
  return { ...page, dialog };
}

async function answer(user: User, dialog: HTMLElement) {
  await user.click(within(dialog).getByRole('radio', { name: 'No new charge' }));
  await user.selectOptions(
    within(dialog).getByRole('combobox', { name: 'Source' }),
    'Court records search',
  );
}

const save = (user: User, dialog: HTMLElement) =>
  user.click(within(dialog).getByRole('button', { name: 'Save result' }));

beforeEach(async () => {
  await signInAs(['INTAKE']);
  server.get('/api/v1/follow-ups', aPage([check]));
});

describe('Record a follow-up result', () => {
  it('says whose check it is, and names the result and the source when missing', async () => {
    const { user, dialog } = await openDialog();
    expect(within(dialog).getByText('Pat Marsh')).toBeVisible();
    expect(within(dialog).getByText(`Due ${formatDate(check.dueOn)}`)).toBeVisible();
    expect(within(dialog).getByRole('textbox', { name: 'Checked on' })).toHaveValue(
      toDateInput(today()),
    );
    await expectAccessible();

    await save(user, dialog);
    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual([
      'Select the result of the check',
      'Select where the result comes from',
    ]);
    expect(within(dialog).getByRole('combobox', { name: 'Source' })).toBeInvalid();
    expect(server.sent('POST', record)).toHaveLength(0);
    await expectAccessible();
  });

  it('refuses a day checked before the check fell due, or in the future', async () => {
    const { user, dialog } = await openDialog();
    await answer(user, dialog);
    const checkedOn = within(dialog).getByRole('textbox', { name: 'Checked on' });
    await user.clear(checkedOn);
    await enter(user, checkedOn, toDateInput(daysFromToday(-16)));
    await save(user, dialog);
    expect(summaryMessages(await findErrorSummary())).toEqual([
      `The 12-month check fell due on ${formatDate(check.dueOn)}. Enter a day on or after it: a check made earlier does not cover the 12 months.`,
    ]);
    expect(checkedOn).toBeInvalid();

    await user.clear(checkedOn);
    await enter(user, checkedOn, toDateInput(daysFromToday(1)));
    await save(user, dialog);
    await summarySays(['The day checked cannot be in the future']);
  });

  it('is busy while saving, then closes and confirms the result', async () => {
    const answered = deferred<Reply | Schemas['FollowUpResultDto']>();
    server.post(record, () => answered.promise);
    const { user, dialog } = await openDialog();
    await answer(user, dialog);
    await save(user, dialog);

    expect(await within(dialog).findByRole('button', { name: 'Saving…' })).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toBeDisabled();
    await expectAccessible();

    const [sent] = await server.waitForSent('POST', record);
    expect(sent.params.id).toBe(check.enrollmentId);
    expect(sent.body).toEqual({
      months: 12,
      result: 'NO_NEW_CHARGE',
      source: 'COURT_RECORDS_SEARCH',
      checkedOn: today(),
    });
    // Afterwards the list is read again: the check is no longer due.
    server.get('/api/v1/follow-ups', aPage([]));
    answered.resolve(saved(sent.body));

    expect(await screen.findByRole('heading', { name: 'Result recorded' })).toBeVisible();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        `Pat Marsh, 12-month check: No new charge (court records search, checked ${formatDate(today())}). It is now under “Result recorded”.`,
      ),
    ).toBeVisible();
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent('Result recorded: No new charge, 12-month check.'),
    );
    expect(await screen.findByText('No follow-up check is due.')).toBeVisible();
    await expectAccessible();
  });

  it('a check the API says is not due yet is said on the day checked', async () => {
    server.post(
      record,
      problem(422, 'FOLLOW_UP_NOT_DUE', {
        dueOn: daysFromToday(-1),
        errors: [{ field: 'checkedOn', message: 'before the check fell due' }],
      }),
    );
    const { user, dialog } = await openDialog();
    await answer(user, dialog);
    await save(user, dialog);
    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      `The 12-month check fell due on ${formatDate(daysFromToday(-1))}. Enter a day on or after it: a check made earlier does not cover the 12 months.`,
    ]);
    await user.click(within(summary).getByRole('link'));
    expect(within(dialog).getByRole('textbox', { name: 'Checked on' })).toHaveFocus();
  });

  it('Cancel closes the dialog and gives focus back to the row', async () => {
    const { user, dialog } = await openDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Record result for Pat Marsh, 12-month check' }),
    ).toHaveFocus();
  });
});
