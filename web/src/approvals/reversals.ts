import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../api/client';
import { data } from '../api/queries';
import { ownReversal } from './decidable';
import { PENDING_LIMIT } from './waivers';

/**
 * A request to reverse a FEE or WAIVER entry: it writes money off, so one person asks (FINANCE
 * or SUPERVISOR) and a second SUPERVISOR, neither the one who asked nor the one who recorded the
 * entry, approves it. Nothing is on the ledger until then.
 */
export type ReversalRequest = Schemas['ReversalRequestDto'];
type Ledger = Schemas['LedgerDto'];
type LedgerEntry = Schemas['LedgerEntryDto'];

/** The first page of waiting reversal requests, oldest first, with how many wait in all. */
const pendingReversalsQuery = {
  queryKey: ['reversal-requests', 'PENDING'],
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

/** One enrollment's ledger: the same cache entry as the ledger tab's. */
export function ledgerQuery(enrollmentId: string) {
  return queryOptions({
    queryKey: ['ledger', enrollmentId],
    queryFn: () =>
      data(api.GET('/api/v1/enrollments/{id}/ledger', { params: { path: { id: enrollmentId } } })),
  });
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
