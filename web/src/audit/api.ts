import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { chicagoToday } from '../api/dates';
import { data } from '../api/queries';
import type { paths } from '../api/schema';

/** The audit trail's filters and page, as its URL carries them. */
export interface AuditSearch {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  outcome?: 'SUCCESS' | 'FAILURE';
  /** A day (YYYY-MM-DD), or a timestamp: "Recent activity" on the home page counts from one. */
  from?: string;
  to?: string;
  page?: number;
}

const PER_RECORD = 100;

interface RecordRef {
  entityType: string;
  entityId: string;
}

/**
 * The records whose events belong on a participant's History tab besides the participant: the
 * referrals and the ledger entries of the enrollment. Looked up through list routes, which are
 * not themselves logged as opening a record. A list the role may not read is left out.
 */
async function relatedRecords(participantId: string, enrollmentId?: string): Promise<RecordRef[]> {
  const [referrals, entries] = await Promise.all([
    data(
      api.GET('/api/v1/participants/{id}/referrals', { params: { path: { id: participantId } } }),
    )
      .then((list) =>
        list.map((r) => ({
          entityType: 'referral',
          entityId: r.id,
        })),
      )
      .catch(() => []),
    enrollmentId
      ? data(
          api.GET('/api/v1/ledger-entries', {
            params: { query: { enrollmentId, limit: 200 } },
          }),
        )
          .then((p) => p.items.map((e) => ({ entityType: 'ledger_entry', entityId: e.id })))
          .catch(() => [])
      : Promise.resolve([]),
  ]);
  return [...referrals, ...entries];
}

/**
 * The audit trail of one record, newest first (on a participant's page: also its referrals,
 * enrollment and ledger entries); `changesOnly` leaves out who opened it, lists and sign-ins.
 */
export function historyQuery(
  entityType: string,
  entityId: string,
  enrollmentId: string | undefined,
  changesOnly: boolean,
) {
  return queryOptions({
    queryKey: ['history', entityType, entityId, enrollmentId, changesOnly],
    // A staff account's history grows with each change made on its page.
    meta: { shows: entityType === 'staff' ? ['staff'] : [] },
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const records: RecordRef[] = [
        { entityType, entityId },
        ...(enrollmentId ? [{ entityType: 'enrollment', entityId: enrollmentId }] : []),
        ...(entityType === 'participant' ? await relatedRecords(entityId, enrollmentId) : []),
      ];
      const pages = await Promise.all(
        records.map((q) =>
          data(
            api.GET('/api/v1/audit-events', {
              params: {
                query: {
                  ...q,
                  limit: PER_RECORD,
                  ...(changesOnly ? { changesOnly: 'true' as const } : {}),
                },
              },
            }),
          ),
        ),
      );
      return {
        items: pages.flatMap((p) => p.items).sort((a, b) => b.at.localeCompare(a.at)),
        more: pages.some((p) => p.total > p.items.length),
      };
    },
  });
}

/* Where a record without a page of its own is seen (OpenRecordPage). */

const PAGE = 200;

export type EntryKind = 'FEE' | 'PAYMENT' | 'WAIVER' | 'REFUND' | 'REVERSAL';

async function entryPage(query: {
  kind?: EntryKind;
  receivedOn?: string;
  page: number;
}): Promise<{ items: { id: string; enrollmentId: string; createdAt: string }[]; total: number }> {
  return data(api.GET('/api/v1/ledger-entries', { params: { query: { ...query, limit: PAGE } } }));
}

/**
 * The enrollment a ledger entry belongs to. The API has no route for one entry, so the entry is
 * looked up in the list of entries: first among those received on the day of the event (where
 * a payment or refund almost always is), then by halving the list, which is ordered by when
 * each entry was recorded, newest first.
 */
export async function enrollmentOfEntry(
  id: string,
  kind: EntryKind | undefined,
  at: string | undefined,
): Promise<string | null> {
  if (at && (kind === 'PAYMENT' || kind === 'REFUND')) {
    const receivedOn = chicagoToday(new Date(at));
    for (let page = 1; page <= 5; page++) {
      const p = await entryPage({ kind, receivedOn, page });
      const hit = p.items.find((i) => i.id === id);
      if (hit) return hit.enrollmentId;
      if (page * PAGE >= p.total) break;
    }
  }
  const first = await entryPage({ kind, page: 1 });
  const hit = first.items.find((i) => i.id === id);
  if (hit) return hit.enrollmentId;
  const pages = Math.ceil(first.total / PAGE);
  const when = at ? Date.parse(at) : NaN;
  if (Number.isNaN(when)) {
    for (let page = 2; page <= Math.min(pages, 20); page++) {
      const p = await entryPage({ kind, page });
      const found = p.items.find((i) => i.id === id);
      if (found) return found.enrollmentId;
    }
    return null;
  }
  const SLACK = 5_000;
  let lo = 2;
  let hi = pages;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const p = await entryPage({ kind, page: mid });
    const found = p.items.find((i) => i.id === id);
    if (found) return found.enrollmentId;
    if (!p.items.length) {
      hi = mid - 1;
      continue;
    }
    const newest = Date.parse(p.items[0].createdAt);
    const oldest = Date.parse(p.items[p.items.length - 1].createdAt);
    if (when < oldest - SLACK) lo = mid + 1;
    else if (when > newest + SLACK) hi = mid - 1;
    else {
      for (const near of [mid - 1, mid + 1]) {
        if (near < 1 || near > pages) continue;
        const q = await entryPage({ kind, page: near });
        const f = q.items.find((i) => i.id === id);
        if (f) return f.enrollmentId;
      }
      return null;
    }
  }
  return null;
}

export async function enrollmentOfWaiver(id: string): Promise<string | null> {
  for (let page = 1; page <= 50; page++) {
    const p = await data(
      api.GET('/api/v1/waiver-requests', { params: { query: { page, limit: PAGE } } }),
    );
    const hit = (p.items as { id: string; enrollmentId: string }[]).find((w) => w.id === id);
    if (hit) return hit.enrollmentId;
    if (page * PAGE >= p.total) break;
  }
  return null;
}

/**
 * The trail is counted no further than this many events past the page's first: beyond, the page
 * says "more than" (an exact count reads every event of the trail, hundreds of thousands).
 */
export const AUDIT_COUNT_UP_TO = 10_000;
export const AUDIT_PAGE_SIZE = 50;

/** What the Audit trail screen asks for: its URL's filters and page. */
export function auditQueryOf(search: AuditSearch) {
  const { page = 1, ...filters } = search;
  return { ...filters, page, limit: AUDIT_PAGE_SIZE, countUpTo: AUDIT_COUNT_UP_TO };
}

/** The audit trail searched by the Audit trail screen's filters (in its URL), a page at a time. */
export function auditEventsQuery(
  query: NonNullable<paths['/api/v1/audit-events']['get']['parameters']['query']>,
) {
  return queryOptions({
    queryKey: ['audit-events', query],
    queryFn: () => data(api.GET('/api/v1/audit-events', { params: { query } })),
    placeholderData: (previous) => previous,
  });
}
