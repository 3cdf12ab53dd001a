import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../api/client';
import { data } from '../api/queries';

export type Participant = Schemas['ParticipantDto'];
export type NewParticipant = Schemas['CreateParticipantDto'];

export const participantKeys = {
  one: (id: string) => ['participant', id] as const,
  search: (term: string) => ['participant-search', term] as const,
  /** Every search: a closed record must leave the results at once. */
  searches: ['participant-search'] as const,
};

export function participantQuery(id: string) {
  return queryOptions({
    queryKey: participantKeys.one(id),
    // An empty id would ask for the participants list: never fetch personal data not asked for.
    enabled: id !== '',
    queryFn: () => data(api.GET('/api/v1/participants/{id}', { params: { path: { id } } })),
    meta: { shows: ['participants', 'records'] },
  });
}

export function useParticipant(id: string) {
  return useQuery(participantQuery(id));
}

/** Name, date of birth or case number, as the header's search box sends it. */
export function participantSearchQuery(term: string, query: { q?: string; dateOfBirth?: string }) {
  return queryOptions({
    queryKey: participantKeys.search(term),
    enabled: term.length > 0,
    queryFn: () =>
      data(api.GET('/api/v1/participants', { params: { query: { ...query, limit: 50 } } })),
    meta: { shows: ['participants'] },
  });
}

/** Registers a participant (refused with DUPLICATE_PARTICIPANT or POSSIBLE_DUPLICATE). */
export function registerParticipant(body: NewParticipant): Promise<Participant> {
  return data(api.POST('/api/v1/participants', { body }));
}
