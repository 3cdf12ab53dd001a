import { useQueries, useQuery } from '@tanstack/react-query';
import { useChanged } from '../api/cache';
import { api, type Schemas } from '../api/client';
import { chicagoToday } from '../api/dates';
import { data } from '../api/queries';
import { participantQuery } from '../participants/api';

/** How many of a participant's messages the tab shows (latest due first). */
export const PARTICIPANT_MESSAGES_LIMIT = 100;
/** Failed messages per page on the Messages screen. */
export const FAILED_PAGE_SIZE = 25;

export function useConsents(participantId: string) {
  return useQuery({
    queryKey: ['consents', participantId],
    meta: { shows: ['messages'] },
    queryFn: () =>
      data(
        api.GET('/api/v1/participants/{id}/consents', { params: { path: { id: participantId } } }),
      ),
  });
}

export function useParticipantMessages(participantId: string) {
  return useQuery({
    queryKey: ['participant-messages', participantId],
    meta: { shows: ['messages'] },
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
    meta: { shows: ['messages'] },
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
    meta: { shows: ['messages'] },
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
      ...participantQuery(id),
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

/** Consent given or withdrawn, a failed message planned again: every list of messages changes. */
export function useContactWrites() {
  const changed = useChanged();
  return {
    recordConsent: async (participantId: string, body: Schemas['RecordConsentDto']) => {
      await data(
        api.POST('/api/v1/participants/{id}/consents', {
          params: { path: { id: participantId } },
          body,
        }),
      );
      await changed('messages');
    },
    /** A refused retry (sent or retried meanwhile) reads the lists again too. */
    retry: async (messageId: string) => {
      try {
        await data(
          api.POST('/api/v1/messages/{id}/retry', { params: { path: { id: messageId } } }),
        );
      } catch (err) {
        void changed('messages');
        throw err;
      }
      await changed('messages');
    },
  };
}
