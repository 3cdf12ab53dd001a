import { screen, waitFor, within } from '@testing-library/react';
import { formatDate, toDateInput } from '../api/dates';
import {
  anId,
  aParticipant,
  aReferralSummary,
  daysFromToday,
  enter,
  timestampIn,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  noRows,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
} from '../test-kit';

const participantPath = '/api/v1/participants/{id}' as const;

/** A participant whose record the court closed: refused until a reason is stated. */
function closedParticipant() {
  const p = aParticipant({ recordStatus: 'CLOSED' });
  server
    .get(participantPath, (sent) =>
      sent.headers.get('X-Access-Reason') ? p : problem(403, 'RECORD_CLOSED'),
    )
    .get('/api/v1/enrollments', (sent) =>
      sent.headers.get('X-Access-Reason') ? noRows() : problem(403, 'RECORD_CLOSED'),
    );
  return p;
}

async function openGate(id: string) {
  const page = renderRoute(`/participants/${id}`);
  await screen.findByRole('heading', { level: 1, name: 'This record is closed' });
  return page;
}

describe('A closed record', () => {
  it('a supervisor is asked why; opening it without a reason is refused and asks nothing of the API', async () => {
    await signInAs(['SUPERVISOR']);
    const p = closedParticipant();
    const { user } = await openGate(p.id);
    expect(screen.getByText(/it may be opened only for a purpose the law allows/)).toBeVisible();
    const reasons = screen.getByRole('group', { name: 'Why are you opening it?' });
    expect(
      within(reasons)
        .getAllByRole('radio')
        .map((r) => r.closest('div')?.textContent),
    ).toEqual([
      'A court order',
      'The prosecutor’s request',
      'The participant’s own request',
      'An audit',
      'A follow-up check',
    ]);
    await expectAccessible();

    server.forgetSent();
    await user.click(screen.getByRole('button', { name: 'Open record' }));
    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['Select why you are opening this record']);
    expect(within(summary).getByRole('link')).toHaveAttribute('href', '#access-reason');
    expect(screen.getByRole('heading', { level: 1, name: 'This record is closed' })).toBeVisible();
    expect(server.sent('GET', participantPath)).toHaveLength(0);
    await expectAccessible();
  });

  it('opened with a reason: the record is asked again with it, and a banner says why it is open', async () => {
    await signInAs(['AUDITOR']);
    const p = closedParticipant();
    // The record's tabs, which are not under test here: nothing on them.
    server.get('/api/v1/participants/{id}/referrals', []);
    const { user } = await openGate(p.id);
    await user.click(screen.getByRole('radio', { name: 'An audit' }));
    server.forgetSent();
    await user.click(screen.getByRole('button', { name: 'Open record' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Pat Marsh' })).toBeVisible();
    expect(server.sent('GET', participantPath).length).toBeGreaterThanOrEqual(1);
    // Every request for the record carries the reason.
    const asked = server.sent('GET').map((s) => [s.route, s.headers.get('X-Access-Reason')]);
    expect(asked).toContainEqual(['/api/v1/participants/{id}/referrals', 'AUDIT']);
    expect(asked.filter(([, reason]) => reason !== 'AUDIT')).toEqual([]);
    const banner = screen
      .getByRole('heading', { name: 'Closed record' })
      .closest('#closed-record-banner');
    expect(banner).toHaveTextContent(
      'The court closed this case. You opened it for: an audit. Each page of it you open is logged as a disclosure. Leaving the record forgets the reason.',
    );
    await waitFor(() => expect(banner).toHaveFocus());
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent('Closed record opened for An audit.'),
    );
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
  });

  it('anyone else is told who can open it, with no way to', async () => {
    await signInAs(['INTAKE']);
    const p = closedParticipant();
    await openGate(p.id);
    expect(
      screen.getByText('Only a supervisor or an auditor can open it, stating why.'),
    ).toBeVisible();
    expect(screen.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Open record' })).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('a decision that closes the record, saved on it, is said above the gate, which takes focus', async () => {
    await signInAs(['INTAKE']);
    const p = aParticipant();
    const referral = aReferralSummary({
      participantId: p.id,
      offenseDate: daysFromToday(-200),
      createdAt: timestampIn(-190),
      updatedAt: timestampIn(-190),
    });

    let closed = false;
    const refusedOnceClosed =
      <T,>(answer: T) =>
      () =>
        closed ? problem(403, 'RECORD_CLOSED') : answer;
    server
      .get(participantPath, refusedOnceClosed(p))
      .get('/api/v1/enrollments', refusedOnceClosed(noRows()))
      .get('/api/v1/participants/{id}/referrals', refusedOnceClosed([referral]))
      .get('/api/v1/referrals/{id}/dispositions', refusedOnceClosed([]))
      .get('/api/v1/staff/directory', [])
      .post('/api/v1/referrals/{id}/dispositions', (sent) => {
        closed = true;
        return {
          id: anId(),
          referralId: referral.id,
          disposition: sent.body.disposition,
          decidedOn: sent.body.decidedOn,
          courtReference: null,
          recordedBy: anId(),
          recordedAt: timestampIn(0),
        };
      });
    const { user } = renderRoute(`/participants/${p.id}`);
    await user.click(
      await screen.findByRole('button', {
        name: 'Record the court’s decision on case KC-24-001234',
      }),
    );
    await user.click(screen.getByRole('radio', { name: 'Dismissed' }));
    await enter(
      user,
      screen.getByRole('textbox', { name: 'Decided on' }),
      toDateInput(daysFromToday(-3)),
    );
    await user.click(screen.getByRole('button', { name: 'Save decision' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'This record is closed' }),
    ).toBeVisible();
    const notice = screen
      .getByRole('heading', { name: 'Decision saved' })
      .closest('#record-closed-notice');
    expect(notice).toHaveTextContent(
      `Dismissed, decided on ${formatDate(daysFromToday(-3))}, case KC-24-001234. This decision closes the record of this referral: it is kept, out of searches and lists.`,
    );
    await waitFor(() => expect(notice).toHaveFocus());
    // Nothing of the record is left on screen.
    expect(screen.queryByRole('heading', { name: 'Pat Marsh' })).not.toBeInTheDocument();
    expect(
      screen.getByText('Only a supervisor or an auditor can open it, stating why.'),
    ).toBeVisible();
    await expectAccessible();
  });
});
