import { act, screen, waitFor, within } from '@testing-library/react';
import { session } from '../api/session';
import {
  deferred,
  enter,
  expectAccessible,
  findErrorSummary,
  problem,
  renderRoute,
  server,
  signedOut,
  signInAs,
  summaryMessages,
  timestampIn,
  type Reply,
  type User,
} from '../test-kit';
import { formatTimestamp } from '../api/dates';

const dana = {
  id: '20000000-0000-4000-8000-000000000001',
  email: 'dana.reyes@example.org',
  displayName: 'Dana Reyes',
  roles: ['INTAKE' as const],
  active: true,
};
const signedIn = { accessToken: 'access-dana', expiresIn: 900, user: dana };

async function openSignIn() {
  await signedOut();
  const page = renderRoute('/');
  await screen.findByRole('heading', { level: 1, name: 'Sign in' });
  return page;
}

async function signIn(user: User, email: string, password: string) {
  await enter(user, screen.getByRole('textbox', { name: 'Email' }), email);
  await enter(user, screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('Sign in', () => {
  it('names the email and the password when they are missing', async () => {
    const { user } = await openSignIn();
    await expectAccessible();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const summary = await findErrorSummary();
    expect(summary).toHaveFocus();
    expect(summaryMessages(summary)).toEqual(['Enter your email address', 'Enter your password']);
    expect(screen.getByRole('textbox', { name: 'Email' })).toBeInvalid();
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password');
    expect(server.sent('POST', '/api/v1/auth/login')).toHaveLength(0);
    await expectAccessible();
  });

  it('a wrong password is said without telling whether the email exists', async () => {
    server.post('/api/v1/auth/login', problem(401, 'UNAUTHENTICATED'));
    const { user } = await openSignIn();
    await signIn(user, 'dana.reyes@example.org', 'not it');
    expect(summaryMessages(await findErrorSummary())).toEqual(['Email or password is wrong.']);
    expect(screen.getByRole('textbox', { name: 'Email' })).toHaveValue('dana.reyes@example.org');
  });

  it('a locked account says until when', async () => {
    const until = timestampIn(0, 0.25);
    server.post('/api/v1/auth/login', problem(423, 'ACCOUNT_LOCKED', { lockedUntil: until }));
    const { user } = await openSignIn();
    await signIn(user, 'dana.reyes@example.org', 'wrong again');
    expect(summaryMessages(await findErrorSummary())).toEqual([
      `This account is locked after too many wrong passwords. Try again after ${formatTimestamp(until)}, or ask an administrator.`,
    ]);
  });

  it('is busy while signing in, then opens the home page', async () => {
    const answer = deferred<Reply | typeof signedIn>();
    server
      .post('/api/v1/auth/login', () => answer.promise)
      .get('/api/v1/work-queue', { cards: [] });
    const { user } = await openSignIn();
    await signIn(user, ' dana.reyes@example.org ', 'correct horse battery staple');

    expect(await screen.findByRole('button', { name: 'Signing in…' })).toBeDisabled();
    await expectAccessible();
    answer.resolve(signedIn);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Good to see you, Dana Reyes' }),
    ).toBeVisible();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeVisible();
    const [sent] = server.sent('POST', '/api/v1/auth/login');
    expect(sent.body).toEqual({
      email: 'dana.reyes@example.org',
      password: 'correct horse battery staple',
    });
    // The console keeps its session in a cookie, never in the page's storage.
    expect(sent.headers.get('X-Session-Transport')).toBe('cookie');
  });

  it('after an idle sign-out, signing in again in the dialog keeps what was typed', async () => {
    // The page behind has an Email field of its own: the dialog's labels must name its fields.
    await signInAs(['INTAKE'], { id: dana.id, email: dana.email });
    const { user } = renderRoute('/participants/new');
    const firstName = await screen.findByRole('textbox', { name: 'First name' });
    await enter(user, firstName, 'Pat');

    await act(() => session.end('idle'));
    const dialog = await screen.findByRole('dialog', { name: 'You were signed out' });
    expect(
      within(dialog).getByText(/You were signed out after 15 minutes without activity/),
    ).toBeVisible();
    expect(within(dialog).getByRole('textbox', { name: 'Email' })).toHaveValue(dana.email);
    await expectAccessible();

    await user.click(within(dialog).getByRole('button', { name: 'Sign in and carry on' }));
    expect(summaryMessages(await findErrorSummary())).toEqual(['Enter your password']);

    server.post('/api/v1/auth/login', signedIn);
    await enter(user, within(dialog).getByLabelText('Password'), 'correct horse battery staple');
    await user.click(within(dialog).getByRole('button', { name: 'Sign in and carry on' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('textbox', { name: 'First name' })).toHaveValue('Pat');
  });
});
