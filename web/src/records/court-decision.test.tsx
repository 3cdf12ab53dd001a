import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import { formatDate, toDateInput } from '../api/dates';
import {
  anEnrollment,
  anId,
  aReferralSummary as kitReferralSummary,
  aStaffEntry,
  daysFromToday,
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  problem,
  renderWithProviders,
  server,
  signInAs,
  summaryMessages,
  summarySays,
  timestampIn,
  type Reply,
  type User,
} from '../test-kit';
import { CourtDecision } from './court-decision';

type Referral = Schemas['ReferralSummaryDto'];
type Enrollment = Schemas['EnrollmentDto'];

const dispositions = '/api/v1/referrals/{id}/dispositions' as const;
const expungement = '/api/v1/referrals/{id}/expungement' as const;
const clerk = aStaffEntry({ displayName: 'Lee Okafor', roles: ['INTAKE'] });

/** A referral whose offense was 200 days ago (the order's day is checked against it). */
function aReferralSummary(over: Partial<Referral> = {}): Referral {
  return kitReferralSummary({
    offenseDate: daysFromToday(-200),
    createdAt: timestampIn(-190),
    updatedAt: timestampIn(-190),
    ...over,
  });
}

function aDisposition(over: Partial<Schemas['DispositionDto']> = {}): Schemas['DispositionDto'] {
  return {
    id: anId(),
    referralId: anId(),
    disposition: 'CONVICTED',
    decidedOn: daysFromToday(-10),
    courtReference: null,
    recordedBy: clerk.id,
    recordedAt: timestampIn(-9),
    ...over,
  };
}

/** The referral's enrollment, completed a month ago. */
function completed(referral: Referral): Enrollment {
  return anEnrollment({
    id: referral.enrollmentId!,
    participantId: referral.participantId,
    status: 'COMPLETED',
    closedOn: daysFromToday(-30),
  });
}

function show(
  referral: Referral,
  enrollment: Enrollment | null,
  onRecordClosed: (message: string) => void = () => undefined,
) {
  return renderWithProviders(
    <main>
      <CourtDecision
        referral={referral}
        enrollment={enrollment}
        enrollmentLoading={false}
        onRecordClosed={onRecordClosed}
      />
    </main>,
  );
}

const decisionForm = () => screen.getByRole('form', { name: 'Record the court’s decision' });
const save = (user: User) => user.click(screen.getByRole('button', { name: 'Save decision' }));

beforeEach(() => {
  server.get('/api/v1/staff/directory', [clerk]);
});

describe('The court’s decision', () => {
  beforeEach(async () => {
    await signInAs(['INTAKE']);
  });

  it('lists the decisions recorded, the latest counting, and waits while the enrollment is active', async () => {
    const referral = aReferralSummary({ enrollmentId: anId() });
    const latest = aDisposition({
      referralId: referral.id,
      disposition: 'OTHER',
      courtReference: '2526-CR01234',
    });
    const earlier = aDisposition({ referralId: referral.id, decidedOn: daysFromToday(-40) });
    server.get(dispositions, [latest, earlier]);
    show(referral, anEnrollment({ id: referral.enrollmentId!, status: 'ACTIVE' }));

    const table = await screen.findByRole('table', {
      name: /The court’s decisions on case KC-24-001234/,
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Another decisionCounts');
    expect(rows[0]).toHaveTextContent('2526-CR01234');
    await waitFor(() => expect(rows[0]).toHaveTextContent('by Lee Okafor'));
    expect(rows[1]).toHaveTextContent('Replaced by a later decision');
    expect(
      screen.getByText('The court’s decision is recorded after the enrollment ends.'),
    ).toBeVisible();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('a referral never enrolled: no decisions yet, and the form waits behind a button that focuses it', async () => {
    const referral = aReferralSummary();
    server.get(dispositions, []);
    const { user } = show(referral, null);
    expect(
      await screen.findByText('No decision of the court has been recorded yet.'),
    ).toBeVisible();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();

    await user.click(
      screen.getByRole('button', { name: 'Record the court’s decision on case KC-24-001234' }),
    );
    expect(decisionForm()).toBeVisible();
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Dismissed' })).toHaveFocus());
    // No expungement order without a supervisor.
    expect(
      screen.queryByRole('form', { name: 'Record an expungement order' }),
    ).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('names what is missing or impossible, on its field, and sends nothing', async () => {
    const referral = aReferralSummary({ enrollmentId: anId() });
    server.get(dispositions, []);
    const { user } = show(referral, completed(referral));
    await screen.findByText('No decision of the court has been recorded yet.');
    await save(user);

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      'Select the court’s decision',
      'Enter the day the court decided',
    ]);
    expect(within(summary).getAllByRole('link')[0]).toHaveAttribute(
      'href',
      `#disposition-${referral.id}`,
    );
    const decidedOn = screen.getByRole('textbox', { name: 'Decided on' });
    expect(decidedOn).toBeInvalid();
    await expectAccessible();

    await user.click(screen.getByRole('radio', { name: 'Convicted' }));
    await enter(user, decidedOn, '02/30/2026');
    await save(user);
    await summarySays(['Enter the day the court decided as month/day/year']);

    await user.clear(decidedOn);
    await enter(user, decidedOn, toDateInput(daysFromToday(1)));
    await save(user);
    await summarySays(['The day the court decided cannot be in the future']);

    await user.clear(decidedOn);
    await enter(user, decidedOn, toDateInput(daysFromToday(-201)));
    await save(user);
    await summarySays([
      `The court decides after the offense: enter a day on or after ${formatDate(referral.offenseDate)}`,
    ]);

    await user.clear(decidedOn);
    await enter(user, decidedOn, toDateInput(daysFromToday(-2)));
    await enter(user, screen.getByRole('textbox', { name: /Court reference/ }), 'X'.repeat(125));
    await save(user);
    const last = await findErrorSummary();
    await waitFor(() =>
      expect(summaryMessages(last)[0]).toEqual('Enter a court reference of at most 120 characters'),
    );
    expect(server.sent('POST', dispositions)).toHaveLength(0);
  });

  it('saves a closing decision once, busy meanwhile, then says the record is closed', async () => {
    const referral = aReferralSummary({ enrollmentId: anId() });
    const answer = deferred<Reply | Schemas['DispositionDto']>();
    server.get(dispositions, []).post(dispositions, () => answer.promise);
    const onRecordClosed = jest.fn();
    const { user } = show(referral, completed(referral), onRecordClosed);
    await screen.findByText('No decision of the court has been recorded yet.');

    await user.click(screen.getByRole('radio', { name: 'Dismissed' }));
    await enter(
      user,
      screen.getByRole('textbox', { name: 'Decided on' }),
      toDateInput(daysFromToday(-3)),
    );
    await enter(user, screen.getByRole('textbox', { name: /Court reference/ }), ' 2526-CR01234 ');
    await save(user);

    const busy = await screen.findByRole('button', { name: 'Saving…' });
    expect(busy).toBeDisabled();
    await server.waitForSent('POST', dispositions);
    await user.click(busy);
    expect(server.sent('POST', dispositions)).toHaveLength(1);
    expect(server.sent('POST', dispositions)[0].params).toEqual({ id: referral.id });
    expect(server.sent('POST', dispositions)[0].body).toEqual({
      disposition: 'DISMISSED',
      decidedOn: daysFromToday(-3),
      courtReference: '2526-CR01234',
    });

    const saved = aDisposition({
      referralId: referral.id,
      disposition: 'DISMISSED',
      decidedOn: daysFromToday(-3),
      courtReference: '2526-CR01234',
    });
    server.get(dispositions, [saved]);
    answer.resolve(saved);
    const message = `Dismissed, decided on ${formatDate(daysFromToday(-3))}, case KC-24-001234. This decision closes the record of this referral: it is kept, out of searches and lists.`;
    const alert = await screen.findByRole('heading', { name: 'Decision saved' });
    expect(alert.parentElement).toHaveTextContent(message);
    await waitFor(() => expect(liveRegion()).toHaveTextContent(`Decision saved. ${message}`));
    expect(onRecordClosed).toHaveBeenCalledWith(message);
    // The form is empty again, and the list read again.
    expect(screen.getByRole('radio', { name: 'Dismissed' })).not.toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Decided on' })).toHaveValue('');
    expect(await screen.findByRole('table', { name: /The court’s decisions/ })).toBeVisible();
    await expectAccessible();
  });

  it('a decision that leaves the record open says so, and does not close it', async () => {
    const referral = aReferralSummary({ enrollmentId: anId() });
    server
      .get(dispositions, [])
      .post(dispositions, (sent) => aDisposition({ ...sent.body, courtReference: null }));
    const onRecordClosed = jest.fn();
    const { user } = show(referral, completed(referral), onRecordClosed);
    await screen.findByText('No decision of the court has been recorded yet.');
    await user.click(screen.getByRole('radio', { name: 'Convicted' }));
    await enter(
      user,
      screen.getByRole('textbox', { name: 'Decided on' }),
      toDateInput(daysFromToday(-3)),
    );
    await save(user);
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent(
        `Decision saved. Convicted, decided on ${formatDate(daysFromToday(-3))}, case KC-24-001234. The record stays open.`,
      ),
    );
    expect(server.sent('POST', dispositions)[0].body).toEqual({
      disposition: 'CONVICTED',
      decidedOn: daysFromToday(-3),
    });
    expect(onRecordClosed).not.toHaveBeenCalled();
  });

  it('a refusal naming the day is put on it; an active enrollment and a lost answer are said in words', async () => {
    const referral = aReferralSummary({ enrollmentId: anId() });
    let calls = 0;
    server.get(dispositions, []).post(dispositions, () =>
      ++calls === 1
        ? problem(400, 'VALIDATION_FAILED', {
            errors: [{ field: 'decidedOn', message: 'must not be before the offense date' }],
          })
        : calls === 2
          ? problem(409, 'ENROLLMENT_ACTIVE')
          : networkFailure(),
    );
    const { user } = show(referral, completed(referral));
    await screen.findByText('No decision of the court has been recorded yet.');
    await user.click(screen.getByRole('radio', { name: 'Acquitted' }));
    const decidedOn = screen.getByRole('textbox', { name: 'Decided on' });
    await enter(user, decidedOn, toDateInput(daysFromToday(-3)));
    await save(user);

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['Must not be before the offense date']);
    expect(within(summary).getByRole('link')).toHaveAttribute('href', `#decided-on-${referral.id}`);
    expect(within(summary).getByText('req-400-VALIDATION_FAILED')).toBeVisible();
    expect(decidedOn).toBeInvalid();
    await expectAccessible();

    await save(user);
    await summarySays([
      'The enrollment made from this referral is still active: the court’s decision is recorded after it ends. Nothing was saved.',
    ]);

    await save(user);
    await summarySays([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    // What was typed is kept for another try; nothing was said saved.
    expect(screen.getByRole('radio', { name: 'Acquitted' })).toBeChecked();
    expect(decidedOn).toHaveValue(toDateInput(daysFromToday(-3)));
    expect(screen.queryByRole('heading', { name: 'Decision saved' })).not.toBeInTheDocument();
  });

  it('an expunged referral takes nothing more', async () => {
    const referral = aReferralSummary({ enrollmentId: anId(), recordStatus: 'EXPUNGED' });
    server.get(dispositions, [aDisposition({ referralId: referral.id })]);
    show(referral, completed(referral));
    expect(
      await screen.findByText(
        'This referral’s record is expunged: nothing more is recorded on it.',
      ),
    ).toBeVisible();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });
});

describe('The expungement order (supervisor)', () => {
  beforeEach(async () => {
    await signInAs(['SUPERVISOR']);
  });

  async function showOrderForm(onRecordClosed?: (message: string) => void) {
    const referral = aReferralSummary({ enrollmentId: anId() });
    server.get(dispositions, [aDisposition({ referralId: referral.id })]);
    const view = show(referral, completed(referral), onRecordClosed);
    const form = await screen.findByRole('form', { name: 'Record an expungement order' });
    return { ...view, referral, form };
  }

  const review = (user: User, form: HTMLElement) =>
    user.click(within(form).getByRole('button', { name: 'Review the order' }));

  async function fillAndReview(user: User, form: HTMLElement) {
    await enter(
      user,
      within(form).getByRole('textbox', { name: 'Ordered on' }),
      toDateInput(daysFromToday(-1)),
    );
    await enter(
      user,
      within(form).getByRole('textbox', { name: 'Order reference' }),
      '2616-CV00321',
    );
    await review(user, form);
    return screen.findByRole('dialog', { name: 'Record the expungement order?' });
  }

  it('asks for the day and the reference before any review', async () => {
    const { user, form } = await showOrderForm();
    await review(user, form);
    const summary = await findErrorSummary();
    expect(form).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual([
      'Enter the day the court ordered it',
      'Enter the order reference',
    ]);
    expect(within(form).getByRole('textbox', { name: 'Order reference' })).toBeInvalid();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('reviews the order in a dialog; going back (or Escape) keeps what was typed and sends nothing', async () => {
    const { user, form } = await showOrderForm();
    const dialog = await fillAndReview(user, form);
    const rows = within(dialog)
      .getAllByRole('term')
      .map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`);
    expect(rows).toEqual([
      'Case: KC-24-001234',
      `Ordered on: ${formatDate(daysFromToday(-1))}`,
      'Order reference: 2616-CV00321',
    ]);
    expect(within(dialog).getByText(/It cannot be undone/)).toBeVisible();
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Go back' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(within(form).getByRole('textbox', { name: 'Order reference' })).toHaveValue(
      '2616-CV00321',
    );

    await review(user, form);
    await screen.findByRole('dialog', { name: 'Record the expungement order?' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() =>
      expect(within(form).getByRole('button', { name: 'Review the order' })).toHaveFocus(),
    );
    expect(server.sent('POST', expungement)).toHaveLength(0);
  });

  it('records the order once, busy meanwhile, then says the record is expunged', async () => {
    const answer = deferred<Reply | Schemas['ExpungementDto']>();
    server.post(expungement, () => answer.promise);
    const onRecordClosed = jest.fn();
    const { user, form, referral } = await showOrderForm(onRecordClosed);
    const dialog = await fillAndReview(user, form);
    await user.click(within(dialog).getByRole('button', { name: 'Record the order' }));

    const busy = await within(dialog).findByRole('button', { name: 'Recording…' });
    expect(busy).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: 'Go back' })).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'Record the expungement order?' })).toBeVisible();
    await server.waitForSent('POST', expungement);
    await user.click(busy);
    expect(server.sent('POST', expungement)).toHaveLength(1);
    expect(server.sent('POST', expungement)[0].body).toEqual({
      orderedOn: daysFromToday(-1),
      orderReference: '2616-CV00321',
    });

    answer.resolve({
      referralId: referral.id,
      orderedOn: daysFromToday(-1),
      orderReference: '2616-CV00321',
      recordedBy: anId(),
      recordedAt: timestampIn(0),
    });
    const message = `Ordered on ${formatDate(daysFromToday(-1))}, order 2616-CV00321, case KC-24-001234. The record of this referral is expunged: closed for good.`;
    expect(
      await screen.findByRole('heading', { name: 'Expungement order recorded' }),
    ).toBeVisible();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent(`Expungement order recorded. ${message}`),
    );
    expect(onRecordClosed).toHaveBeenCalledWith(message);
    expect(within(form).getByRole('textbox', { name: 'Ordered on' })).toHaveValue('');
  });

  it('a refusal naming the day goes back to the form, the message on that field', async () => {
    server.post(
      expungement,
      problem(400, 'VALIDATION_FAILED', {
        errors: [{ field: 'orderedOn', message: 'must not be before the offense date' }],
      }),
    );
    const { user, form, referral } = await showOrderForm();
    const dialog = await fillAndReview(user, form);
    await user.click(within(dialog).getByRole('button', { name: 'Record the order' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const summary = await findErrorSummary();
    expect(form).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual(['Must not be before the offense date']);
    expect(within(summary).getByRole('link')).toHaveAttribute('href', `#ordered-on-${referral.id}`);
    const orderedOn = within(form).getByRole('textbox', { name: 'Ordered on' });
    expect(orderedOn).toBeInvalid();
    expect(orderedOn).toHaveValue(toDateInput(daysFromToday(-1)));
    await expectAccessible();
  });

  it('a refusal shows in the dialog; a lost answer too, and the order can be sent again', async () => {
    let calls = 0;
    server.post(expungement, () =>
      ++calls === 1 ? problem(409, 'ALREADY_EXPUNGED') : networkFailure(),
    );
    const { user, form } = await showOrderForm();
    const dialog = await fillAndReview(user, form);
    await user.click(within(dialog).getByRole('button', { name: 'Record the order' }));

    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual([
      'An expungement order is already recorded for this referral, and a recorded order is not replaced. Nothing was saved.',
    ]);
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Record the order' }));
    await summarySays([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    expect(within(dialog).getByRole('button', { name: 'Record the order' })).toBeEnabled();
    expect(
      screen.queryByRole('heading', { name: 'Expungement order recorded' }),
    ).not.toBeInTheDocument();
  });
});

describe('The court’s decision (auditor)', () => {
  it('reads the decisions recorded, with no form to record one', async () => {
    await signInAs(['AUDITOR']);
    const referral = aReferralSummary({ enrollmentId: anId() });
    server.get(dispositions, [aDisposition({ referralId: referral.id, disposition: 'DISMISSED' })]);
    show(referral, completed(referral));
    const table = await screen.findByRole('table', {
      name: /The court’s decisions on case KC-24-001234/,
    });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('DismissedCounts');
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Record the court’s decision/ }),
    ).not.toBeInTheDocument();
  });
});
