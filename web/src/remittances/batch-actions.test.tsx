import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import { formatDate, toDateInput } from '../api/dates';
import {
  aRemittance,
  aStaffEntry,
  daysFromToday,
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  noContent,
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

type Detail = Schemas['RemittanceDetailDto'];

const batchPath = '/api/v1/remittances/{id}' as const;
const sendPath = '/api/v1/remittances/{id}/send' as const;
const voidPath = '/api/v1/remittances/{id}/void' as const;

/** A draft batch of three payments, $325.50 in all (its items are not under test here). */
function aDraft(over: Partial<Detail> = {}): Detail {
  return {
    ...aRemittance({ itemCount: 3, totalCents: 32_550 }),
    items: [],
    ...over,
  };
}

async function openBatch(batch: Detail) {
  server.get(batchPath, batch);
  const page = renderRoute(`/remittances/${batch.id}`);
  await screen.findByRole('heading', { level: 1, name: /Remittance batch up to/ });
  return page;
}

async function openMarkAsSent(user: User) {
  await user.click(screen.getByRole('button', { name: 'Mark as sent' }));
  return screen.getByRole('dialog', { name: 'Mark the batch as sent' });
}

async function fillAndContinue(user: User, dialog: HTMLElement, reference = 'ACH-2026-11-0042') {
  await enter(user, within(dialog).getByRole('textbox', { name: 'Transfer reference' }), reference);
  await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
  return within(dialog).findByRole('heading', { name: 'Check before you mark it sent' });
}

beforeEach(() => {
  server.get('/api/v1/staff/directory', [aStaffEntry({ roles: ['FINANCE'] })]);
});

describe('Mark a batch as sent', () => {
  beforeEach(async () => {
    await signInAs(['FINANCE']);
  });

  it('asks for the reference and a real, past day, on their fields, and sends nothing', async () => {
    const { user } = await openBatch(aDraft());
    const dialog = await openMarkAsSent(user);
    expect(
      within(dialog).getByText(/Record the transfer of \$325\.50 to Veronica’s Voice/),
    ).toBeVisible();
    const sentOn = within(dialog).getByRole('textbox', { name: 'Sent on' });
    expect(sentOn).toHaveValue(toDateInput(today()));
    await expectAccessible();

    await user.clear(sentOn);
    await enter(user, sentOn, '13/45/2026');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual([
      "Enter the bank's reference for the transfer",
      'Enter the day the transfer was made as month/day/year',
    ]);
    expect(within(dialog).getByRole('textbox', { name: 'Transfer reference' })).toBeInvalid();
    expect(sentOn).toBeInvalid();
    await expectAccessible();

    await user.clear(sentOn);
    await enter(user, sentOn, toDateInput(daysFromToday(1)));
    await enter(
      user,
      within(dialog).getByRole('textbox', { name: 'Transfer reference' }),
      'R'.repeat(101),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await summarySays([
      'Enter a reference of at most 100 characters',
      'The transfer day cannot be in the future',
    ]);
    expect(server.sent('POST', sendPath)).toHaveLength(0);
  });

  it('reviews before sending; Back keeps what was typed; Cancel and Escape close it, focus back on the button', async () => {
    const { user } = await openBatch(aDraft());
    const dialog = await openMarkAsSent(user);
    const heading = await fillAndContinue(user, dialog);
    await waitFor(() => expect(heading).toHaveFocus());
    const rows = within(dialog)
      .getAllByRole('term')
      .map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`);
    expect(rows).toEqual([
      'To: Veronica’s Voice',
      'Total: $325.50',
      'Items: 3',
      'Transfer reference: ACH-2026-11-0042',
      `Sent on: ${formatDate(today())}`,
    ]);
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    expect(within(dialog).getByRole('textbox', { name: 'Transfer reference' })).toHaveValue(
      'ACH-2026-11-0042',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Mark as sent' })).toHaveFocus());

    await openMarkAsSent(user);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(server.sent('POST', sendPath)).toHaveLength(0);
  });

  it('is busy while marking, sends once, then says so and shows the batch as sent', async () => {
    const batch = aDraft();
    const answer = deferred<Reply>();
    server.post(sendPath, () => answer.promise);
    const { user } = await openBatch(batch);
    const dialog = await openMarkAsSent(user);
    await fillAndContinue(user, dialog, '  ACH-2026-11-0042 ');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm: mark as sent' }));

    const busy = await within(dialog).findByRole('button', { name: 'Marking as sent…' });
    expect(busy).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: 'Back' })).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'Mark the batch as sent' })).toBeVisible();
    await server.waitForSent('POST', sendPath);
    await user.click(busy);
    const sent = server.sent('POST', sendPath);
    expect(sent).toHaveLength(1);
    expect(sent[0].params).toEqual({ id: batch.id });
    expect(sent[0].body).toEqual({ transferReference: 'ACH-2026-11-0042', sentOn: today() });

    server.get(batchPath, {
      ...batch,
      status: 'SENT',
      transferReference: 'ACH-2026-11-0042',
      sentOn: today(),
      sentAt: new Date().toISOString(),
      sentBy: batch.createdBy,
    });
    answer.resolve(noContent());
    const done = await screen.findByRole('heading', {
      name: 'Batch marked as sent, reference ACH-2026-11-0042.',
    });
    await waitFor(() => expect(done.closest('[tabindex="-1"]')).toHaveFocus());
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent('Batch marked as sent, reference ACH-2026-11-0042.'),
    );
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Mark as sent' })).not.toBeInTheDocument(),
    );
    expect(screen.queryByRole('button', { name: 'Void' })).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('a refusal naming the reference goes back to it; a batch no longer a draft and a lost answer are said in words', async () => {
    let calls = 0;
    server.post(sendPath, () =>
      ++calls === 1
        ? problem(400, 'VALIDATION_FAILED', {
            errors: [{ field: 'transferReference', message: 'must not be blank' }],
          })
        : calls === 2
          ? networkFailure()
          : problem(409, 'BATCH_NOT_DRAFT'),
    );
    const { user } = await openBatch(aDraft());
    const dialog = await openMarkAsSent(user);
    await fillAndContinue(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm: mark as sent' }));

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['Must not be blank']);
    expect(within(summary).getByRole('link')).toHaveAttribute('href', '#transfer-reference');
    expect(within(summary).getByText('req-400-VALIDATION_FAILED')).toBeVisible();
    const reference = within(dialog).getByRole('textbox', { name: 'Transfer reference' });
    expect(reference).toBeInvalid();
    expect(reference).toHaveValue('ACH-2026-11-0042');
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Confirm: mark as sent' }));
    await summarySays([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    // Still on the review, to confirm again.
    await user.click(within(dialog).getByRole('button', { name: 'Confirm: mark as sent' }));
    await summarySays([
      'This batch is no longer a draft: someone else marked it as sent or voided it in the meantime. Close this and look at the batch again.',
    ]);
    expect(screen.queryByRole('heading', { name: /Batch marked as sent/ })).not.toBeInTheDocument();
  });
});

describe('Void a batch', () => {
  it('a supervisor may void but not mark as sent; a reason is required', async () => {
    await signInAs(['SUPERVISOR']);
    const { user } = await openBatch(aDraft());
    expect(screen.queryByRole('button', { name: 'Mark as sent' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Void' }));
    const dialog = screen.getByRole('dialog', { name: 'Void the batch' });
    expect(
      within(dialog).getByText(
        'Voiding releases its 3 items ($325.50) for the next batch. Nothing is sent. The voided batch stays on the list.',
      ),
    ).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Void batch' }));
    expect(summaryMessages(await findErrorSummary())).toEqual(['Enter why the batch is voided']);
    expect(within(dialog).getByRole('textbox', { name: 'Reason' })).toBeInvalid();
    expect(server.sent('POST', voidPath)).toHaveLength(0);
    await expectAccessible();

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Void' })).toHaveFocus());
  });

  it('voids once with the reason, then says its payments wait for the next batch', async () => {
    await signInAs(['FINANCE']);
    const batch = aDraft();
    const answer = deferred<Reply>();
    server.post(voidPath, () => answer.promise);
    const { user } = await openBatch(batch);
    await user.click(screen.getByRole('button', { name: 'Void' }));
    const dialog = screen.getByRole('dialog', { name: 'Void the batch' });
    await enter(
      user,
      within(dialog).getByRole('textbox', { name: 'Reason' }),
      ' Period end entered wrongly ',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Void batch' }));

    const busy = await within(dialog).findByRole('button', { name: 'Voiding…' });
    expect(busy).toBeDisabled();
    await server.waitForSent('POST', voidPath);
    await user.click(busy);
    expect(server.sent('POST', voidPath)).toHaveLength(1);
    expect(server.sent('POST', voidPath)[0].body).toEqual({ reason: 'Period end entered wrongly' });

    server.get(batchPath, {
      ...batch,
      status: 'VOIDED',
      voidedAt: new Date().toISOString(),
      voidedBy: batch.createdBy,
      voidReason: 'Period end entered wrongly',
    });
    answer.resolve(noContent());
    expect(
      await screen.findByRole('heading', {
        name: 'Batch voided. Its payments are waiting for the next batch.',
      }),
    ).toBeVisible();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Void' })).not.toBeInTheDocument(),
    );
  });

  it('a batch no longer a draft: the refusal is said in the dialog, the reason kept', async () => {
    await signInAs(['FINANCE']);
    server.post(voidPath, problem(409, 'BATCH_NOT_DRAFT'));
    const { user } = await openBatch(aDraft());
    await user.click(screen.getByRole('button', { name: 'Void' }));
    const dialog = screen.getByRole('dialog', { name: 'Void the batch' });
    await enter(user, within(dialog).getByRole('textbox', { name: 'Reason' }), 'Wrong period');
    await user.click(within(dialog).getByRole('button', { name: 'Void batch' }));
    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual([
      'This batch is no longer a draft: someone else marked it as sent or voided it in the meantime. Close this and look at the batch again.',
    ]);
    expect(within(dialog).getByRole('textbox', { name: 'Reason' })).toHaveValue('Wrong period');
    await expectAccessible();
  });

  it('a batch already sent offers neither action', async () => {
    await signInAs(['FINANCE']);
    await openBatch(
      aDraft({
        status: 'SENT',
        transferReference: 'ACH-1',
        sentOn: today(),
        sentAt: new Date().toISOString(),
      }),
    );
    expect(screen.getByRole('button', { name: 'Statement (CSV)' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Mark as sent' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Void' })).not.toBeInTheDocument();
  });
});
