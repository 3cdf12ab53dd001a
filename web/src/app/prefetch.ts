import type { QueryClient } from '@tanstack/react-query';
import { hasRole, session, type Role } from '../api/session';
import { queryClient } from './query-client';

/**
 * Starts a screen's first query as soon as the session allows it, from its route (before the
 * screen renders): on a page load, the moment the refresh cookie has been exchanged for an access
 * token, not after the console has drawn itself. Only for the roles that may read it (a refused
 * request would be audited as one); the screen's own query then finds it under way or done.
 */
export function prefetchWhenSignedIn(
  roles: Role[],
  prefetch: (client: QueryClient) => Promise<void>,
): void {
  const go = () => {
    const { status, user } = session.state;
    if (status === 'signedIn' && hasRole(user, ...roles)) void prefetch(queryClient);
  };
  if (session.state.status !== 'starting') {
    go();
    return;
  }
  // Asked from inside the session's change, before React hears of it: the signed-in console then
  // draws itself while the request is under way, not before it goes out.
  const stop = session.subscribe(() => {
    if (session.state.status === 'starting') return;
    stop();
    go();
  });
  session.resume().catch(() => undefined);
}
