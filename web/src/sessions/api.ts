import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useChanged } from '../api/cache';
import { api, type Schemas } from '../api/client';
import { data } from '../api/queries';

export type Session = Schemas['SessionDto'];
export type RosterRow = Schemas['RosterRowDto'];
export type Roster = Schemas['RosterDto'];
export type Revision = Schemas['AttendanceRevisionDto'];
export type Enrollment = Schemas['EnrollmentDto'];
export type AttendanceStatus = Schemas['AttendanceRecordInput']['status'];
export type ProgramCode = Session['programCode'];

/** The visible labels of the attendance choices (CONSOLE.md, screen 9), in this order. */
export const ATTENDANCE_OPTIONS: { value: AttendanceStatus; label: string }[] = [
  { value: 'PRESENT', label: 'Present' },
  { value: 'LATE', label: 'Late' },
  { value: 'LEFT_EARLY', label: 'Left early' },
  { value: 'ABSENT', label: 'Absent' },
  { value: 'EXCUSED', label: 'Excused' },
];

export function attendanceLabel(status: string | null | undefined): string {
  if (!status) return 'Not recorded';
  return ATTENDANCE_OPTIONS.find((o) => o.value === status)?.label ?? status;
}

export const sessionKeys = {
  one: (id: string) => ['session', id] as const,
  roster: (id: string) => ['roster', id] as const,
  list: (filter: SessionFilter) => ['sessions', filter] as const,
  unseated: (programCode: string) => ['unseated', programCode] as const,
  history: (id: string, page: number) => ['attendance-history', id, page] as const,
};

export function useSessionRecord(id: string) {
  return useQuery({
    queryKey: sessionKeys.one(id),
    queryFn: () => data(api.GET('/api/v1/sessions/{id}', { params: { path: { id } } })),
    meta: { shows: ['sessions', 'seats', 'attendance'] },
  });
}

export function useRoster(id: string, enabled = true) {
  return useQuery({
    queryKey: sessionKeys.roster(id),
    enabled,
    queryFn: () => data(api.GET('/api/v1/sessions/{id}/roster', { params: { path: { id } } })),
    // Saving attendance puts its answer here itself (useSessionWrites).
    meta: { shows: ['seats'] },
  });
}

/** Who was recorded how, and when, revision by revision. */
export function useAttendanceHistory(id: string, page: number, limit: number) {
  return useQuery({
    queryKey: sessionKeys.history(id, page),
    queryFn: () =>
      data(
        api.GET('/api/v1/sessions/{id}/attendance/history', {
          params: { path: { id }, query: { page, limit } },
        }),
      ),
    meta: { shows: ['attendance'] },
  });
}

export interface SessionFilter {
  on?: string;
  from?: string;
  to?: string;
  programCode?: ProgramCode;
  facilitatorId?: string;
  withoutAttendance?: 'true';
}

export function useSessions(filter: SessionFilter) {
  return useQuery({
    queryKey: sessionKeys.list(filter),
    meta: { shows: ['sessions', 'seats'] },
    queryFn: () =>
      data(api.GET('/api/v1/sessions', { params: { query: { ...filter, limit: 200 } } })),
  });
}

/** The session has started, by this device's clock (the API has the last word). */
export function hasStarted(session: Pick<Session, 'startsAt'>, now = Date.now()): boolean {
  return Date.parse(session.startsAt) <= now;
}

export { rosterProblem, sessionProblem } from './problems';
export { formatSessionDay, formatTimeRange } from './time';

/** The program's next sessions with a free seat that do not seat this enrollment yet. */
export function seatOfferQuery(enrollment: Pick<Enrollment, 'id' | 'programCode'>, limit: number) {
  const query = {
    programCode: enrollment.programCode,
    upcoming: 'true' as const,
    hasFreeSeats: 'true' as const,
    excludeEnrollmentId: enrollment.id,
    limit,
  };
  return queryOptions({
    queryKey: ['sessions', 'offer', enrollment.id],
    queryFn: () => data(api.GET('/api/v1/sessions', { params: { query } })),
    meta: { shows: ['sessions', 'seats'] },
  });
}

/** Scheduling, cancelling, seats and attendance: each says once what it changes. */
export function useSessionWrites() {
  const changed = useChanged();
  const queryClient = useQueryClient();
  return {
    schedule: async (body: Schemas['CreateSessionDto']) => {
      const session = await data(api.POST('/api/v1/sessions', { body }));
      await changed('sessions');
      return session;
    },
    cancel: (id: string, reason: string) =>
      data(
        api.POST('/api/v1/sessions/{id}/cancel', { params: { path: { id } }, body: { reason } }),
      ),
    removeSeat: (id: string, enrollmentId: string) =>
      data(
        api.DELETE('/api/v1/sessions/{id}/seats/{enrollmentId}', {
          params: { path: { id, enrollmentId } },
        }),
      ),
    /** The whole roster, once: the answer is the roster as saved. */
    saveAttendance: async (id: string, body: Schemas['SubmitAttendanceDto']) => {
      const roster = await data(
        api.PUT('/api/v1/sessions/{id}/attendance', { params: { path: { id } }, body }),
      );
      queryClient.setQueryData(sessionKeys.roster(id), roster);
      void changed('attendance');
      return roster;
    },
    /** After a seat or a cancellation (whatever the answer: the seats may have changed). */
    seatsChanged: () => changed('seats', 'sessions'),
  };
}

/** Seats an enrollment in a session. */
export function useGiveSeat() {
  const changed = useChanged();
  return {
    give: (sessionId: string, enrollmentId: string) =>
      data(
        api.POST('/api/v1/sessions/{id}/seats', {
          params: { path: { id: sessionId } },
          body: { enrollmentId },
        }),
      ),
    /** Called whatever the answer: a refusal may mean the seats changed meanwhile. */
    changed: () => changed('seats', 'sessions'),
  };
}
