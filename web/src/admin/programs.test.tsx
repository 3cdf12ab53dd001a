import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import {
  aProgram,
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
  type Reply,
  type User,
} from '../test-kit';

const programOf = '/api/v1/programs/{id}' as const;
type Program = Schemas['ProgramDto'];

const johnz = aProgram('JOHNZ_SCHOOL');
const oar = aProgram('OAR');

/** The Programs page with both programs, once their forms show. */
async function openPrograms(programs: Program[] = [johnz, oar]) {
  server.get('/api/v1/programs', programs);
  const page = renderRoute('/admin/programs');
  await screen.findByRole('heading', { level: 1, name: 'Programs' });
  await screen.findByRole('region', { name: johnz.name });
  return page;
}

/** One program's form: its section, under the program's name. */
const section = (p: Program) => screen.getByRole('region', { name: p.name });
const field = (p: Program, label: string) =>
  within(section(p)).getByRole('textbox', { name: label });
const save = (user: User, p: Program) =>
  user.click(within(section(p)).getByRole('button', { name: `Save ${p.name}` }));

async function replace(user: User, input: HTMLElement, text: string) {
  await user.clear(input);
  if (text) await enter(user, input, text);
}

beforeEach(async () => {
  await signInAs(['ADMIN']);
});

describe('Programs', () => {
  it('shows each program with its settings now, and that changes apply to new enrollments only', async () => {
    await openPrograms();
    expect(screen.getByText('Changes apply to new enrollments only')).toBeVisible();
    expect(field(johnz, 'Fee')).toHaveValue('400.00');
    expect(field(johnz, 'Fee')).toHaveAccessibleDescription(
      'Now $400.00. Assessed when someone enrolls.',
    );
    expect(field(johnz, 'Sessions required')).toHaveValue('1');
    expect(field(oar, 'Fee')).toHaveValue('250.00');
    expect(field(oar, 'Sessions required')).toHaveValue('4');
    expect(field(oar, 'Completion window in days')).toHaveValue('90');
    await expectAccessible();
  });

  it('names each wrong answer in the summary and on its field, and sends nothing', async () => {
    const { user } = await openPrograms();
    await replace(user, field(oar, 'Fee'), '');
    await replace(user, field(oar, 'Sessions required'), '2.5');
    await replace(user, field(oar, 'Completion window in days'), '0');
    await save(user, oar);

    const summary = await findErrorSummary();
    expect(section(oar)).toContainElement(summary);
    expect(summary).toHaveFocus();
    const messages = summaryMessages(summary);
    expect(messages).toHaveLength(3);
    expect(messages[1]).toMatch(/^Enter a whole number of sessions from 1 to \d+$/);
    expect(messages[2]).toMatch(/^Enter a whole number of days from \d+ to \d+$/);
    expect(field(oar, 'Fee')).toBeInvalid();
    expect(field(oar, 'Sessions required')).toBeInvalid();
    expect(field(oar, 'Completion window in days')).toBeInvalid();
    // The other program's form is untouched.
    expect(field(johnz, 'Fee')).toBeValid();
    await user.click(within(summary).getByRole('link', { name: messages[1] }));
    expect(field(oar, 'Sessions required')).toHaveFocus();
    expect(server.sent('PATCH', programOf)).toHaveLength(0);
    await expectAccessible();
  });

  it('is busy while saving, sends only what changed once, then says it is saved', async () => {
    const answer = deferred<Reply | Program>();
    server.patch(programOf, () => answer.promise);
    const { user } = await openPrograms();
    await replace(user, field(oar, 'Fee'), '275');
    await replace(user, field(oar, 'Sessions required'), '5');
    await save(user, oar);

    const busy = await within(section(oar)).findByRole('button', { name: /^Saving…/ });
    const [sent] = await server.waitForSent('PATCH', programOf);
    await user.click(busy);
    expect(server.sent('PATCH', programOf)).toHaveLength(1);
    expect(sent.params.id).toBe(oar.id);
    expect(sent.body).toEqual({ feeCents: 27_500, requiredSessions: 5 });
    await expectAccessible();

    const updated = { ...oar, feeCents: 27_500, requiredSessions: 5 };
    server.get('/api/v1/programs', [johnz, updated]);
    answer.resolve(updated);
    const message = 'The OAR Program saved. The changes apply to new enrollments only.';
    expect(await within(section(oar)).findByRole('heading', { name: message })).toBeVisible();
    await waitFor(() => expect(liveRegion()).toHaveTextContent(message));
    expect(within(section(johnz)).queryByText(/saved/)).not.toBeInTheDocument();
  });

  it('sends nothing when nothing changed, and says so', async () => {
    const { user } = await openPrograms();
    await save(user, johnz);
    expect(
      await within(section(johnz)).findByRole('heading', { name: 'Nothing changed.' }),
    ).toBeVisible();
    expect(server.sent('PATCH', programOf)).toHaveLength(0);
  });

  it('a refusal that names a field is said on that field, and what was typed stays', async () => {
    server.patch(
      programOf,
      problem(400, 'VALIDATION_FAILED', {
        errors: [{ field: 'completionWindowDays', message: 'must not be less than 30' }],
      }),
    );
    const { user } = await openPrograms();
    await replace(user, field(johnz, 'Completion window in days'), '20');
    await save(user, johnz);

    const summary = await findErrorSummary();
    expect(summaryMessages(summary)).toEqual(['Must not be less than 30']);
    expect(field(johnz, 'Completion window in days')).toBeInvalid();
    expect(field(johnz, 'Completion window in days')).toHaveValue('20');
    expect(within(section(johnz)).queryByText(/saved/)).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('a lost answer says the case manager could not be reached', async () => {
    server.patch(programOf, networkFailure());
    const { user } = await openPrograms();
    await replace(user, field(johnz, 'Fee'), '450');
    await save(user, johnz);
    expect(summaryMessages(await findErrorSummary())).toEqual([
      'The case manager could not be reached. Check the connection and try again.',
    ]);
    expect(within(section(johnz)).getByRole('button', { name: /^Save/ })).toBeEnabled();
  });

  it('is only for administrators', async () => {
    await signInAs(['SUPERVISOR']);
    renderRoute('/admin/programs');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You cannot use this page' }),
    ).toBeVisible();
    expect(screen.queryByRole('textbox', { name: 'Fee' })).not.toBeInTheDocument();
  });
});
