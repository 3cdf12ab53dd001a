import { screen, waitFor, within } from '@testing-library/react';
import {
  anId,
  aParticipant,
  aStaffEntry,
  deferred,
  expectAccessible,
  findErrorSummary,
  liveRegion,
  noRows,
  problem,
  renderRoute,
  server,
  signInAs,
  summaryMessages,
  type Reply,
  type User,
} from '../test-kit';

const participants = '/api/v1/participants' as const;
const existing = aParticipant({ firstName: 'Patrick', lastName: 'Marsh' });

async function openForm() {
  const page = renderRoute('/participants/new');
  await screen.findByRole('heading', { level: 1, name: 'Register a participant' });
  return page;
}

async function fillWho(user: User) {
  await user.type(screen.getByRole('textbox', { name: 'First name' }), 'Pat');
  await user.type(screen.getByRole('textbox', { name: 'Last name' }), 'Marsh');
  await user.type(screen.getByRole('textbox', { name: 'Date of birth' }), '04/28/1986');
}

const register = (user: User) =>
  user.click(screen.getByRole('button', { name: 'Register participant' }));

/** The participant page the console opens after registering. */
function answerParticipantPage(participant: ReturnType<typeof aParticipant>) {
  server
    .get('/api/v1/participants/{id}', participant)
    .get('/api/v1/enrollments', noRows())
    .get('/api/v1/participants/{id}/referrals', []);
}

const closeMatches = problem(409, 'POSSIBLE_DUPLICATE', {
  detail: 'Someone with a close name and the same date of birth is registered',
  candidates: [{ id: existing.id, name: 'Patrick Marsh', dateOfBirth: '1986-04-28' }],
});

beforeEach(async () => {
  await signInAs(['INTAKE']);
});

describe('Register a participant', () => {
  it('names the name and date of birth when they are missing or not a date', async () => {
    const { user } = await openForm();
    await expectAccessible();
    await user.type(screen.getByRole('textbox', { name: 'Date of birth' }), '28/04/1986');
    await register(user);

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual([
      'Enter the first name',
      'Enter the last name',
      'Enter the date of birth as month/day/year, for example 04/28/1986',
    ]);
    await user.click(within(summary).getByRole('link', { name: 'Enter the last name' }));
    expect(screen.getByRole('textbox', { name: 'Last name' })).toHaveFocus();
    expect(server.sent('POST', participants)).toHaveLength(0);
    await expectAccessible();
  });

  it('is busy while registering, then opens the new record and announces it', async () => {
    const created = aParticipant({ id: anId(), firstName: 'Pat', lastName: 'Marsh' });
    const answer = deferred<Reply | typeof created>();
    server.post(participants, () => answer.promise);
    answerParticipantPage(created);
    const { user, pathname } = await openForm();
    await fillWho(user);
    await user.type(screen.getByRole('textbox', { name: /^Phone/ }), '816-555-0100');
    await register(user);

    const busy = await screen.findByRole('button', { name: 'Registering…' });
    expect(busy).toBeDisabled();
    await server.waitForSent('POST', participants);
    await user.click(busy);
    expect(server.sent('POST', participants)).toHaveLength(1);

    answer.resolve(created);
    expect(await screen.findByRole('heading', { level: 1, name: 'Pat Marsh' })).toBeVisible();
    expect(pathname()).toBe(`/participants/${created.id}`);
    await waitFor(() => expect(liveRegion()).toHaveTextContent('Participant registered.'));
    // Empty optional fields are left out, not sent as empty strings.
    expect(server.sent('POST', participants)[0].body).toEqual({
      firstName: 'Pat',
      lastName: 'Marsh',
      dateOfBirth: '1986-04-28',
      phone: '816-555-0100',
    });
  });

  it('the same person on record: says nothing was saved and links to the record', async () => {
    server.post(participants, problem(409, 'DUPLICATE_PARTICIPANT', { existingId: existing.id }));
    const { user } = await openForm();
    await fillWho(user);
    await register(user);

    const heading = await screen.findByRole('heading', {
      name: 'This person may already be registered',
    });
    const notice = heading.closest<HTMLElement>('[tabindex="-1"]')!;
    await waitFor(() => expect(notice).toHaveFocus());
    expect(within(notice).getByText(/Nothing was saved/)).toBeVisible();
    expect(within(notice).getByRole('link', { name: 'Open the existing record' })).toHaveAttribute(
      'href',
      `/participants/${existing.id}`,
    );
    // Said once, in the notice: not again in an error summary.
    expect(screen.queryByRole('alert', { name: 'There is a problem' })).not.toBeInTheDocument();
    await waitFor(() =>
      expect(liveRegion()).toHaveTextContent(
        'This person may already be registered. Nothing was saved.',
      ),
    );
    await expectAccessible();
  });

  it('close matches, to intake: lists them and names the supervisors to ask', async () => {
    server
      .post(participants, closeMatches)
      .get('/api/v1/staff/directory', [
        aStaffEntry({ displayName: 'Robin Vale', roles: ['SUPERVISOR'] }),
        aStaffEntry({ displayName: 'Ana Cruz', roles: ['SUPERVISOR', 'INTAKE'] }),
        aStaffEntry({ displayName: 'Former Boss', roles: ['SUPERVISOR'], active: false }),
        aStaffEntry({ displayName: 'Lee Okafor', roles: ['INTAKE'] }),
      ]);
    const { user } = await openForm();
    await fillWho(user);
    await register(user);

    const link = await screen.findByRole('link', { name: 'Patrick Marsh' });
    expect(link.closest('li')).toHaveTextContent('Patrick Marsh, born Apr 28, 1986');
    expect(
      await screen.findByText(
        /a supervisor can register this person anyway: ask Ana Cruz, Robin Vale\./,
      ),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Register anyway' })).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('close matches, to a supervisor: registering anyway needs a reason, which is sent', async () => {
    await signInAs(['SUPERVISOR']);
    const created = aParticipant({ firstName: 'Pat', lastName: 'Marsh' });
    server
      .post(participants, (sent) => (sent.body.overrideDuplicate ? created : closeMatches))
      .get('/api/v1/staff/directory', []);
    answerParticipantPage(created);
    const { user, pathname } = await openForm();
    await fillWho(user);
    await register(user);

    const anyway = await screen.findByRole('button', { name: 'Register anyway' });
    await user.click(anyway);
    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['Enter why this is a different person']);
    expect(screen.getByRole('textbox', { name: 'Why is this a different person?' })).toBeInvalid();
    await expectAccessible();

    await user.type(
      screen.getByRole('textbox', { name: 'Why is this a different person?' }),
      'State IDs checked: a different person',
    );
    await user.click(screen.getByRole('button', { name: 'Register anyway' }));
    await screen.findByRole('heading', { level: 1, name: 'Pat Marsh' });
    expect(pathname()).toBe(`/participants/${created.id}`);
    expect(server.sent('POST', participants)[1].body).toMatchObject({
      overrideDuplicate: { reason: 'State IDs checked: a different person' },
    });
  });

  it('changing who it is clears the matches found for the earlier name', async () => {
    server.post(participants, closeMatches).get('/api/v1/staff/directory', []);
    const { user } = await openForm();
    await fillWho(user);
    await register(user);
    await screen.findByRole('link', { name: 'Patrick Marsh' });

    await user.type(screen.getByRole('textbox', { name: 'Last name' }), 'e');
    expect(
      screen.queryByRole('heading', { name: 'This person may already be registered' }),
    ).not.toBeInTheDocument();
  });

  it("puts the API's field errors on their fields", async () => {
    server.post(
      participants,
      problem(400, 'VALIDATION_FAILED', {
        errors: [{ field: 'email', message: 'email must be an email address' }],
      }),
    );
    const { user } = await openForm();
    await fillWho(user);
    await user.type(screen.getByRole('textbox', { name: /^Email/ }), 'pat@');
    await register(user);

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['Email must be an email address']);
    expect(screen.getByRole('textbox', { name: /^Email/ })).toBeInvalid();
    expect(within(summary).getByText(/give them this reference/)).toHaveTextContent(
      'req-400-VALIDATION_FAILED',
    );
  });
});
