import { screen, waitFor, within } from '@testing-library/react';
import { toDateInput } from '../api/dates';
import {
  anEligibilityCheck,
  aPage,
  anEnrollment,
  aParticipant,
  aProgram,
  aReferral,
  daysFromToday,
  deferred,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  networkFailure,
  neverAnswers,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  summarySays,
  summaryRows,
  today,
  type Reply,
} from '../test-kit';

const participant = aParticipant({ firstName: 'Pat', lastName: 'Marsh' });
const referral = aReferral({ participantId: participant.id, caseNumber: 'KC-24-001234' });
const enrollments = '/api/v1/enrollments' as const;

function answerReferral(check = anEligibilityCheck({ referralId: referral.id })) {
  server
    .get('/api/v1/referrals/{id}', referral)
    .get('/api/v1/participants/{id}', participant)
    .get('/api/v1/programs', [aProgram('JOHNZ_SCHOOL'), aProgram('OAR')])
    .get('/api/v1/referrals/{id}/eligibility-checks', aPage([check]));
}

async function openForm(program = 'OAR') {
  const page = renderRoute(`/referrals/${referral.id}/enroll?program=${program}`);
  await screen.findByRole('textbox', { name: 'Date the agreement was signed' });
  return page;
}

beforeEach(async () => {
  await signInAs(['INTAKE']);
  answerReferral();
});

describe('Enroll', () => {
  it('shows what the enrollment commits to, with the agreement date today', async () => {
    await openForm();
    expect(
      screen.getByRole('heading', { level: 1, name: 'Enroll in The OAR Program' }),
    ).toBeVisible();
    await screen.findByText('Pat Marsh');
    expect(summaryRows()).toEqual([
      'Participant: Pat Marsh',
      'Case number: KC-24-001234',
      'Program: The OAR Program',
      'Fee: $250.00, assessed on the ledger when you enroll',
      'Sessions required: 4',
      'Time to complete: 90 days from the agreement date',
    ]);
    expect(screen.getByRole('textbox', { name: 'Date the agreement was signed' })).toHaveValue(
      toDateInput(today()),
    );
    await expectAccessible();
  });

  it('names the agreement date when it is not a date', async () => {
    const { user } = await openForm();
    const date = screen.getByRole('textbox', { name: 'Date the agreement was signed' });
    await user.clear(date);
    await user.type(date, 'yesterday');
    await user.click(screen.getByRole('button', { name: 'Enroll in The OAR Program' }));

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual([
      'Enter the date the agreement was signed, as month/day/year',
    ]);
    expect(date).toBeInvalid();
    expect(server.sent('POST', enrollments)).toHaveLength(0);
    await expectAccessible();
  });

  it('is busy while enrolling, then opens the enrollment and announces the fee', async () => {
    const answer = deferred<Reply | ReturnType<typeof anEnrollment>>();
    server
      .post(enrollments, () => answer.promise)
      // The participant's record, which is not under test here.
      .get('/api/v1/enrollments', () => neverAnswers());
    const { user, pathname } = await openForm();
    const date = screen.getByRole('textbox', { name: 'Date the agreement was signed' });
    await user.clear(date);
    await user.type(date, toDateInput(daysFromToday(-2)));
    await user.click(screen.getByRole('button', { name: 'Enroll in The OAR Program' }));

    const busy = await screen.findByRole('button', { name: 'Enrolling…' });
    expect(busy).toBeDisabled();
    await expectAccessible();
    await server.waitForSent('POST', enrollments);
    await user.click(busy);
    expect(server.sent('POST', enrollments)).toHaveLength(1);
    answer.resolve(anEnrollment({ participantId: participant.id, programCode: 'OAR' }));

    await waitFor(() => expect(pathname()).toBe(`/participants/${participant.id}`));
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent(
        'Enrolled in The OAR Program. The fee of $250.00 is on the ledger.',
      ),
    );
    expect(server.sent('POST', enrollments)[0].body).toEqual({
      referralId: referral.id,
      programCode: 'OAR',
      agreementSignedOn: daysFromToday(-2),
    });
  });

  it('a refusal as not eligible is said in plain words', async () => {
    server.post(enrollments, problem(422, 'NOT_ELIGIBLE'));
    const { user } = await openForm('JOHNZ_SCHOOL');
    await user.click(screen.getByRole('button', { name: 'Enroll in Johnz School' }));
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'This referral is not eligible, so it cannot be enrolled.',
    ]);
  });

  it('a refusal of the date is put on it; a lost answer says so and keeps the date', async () => {
    let calls = 0;
    server.post(enrollments, () =>
      ++calls === 1
        ? problem(400, 'VALIDATION_FAILED', {
            errors: [{ field: 'agreementSignedOn', message: 'must not be in the future' }],
          })
        : networkFailure(),
    );
    const { user } = await openForm();
    const date = screen.getByRole('textbox', { name: 'Date the agreement was signed' });
    await user.click(screen.getByRole('button', { name: 'Enroll in The OAR Program' }));

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual(['Must not be in the future']);
    expect(within(summary).getByRole('link')).toHaveAttribute('href', '#agreementSignedOn');
    expect(date).toBeInvalid();
    expect(date).toHaveAccessibleDescription(expect.stringContaining('Must not be in the future'));
    await expectAccessible();

    await user.click(screen.getByRole('button', { name: 'Enroll in The OAR Program' }));
    await summarySays([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    expect(date).toHaveValue(toDateInput(today()));
    expect(date).toBeValid();
  });

  it('offers no form when the last check is out of date', async () => {
    answerReferral(anEligibilityCheck({ referralId: referral.id, stale: true }));
    renderRoute(`/referrals/${referral.id}/enroll?program=OAR`);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'This referral cannot be enrolled' }),
    ).toBeVisible();
    expect(screen.getByRole('heading', { name: 'The last check is out of date' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'See the eligibility result' })).toHaveAttribute(
      'href',
      `/referrals/${referral.id}`,
    );
    expect(screen.queryByRole('button', { name: /^Enroll/ })).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('offers no form when the referral is not eligible', async () => {
    answerReferral(anEligibilityCheck({ referralId: referral.id, eligible: false }));
    renderRoute(`/referrals/${referral.id}/enroll?program=OAR`);
    expect(
      await screen.findByRole('heading', { name: 'Not eligible for diversion' }),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: /^Enroll/ })).not.toBeInTheDocument();
  });
});
