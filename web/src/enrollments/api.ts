import { queryOptions, useQuery } from '@tanstack/react-query';
import { useChanged } from '../api/cache';
import { api, type Schemas } from '../api/client';
import { data } from '../api/queries';

export type Enrollment = Schemas['EnrollmentDto'];
export type Transition = Schemas['TransitionDto'];

export const enrollmentKeys = {
  one: (id: string) => ['enrollment', id] as const,
  ofParticipant: (participantId: string, closed = false) =>
    closed
      ? (['enrollment-of', participantId, 'closed'] as const)
      : (['enrollment-of', participantId] as const),
  seats: (id: string) => ['seats-of', id] as const,
};

/**
 * One enrollment by id, for every screen that starts from an enrollment (the ledger forms,
 * approvals, attendance history, the record resolver): one cache entry per enrollment. The API
 * logs each read as opening the enrollment, so a list looks up only the rows it shows.
 */
export function enrollmentQuery(id: string) {
  return queryOptions({
    queryKey: enrollmentKeys.one(id),
    queryFn: () => getEnrollment(id),
    staleTime: 60_000,
    meta: { shows: ['enrollments', 'money'] },
  });
}

export function getEnrollment(id: string): Promise<Enrollment> {
  return data(api.GET('/api/v1/enrollments/{id}', { params: { path: { id } } }));
}

export function useEnrollment(id: string) {
  return useQuery(enrollmentQuery(id));
}

/**
 * The participant's enrollment (at most one ever), or null. Lists leave closed records out, so
 * the enrollment of a closed record (`closed`, opened with a reason) is found through its
 * referral and read by its id.
 */
export function enrollmentOfQuery(participantId: string, closed = false) {
  return queryOptions({
    queryKey: enrollmentKeys.ofParticipant(participantId, closed),
    queryFn: async (): Promise<Enrollment | null> => {
      if (closed) {
        const referrals = await data(
          api.GET('/api/v1/participants/{id}/referrals', {
            params: { path: { id: participantId } },
          }),
        );
        const id = referrals.find((r) => r.enrollmentId)?.enrollmentId;
        if (!id) return null;
        return getEnrollment(id);
      }
      const page = await data(
        api.GET('/api/v1/enrollments', { params: { query: { participantId } } }),
      );
      return page.items[0] ?? null;
    },
    meta: { shows: ['enrollments', 'money', 'records'] },
  });
}

export function useEnrollmentOf(participantId: string, closed = false) {
  return useQuery(enrollmentOfQuery(participantId, closed));
}

/** The sessions this enrollment has a seat in, with what was recorded at each. */
export function seatsQuery(enrollmentId: string) {
  return queryOptions({
    queryKey: enrollmentKeys.seats(enrollmentId),
    queryFn: () =>
      data(api.GET('/api/v1/enrollments/{id}/seats', { params: { path: { id: enrollmentId } } })),
    meta: { shows: ['seats', 'attendance'] },
  });
}

/** Enrolls a referral; the participant's record and referrals change. */
export function useEnroll() {
  const changed = useChanged();
  return async (body: Schemas['CreateEnrollmentDto']) => {
    const enrollment = await data(api.POST('/api/v1/enrollments', { body }));
    await changed('enrollments', 'referrals');
    return enrollment;
  };
}

/** Completes, withdraws or terminates an enrollment. */
export function useTransition() {
  const changed = useChanged();
  const transition = (id: string, body: Transition) =>
    data(api.POST('/api/v1/enrollments/{id}/transitions', { params: { path: { id } }, body }));
  return { transition, changed: () => changed('enrollments', 'money') };
}
