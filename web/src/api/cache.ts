import { useQueryClient, type QueryClient } from '@tanstack/react-query';

/**
 * What a change on the server can make out of date. Every read that shows one of these says so
 * in its `meta.shows` (next to its key, in its feature's data module); every write says once
 * what it changed. A write therefore never lists the keys of other screens: a new screen that
 * shows a balance only tags its read with 'money'.
 */
export type Topic =
  | 'money'
  | 'waiver-requests'
  | 'reversal-requests'
  | 'enrollments'
  | 'seats'
  | 'sessions'
  | 'attendance'
  | 'referrals'
  | 'participants'
  | 'follow-ups'
  | 'messages'
  | 'staff'
  | 'programs'
  | 'remittances'
  | 'records';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { shows?: readonly Topic[] };
  }
}

/** Marks every read that shows one of `topics` out of date (those on screen load again). */
export function invalidateTopics(client: QueryClient, ...topics: Topic[]): Promise<void> {
  return client.invalidateQueries({
    predicate: (q) => !!q.meta?.shows?.some((t) => topics.includes(t)),
  });
}

/** `changed('money')`: what a write calls once it succeeded. */
export function useChanged(): (...topics: Topic[]) => Promise<void> {
  const client = useQueryClient();
  return (...topics) => invalidateTopics(client, ...topics);
}
