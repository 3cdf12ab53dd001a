// Reversing a ledger entry from the Ledger tab: a FEE or a WAIVER becomes a request a second
// supervisor approves; a PAYMENT or a REFUND a supervisor reverses at once.
import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import type { Role } from '../api/session';
import {
  aLedger,
  aPage,
  aParticipant,
  aStaffEntry,
  anEnrollment,
  anId,
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  problem,
  Reply,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  timestampIn,
  type User,
} from '../test-kit';

type Ledger = Schemas['LedgerDto'];
type ReversalRequest = Schemas['ReversalRequestDto'];
const reversalOf = '/api/v1/ledger-entries/{id}/reversal' as const;

const lee = aStaffEntry({ displayName: 'Lee Okafor', roles: ['FINANCE'] });
const participant = aParticipant({ firstName: 'Pat', lastName: 'Marsh' });
const enrollment = anEnrollment({
  participantId: participant.id,
  participantName: 'Pat Marsh',
  feeCents: 40_000,
  balanceCents: 40_000,
});

/** The fee, recorded by Lee; with `paidByCheck`, a payment of $150.00 by check too. */
function aLedgerOf({ paidByCheck = false } = {}): Ledger {
  const ledger = aLedger(enrollment, { receivedCents: paidByCheck ? 15_000 : 0 });
  ledger.entries = ledger.entries.map((e) => ({
    ...e,
    createdBy: lee.id,
    createdAt: e.kind === 'FEE' ? timestampIn(-2) : timestampIn(-1),
    ...(e.kind === 'PAYMENT' ? { method: 'CHECK' as const } : {}),
  }));
  return ledger;
}

function aReversalRequest(entryId: string, over: Partial<ReversalRequest> = {}): ReversalRequest {
  return {
    id: anId(),
    status: 'PENDING',
    entryId,
    enrollmentId: enrollment.id,
    entryKind: 'FEE',
    amountCents: 40_000,
    reason: 'Entered in error',
    requestedBy: lee.id,
    requestedAt: timestampIn(0),
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    ledgerEntryId: null,
    ...over,
  };
}

const waitingReversals = (items: ReversalRequest[]) =>
  server.get('/api/v1/reversal-requests', aPage(items, 200));

/** Pat's record on its Ledger tab, signed in with `roles`, once the entries show. */
async function openLedger(
  roles: Role[],
  ledger: Ledger,
  requests: ReversalRequest[] = [],
  meId?: string,
) {
  const me = await signInAs(roles, { id: meId });
  server
    .get('/api/v1/participants/{id}', participant)
    .get('/api/v1/enrollments', aPage([enrollment]))
    .get('/api/v1/enrollments/{id}', enrollment)
    .get('/api/v1/enrollments/{id}/ledger', ledger)
    .get('/api/v1/staff/directory', [lee])
    .get('/api/v1/waiver-requests', { items: [], total: 0, page: 1, limit: 200 });
  waitingReversals(requests);
  const page = renderRoute(`/participants/${participant.id}?tab=ledger`);
  await screen.findByRole('region', { name: 'Ledger entries' });
  return { ...page, me };
}

/** A 202: the API took the request; nothing is on the ledger yet. */
function accepted(request: ReversalRequest): Reply {
  return new Reply(
    () =>
      new Response(JSON.stringify(request), {
        status: 202,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
}

const reverse = (n: number) => screen.getByRole('button', { name: `Reverse entry ${n}` });
const requestDialog = () =>
  screen.getByRole('dialog', { name: 'Request the reversal of this entry?' });
const reasons = (dialog: HTMLElement) => within(dialog).getByRole('group', { name: 'Reason' });
const press = (user: User, dialog: HTMLElement, name: string) =>
  user.click(within(dialog).getByRole('button', { name }));

describe('Request the reversal of a fee', () => {
  it('asks first: says a second supervisor approves, the balance it would leave, and why', async () => {
    const { user } = await openLedger(['FINANCE'], aLedgerOf());
    const opener = reverse(1);
    await user.click(opener);
    const dialog = requestDialog();
    expect(dialog).toHaveTextContent('Entry 1: fee of $400.00');
    expect(within(dialog).getByText('A second supervisor must approve this.')).toBeVisible();
    expect(dialog).toHaveTextContent(
      'If it is approved, a reversal is a new entry that cancels this one; both stay on the ledger. The balance then goes from $400.00 to $0.00.',
    );
    // A bounced check is offered for a payment by check only.
    expect(within(reasons(dialog)).getAllByRole('radio')).toHaveLength(2);
    expect(within(reasons(dialog)).queryByRole('radio', { name: 'Bounced check' })).toBeNull();
    await expectAccessible();

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(opener).toHaveFocus();
    expect(server.sent('POST', reversalOf)).toHaveLength(0);
  });

  it('asks for the reason, and for its words when it is another one', async () => {
    const { user } = await openLedger(['FINANCE'], aLedgerOf());
    await user.click(reverse(1));
    const dialog = requestDialog();
    await press(user, dialog, 'Request reversal');

    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual(['Select the reason']);
    await user.click(within(summary).getByRole('link', { name: 'Select the reason' }));
    expect(within(reasons(dialog)).getByRole('radio', { name: 'Entered in error' })).toHaveFocus();

    await user.click(within(reasons(dialog)).getByRole('radio', { name: 'Another reason' }));
    await press(user, dialog, 'Request reversal');
    await waitFor(() =>
      expect(summaryMessages(screen.getByRole('alert', { name: 'There is a problem' }))).toEqual([
        'Describe the reason',
      ]),
    );
    expect(within(dialog).getByRole('textbox', { name: 'Describe the reason' })).toBeInvalid();
    expect(server.sent('POST', reversalOf)).toHaveLength(0);
    await expectAccessible();

    await press(user, dialog, 'Keep the entry');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    // Opened again, it starts afresh.
    await user.click(reverse(1));
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
    expect(
      within(reasons(requestDialog())).getByRole('radio', { name: 'Another reason' }),
    ).not.toBeChecked();
  });

  it('is busy while sending, sends once, then says the request waits and shows it as requested', async () => {
    const ledger = aLedgerOf();
    const fee = ledger.entries[0];
    const answer = deferred<Reply>();
    server.post(reversalOf, () => answer.promise);
    const { user, me } = await openLedger(['FINANCE'], ledger);
    await user.click(reverse(1));
    const dialog = requestDialog();
    await user.click(within(reasons(dialog)).getByRole('radio', { name: 'Another reason' }));
    await enter(
      user,
      within(dialog).getByRole('textbox', { name: 'Describe the reason' }),
      'Court dismissed the case',
    );
    await press(user, dialog, 'Request reversal');

    const busy = await within(dialog).findByRole('button', { name: 'Requesting…' });
    expect(busy).toBeDisabled();
    const [sent] = await server.waitForSent('POST', reversalOf);
    await user.click(busy);
    expect(server.sent('POST', reversalOf)).toHaveLength(1);
    expect(sent.params.id).toBe(fee.id);
    expect(sent.body).toEqual({ reason: 'Court dismissed the case' });
    await expectAccessible();

    const request = aReversalRequest(fee.id, {
      reason: 'Court dismissed the case',
      requestedBy: me.id,
    });
    waitingReversals([request]);
    answer.resolve(accepted(request));
    const message =
      'Reversal requested; waits for a second supervisor. Entry 1 (fee of $400.00) and the balance of $400.00 stay as they are until a supervisor approves it on Approvals.';
    expect(await screen.findByText(message)).toBeVisible();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(document.activeElement).toHaveTextContent(message));
    await waitFor(() => expect(liveRegion()).toHaveTextContent(message));
    // The entry now waits: no second request from here.
    expect(await screen.findByText('Reversal requested')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Reverse entry 1' })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Waiting for a supervisor' })).toBeVisible();
    expect(
      screen.getByText(
        /^The reversal of entry 1 \(fee of \$400\.00; reason: Court dismissed the case\), asked by /,
      ),
    ).toBeVisible();
  });

  it('gives no way out while the request is on its way, so a refusal is never lost', async () => {
    const answer = deferred<Reply>();
    server.post(reversalOf, () => answer.promise);
    const { user } = await openLedger(['FINANCE'], aLedgerOf());
    await user.click(reverse(1));
    const dialog = requestDialog();
    await user.click(within(reasons(dialog)).getByRole('radio', { name: 'Entered in error' }));
    await press(user, dialog, 'Request reversal');
    await within(dialog).findByRole('button', { name: 'Requesting…' });
    await server.waitForSent('POST', reversalOf);

    expect(within(dialog).getByRole('button', { name: 'Keep the entry' })).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(requestDialog()).toBeVisible();

    answer.resolve(problem(403, 'SELF_APPROVAL'));
    const summary = await findErrorSummary();
    expect(requestDialog()).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual([
      'You recorded or asked for this yourself: another supervisor must decide it.',
    ]);
    expect(within(dialog).getByRole('button', { name: 'Keep the entry' })).toBeEnabled();
  });

  it('a fee whose reversal already waits shows it, with no way to ask again', async () => {
    const ledger = aLedgerOf();
    await openLedger(['FINANCE'], ledger, [aReversalRequest(ledger.entries[0].id)]);
    expect(await screen.findByText('Reversal requested')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Reverse entry 1' })).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('asked meanwhile by someone else: says nothing new was sent', async () => {
    const ledger = aLedgerOf();
    server.post(reversalOf, () => {
      waitingReversals([aReversalRequest(ledger.entries[0].id)]);
      return problem(409, 'REVERSAL_ALREADY_REQUESTED');
    });
    const { user } = await openLedger(['FINANCE'], ledger);
    await user.click(reverse(1));
    const dialog = requestDialog();
    await user.click(within(reasons(dialog)).getByRole('radio', { name: 'Entered in error' }));
    await press(user, dialog, 'Request reversal');

    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual([
      'The reversal of this entry has already been requested and waits for a second supervisor. Nothing new was sent: the request on Approvals is the one that counts.',
    ]);
    await expectAccessible();
    await press(user, dialog, 'Keep the entry');
    // The list of requests was read again: the entry shows as requested.
    expect(await screen.findByText('Reversal requested')).toBeVisible();
  });

  it('a refusal that names the reason is said on the Reason question', async () => {
    server.post(
      reversalOf,
      problem(400, 'VALIDATION_FAILED', {
        errors: [{ field: 'reason', message: 'must not be empty' }],
      }),
    );
    const { user } = await openLedger(['FINANCE'], aLedgerOf());
    await user.click(reverse(1));
    const dialog = requestDialog();
    await user.click(within(reasons(dialog)).getByRole('radio', { name: 'Entered in error' }));
    await press(user, dialog, 'Request reversal');

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['Must not be empty']);
    expect(reasons(dialog)).toHaveAccessibleDescription(
      expect.stringContaining('Must not be empty'),
    );
    expect(within(reasons(dialog)).getByRole('radio', { name: 'Entered in error' })).toBeChecked();
  });

  it('a lost answer says the case manager could not be reached', async () => {
    server.post(reversalOf, networkFailure());
    const { user } = await openLedger(['FINANCE'], aLedgerOf());
    await user.click(reverse(1));
    const dialog = requestDialog();
    await user.click(within(reasons(dialog)).getByRole('radio', { name: 'Entered in error' }));
    await press(user, dialog, 'Request reversal');
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    expect(within(dialog).getByRole('button', { name: 'Request reversal' })).toBeEnabled();
  });
});

describe('Reverse a payment', () => {
  it('a supervisor reverses a bounced check at once, and the new balance is said', async () => {
    const ledger = aLedgerOf({ paidByCheck: true });
    const payment = ledger.entries[1];
    server.post(reversalOf, {
      id: anId(),
      enrollmentId: enrollment.id,
      kind: 'REVERSAL',
      amountCents: 15_000,
      signedAmountCents: 15_000,
      reversesEntryId: payment.id,
      reason: 'Bounced check',
      createdAt: timestampIn(0),
      createdBy: anId(),
    });
    const { user } = await openLedger(['SUPERVISOR'], ledger);
    await user.click(reverse(2));
    const dialog = screen.getByRole('dialog', { name: 'Reverse this entry?' });
    expect(dialog).toHaveTextContent(
      'The balance goes from $250.00 to $400.00. It cannot be undone.',
    );
    await user.click(within(reasons(dialog)).getByRole('radio', { name: 'Bounced check' }));
    server.get('/api/v1/enrollments/{id}/ledger', {
      ...ledger,
      balanceCents: 40_000,
      receivedCents: 0,
    });
    await press(user, dialog, 'Reverse entry');

    const message = 'Entry 2 reversed (Bounced check). The balance is now $400.00.';
    expect(await screen.findByText(message)).toBeVisible();
    expect(server.sent('POST', reversalOf).map((s) => s.body)).toEqual([
      { reason: 'Bounced check' },
    ]);
    await waitFor(() => expect(liveRegion()).toHaveTextContent(message));
  });

  it("a supervisor's own payment is left to another supervisor, and says so", async () => {
    const ledger = aLedgerOf({ paidByCheck: true });
    await openLedger(['SUPERVISOR'], ledger, [], ledger.entries[1].createdBy);
    expect(screen.getByText('Your entry: another supervisor reverses it')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Reverse entry 2' })).not.toBeInTheDocument();
    // The fee, recorded by the same person, is a request another supervisor approves.
    expect(reverse(1)).toBeVisible();
  });

  it('only those who may reverse see the way to it', async () => {
    await openLedger(['INTAKE'], aLedgerOf({ paidByCheck: true }));
    expect(screen.queryByRole('button', { name: /^Reverse entry/ })).not.toBeInTheDocument();
  });
});
