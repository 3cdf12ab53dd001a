// "Record a refund" and "Request a waiver" are the same kind of form (an amount with its limit,
// one choice, one text, sent once per press): each state below is checked on both, each with
// its own words.
import { screen, waitFor } from '@testing-library/react';
import type { Schemas } from '../api/client';
import {
  aLedgerEntry,
  anEnrollment,
  anId,
  deferred,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  openMoneyForm,
  problem,
  renderRoute,
  serveLedger,
  server,
  signInAs,
  summaryMessages,
  timestampIn,
  type Reply,
  type User,
} from '../test-kit';
import type { Role } from '../api/session';

const enrollment = anEnrollment({ participantName: 'Pat Marsh', feeCents: 40_000 });
type Body = Record<string, unknown>;

interface MoneyFormCase {
  name: string;
  form: 'refunds' | 'waiver-requests';
  path: '/api/v1/enrollments/{id}/refunds' | '/api/v1/enrollments/{id}/waiver-requests';
  role: Role;
  /** Received so far, for the form to show. */
  receivedCents: number;
  /** What the form says above the fields. */
  says: [RegExp, string];
  submit: string;
  busy: string;
  choice: string;
  text: { field: string; typed: string };
  missing: string[];
  tooMuch: { dollars: string; message: string };
  /** What the API answers to `sent`. */
  answer: (body: Body) => unknown;
  done: { dollars: string; heading: string; shows: string[]; body: Body; announced: string };
  refused: { reply: Reply; dollars: string; message: string };
  lost: string;
  /** Nothing to refund or waive: received so far, and what shows instead of the form. */
  nothing: { receivedCents: number; heading?: string; text: string };
}

const refund: MoneyFormCase = {
  name: 'Record a refund',
  form: 'refunds',
  path: '/api/v1/enrollments/{id}/refunds',
  role: 'FINANCE',
  receivedCents: 12_500,
  says: [
    /may be refunded/,
    'Up to $125.00 may be refunded: the money received, less earlier refunds and reversed payments.',
  ],
  submit: 'Record refund',
  busy: 'Recording the refund…',
  choice: 'Check',
  text: { field: 'Reason', typed: 'Paid twice by mistake' },
  missing: ['Select how the money is paid back', 'Enter the reason for the refund'],
  tooMuch: {
    dollars: '125.01',
    message:
      'The amount is more than the money received, $125.00. A refund can never be more than what was paid.',
  },
  answer: (body) =>
    aLedgerEntry({
      enrollmentId: enrollment.id,
      kind: 'REFUND',
      amountCents: body.amountCents as number,
      method: 'CHECK',
      reason: body.reason as string,
    }),
  done: {
    dollars: '25',
    heading: 'Refund recorded',
    shows: ['Paid twice by mistake'],
    body: { amountCents: 2_500, method: 'CHECK', reason: 'Paid twice by mistake' },
    announced: 'Refund of $25.00 recorded.',
  },
  refused: {
    reply: problem(422, 'REFUND_EXCEEDS_RECEIVED'),
    dollars: '100',
    message:
      'The amount is more than the money received of $125.00. A refund can never be more than what was paid.',
  },
  lost: 'The connection was lost before the case manager answered, so this may or may not have been recorded. Press “Record refund” again: it is sent as the same submission and can never be recorded twice.',
  nothing: { receivedCents: 0, text: 'No money has been received, so nothing can be refunded.' },
};

const waiver: MoneyFormCase = {
  name: 'Request a waiver',
  form: 'waiver-requests',
  path: '/api/v1/enrollments/{id}/waiver-requests',
  role: 'INTAKE',
  receivedCents: 0,
  says: [
    /decides the request/,
    'A supervisor other than you decides the request. Nothing changes on the ledger until then.',
  ],
  submit: 'Request waiver',
  busy: 'Sending the request…',
  choice: 'Ability to pay',
  text: { field: 'Note', typed: 'Pay stubs reviewed' },
  missing: [
    'Select the reason for the waiver',
    'Enter a note for the supervisor: what was reviewed and why',
  ],
  tooMuch: {
    dollars: '500',
    message:
      'The amount is more than the balance of $400.00. A waiver can never be more than what is owed.',
  },
  answer: (body): Schemas['WaiverRequestDto'] => ({
    id: anId(),
    enrollmentId: enrollment.id,
    ...(body as Schemas['CreateWaiverRequestDto']),
    status: 'PENDING',
    requestedBy: anId(),
    requestedAt: timestampIn(0),
  }),
  done: {
    dollars: '100',
    heading: 'Waiver requested',
    shows: [
      'A supervisor other than you will approve or reject it. It reaches the ledger only when it is approved.',
      'Pay stubs reviewed',
    ],
    body: { amountCents: 10_000, reason: 'ABILITY_TO_PAY', note: 'Pay stubs reviewed' },
    announced: 'Waiver of $100.00 requested. A supervisor will approve or reject it.',
  },
  refused: {
    reply: problem(422, 'WAIVER_EXCEEDS_BALANCE', { maxCents: 15_000 }),
    dollars: '300',
    message: 'The waiver is more than the balance now. The most that can be waived is $150.00.',
  },
  lost: 'The connection was lost before the case manager answered, so this may or may not have been recorded. Press “Request waiver” again: it is sent as the same submission and can never be recorded twice.',
  nothing: {
    receivedCents: 40_000,
    heading: 'Nothing can be waived',
    text: 'Nothing is owed: the balance is $0.00.',
  },
};

describe.each([refund, waiver])('$name', (c) => {
  const openForm = () => openMoneyForm(enrollment, c.form);
  const press = (user: User) => user.click(screen.getByRole('button', { name: c.submit }));
  const postAnswer = (answer: (body: Body) => unknown) =>
    server.post(c.path, (sent) => answer(sent.body as Body) as never);

  async function fill(user: User, dollars: string) {
    await user.type(screen.getByRole('textbox', { name: 'Amount' }), dollars);
    await user.click(screen.getByRole('radio', { name: c.choice }));
    await user.type(screen.getByRole('textbox', { name: c.text.field }), c.text.typed);
  }

  beforeEach(async () => {
    await signInAs([c.role]);
    serveLedger(enrollment, c.receivedCents);
  });

  it('says what may be asked for, and names each missing answer', async () => {
    const { user } = await openForm();
    expect(screen.getByText(c.says[0])).toHaveTextContent(c.says[1]);
    await expectAccessible();
    await press(user);

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual([
      expect.stringMatching(/^Enter an amount/),
      ...c.missing,
    ]);
    expect(screen.getByRole('textbox', { name: c.text.field })).toBeInvalid();
    expect(server.sent('POST', c.path)).toHaveLength(0);
    await expectAccessible();
  });

  it('refuses more than its limit before sending it', async () => {
    const { user } = await openForm();
    await fill(user, c.tooMuch.dollars);
    await press(user);
    expect(summaryMessages(await findErrorSummary())).toEqual([c.tooMuch.message]);
    expect(server.sent('POST', c.path)).toHaveLength(0);
  });

  it('is busy while it is sent and sends once, then confirms it with focus', async () => {
    const answer = deferred<unknown>();
    postAnswer(() => answer.promise);
    const { user } = await openForm();
    await fill(user, c.done.dollars);
    await press(user);

    const busy = await screen.findByRole('button', { name: c.busy });
    expect(busy).toBeDisabled();
    await server.waitForSent('POST', c.path);
    await user.click(busy);
    expect(server.sent('POST', c.path)).toHaveLength(1);
    await expectAccessible();

    answer.resolve(c.answer(server.sent('POST', c.path)[0].body as Body));
    const heading = await screen.findByRole('heading', { name: c.done.heading });
    await waitFor(() => expect(heading).toHaveFocus());
    for (const text of c.done.shows) expect(screen.getByText(text)).toBeVisible();
    expect(server.sent('POST', c.path)[0].body).toEqual(c.done.body);
    await waitFor(() => expect(liveRegion()).toHaveTextContent(c.done.announced));
    await expectAccessible();
  });

  it('after a lost answer asks to press again, and the retry is the same submission', async () => {
    let calls = 0;
    postAnswer((body) => (++calls === 1 ? networkFailure() : c.answer(body)));
    const { user } = await openForm();
    await fill(user, c.done.dollars);
    await press(user);

    expect(summaryMessages(await findErrorSummary())).toEqual([c.lost]);
    // What was typed is kept.
    expect(screen.getByRole('textbox', { name: 'Amount' })).toHaveValue(c.done.dollars);
    await press(user);
    await screen.findByRole('heading', { name: c.done.heading });
    const [first, again] = server.sent('POST', c.path);
    expect(first.headers.get('Idempotency-Key')).toBeTruthy();
    expect(again.headers.get('Idempotency-Key')).toBe(first.headers.get('Idempotency-Key'));
  });

  it('a refusal as more than its limit is put on Amount with the figure', async () => {
    postAnswer(() => c.refused.reply);
    const { user } = await openForm();
    await fill(user, c.refused.dollars);
    await press(user);
    expect(summaryMessages(await findErrorSummary())).toEqual([c.refused.message]);
    expect(screen.getByRole('textbox', { name: 'Amount' })).toBeInvalid();
  });

  it('offers no form when there is nothing to ask for', async () => {
    serveLedger(enrollment, c.nothing.receivedCents);
    renderRoute(`/enrollments/${enrollment.id}/${c.form}/new`);
    expect(await screen.findByText(c.nothing.text)).toBeVisible();
    if (c.nothing.heading)
      expect(screen.getByRole('heading', { name: c.nothing.heading })).toBeVisible();
    expect(screen.queryByRole('textbox', { name: 'Amount' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: c.submit })).not.toBeInTheDocument();
    await expectAccessible();
  });
});
