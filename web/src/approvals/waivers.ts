import { useQueries, useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../api/client';
import { data, enrollmentQuery } from '../api/queries';
import type { Enrollment } from '../participants/page';
import { decidableCount } from './decidable';

/** A waiver request names its enrollment only: whose it is comes from the enrollment. */
export type WaiverRequest = Schemas['WaiverRequestDto'];

/** At most this many waiting requests are shown at once (oldest first). */
export const PENDING_LIMIT = 200;

/** The first page of waiting waiver requests, oldest first, with how many wait in all. */
const pendingQuery = {
  queryKey: ['waiver-requests', 'PENDING'],
  queryFn: async () => {
    const page = await data(
      api.GET('/api/v1/waiver-requests', {
        params: { query: { status: 'PENDING', limit: PENDING_LIMIT } },
      }),
    );
    return { items: page.items, total: page.total };
  },
  refetchInterval: 60_000,
};

/** Waiver requests waiting for a supervisor, oldest first (at most PENDING_LIMIT). */
export function usePendingWaivers(enabled = true) {
  return useQuery({ ...pendingQuery, enabled, select: (p) => p.items });
}

/**
 * For the navigation badge: how many waiting requests the signed-in supervisor can decide (see
 * decidableCount). The same query as the Approvals list: one request a minute for both.
 */
export function useDecidableWaiverCount(userId: string | undefined) {
  return useQuery({ ...pendingQuery, select: (p) => decidableCount(p, userId) });
}

/**
 * Whose request each one is: the waiver request names its enrollment only, so each distinct
 * enrollment is read once (cached; shared with the ledger forms).
 */
export function useEnrollmentsById(ids: string[]): {
  byId: Map<string, Enrollment>;
  pending: boolean;
} {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => enrollmentQuery(id)),
  });
  const byId = new Map<string, Enrollment>();
  results.forEach((r, n) => {
    if (r.data) byId.set(unique[n], r.data);
  });
  return { byId, pending: results.some((r) => r.isPending) };
}
