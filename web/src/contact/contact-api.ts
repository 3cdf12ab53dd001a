import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { chicagoToday } from '../api/dates';
import { data } from '../api/queries';

/** How many of a participant's messages the tab shows (latest due first). */
export const PARTICIPANT_MESSAGES_LIMIT = 100;
/** Failed messages per page on the Messages screen. */
export const FAILED_PAGE_SIZE = 25;

export function useConsents(participantId: string) {
  return useQuery({
    queryKey: ['consents', participantId],
    queryFn: () =>
      data(
        api.GET('/api/v1/participants/{id}/consents', { params: { path: { id: participantId } } }),
      ),
  });
}

export function useParticipantMessages(participantId: string) {
  return useQuery({
    queryKey: ['participant-messages', participantId],
    queryFn: () =>
      data(
        api.GET('/api/v1/participants/{id}/messages', {
          params: { path: { id: participantId }, query: { limit: PARTICIPANT_MESSAGES_LIMIT } },
        }),
      ),
    // Planned messages go out while the tab is open.
    refetchInterval: 60_000,
  });
}

/** Today's messages (due today, Chicago): counts per status, and whether providers are set up. */
export function useTodaysMessages(today = chicagoToday()) {
  return useQuery({
    queryKey: ['messages', 'today', today],
    queryFn: () =>
      data(
        api.GET('/api/v1/messages', { params: { query: { from: today, to: today, limit: 1 } } }),
      ),
    refetchInterval: 60_000,
  });
}

/** Failed messages, whatever their day (latest due first), a page at a time. */
export function useFailedMessages(page: number) {
  return useQuery({
    queryKey: ['messages', 'FAILED', page],
    queryFn: () =>
      data(
        api.GET('/api/v1/messages', {
          params: { query: { status: 'FAILED', page, limit: FAILED_PAGE_SIZE } },
        }),
      ),
    refetchInterval: 60_000,
  });
}

/**
 * Whose each failed message is: a message names the participant by id only, so each distinct
 * participant on the page is read once (the same cache entry as their record).
 */
export function useParticipantNames(ids: string[]): {
  nameOf: (id: string) => string | undefined;
  pending: boolean;
} {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ['participant', id],
      queryFn: () => data(api.GET('/api/v1/participants/{id}', { params: { path: { id } } })),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const names = new Map<string, string>();
  results.forEach((r, n) => {
    if (r.data) names.set(unique[n], `${r.data.firstName} ${r.data.lastName}`);
  });
  return { nameOf: (id) => names.get(id), pending: results.some((r) => r.isPending) };
}

/** After consent or a retry: every list that shows messages or consent is read again. */
export function useContactChanged() {
  const queryClient = useQueryClient();
  return (participantId?: string) =>
    Promise.all(
      [
        ...(participantId
          ? [
              ['consents', participantId],
              ['participant-messages', participantId],
            ]
          : [['participant-messages']]),
        ['messages'],
      ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
}
