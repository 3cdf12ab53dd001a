import { act, renderHook, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '../api/problem';
import {
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  renderWithProviders,
  summaryMessages,
} from '../test-kit';
import { Form, SubmitButton, useAction, useForm } from './form';
import { ErrorSummary, RadioGroup, TextField } from './ui';

type Body = { name: string; seats: number; kind: string };

/**
 * A form on the kit: a name, a number of seats (1 to 5), a kind; the seats' API field is
 * `seatCount`. With `review`, "Save" opens a review step whose "Confirm" sends.
 */
function Example({
  send,
  review,
  refused,
}: {
  send: (body: Body) => Promise<unknown>;
  review?: boolean;
  refused?: () => null;
}) {
  const form = useForm({
    initial: { name: '', seats: '', kind: '' },
    ids: { name: 'example-name', seatCount: 'seats' },
    review,
    check(v, problems): Body {
      const name = problems.required('name', v.name, 'Enter a name');
      const seats = problems.wholeNumber('seats', v.seats, { min: 1, max: 5 }, 'Enter 1 to 5');
      problems.when(!v.kind, 'kind', 'Select a kind');
      return { name, seats, kind: v.kind };
    },
    async send(body) {
      await send(body);
      form.closeReview();
    },
    refused,
  });
  return (
    <main>
      <h1>Example</h1>
      {!form.review && (
        <Form form={form}>
          <TextField {...form.bind('name')} label="Name" />
          <TextField {...form.bind('seats')} label="Seats" hint="1 to 5" />
          <RadioGroup
            {...form.bind('kind')}
            legend="Kind"
            options={[
              { value: 'A', label: 'Kind A' },
              { value: 'B', label: 'Kind B' },
            ]}
          />
          <SubmitButton form={form} busy="Saving…">
            Save
          </SubmitButton>
        </Form>
      )}
      {form.review && (
        <section aria-label="Review">
          <ErrorSummary {...form.summary} />
          <p>
            Review: {form.review.name}, {form.review.seats}
          </p>
          <button type="button" disabled={form.busy} onClick={() => void form.confirm()}>
            Confirm
          </button>
          <button type="button" onClick={form.back}>
            Go back
          </button>
        </section>
      )}
    </main>
  );
}

async function fill(user: ReturnType<typeof renderWithProviders>['user']) {
  await enter(user, screen.getByRole('textbox', { name: 'Name' }), ' Dana ');
  await enter(user, screen.getByRole('textbox', { name: 'Seats' }), '3');
  await user.click(screen.getByRole('radio', { name: 'Kind B' }));
}

describe('The form kit', () => {
  it('names what is wrong in the summary, which takes focus and links to each field', async () => {
    const send = jest.fn(() => Promise.resolve());
    const { user } = renderWithProviders(<Example send={send} />);
    await enter(user, screen.getByRole('textbox', { name: 'Seats' }), '9');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual(['Enter a name', 'Enter 1 to 5', 'Select a kind']);
    const seats = screen.getByRole('textbox', { name: 'Seats' });
    expect(seats).toBeInvalid();
    expect(seats).toHaveAccessibleDescription('1 to 5 Enter 1 to 5');
    expect(screen.getByRole('group', { name: 'Kind' })).toHaveAccessibleDescription(
      'Select a kind',
    );
    await user.click(within(summary).getByRole('link', { name: 'Enter a name' }));
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveFocus();
    expect(send).not.toHaveBeenCalled();
    await expectAccessible();
  });

  it('sends once for a double press, busy until the answer', async () => {
    const answer = deferred<void>();
    const send = jest.fn(() => answer.promise);
    const { user } = renderWithProviders(<Example send={send} />);
    await fill(user);
    await user.dblClick(screen.getByRole('button', { name: 'Save' }));
    // Enter in a field submits too: still one.
    await user.type(screen.getByRole('textbox', { name: 'Name' }), '{Enter}');

    expect(screen.getByRole('button', { name: 'Saving…' })).toBeDisabled();
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({ name: 'Dana', seats: 3, kind: 'B' });
    answer.resolve();
    expect(await screen.findByRole('button', { name: 'Save' })).toBeEnabled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('sends once for two presses that come before the screen shows it busy', async () => {
    const answer = deferred<void>();
    const send = jest.fn((_body: Body) => answer.promise);
    const { result } = renderHook(() =>
      useForm({
        initial: { name: 'Dana' },
        check: (v): Body => ({ name: v.name, seats: 1, kind: 'A' }),
        send,
      }),
    );
    await act(async () => {
      void result.current.submit();
      void result.current.submit();
      await Promise.resolve();
    });
    expect(send).toHaveBeenCalledTimes(1);
    expect(result.current.busy).toBe(true);
    await act(async () => {
      answer.resolve();
      await answer.promise;
    });
    expect(result.current.busy).toBe(false);
    await act(() => result.current.submit());
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('shows the API’s field errors on their fields, and the request id', async () => {
    const send = jest.fn(() =>
      Promise.reject(
        new ApiError({
          status: 400,
          requestId: 'req-42',
          errors: [
            { field: 'seatCount', message: 'must not be greater than 4' },
            { field: 'colour', message: 'must be a colour' },
          ],
        }),
      ),
    );
    const { user } = renderWithProviders(<Example send={send} />);
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual([
      'Must not be greater than 4',
      'colour: must be a colour',
    ]);
    expect(within(summary).getByText('req-42')).toBeInTheDocument();
    await user.click(within(summary).getByRole('link', { name: 'Must not be greater than 4' }));
    expect(screen.getByRole('textbox', { name: 'Seats' })).toHaveFocus();
    expect(screen.getByRole('textbox', { name: 'Seats' })).toHaveAccessibleDescription(
      '1 to 5 Must not be greater than 4',
    );
    await expectAccessible();
  });

  it('leaves a refusal the screen shows itself out of the summary', async () => {
    const send = jest.fn(() => Promise.reject(new ApiError({ status: 409, code: 'ELSEWHERE' })));
    const { user } = renderWithProviders(<Example send={send} refused={() => null} />);
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled());
    expect(send).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('with a review step, sends only what was reviewed, on confirm', async () => {
    const answer = deferred<void>();
    const send = jest.fn(() => answer.promise);
    const { user } = renderWithProviders(<Example send={send} review />);
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const review = screen.getByRole('region', { name: 'Review' });
    expect(review).toHaveTextContent('Review: Dana, 3');
    expect(send).not.toHaveBeenCalled();
    await user.click(within(review).getByRole('button', { name: 'Go back' }));
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue(' Dana ');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await user.dblClick(screen.getByRole('button', { name: 'Confirm' }));
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({ name: 'Dana', seats: 3, kind: 'B' });
    answer.resolve();
    // Sent: the review step closes, back to the form.
    expect(await screen.findByRole('button', { name: 'Save' })).toBeEnabled();
  });

  it('keeps a refusal of the reviewed values in the review step, and clears it going back', async () => {
    const send = jest.fn(() =>
      Promise.reject(new ApiError({ status: 409, detail: 'Someone else changed it.' })),
    );
    const { user } = renderWithProviders(<Example send={send} review />);
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual(['Someone else changed it.']);
    await user.click(screen.getByRole('button', { name: 'Go back' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
  });
});

/** A press with nothing typed: "Give a seat" for one session, its refusal in the summary. */
function GiveSeat({ send }: { send: (session: string) => Promise<void> }) {
  const give = useAction({ send });
  return (
    <main>
      <h1>Seats</h1>
      <ErrorSummary {...give.summary} />
      <button type="button" disabled={give.busy} onClick={() => void give.act('S-1')}>
        {give.busy ? 'Giving…' : 'Give a seat'}
      </button>
      <button type="button" onClick={() => void give.act('S-2')}>
        Give the other seat
      </button>
    </main>
  );
}

describe('A press without a form (useAction)', () => {
  it('runs one at a time, says a refusal with its reference, and clears it once done', async () => {
    const answer = deferred<void>();
    const send = jest
      .fn<Promise<void>, [string]>()
      .mockRejectedValueOnce(new ApiError({ status: 409, code: 'CONFLICT', requestId: 'r-7' }))
      .mockReturnValueOnce(answer.promise);
    const { user } = renderWithProviders(<GiveSeat send={send} />);

    await user.click(screen.getByRole('button', { name: 'Give a seat' }));
    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual([
      'Someone else changed this record at the same moment. Try again.',
    ]);
    expect(within(summary).getByText('r-7')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Give a seat' }));
    expect(await screen.findByRole('button', { name: 'Giving…' })).toBeDisabled();
    // Another press while the first runs does nothing.
    await user.click(screen.getByRole('button', { name: 'Give the other seat' }));
    expect(send.mock.calls).toEqual([['S-1'], ['S-1']]);
    await expectAccessible();

    answer.resolve();
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Give a seat' })).toBeEnabled();
  });
});
