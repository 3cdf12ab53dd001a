import { useQuery } from '@tanstack/react-query';
import { useChanged } from '../api/cache';
import { api, type Schemas } from '../api/client';
import { data } from '../api/queries';

export type Batch = Schemas['RemittanceDto'];
export type BatchDetail = Schemas['RemittanceDetailDto'];
export type BatchItem = Schemas['RemittanceItemDto'];

export const remittanceKeys = {
  one: (id: string) => ['remittance', id] as const,
  list: (page: number) => ['remittances', page] as const,
};

const shows = ['remittances'] as const;

export function useBatch(id: string) {
  return useQuery({
    queryKey: remittanceKeys.one(id),
    queryFn: () => data(api.GET('/api/v1/remittances/{id}', { params: { path: { id } } })),
    meta: { shows },
  });
}

export function useBatches(page: number, limit: number) {
  return useQuery({
    queryKey: remittanceKeys.list(page),
    queryFn: () => data(api.GET('/api/v1/remittances', { params: { query: { page, limit } } })),
    placeholderData: (previous) => previous,
    meta: { shows },
  });
}

/** Drafts prepared by anyone, newest first (at most `limit`). */
export function getDrafts(limit: number) {
  return data(api.GET('/api/v1/remittances', { params: { query: { status: 'DRAFT', limit } } }));
}

/** Preparing, sending and voiding a batch: each changes the batch and the list. */
export function useBatchWrites() {
  const changed = useChanged();
  const path = (id: string) => ({ path: { id } });
  return {
    prepare: async (periodEnd: string) => {
      const batch = await data(api.POST('/api/v1/remittances', { body: { periodEnd } }));
      await changed('remittances');
      return batch;
    },
    send: async (id: string, body: Schemas['SendRemittanceDto']) => {
      await data(api.POST('/api/v1/remittances/{id}/send', { params: path(id), body }));
      await changed('remittances');
    },
    void: async (id: string, reason: string) => {
      await data(api.POST('/api/v1/remittances/{id}/void', { params: path(id), body: { reason } }));
      await changed('remittances');
    },
  };
}
