import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import {
  aLedger,
  aPage,
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
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  timestampIn,
  type Reply,
  type User,
} from '../test-kit';

type WaiverRequest = Schemas['WaiverRequestDto'];
type ReversalRequest = Schemas['ReversalRequestDto'];
type Enrollment = Schemas['EnrollmentDto'];
type Ledger = Schemas['LedgerDto'];

const waivers = '/api/v1/waiver-requests' as const;
const reversals = '/api/v1/reversal-requests' as const;
const approveWaiver = '/api/v1/waiver-requests/{id}/approve' as const;
const rejectWaiver = '/api/v1/waiver-requests/{id}/reject' as const;
const approveReversal = '/api/v1/reversal-requests/{id}/approve' as const;
const rejectReversal = '/api/v1/reversal-requests/{id}/reject' as const;

const lee = aStaffEntry({ displayName: 'Lee Okafor', roles: ['FINANCE'] });
const pat = anEnrollment({ participantName: 'Pat Marsh', feeCents: 40_000, balanceCents: 40_000 });
const ledger = aLedger(pat);
const fee = ledger.entries[0];

function aWaiverRequest(over: Partial<WaiverRequest> = {}): WaiverRequest {
  return {
    id: anId(),
    enrollmentId: pat.id,
    reason: 'ABILITY_TO_PAY',
    status: 'PENDING',
    requestedBy: lee.id,
    requestedAt: timestampIn(-1),
    amountCents: 10_000,
    note: 'Pay stubs reviewed',
    ...over,
  };
}

function aReversalRequest(over: Partial<ReversalRequest> = {}): ReversalRequest {
  return {
    id: anId(),
    status: 'PENDING',
    entryId: fee.id,
    enrollmentId: pat.id,
    entryKind: 'FEE',
    amountCents: fee.amountCents,
    reason: 'Entered in error',
    requestedBy: lee.id,
    requestedAt: timestampIn(-1),
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    ledgerEntryId: null,
    ...over,
  };
}

/** The requests waiting now (the lists answer these until told otherwise). */
function waiting({
  waiverRequests = [],
  reversalRequests = [],
}: {
  waiverRequests?: WaiverRequest[];
  reversalRequests?: ReversalRequest[];
}) {
  server.get(waivers, aPage(waiverRequests, 200)).get(reversals, aPage(reversalRequests, 200));
}

/** Approvals, once both lists show. */
async function openApprovals(
  requests: { waiverRequests?: WaiverRequest[]; reversalRequests?: ReversalRequest[] } = {},
  /** Other enrollments than Pat's, each with its ledger. */
  others: { enrollment: Enrollment; ledger: Ledger }[] = [{ enrollment: pat, ledger }],
) {
  waiting(requests);
  const other = (id: string) => others.find((o) => o.enrollment.id === id);
  server
    .get('/api/v1/staff/directory', [lee])
    .get('/api/v1/enrollments/{id}', ({ params }) => other(params.id)?.enrollment ?? pat)
    .get('/api/v1/enrollments/{id}/ledger', ({ params }) => other(params.id)?.ledger ?? ledger);
  const page = renderRoute('/approvals');
  await screen.findByRole('heading', { level: 1, name: 'Approvals' });
  await screen.findByRole('heading', { level: 2, name: 'Reversal requests' });
  if (requests.waiverRequests?.length)
    await screen.findByRole('region', { name: 'Waiver requests' });
  if (requests.reversalRequests?.length)
    await screen.findByRole('region', { name: 'Reversal requests' });
  return page;
}

const button = (name: RegExp | string) => screen.getByRole('button', { name });
const typeReason = (user: User, dialog: HTMLElement, text: string) =>
  enter(user, within(dialog).getByRole('textbox', { name: 'Reason for rejecting' }), text);

let me: { id: string };
beforeEach(async () => {
  me = await signInAs(['SUPERVISOR']);
});

describe('Approvals', () => {
  it('says when nothing is waiting', async () => {
    await openApprovals();
    expect(screen.getByText('No waiver request is waiting.')).toBeVisible();
    expect(screen.getByText('No reversal request is waiting.')).toBeVisible();
    expect(screen.queryByRole('button', { name: /^Approve/ })).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('shows each waiting request with whose it is and who asked', async () => {
    await openApprovals({
      waiverRequests: [aWaiverRequest()],
      reversalRequests: [aReversalRequest()],
    });
    const waiverRow = within(screen.getByRole('region', { name: 'Waiver requests' })).getByRole(
      'row',
      { name: /Pat Marsh/ },
    );
    expect(waiverRow).toHaveTextContent('$100.00');
    expect(waiverRow).toHaveTextContent('Ability to pay');
    expect(waiverRow).toHaveTextContent('Pay stubs reviewed');
    expect(waiverRow).toHaveTextContent('Lee Okafor');
    const reversalRow = within(screen.getByRole('region', { name: 'Reversal requests' })).getByRole(
      'row',
      { name: /Pat Marsh/ },
    );
    expect(reversalRow).toHaveTextContent('Fee of $400.00');
    expect(reversalRow).toHaveTextContent('Balance then $0.00');
    expect(reversalRow).toHaveTextContent('Asked by Lee Okafor');
    await expectAccessible();
  });
});

describe('Approve a waiver', () => {
  it('is busy (the reversals’ buttons too), sends once, then says what happened with focus', async () => {
    const request = aWaiverRequest();
    const other = aReversalRequest();
    const answer = deferred<Reply | WaiverRequest>();
    server.post(approveWaiver, () => answer.promise);
    const { user } = await openApprovals({
      waiverRequests: [request],
      reversalRequests: [other],
    });
    await user.click(button('Approve $100.00 for Pat Marsh'));

    const busy = await screen.findByRole('button', { name: 'Approving… $100.00 for Pat Marsh' });
    expect(busy).toBeDisabled();
    expect(button('Reject $100.00 for Pat Marsh')).toBeDisabled();
    // One decision at a time on the whole screen: the reversal list waits too.
    expect(button('Approve reversal of the fee of $400.00 for Pat Marsh')).toBeDisabled();
    expect(button('Reject reversal of the fee of $400.00 for Pat Marsh')).toBeDisabled();
    await user.click(busy);
    const [sent] = await server.waitForSent('POST', approveWaiver);
    expect(server.sent('POST', approveWaiver)).toHaveLength(1);
    expect(sent.params.id).toBe(request.id);
    await expectAccessible();

    waiting({ reversalRequests: [other] });
    answer.resolve({ ...request, status: 'APPROVED' });
    const message = 'Waiver of $100.00 for Pat Marsh approved. It is on the ledger now.';
    const notice = await screen.findByText(message, { exact: false });
    await waitFor(() => expect(document.activeElement).toHaveTextContent(message));
    expect(within(notice).getByRole('link', { name: 'Open the ledger' })).toBeVisible();
    await waitFor(() => expect(liveRegion()).toHaveTextContent(message));
    expect(await screen.findByText('No waiver request is waiting.')).toBeVisible();
    expect(button('Approve reversal of the fee of $400.00 for Pat Marsh')).toBeEnabled();
  });

  it('a request decided meanwhile is refused in plain words, with the reference', async () => {
    server.post(approveWaiver, problem(409, 'INVALID_TRANSITION'));
    const { user } = await openApprovals({ waiverRequests: [aWaiverRequest()] });
    await user.click(button('Approve $100.00 for Pat Marsh'));

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      'Another supervisor decided this request meanwhile. The list is up to date now.',
    ]);
    expect(within(summary).getByText('req-409-INVALID_TRANSITION')).toBeVisible();
    expect(button('Approve $100.00 for Pat Marsh')).toBeEnabled();
    await expectAccessible();
  });

  it('a lost answer says the case manager could not be reached', async () => {
    server.post(approveWaiver, networkFailure());
    const { user } = await openApprovals({ waiverRequests: [aWaiverRequest()] });
    await user.click(button('Approve $100.00 for Pat Marsh'));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    expect(button('Approve $100.00 for Pat Marsh')).toBeEnabled();
  });

  it('their own request cannot be decided, and says why', async () => {
    await openApprovals({ waiverRequests: [aWaiverRequest({ requestedBy: me.id })] });
    const why = 'You asked for this waiver: another supervisor must decide it.';
    for (const name of ['Approve $100.00 for Pat Marsh', 'Reject $100.00 for Pat Marsh']) {
      expect(button(name)).toBeDisabled();
      expect(button(name)).toHaveAccessibleDescription(why);
    }
    expect(screen.getByText(why)).toBeVisible();
    await expectAccessible();
  });
});

describe('Reject a waiver', () => {
  async function openDialog(request = aWaiverRequest()) {
    const page = await openApprovals({ waiverRequests: [request] });
    const opener = button('Reject $100.00 for Pat Marsh');
    await page.user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Reject this waiver request?' });
    return { ...page, dialog, opener, request };
  }

  it('says nothing changes on the ledger, asks why, and Escape closes it with focus back', async () => {
    const { user, dialog, opener } = await openDialog();
    expect(
      within(dialog).getByText(
        'Pat Marsh: $100.00, ability to pay. Nothing changes on the ledger; the balance stays as it is.',
      ),
    ).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Reject request' }));

    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual(['Enter the reason for rejecting']);
    expect(within(dialog).getByRole('textbox', { name: 'Reason for rejecting' })).toBeInvalid();
    expect(server.sent('POST', rejectWaiver)).toHaveLength(0);
    await expectAccessible();

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(opener).toHaveFocus();
  });

  it('sends the reason once, then says nothing changed on the ledger', async () => {
    const request = aWaiverRequest();
    const answer = deferred<Reply | WaiverRequest>();
    server.post(rejectWaiver, () => answer.promise);
    const { user, dialog } = await openDialog(request);
    await typeReason(user, dialog, 'No proof of income');
    await user.click(within(dialog).getByRole('button', { name: 'Reject request' }));

    const busy = await within(dialog).findByRole('button', { name: 'Rejecting…' });
    expect(busy).toBeDisabled();
    const [sent] = await server.waitForSent('POST', rejectWaiver);
    await user.click(busy);
    expect(server.sent('POST', rejectWaiver)).toHaveLength(1);
    expect(sent.params.id).toBe(request.id);
    expect(sent.body).toEqual({ note: 'No proof of income' });

    waiting({});
    answer.resolve({ ...request, status: 'REJECTED', decisionNote: 'No proof of income' });
    const message = 'Waiver of $100.00 for Pat Marsh rejected. Nothing changed on the ledger.';
    expect(await screen.findByText(message, { exact: false })).toBeVisible();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(document.activeElement).toHaveTextContent(message));
    await waitFor(() => expect(liveRegion()).toHaveTextContent(message));
  });

  it('a refusal shows in the dialog, the reason kept', async () => {
    server.post(rejectWaiver, problem(409, 'INVALID_TRANSITION'));
    const { user, dialog } = await openDialog();
    await typeReason(user, dialog, 'No proof of income');
    await user.click(within(dialog).getByRole('button', { name: 'Reject request' }));

    const summary = await findErrorSummary();
    expect(dialog).toContainElement(summary);
    expect(summaryMessages(summary)).toEqual([
      'Another supervisor decided this request meanwhile. The list is up to date now.',
    ]);
    expect(within(dialog).getByRole('textbox', { name: 'Reason for rejecting' })).toHaveValue(
      'No proof of income',
    );
  });
});

describe('Reversal requests', () => {
  it('approving is busy, sends once, then says the balance it leaves', async () => {
    const request = aReversalRequest();
    const answer = deferred<Reply | ReversalRequest>();
    server.post(approveReversal, () => answer.promise);
    const { user } = await openApprovals({ reversalRequests: [request] });
    await user.click(button('Approve reversal of the fee of $400.00 for Pat Marsh'));

    const busy = await screen.findByRole('button', {
      name: 'Approving… reversal of the fee of $400.00 for Pat Marsh',
    });
    expect(busy).toBeDisabled();
    const [sent] = await server.waitForSent('POST', approveReversal);
    await user.click(busy);
    expect(server.sent('POST', approveReversal)).toHaveLength(1);
    expect(sent.params.id).toBe(request.id);

    waiting({});
    answer.resolve({ ...request, status: 'APPROVED' });
    const message =
      'Reversal of the fee of $400.00 for Pat Marsh approved. It is on the ledger now; the balance is $0.00.';
    expect(await screen.findByText(message, { exact: false })).toBeVisible();
    await waitFor(() => expect(document.activeElement).toHaveTextContent(message));
    await waitFor(() => expect(liveRegion()).toHaveTextContent(message));
    expect(await screen.findByText('No reversal request is waiting.')).toBeVisible();
  });

  it('a refused approval is said at the top of the page', async () => {
    server.post(approveReversal, problem(403, 'SELF_APPROVAL'));
    const { user } = await openApprovals({ reversalRequests: [aReversalRequest()] });
    await user.click(button('Approve reversal of the fee of $400.00 for Pat Marsh'));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'You recorded or asked for this yourself: another supervisor must decide it.',
    ]);
    await expectAccessible();
  });

  it('a lost answer says the case manager could not be reached', async () => {
    server.post(approveReversal, networkFailure());
    const { user } = await openApprovals({ reversalRequests: [aReversalRequest()] });
    await user.click(button('Approve reversal of the fee of $400.00 for Pat Marsh'));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
  });

  it('their own request, or the reversal of their own entry, cannot be decided, and says why', async () => {
    const mine = aLedger(pat);
    mine.entries[0] = { ...mine.entries[0], createdBy: me.id };
    const second = anEnrollment({ participantName: 'Sam Ortiz' });
    const secondLedger = aLedger(second);
    await openApprovals(
      {
        reversalRequests: [
          aReversalRequest({ entryId: mine.entries[0].id }),
          aReversalRequest({
            enrollmentId: second.id,
            entryId: secondLedger.entries[0].id,
            requestedBy: me.id,
          }),
        ],
      },
      [
        { enrollment: pat, ledger: mine },
        { enrollment: second, ledger: secondLedger },
      ],
    );
    const ownEntry = 'You recorded this entry: another supervisor must decide its reversal.';
    const ownRequest = 'You asked for this reversal: another supervisor must decide it.';
    expect(await screen.findByText(ownEntry)).toBeVisible();
    expect(button('Approve reversal of the fee of $400.00 for Pat Marsh')).toBeDisabled();
    expect(
      button('Approve reversal of the fee of $400.00 for Pat Marsh'),
    ).toHaveAccessibleDescription(ownEntry);
    expect(button('Reject reversal of the fee of $400.00 for Sam Ortiz')).toBeDisabled();
    expect(
      button('Reject reversal of the fee of $400.00 for Sam Ortiz'),
    ).toHaveAccessibleDescription(ownRequest);
    await expectAccessible();
  });

  it('rejecting asks why, sends the reason once, and says nothing changed', async () => {
    const request = aReversalRequest();
    server.post(rejectReversal, ({ body }) => ({
      ...request,
      status: 'REJECTED' as const,
      decisionNote: body.note ?? null,
    }));
    const { user } = await openApprovals({ reversalRequests: [request] });
    const opener = button('Reject reversal of the fee of $400.00 for Pat Marsh');
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Reject this reversal request?' });
    expect(dialog).toHaveTextContent(
      'Pat Marsh: reversal of the fee of $400.00 (Entered in error). Nothing changes on the ledger; the fee stays and so does the balance.',
    );
    await typeReason(user, dialog, '   ');
    await user.click(within(dialog).getByRole('button', { name: 'Reject request' }));
    expect(summaryMessages(await findErrorSummary())).toEqual(['Enter the reason for rejecting']);

    await user.click(within(dialog).getByRole('button', { name: 'Keep it waiting' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(opener).toHaveFocus();
    expect(server.sent('POST', rejectReversal)).toHaveLength(0);

    await user.click(opener);
    const again = screen.getByRole('dialog', { name: 'Reject this reversal request?' });
    await typeReason(user, again, 'The fee is right');
    waiting({});
    await user.click(within(again).getByRole('button', { name: 'Reject request' }));
    const message =
      'Reversal of the fee of $400.00 for Pat Marsh rejected. Nothing changed on the ledger.';
    expect(await screen.findByText(message, { exact: false })).toBeVisible();
    expect(server.sent('POST', rejectReversal).map((s) => s.body)).toEqual([
      { note: 'The fee is right' },
    ]);
  });
});
