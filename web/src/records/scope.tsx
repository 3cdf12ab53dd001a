import { useQueryClient } from '@tanstack/react-query';
import { useRouter, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { closedRecordAccess } from '../api/access-reason';
import { removeRecordQueries } from './closed-record';

/**
 * Keeps a closed record open only while its own pages are shown (those with one of its ids in
 * the path: the participant's page and tabs, its referrals, its enrollment's forms). Going
 * anywhere else forgets the reason before the next page asks for anything, and once that page
 * is shown, everything cached of the record is removed: coming back asks again. Signing out (the
 * shell goes away) forgets it too.
 */
export function ClosedRecordScope() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const left = useRef<string[]>([]);

  useEffect(
    () =>
      router.subscribe('onBeforeNavigate', ({ toLocation }) => {
        if (!closedRecordAccess.current) return;
        const staying = toLocation.pathname
          .split('/')
          .some((segment) => closedRecordAccess.covers(segment));
        if (!staying) left.current.push(...closedRecordAccess.forget());
      }),
    [router],
  );

  // After the record's page has gone (its queries are no longer watched), not before: a page
  // still shown would read them again.
  useEffect(() => {
    if (!left.current.length) return;
    const ids = left.current;
    left.current = [];
    removeRecordQueries(queryClient, ids);
  }, [pathname, queryClient]);

  useEffect(
    () => () => removeRecordQueries(queryClient, [...left.current, ...closedRecordAccess.forget()]),
    [queryClient],
  );
  return null;
}
