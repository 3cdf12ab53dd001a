import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useChanged } from '../api/cache';
import { api, type Schemas } from '../api/client';
import { data } from '../api/queries';
import { participantKeys } from '../participants/api';

export type DispositionRecord = Schemas['DispositionDto'];
export type RecordDisposition = Schemas['RecordDispositionDto'];
export type RecordExpungement = Schemas['RecordExpungementDto'];

/** The court's decisions on a referral, newest first (the first one counts). */
export function useDispositions(referralId: string, enabled = true) {
  return useQuery({
    queryKey: ['dispositions', referralId],
    meta: { shows: ['records'] },
    enabled,
    queryFn: () =>
      data(
        api.GET('/api/v1/referrals/{id}/dispositions', { params: { path: { id: referralId } } }),
      ),
  });
}

/**
 * A decision or an order changes the record's status (the referral's, maybe the participant's):
 * everything read of this record is read again.
 */
export function useRecordChanged() {
  const client = useQueryClient();
  const changed = useChanged();
  return () => {
    // A record the decision closed is out of search: a search shown before must not show it
    // from memory (nor name anyone while it is asked again).
    client.removeQueries({ queryKey: participantKeys.searches });
    return changed('records');
  };
}

/** Records a decision; the caller says so first, then reads the record again (useRecordChanged). */
export function useRecordDisposition(referralId: string) {
  return useMutation({
    mutationFn: (body: RecordDisposition) =>
      data(
        api.POST('/api/v1/referrals/{id}/dispositions', {
          params: { path: { id: referralId } },
          body,
        }),
      ),
  });
}

export function useRecordExpungement(referralId: string) {
  return useMutation({
    mutationFn: (body: RecordExpungement) =>
      data(
        api.POST('/api/v1/referrals/{id}/expungement', {
          params: { path: { id: referralId } },
          body,
        }),
      ),
  });
}

// ---- disclosures -----------------------------------------------------------------------------

/** One opening of a closed record (GET /disclosures). */
export type Disclosure = Schemas['DisclosureDto'];

/** The Disclosures page's filters, as they are in the URL (days and a staff id: nothing personal). */
export interface DisclosureSearch {
  from?: string;
  to?: string;
  actorId?: string;
  page?: number;
}

export const DISCLOSURES_PAGE_SIZE = 50;

export function useDisclosures(search: DisclosureSearch) {
  const query = { ...search, page: search.page ?? 1, limit: DISCLOSURES_PAGE_SIZE };
  return useQuery({
    queryKey: ['disclosures', query],
    queryFn: () => data(api.GET('/api/v1/disclosures', { params: { query } })),
    placeholderData: (previous) => previous,
  });
}

export { ACCESS_REASON_LABELS, DISPOSITION_LABELS, RECORD_STATUS_SHORT, wordsFor } from './labels';
