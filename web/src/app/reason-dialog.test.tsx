import { screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { ApiError, NetworkError } from '../api/problem';
import {
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  renderWithProviders,
  summaryMessages,
} from '../test-kit';
import { ReasonDialog } from './reason-dialog';

/** A screen with a step that asks why: "Void batch" opens the dialog; done says what happened. */
function VoidBatch({ confirm }: { confirm: (reason: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState('');
  return (
    <main>
      <h1>Batch</h1>
      <button type="button" onClick={() => setOpen(true)}>
        Void batch
      </button>
      {done && <p>Voided: {done}</p>}
      <ReasonDialog
        open={open}
        title="Void this batch?"
        fieldId="void-reason"
        missing="Enter why the batch is voided"
        confirmLabel="Void batch"
        busyLabel="Voiding…"
        cancelLabel="Keep the batch"
        onClose={() => setOpen(false)}
        onConfirm={async (reason) => {
          await confirm(reason);
          setDone(reason);
          setOpen(false);
        }}
      >
        <p>Its payments go back to waiting for the next batch.</p>
      </ReasonDialog>
    </main>
  );
}

async function openDialog(confirm: (reason: string) => Promise<void> = async () => undefined) {
  const view = renderWithProviders(<VoidBatch confirm={confirm} />);
  await view.user.click(screen.getByRole('button', { name: 'Void batch' }));
  const dialog = screen.getByRole('dialog', { name: 'Void this batch?' });
  return { ...view, dialog };
}

describe('The reason dialog', () => {
  it('says what will happen and asks why, with focus inside it', async () => {
    const { dialog } = await openDialog();
    expect(
      within(dialog).getByText('Its payments go back to waiting for the next batch.'),
    ).toBeVisible();
    const reason = within(dialog).getByRole('textbox', { name: 'Reason' });
    expect(reason).toHaveValue('');
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    await expectAccessible();
  });

  it('asks for the reason when none is given, and does nothing else', async () => {
    const confirm = jest.fn(async () => undefined);
    const { user, dialog } = await openDialog(confirm);
    await enter(user, within(dialog).getByRole('textbox', { name: 'Reason' }), '   ');
    await user.click(within(dialog).getByRole('button', { name: 'Void batch' }));

    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual(['Enter why the batch is voided']);
    expect(within(dialog).getByRole('textbox', { name: 'Reason' })).toBeInvalid();
    expect(confirm).not.toHaveBeenCalled();
    await expectAccessible();
  });

  it('is busy while the step runs: no second press, no way out until it answers', async () => {
    const answer = deferred<void>();
    const confirm = jest.fn(() => answer.promise);
    const { user, dialog } = await openDialog(confirm);
    await enter(user, within(dialog).getByRole('textbox', { name: 'Reason' }), '  Wrong period  ');
    await user.click(within(dialog).getByRole('button', { name: 'Void batch' }));

    const busy = await within(dialog).findByRole('button', { name: 'Voiding…' });
    expect(busy).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: 'Keep the batch' })).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'Void this batch?' })).toBeVisible();
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(confirm).toHaveBeenCalledWith('Wrong period');
    await expectAccessible();

    answer.resolve();
    expect(await screen.findByText('Voided: Wrong period')).toBeVisible();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Void batch' })).toHaveFocus();
  });

  it('a refusal shows in the dialog, in plain words, with the reference for support', async () => {
    const { user, dialog } = await openDialog(async () => {
      throw new ApiError({
        status: 409,
        code: 'INVALID_TRANSITION',
        requestId: 'req-42',
      });
    });
    await enter(user, within(dialog).getByRole('textbox', { name: 'Reason' }), 'Wrong period');
    await user.click(within(dialog).getByRole('button', { name: 'Void batch' }));

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      'This record changed its status in the meantime. Reload the page to see it.',
    ]);
    expect(within(summary).getByText('req-42')).toBeVisible();
    // What was typed is kept for another try.
    expect(within(dialog).getByRole('textbox', { name: 'Reason' })).toHaveValue('Wrong period');
    expect(within(dialog).getByRole('button', { name: 'Void batch' })).toBeEnabled();
    await expectAccessible();
  });

  it('a lost connection says so', async () => {
    const { user, dialog } = await openDialog(async () => {
      throw new NetworkError();
    });
    await enter(user, within(dialog).getByRole('textbox', { name: 'Reason' }), 'Wrong period');
    await user.click(within(dialog).getByRole('button', { name: 'Void batch' }));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
  });

  it('the way out closes it, and it opens again with an empty reason', async () => {
    const { user, dialog } = await openDialog();
    await enter(user, within(dialog).getByRole('textbox', { name: 'Reason' }), 'Half typed');
    await user.click(within(dialog).getByRole('button', { name: 'Keep the batch' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Void batch' }));
    const again = screen.getByRole('dialog', { name: 'Void this batch?' });
    expect(within(again).getByRole('textbox', { name: 'Reason' })).toHaveValue('');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});
