import { screen, waitFor, within } from '@testing-library/react';
import { formatDate, toDateInput } from '../api/dates';
import {
  aCourt,
  anEligibilityCheck,
  aParticipant,
  aReferral,
  daysFromToday,
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  neverAnswers,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  summaryRows,
  type Reply,
  type User,
} from '../test-kit';

const participant = aParticipant({ firstName: 'Pat', lastName: 'Marsh' });
const offenseDate = daysFromToday(-40);

beforeEach(async () => {
  await signInAs(['INTAKE']);
  server
    .get('/api/v1/participants/{id}', participant)
    .get('/api/v1/courts', [
      aCourt({ code: 'KCMO', name: 'Kansas City Municipal Court' }),
      aCourt({ code: 'JACKSON', name: 'Jackson County Circuit Court' }),
      aCourt({ code: 'OLD', name: 'A court no longer used', active: false }),
    ]);
});

async function openForm() {
  const page = renderRoute(`/participants/${participant.id}/referrals/new`);
  await screen.findByText('For Pat Marsh');
  await screen.findByRole('option', { name: 'Kansas City Municipal Court' });
  return page;
}

const group = (legend: string) => screen.getByRole('group', { name: legend });

async function answerEverything(user: User) {
  await user.selectOptions(screen.getByRole('combobox', { name: 'Court' }), 'KCMO');
  await enter(user, screen.getByRole('textbox', { name: 'Case number' }), 'KC-24-001234');
  await enter(user, screen.getByRole('textbox', { name: 'Referring agency' }), 'KCPD Vice Unit');
  await enter(
    user,
    screen.getByRole('textbox', { name: 'Offense date' }),
    toDateInput(offenseDate),
  );
  await enter(user, screen.getByRole('textbox', { name: 'Charge' }), 'RSMo 567.030');
  await user.selectOptions(
    screen.getByRole('combobox', { name: 'Offense class' }),
    'Class B misdemeanor',
  );
  await user.click(within(group('Was a minor involved?')).getByRole('radio', { name: 'No' }));
  await enter(
    user,
    screen.getByRole('textbox', { name: 'Prior prostitution-related convictions' }),
    '0',
  );
  for (const legend of [
    'Has the participant been in a diversion program before?',
    'Is a similar charge pending?',
    'Is the participant a registered sex offender?',
    'Is there a trafficking charge or conviction?',
  ])
    await user.click(within(group(legend)).getByRole('radio', { name: 'No' }));
}

describe('New referral', () => {
  it('offers only the courts in use, and names every unanswered question', async () => {
    const { user } = await openForm();
    expect(screen.queryByRole('option', { name: /no longer/ })).not.toBeInTheDocument();
    await expectAccessible();
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual([
      'Select the court',
      'Enter the case number',
      'Enter the referring agency',
      'Enter the offense date as month/day/year, for example 03/14/2026',
      'Enter the charge, for example RSMo 567.030',
      'Select the offense class',
      'Select whether a minor was involved',
      'Enter the number of prior convictions (0 if none)',
      'Select whether the participant has been in a diversion program before',
      'Select whether a similar charge is pending',
      'Select whether the participant is a registered sex offender',
      'Select whether there is a trafficking charge or conviction',
    ]);
    expect(screen.getByRole('combobox', { name: 'Court' })).toBeInvalid();
    await user.click(
      within(summary).getByRole('link', { name: 'Select whether a similar charge is pending' }),
    );
    expect(
      within(group('Is a similar charge pending?')).getByRole('radio', { name: 'Yes' }),
    ).toHaveFocus();
    await expectAccessible();
  });

  it('checks the answers before saving, and Change returns to that question', async () => {
    const { user } = await openForm();
    await answerEverything(user);
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    const heading = await screen.findByRole('heading', { name: 'Check your answers' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(summaryRows()).toEqual([
      'Court: Kansas City Municipal Court',
      'Case number: KC-24-001234',
      'Referring agency: KCPD Vice Unit',
      `Offense date: ${formatDate(offenseDate)}`,
      'Charge: RSMo 567.030',
      'Offense class: Class B misdemeanor',
      'Was a minor involved?: No',
      'Age of the other person at the offense: Not recorded',
      'Prior prostitution-related convictions: 0',
      'Has the participant been in a diversion program before?: No',
      'Is a similar charge pending?: No',
      'Is the participant a registered sex offender?: No',
      'Is there a trafficking charge or conviction?: No',
    ]);
    await expectAccessible();

    await user.click(screen.getByRole('button', { name: 'Change charge' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Charge' })).toHaveFocus());
    expect(screen.getByRole('textbox', { name: 'Charge' })).toHaveValue('RSMo 567.030');
    expect(server.sent('POST', '/api/v1/referrals')).toHaveLength(0);
  });

  it('is busy while saving, then runs the check and opens the result', async () => {
    const referral = aReferral({ participantId: participant.id });
    const saved = deferred<Reply | typeof referral>();
    server
      .post('/api/v1/referrals', () => saved.promise)
      .post('/api/v1/referrals/{id}/eligibility-checks', anEligibilityCheck())
      // The result page, which is not under test here.
      .get('/api/v1/referrals/{id}', () => neverAnswers())
      .get('/api/v1/referrals/{id}/eligibility-checks', () => neverAnswers())
      .get('/api/v1/staff/directory', []);
    const { user, pathname } = await openForm();
    await answerEverything(user);
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await user.click(await screen.findByRole('button', { name: 'Save and check eligibility' }));

    expect(await screen.findByRole('button', { name: 'Saving…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Back to the answers' })).toBeDisabled();
    await expectAccessible();

    saved.resolve(referral);
    await waitFor(() => expect(pathname()).toBe(`/referrals/${referral.id}`));
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent('Referral saved and eligibility checked.'),
    );
    expect(server.sent('POST', '/api/v1/referrals')[0].body).toEqual({
      participantId: participant.id,
      jurisdiction: 'KCMO',
      caseNumber: 'KC-24-001234',
      referringAgency: 'KCPD Vice Unit',
      offenseDate,
      chargeCode: 'RSMo 567.030',
      offenseClass: 'B_MISDEMEANOR',
      minorInvolved: 'NO',
      victimAgeAtOffense: null,
      priorProstitutionConvictions: 0,
      priorDiversionDeclared: false,
      pendingSimilarCharge: false,
      registeredSexOffender: false,
      traffickingCharge: false,
    });
    expect(server.sent('POST', '/api/v1/referrals/{id}/eligibility-checks')[0].params.id).toBe(
      referral.id,
    );
  });

  it('a case number already referred is said on the check step, where the answers are', async () => {
    server.post('/api/v1/referrals', problem(409, 'DUPLICATE_CASE'));
    const { user } = await openForm();
    await answerEverything(user);
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await user.click(await screen.findByRole('button', { name: 'Save and check eligibility' }));

    expect(summaryMessages(await findErrorSummary())).toEqual([
      'A referral with this case number already exists in this jurisdiction.',
    ]);
    expect(screen.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
    await expectAccessible();
  });

  it('a field the API refuses brings the form back with the error on that field', async () => {
    server.post(
      '/api/v1/referrals',
      problem(400, 'VALIDATION_FAILED', {
        errors: [{ field: 'offenseDate', message: 'offense date cannot be in the future' }],
      }),
    );
    const { user } = await openForm();
    await answerEverything(user);
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await user.click(await screen.findByRole('button', { name: 'Save and check eligibility' }));

    expect(summaryMessages(await findErrorSummary())).toEqual([
      'Offense date cannot be in the future',
    ]);
    expect(screen.getByRole('textbox', { name: 'Offense date' })).toBeInvalid();
    expect(screen.getByRole('textbox', { name: 'Case number' })).toHaveValue('KC-24-001234');
  });
});
