import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate, useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { api } from '../api/client';
import { chicagoToday } from '../api/dates';
import { ApiError } from '../api/problem';
import { data } from '../api/queries';
import { enrollmentQuery } from '../enrollments/api';
import { closedRecordAccess } from '../api/access-reason';
import { ClosedRecordGate, isRecordClosed } from '../records/parts';
import { LoadFailed, Loading, PageHeading, usePageTitle } from '../app/ui';
import { entityLabel } from './labels';

export interface OpenRecordSearch {
  /** The participant page's tab to open. */
  tab?: 'enrollment' | 'ledger';
  /** When the event happened: narrows the search for a ledger entry. */
  at?: string;
  kind?: string;
}

const route = getRouteApi('/records/$entityType/$entityId');
const PAGE = 200;

type EntryKind = 'FEE' | 'PAYMENT' | 'WAIVER' | 'REFUND' | 'REVERSAL';

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

async function enrollmentOfWaiver(id: string): Promise<string | null> {
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
 * Opens the page a record is seen on, for records without a page of their own: an enrollment,
 * a ledger entry or a waiver request opens its participant's page (on the ledger tab, at the
 * entry). The one way a list that knows an enrollment, not its participant (audit trail,
 * balances, payments), links to the participant's page. Looked up only when a link is followed:
 * showing a list reads no record.
 */
export function OpenRecordPage() {
  usePageTitle('Opening a record');
  const { entityType, entityId } = route.useParams();
  const { tab, at, kind } = route.useSearch();
  const navigate = useNavigate();
  const router = useRouter();
  const queryClient = useQueryClient();
  const target = useQuery({
    queryKey: ['open-record', entityType, entityId, at, kind],
    retry: false,
    staleTime: 0,
    gcTime: 0,
    queryFn: async () => {
      let enrollmentId: string | null = null;
      if (entityType === 'enrollment') enrollmentId = entityId;
      else if (entityType === 'ledger_entry')
        enrollmentId = await enrollmentOfEntry(entityId, kind as EntryKind | undefined, at);
      else if (entityType === 'waiver_request') enrollmentId = await enrollmentOfWaiver(entityId);
      if (!enrollmentId) return null;
      const enrollment = await queryClient.fetchQuery(enrollmentQuery(enrollmentId));
      return { participantId: enrollment.participantId };
    },
  });

  useEffect(() => {
    if (!target.data) return;
    // A closed enrollment opened here with a reason: its participant's page is the record's own.
    if (closedRecordAccess.covers(entityId))
      closedRecordAccess.include([target.data.participantId]);
    void navigate({
      to: '/participants/$participantId',
      params: { participantId: target.data.participantId },
      search: { tab: tab ?? (entityType === 'enrollment' ? 'enrollment' : 'ledger') },
      hash: entityType === 'ledger_entry' ? `entry-${entityId}` : undefined,
      replace: true,
    });
  }, [target.data, navigate, tab, entityType, entityId]);

  if (isRecordClosed(target.error)) return <ClosedRecordGate recordId={entityId} />;
  return (
    <>
      <PageHeading>Opening the {entityLabel(entityType).toLowerCase()}</PageHeading>
      {(target.isPending || target.data) && <Loading what="the record" />}
      {target.isError &&
        (target.error instanceof ApiError && target.error.status === 403 ? (
          <p>
            Your role cannot open this record. Ask a supervisor or an administrator if your work
            needs it.
          </p>
        ) : (
          <LoadFailed error={target.error} what="the record" />
        ))}
      {target.isSuccess && !target.data && (
        <p>
          This record could not be found: it may be older than what can be searched here, or belong
          to a record the court closed. Its id is <span className="text-mono">{entityId}</span>.
        </p>
      )}
      {!target.isPending && !target.data && (
        <p>
          <button
            type="button"
            className="usa-button usa-button--unstyled"
            onClick={() => router.history.back()}
          >
            Back to where you were
          </button>
        </p>
      )}
    </>
  );
}
