import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import type { Role } from '../api/session';
import {
  aParticipant,
  aProgram,
  aReferral,
  aStaffEntry,
  anEligibilityCheck,
  deferred,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  summarySays,
  timestampIn,
  type Reply,
} from '../test-kit';

type Check = Schemas['EligibilityCheckDto'];
type Rule = Schemas['RuleResultDto'];
const checksPath = '/api/v1/referrals/{id}/eligibility-checks' as const;

const participant = aParticipant({ firstName: 'Pat', lastName: 'Marsh' });
const referral = aReferral({ participantId: participant.id, caseNumber: 'KC-24-001234' });
const checker = aStaffEntry({ displayName: 'Lee Okafor' });

const CODES: Rule['code'][] = [
  'CHARGE_NOT_ELIGIBLE',
  'MINOR_INVOLVED',
  'MINOR_STATUS_UNVERIFIED',
  'PARTICIPANT_NOT_ADULT',
  'PRIOR_CONVICTION',
  'PRIOR_DIVERSION',
  'PENDING_CHARGE',
  'REGISTERED_SEX_OFFENDER',
  'TRAFFICKING_CHARGE',
];

/** The nine rules, those named in `failing` failed with the message given. */
function rules(failing: Partial<Record<Rule['code'], string>> = {}): Rule[] {
  return CODES.map((code) => ({
    code,
    passed: !(code in failing),
    message: failing[code] ?? 'Passes',
  }));
}

const eligible = (over: Partial<Check> = {}) =>
  anEligibilityCheck({ referralId: referral.id, checkedBy: checker.id, reasons: rules(), ...over });

const notEligible = (over: Partial<Check> = {}) =>
  eligible({
    eligible: false,
    reasons: rules({
      PRIOR_CONVICTION: 'One prior prostitution-related conviction is recorded',
      PENDING_CHARGE: 'A similar charge is pending',
    }),
    ...over,
  });

function summaryOf(enrollmentId: string | null = null): Schemas['ReferralSummaryDto'] {
  return {
    ...referral,
    participantName: 'Pat Marsh',
    latestCheck: null,
    enrollmentId,
  };
}

/** The referral's result page as `roles` see it, with its checks (newest first). */
async function openResult(
  checks: Check[],
  {
    roles = ['INTAKE'] as Role[],
    enrollmentId = null as string | null,
    over = {} as Partial<Schemas['ReferralDto']>,
  } = {},
) {
  await signInAs(roles);
  server
    .get('/api/v1/referrals/{id}', { ...referral, ...over })
    .get(checksPath, { items: checks, total: checks.length, page: 1, limit: 50 })
    .get('/api/v1/participants/{id}', participant)
    .get('/api/v1/participants/{id}/referrals', [summaryOf(enrollmentId)])
    .get('/api/v1/staff/directory', [checker])
    .get('/api/v1/programs', [aProgram('JOHNZ_SCHOOL'), aProgram('OAR')]);
  const page = renderRoute(`/referrals/${referral.id}`);
  await screen.findByRole('heading', { level: 1, name: 'Eligibility result' });
  await screen.findByRole('link', { name: 'Pat Marsh' });
  return page;
}

const runCheck = () => screen.queryByRole('button', { name: 'Run eligibility check' });

describe('Eligibility result', () => {
  it('eligible: every rule passes, and both programs can be enrolled in', async () => {
    await openResult([eligible()]);
    expect(screen.getByRole('heading', { name: 'Eligible for diversion' })).toBeVisible();
    expect(screen.getByText('All 9 rules pass.')).toBeVisible();
    await waitFor(() =>
      expect(screen.getByText(/^Rule set/)).toHaveTextContent(/run by Lee Okafor on/),
    );
    const table = screen.getByRole('table', { name: /Every rule of rule set/ });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 9);
    expect(within(table).getAllByRole('cell', { name: /Pass$/ })).toHaveLength(9);
    expect(runCheck()).not.toBeInTheDocument();

    expect(await screen.findByRole('heading', { name: 'Enroll' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Enroll in Johnz School' })).toHaveAttribute(
      'href',
      `/referrals/${referral.id}/enroll?program=JOHNZ_SCHOOL`,
    );
    expect(screen.getByRole('link', { name: 'Enroll in The OAR Program' })).toHaveAttribute(
      'href',
      `/referrals/${referral.id}/enroll?program=OAR`,
    );
    expect(screen.getByRole('link', { name: 'Change screening facts' })).toHaveAttribute(
      'href',
      `/referrals/${referral.id}/edit`,
    );
    await expectAccessible();
  });

  it('not eligible: the failed rules are named, and nothing can be enrolled', async () => {
    await openResult([notEligible()]);
    expect(screen.getByRole('heading', { name: 'Not eligible for diversion' })).toBeVisible();
    expect(screen.getByText('2 of 9 rules fail:')).toBeVisible();
    const panel = screen.getByRole('region', { name: 'Not eligible for diversion' });
    expect(
      within(panel)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'One prior prostitution-related conviction is recorded',
      'A similar charge is pending',
    ]);
    const failed = screen
      .getAllByRole('row')
      .filter((row) => within(row).queryByText('Fail'))
      .map((row) => within(row).getByRole('rowheader').textContent);
    expect(failed).toEqual([
      'No prior prostitution-related conviction',
      'No similar charge pending',
    ]);
    expect(screen.queryByRole('heading', { name: 'Enroll' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /^Enroll in/ })).not.toBeInTheDocument();
    expect(runCheck()).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('out of date: says the facts changed, offers a new check and no enrolling', async () => {
    await openResult([eligible({ stale: true })]);
    expect(
      screen.getByRole('heading', { name: 'Out of date: Eligible for diversion' }),
    ).toBeVisible();
    expect(
      screen.getByRole('heading', { name: 'The screening facts changed after this check' }),
    ).toBeVisible();
    expect(runCheck()).toBeEnabled();
    expect(screen.queryByRole('link', { name: /^Enroll in/ })).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('lists the earlier checks, newest first', async () => {
    await openResult([eligible(), notEligible({ stale: true, checkedAt: timestampIn(-3) })]);
    const earlier = screen.getByRole('table', { name: /Earlier eligibility checks/ });
    const [, row] = within(earlier).getAllByRole('row');
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Not eligible (out of date)', 'PRIOR_CONVICTION, PENDING_CHARGE', 'Lee Okafor']);
  });

  it('a minor involved calls for a report to Children’s Division', async () => {
    await openResult([notEligible()], {
      over: { minorInvolved: 'YES', childrenDivisionReportRequired: true },
    });
    expect(
      screen.getByRole('heading', { name: "Report to Children's Division required" }),
    ).toBeVisible();
    expect(screen.getByText('Yes', { selector: 'dd' })).toBeVisible();
  });

  it('an enrolled referral links to its enrollment, and its facts can no longer change', async () => {
    await openResult([eligible()], { enrollmentId: 'e-1' });
    expect(await screen.findByRole('heading', { name: 'Enrolled' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'See the enrollment' })).toHaveAttribute(
      'href',
      `/participants/${participant.id}?tab=enrollment`,
    );
    expect(screen.queryByRole('link', { name: 'Change screening facts' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /^Enroll in/ })).not.toBeInTheDocument();
  });

  it('an auditor reads the result and can neither check nor enroll', async () => {
    await openResult([eligible({ stale: true })], { roles: ['AUDITOR'] });
    expect(runCheck()).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Change screening facts' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /^Enroll in/ })).not.toBeInTheDocument();
  });

  it('a referral that does not come is said', async () => {
    await signInAs(['INTAKE']);
    server
      .get('/api/v1/referrals/{id}', problem(500))
      .get(checksPath, { items: [], total: 0, page: 1, limit: 50 })
      .get('/api/v1/staff/directory', []);
    renderRoute(`/referrals/${referral.id}`);
    expect(
      await screen.findByRole('heading', { name: 'Could not load the referral' }),
    ).toBeVisible();
    expect(runCheck()).not.toBeInTheDocument();
  });
});

describe('Run eligibility check', () => {
  it('no check yet: is busy while checking, sends once, then shows the result and says it', async () => {
    const answer = deferred<Reply | Check>();
    server.post(checksPath, () => answer.promise);
    const { user } = await openResult([]);
    expect(screen.getByRole('heading', { name: 'No eligibility check yet' })).toBeVisible();
    await user.click(runCheck()!);

    const busy = await screen.findByRole('button', { name: 'Checking…' });
    expect(busy).toBeDisabled();
    await server.waitForSent('POST', checksPath);
    await user.click(busy);
    expect(server.sent('POST', checksPath)).toHaveLength(1);
    expect(server.sent('POST', checksPath)[0].params.id).toBe(referral.id);
    await expectAccessible();

    const check = eligible({ checkedAt: timestampIn(0) });
    server.get(checksPath, { items: [check], total: 1, page: 1, limit: 50 });
    answer.resolve(check);
    expect(await screen.findByRole('heading', { name: 'Eligible for diversion' })).toBeVisible();
    await waitFor(() => expect(liveRegion()).toHaveTextContent('Eligibility checked: eligible.'));
    expect(runCheck()).not.toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Enroll in Johnz School' })).toBeVisible();
  });

  it('a check found not eligible is said so', async () => {
    const check = notEligible({ checkedAt: timestampIn(0) });
    server.post(checksPath, check);
    const { user } = await openResult([eligible({ stale: true })]);
    server.get(checksPath, { items: [check], total: 1, page: 1, limit: 50 });
    await user.click(runCheck()!);
    expect(
      await screen.findByRole('heading', { name: 'Not eligible for diversion' }),
    ).toBeVisible();
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent('Eligibility checked: not eligible.'),
    );
  });

  it('a refusal is said in the page’s error summary; a lost answer says so; the button comes back', async () => {
    let calls = 0;
    server.post(checksPath, () => (++calls === 1 ? problem(404, 'NOT_FOUND') : networkFailure()));
    const { user } = await openResult([]);
    await user.click(runCheck()!);

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['That record does not exist or was removed.']);
    expect(within(summary).getByText('req-404-NOT_FOUND')).toBeVisible();
    expect(runCheck()).toBeEnabled();
    await expectAccessible();

    await user.click(runCheck()!);
    await summarySays([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    expect(screen.getByRole('heading', { name: 'No eligibility check yet' })).toBeVisible();
  });
});
