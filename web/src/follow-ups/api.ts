import { useMutation, useQuery } from '@tanstack/react-query';
import { useChanged } from '../api/cache';
import { api, type Schemas } from '../api/client';
import { data } from '../api/queries';

export type FollowUp = Schemas['FollowUpDto'];
export type FollowUpResult = Schemas['FollowUpResultDto'];
export type RecordFollowUp = Schemas['RecordFollowUpDto'];
export type FollowUpStatus = 'DUE' | 'RECORDED';
export type FollowUpMonths = 12 | 24;

/** The list's filters, as they are in the URL (nothing personal). */
export interface FollowUpSearch {
  status: FollowUpStatus;
  /** Absent: both checks (what the home page's card counts). */
  months?: FollowUpMonths;
  page?: number;
}

export const LIST_LIMIT = 50;

/** The visible labels of the results (codes only ever beside these words). */
export const RESULT_LABELS: Record<RecordFollowUp['result'], string> = {
  NO_NEW_CHARGE: 'No new charge',
  NEW_CHARGE_SIMILAR: 'New similar charge',
  NEW_CHARGE_OTHER: 'New other charge',
  UNABLE_TO_CHECK: 'Unable to check',
};

export const SOURCE_LABELS: Record<RecordFollowUp['source'], string> = {
  COURT_RECORDS_SEARCH: 'Court records search',
  PROSECUTOR_RETURN: 'Prosecutor’s return',
};

export const EXIT_LABELS: Record<FollowUp['exitStatus'], string> = {
  COMPLETED: 'Completed',
  TERMINATED: 'Terminated',
  WITHDRAWN: 'Withdrawn',
};

/** Parses the list's search params; anything unknown falls back to the checks that are due. */
export function followUpSearch(s: Record<string, unknown>, page?: number): FollowUpSearch {
  const months = Number(s.months);
  return {
    status: s.status === 'RECORDED' ? 'RECORDED' : 'DUE',
    months: months === 12 || months === 24 ? months : undefined,
    page,
  };
}

const listKey = (search: FollowUpSearch) => ['follow-ups', search] as const;

export function useFollowUps({ status, months, page = 1 }: FollowUpSearch) {
  return useQuery({
    queryKey: listKey({ status, months, page }),
    meta: { shows: ['follow-ups'] },
    queryFn: () =>
      data(
        api.GET('/api/v1/follow-ups', {
          params: { query: { status, ...(months ? { months } : {}), page, limit: LIST_LIMIT } },
        }),
      ),
  });
}

/** Records a result; the lists, the card's count and the report are read again afterwards. */
export function useRecordFollowUp() {
  const changed = useChanged();
  return useMutation({
    mutationFn: ({ enrollmentId, body }: { enrollmentId: string; body: RecordFollowUp }) =>
      data(
        api.POST('/api/v1/enrollments/{id}/follow-ups', {
          params: { path: { id: enrollmentId } },
          body,
        }),
      ),
    onSuccess: () => changed('follow-ups'),
  });
}
