import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate, useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { ApiError } from '../api/problem';
import { enrollmentQuery } from '../enrollments/api';
import { closedRecordAccess } from '../api/access-reason';
import { ClosedRecordGate, isRecordClosed } from '../records/parts';
import { LoadFailed, Loading, PageHeading, usePageTitle } from '../app/ui';
import { enrollmentOfEntry, enrollmentOfWaiver, type EntryKind } from './api';
import { entityLabel } from './labels';

export interface OpenRecordSearch {
  /** The participant page's tab to open. */
  tab?: 'enrollment' | 'ledger';
  /** When the event happened: narrows the search for a ledger entry. */
  at?: string;
  kind?: string;
}

const route = getRouteApi('/records/$entityType/$entityId');
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
