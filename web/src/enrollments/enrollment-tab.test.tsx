import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import {
  aPage,
  aParticipant,
  aSession,
  anEnrollment,
  anId,
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  noRows,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  summarySays,
  timestampIn,
  type Reply,
  type User,
} from '../test-kit';

const participant = aParticipant({ firstName: 'Pat', lastName: 'Marsh' });
const transitions = '/api/v1/enrollments/{id}/transitions' as const;
const seats = '/api/v1/sessions/{id}/seats' as const;
type Enrollment = Schemas['EnrollmentDto'];

/** The participant's record on its Enrollment tab, the enrollment as given. */
async function openTab(enrollment: Enrollment, sessions: Schemas['SessionDto'][] = []) {
  server
    .get('/api/v1/participants/{id}', participant)
    .get('/api/v1/enrollments', aPage([enrollment]))
    .get('/api/v1/enrollments/{id}', enrollment)
    .get('/api/v1/sessions', sessions.length ? aPage(sessions) : noRows());
  const page = renderRoute(`/participants/${participant.id}?tab=enrollment`);
  await screen.findByRole('heading', { name: 'Close the enrollment' });
  return page;
}

const active = (over: Partial<Enrollment> = {}) =>
  anEnrollment({ participantId: participant.id, participantName: 'Pat Marsh', ...over });
const ready = () => active({ attendedSessions: 1, balanceCents: 0 });

beforeEach(async () => {
  await signInAs(['INTAKE']);
});

describe('Give a seat', () => {
  it('is busy while the seat is given, sends once, then says so with focus', async () => {
    const e = active();
    const session = aSession();
    const answer = deferred<Reply | Schemas['SeatDto']>();
    server.post(seats, () => answer.promise);
    const { user } = await openTab(e, [session]);
    const give = await screen.findByRole('button', { name: /^Give a seat/ });
    await user.click(give);

    expect(await screen.findByRole('button', { name: /^Giving the seat…/ })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await server.waitForSent('POST', seats);
    await user.click(screen.getByRole('button', { name: /^Giving the seat…/ }));
    expect(server.sent('POST', seats)).toHaveLength(1);
    expect(server.sent('POST', seats)[0].body).toEqual({ enrollmentId: e.id });

    answer.resolve({
      sessionId: session.id,
      enrollmentId: e.id,
      seatedAt: timestampIn(0),
      seatedBy: anId(),
      seatsTaken: 5,
      capacity: 20,
    });
    const notice = await screen.findByText(
      /^Seat given in the session of .*5 of 20 seats are taken\.$/,
    );
    await waitFor(() => expect(notice.closest('#seat-notice')).toHaveFocus());
    await waitFor(() => expect(liveRegion()).toHaveTextContent(/^Seat given in the session of/));
    await expectAccessible();
  });

  it('a full session is said in plain words, with the reference for support', async () => {
    server.post(seats, problem(409, 'SESSION_FULL'));
    const { user } = await openTab(active(), [aSession()]);
    await user.click(await screen.findByRole('button', { name: /^Give a seat/ }));

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      'This session is full: every seat is taken. Seat the person in another session of the program.',
    ]);
    expect(within(summary).getByText('req-409-SESSION_FULL')).toBeVisible();
    expect(screen.getByRole('button', { name: /^Give a seat/ })).not.toHaveAttribute(
      'aria-disabled',
    );
    await expectAccessible();
  });
});

describe('Complete enrollment', () => {
  it('is busy while completing, then says the certificate number with focus', async () => {
    const e = ready();
    const answer = deferred<Reply | Enrollment>();
    server.post(transitions, () => answer.promise);
    const { user } = await openTab(e);
    await user.click(screen.getByRole('button', { name: 'Complete enrollment' }));
    const dialog = screen.getByRole('dialog', { name: 'Complete the enrollment?' });
    await user.click(within(dialog).getByRole('button', { name: 'Complete enrollment' }));

    const busy = await within(dialog).findByRole('button', { name: 'Completing…' });
    expect(busy).toBeDisabled();
    await server.waitForSent('POST', transitions);
    expect(server.sent('POST', transitions)[0].body).toEqual({ to: 'COMPLETED' });
    await expectAccessible();

    answer.resolve({ ...e, status: 'COMPLETED', certificateNumber: 'C-2026-000017' });
    const notice = await screen.findByText(
      'Enrollment completed. Certificate number C-2026-000017.',
    );
    await waitFor(() => expect(notice.closest('#enrollment-notice')).toHaveFocus());
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(server.sent('POST', transitions)).toHaveLength(1);
  });

  it('a refusal lists what is missing now, in the dialog', async () => {
    const e = ready();
    server.post(
      transitions,
      problem(422, 'COMPLETION_REQUIREMENTS_UNMET', {
        unmet: [{ code: 'BALANCE_DUE', message: 'balance due' }],
      }),
    );
    const { user } = await openTab(e);
    // A charge came in meanwhile: the enrollment read again owes $25.00.
    server.get('/api/v1/enrollments/{id}', { ...e, balanceCents: 2_500 });
    await user.click(screen.getByRole('button', { name: 'Complete enrollment' }));
    const dialog = screen.getByRole('dialog', { name: 'Complete the enrollment?' });
    await user.click(within(dialog).getByRole('button', { name: 'Complete enrollment' }));

    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual(['Cannot complete yet: $25.00 still owed']);
    expect(within(dialog).getByRole('button', { name: 'Complete enrollment' })).toBeEnabled();
    await expectAccessible();

    // Not now closes it; it opens again without the old refusal.
    await user.click(within(dialog).getByRole('button', { name: 'Not now' }));
    await user.click(screen.getByRole('button', { name: 'Complete enrollment' }));
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
  });
});

describe('Withdraw and terminate', () => {
  async function openClose(user: User, verb: 'Withdraw' | 'Terminate') {
    await user.click(screen.getByRole('button', { name: verb }));
    return screen.getByRole('dialog', {
      name: verb === 'Withdraw' ? 'Withdraw the enrollment' : 'Terminate the enrollment',
    });
  }

  it('asks for the reason, then a confirm step that says it is final; Back keeps the answers', async () => {
    const { user } = await openTab(active());
    const dialog = await openClose(user, 'Withdraw');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual(['Enter the reason for withdrawing']);
    const reason = within(dialog).getByRole('textbox', { name: 'Reason for withdrawing' });
    expect(reason).toBeInvalid();
    await expectAccessible();

    await enter(user, reason, '  Moved out of state  ');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    const heading = await within(dialog).findByRole('heading', {
      name: 'Withdraw Pat Marsh’s enrollment?',
    });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
    expect(within(dialog).getByText('Moved out of state')).toBeVisible();
    expect(
      within(dialog).getByText(
        'This is final: the enrollment cannot be reopened, and the participant cannot enroll again.',
      ),
    ).toBeVisible();
    expect(server.sent('POST', transitions)).toHaveLength(0);
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    expect(within(dialog).getByRole('textbox', { name: 'Reason for withdrawing' })).toHaveValue(
      '  Moved out of state  ',
    );
  });

  it('terminating for another reason needs its details', async () => {
    const { user } = await openTab(active());
    const dialog = await openClose(user, 'Terminate');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'Select the reason for terminating',
    ]);

    await user.click(within(dialog).getByRole('radio', { name: 'Another reason' }));
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(summaryMessages(await findErrorSummary())).toEqual(['Describe the reason']);
    expect(within(dialog).getByRole('textbox', { name: 'Details' })).toBeInvalid();
    await expectAccessible();
  });

  it('is busy while terminating and sends once, then says the case goes back', async () => {
    const e = active();
    const answer = deferred<Reply | Enrollment>();
    server.post(transitions, () => answer.promise);
    const { user } = await openTab(e);
    const dialog = await openClose(user, 'Terminate');
    await user.click(within(dialog).getByRole('radio', { name: 'Charged with a new offense' }));
    await enter(user, within(dialog).getByRole('textbox', { name: /^Details/ }), 'Case 24-118');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Terminate enrollment' }));

    const busy = await within(dialog).findByRole('button', { name: 'Terminating…' });
    expect(busy).toBeDisabled();
    await server.waitForSent('POST', transitions);
    await user.click(busy);
    expect(server.sent('POST', transitions)).toHaveLength(1);
    expect(server.sent('POST', transitions)[0].body).toEqual({
      to: 'TERMINATED',
      reason: 'NEW_OFFENSE',
      note: 'Case 24-118',
    });

    answer.resolve({ ...e, status: 'TERMINATED' });
    const notice = await screen.findByText(
      'Enrollment terminated. The case goes back to the prosecutor.',
    );
    await waitFor(() => expect(notice.closest('#enrollment-notice')).toHaveFocus());
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent(
        'Enrollment terminated. The case goes back to the prosecutor.',
      ),
    );
  });

  it('a refusal stays on the confirm step, in plain words; a lost answer says so', async () => {
    let calls = 0;
    server.post(transitions, () =>
      ++calls === 1 ? problem(409, 'INVALID_TRANSITION') : networkFailure(),
    );
    const { user } = await openTab(active());
    const dialog = await openClose(user, 'Withdraw');
    await enter(
      user,
      within(dialog).getByRole('textbox', { name: 'Reason for withdrawing' }),
      'Moved',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Withdraw enrollment' }));

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      'This enrollment is already closed. Reload the page to see its status.',
    ]);
    expect(within(summary).queryByRole('link')).not.toBeInTheDocument();
    expect(
      within(dialog).getByRole('heading', { name: 'Withdraw Pat Marsh’s enrollment?' }),
    ).toBeVisible();
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Withdraw enrollment' }));
    await summarySays([
      'The case manager could not be reached. Check the connection and try again.',
    ]);

    // Cancel from the start again: the reason is gone, and so is the refusal.
    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    const again = await openClose(user, 'Withdraw');
    expect(within(again).getByRole('textbox', { name: 'Reason for withdrawing' })).toHaveValue('');
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
  });
});

describe('Completion notice', () => {
  it('a notice that does not come is said in the tab’s error summary', async () => {
    // The tab the PDF would open in: none here.
    jest.spyOn(window, 'open').mockReturnValue(null);
    server.get('/api/v1/enrollments/{id}/completion-notice.pdf', problem(500));
    const e = active({ status: 'COMPLETED', certificateNumber: 'C-2026-000017' });
    server
      .get('/api/v1/participants/{id}', participant)
      .get('/api/v1/enrollments', aPage([e]))
      .get('/api/v1/enrollments/{id}', e);
    const { user } = renderRoute(`/participants/${participant.id}?tab=enrollment`);
    const button = await screen.findByRole('button', { name: 'Completion notice (PDF)' });
    await user.click(button);

    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not do this. Try again; if it happens again, call support.',
    ]);
    expect(button).toBeEnabled();
  });
});
