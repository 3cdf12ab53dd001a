import { useQueries, useQuery } from '@tanstack/react-query';
import { useChanged, type Topic } from '../api/cache';
import { api, type Schemas } from '../api/client';
import { data } from '../api/queries';
import { enrollmentQuery, type Enrollment } from '../enrollments/api';
import { ledgerQuery, type Ledger, type LedgerEntry } from '../ledger/api';
import { decidableCount, ownReversal } from './decidable';

/** A waiver request names its enrollment only: whose it is comes from the enrollment. */
export type WaiverRequest = Schemas['WaiverRequestDto'];

/** At most this many waiting requests are shown at once (oldest first). */
export const PENDING_LIMIT = 200;

/** The first page of waiting waiver requests, oldest first, with how many wait in all. */
const pendingQuery = {
  queryKey: ['waiver-requests', 'PENDING'],
  meta: { shows: ['waiver-requests', 'money'] as Topic[] },
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

/**
 * A request to reverse a FEE or WAIVER entry: it writes money off, so one person asks (FINANCE
 * or SUPERVISOR) and a second SUPERVISOR, neither the one who asked nor the one who recorded the
 * entry, approves it. Nothing is on the ledger until then.
 */
export type ReversalRequest = Schemas['ReversalRequestDto'];

/** The first page of waiting reversal requests, oldest first, with how many wait in all. */
const pendingReversalsQuery = {
  queryKey: ['reversal-requests', 'PENDING'],
  meta: { shows: ['reversal-requests'] as Topic[] },
  queryFn: async () => {
    const page = await data(
      api.GET('/api/v1/reversal-requests', {
        params: { query: { status: 'PENDING', limit: PENDING_LIMIT } },
      }),
    );
    return { items: page.items, total: page.total };
  },
  refetchInterval: 60_000,
};

/** Reversal requests waiting for a supervisor, oldest first (at most PENDING_LIMIT). */
export function usePendingReversals(enabled = true) {
  return useQuery({ ...pendingReversalsQuery, enabled, select: (p) => p.items });
}

/**
 * For the navigation badge: waiting reversal requests less those the supervisor may not decide —
 * their own requests, and the reversal of an entry they recorded. Who recorded an entry is known
 * from the enrollment's ledger; the badge never reads a ledger itself (each read is an audited look
 * at the record, and this runs every minute) but watches the ledgers already read (on Approvals,
 * on a ledger tab): until one is, a request to reverse the supervisor's own entry is counted, and
 * Approvals shows it with its buttons disabled and why.
 */
export function useDecidableReversalCount(userId: string | undefined): number {
  const page = useQuery(pendingReversalsQuery).data;
  const items = page?.items ?? [];
  const ids = [...new Set(items.map((r) => r.enrollmentId))];
  const read = useQueries({ queries: ids.map((id) => ({ ...ledgerQuery(id), enabled: false })) });
  if (!page) return 0;
  const author = new Map<string, string>();
  for (const r of read) for (const e of r.data?.entries ?? []) author.set(e.id, e.createdBy);
  // As decidableCount: every waiting request, less those of the page the supervisor may not decide.
  const notTheirs = items.filter((r) => {
    const createdBy = author.get(r.entryId);
    return ownReversal(r, createdBy === undefined ? undefined : { createdBy }, userId);
  }).length;
  return Math.max(0, page.total - notTheirs);
}

/**
 * The entries the requests would reverse, by entry id: who recorded each (a supervisor never
 * decides the reversal of their own entry) and what it was. Each distinct enrollment's ledger is
 * read once.
 */
export function useEntriesOf(enrollmentIds: string[]): {
  entries: Map<string, LedgerEntry>;
  ledgers: Map<string, Ledger>;
  pending: boolean;
} {
  const unique = [...new Set(enrollmentIds)];
  const results = useQueries({ queries: unique.map((id) => ledgerQuery(id)) });
  const entries = new Map<string, LedgerEntry>();
  const ledgers = new Map<string, Ledger>();
  results.forEach((r, n) => {
    if (!r.data) return;
    ledgers.set(unique[n], r.data);
    for (const e of r.data.entries) entries.set(e.id, e);
  });
  return { entries, ledgers, pending: results.some((r) => r.isPending) };
}

/**
 * A supervisor's decisions on Approvals. Approving writes to the ledger; either way the request
 * leaves the list. A refused approval (decided meanwhile, the balance changed) reads the list
 * and the figures again too.
 */
export function useDecisions() {
  const changed = useChanged();
  async function decide(post: Promise<{ data?: unknown }>, list: Topic, refusedToo: boolean) {
    try {
      await data(post);
    } catch (err) {
      if (refusedToo) void changed(list, 'money');
      throw err;
    }
    await changed(list, 'money');
  }
  const path = (id: string) => ({ path: { id } });
  return {
    approveWaiver: (id: string) =>
      decide(
        api.POST('/api/v1/waiver-requests/{id}/approve', { params: path(id), body: {} }),
        'waiver-requests',
        true,
      ),
    rejectWaiver: (id: string, note: string) =>
      decide(
        api.POST('/api/v1/waiver-requests/{id}/reject', { params: path(id), body: { note } }),
        'waiver-requests',
        false,
      ),
    approveReversal: (id: string) =>
      decide(
        api.POST('/api/v1/reversal-requests/{id}/approve', { params: path(id), body: {} }),
        'reversal-requests',
        true,
      ),
    rejectReversal: (id: string, note: string) =>
      decide(
        api.POST('/api/v1/reversal-requests/{id}/reject', { params: path(id), body: { note } }),
        'reversal-requests',
        false,
      ),
  };
}
