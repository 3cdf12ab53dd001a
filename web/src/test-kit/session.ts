import type { Schemas } from '../api/client';
import { session, type Role, type SessionUser } from '../api/session';
import { noContent, server } from './fake-api';

let signIns = 0;

/**
 * Signs a staff member with `roles` in, through the console's own sign-in against the fake API
 * (which then also answers the session's refresh and sign-out, and, for a supervisor, the
 * navigation's count of waiting approvals: none, unless the test answers otherwise).
 */
export async function signInAs(
  roles: Role[],
  who: { id?: string; displayName?: string; email?: string } = {},
): Promise<SessionUser> {
  signIns += 1;
  const me: Schemas['MeDto'] = {
    id: who.id ?? `00000000-0000-4000-8000-${String(signIns).padStart(12, '0')}`,
    email: who.email ?? 'dana.reyes@example.org',
    displayName: who.displayName ?? 'Dana Reyes',
    roles,
    active: true,
  };
  const answer = { accessToken: `access-${signIns}`, expiresIn: 900, user: me };
  server
    .post('/api/v1/auth/login', answer)
    .post('/api/v1/auth/refresh', answer)
    .post('/api/v1/auth/logout', noContent());
  if (roles.includes('SUPERVISOR'))
    server
      .get('/api/v1/waiver-requests', { items: [], total: 0, page: 1, limit: 200 })
      .get('/api/v1/reversal-requests', { items: [], total: 0, page: 1, limit: 200 });
  const user = await session.signIn(me.email, 'correct horse battery staple');
  server.forgetSent();
  return user;
}

/** Nobody is signed in: the console shows its sign-in page. */
export async function signedOut(): Promise<void> {
  // Never signed in yet in this file: sign in first, so that the console does not try to resume.
  if (session.state.status === 'starting') await signInAs([]);
  server.post('/api/v1/auth/logout', noContent());
  await session.signOut();
  server.forgetSent();
}
