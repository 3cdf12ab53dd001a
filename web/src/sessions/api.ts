import { useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../api/client';
import { ApiError, summarize, type SummaryItem } from '../api/problem';
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

export function useSessionRecord(id: string) {
  return useQuery({
    queryKey: ['session', id],
    queryFn: () => data(api.GET('/api/v1/sessions/{id}', { params: { path: { id } } })),
  });
}

export function useRoster(id: string, enabled = true) {
  return useQuery({
    queryKey: ['roster', id],
    enabled,
    queryFn: () => data(api.GET('/api/v1/sessions/{id}/roster', { params: { path: { id } } })),
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
    queryKey: ['sessions', filter],
    queryFn: () =>
      data(api.GET('/api/v1/sessions', { params: { query: { ...filter, limit: 200 } } })),
  });
}

/** The session has started, by this device's clock (the API has the last word). */
export function hasStarted(session: Pick<Session, 'startsAt'>, now = Date.now()): boolean {
  return Date.parse(session.startsAt) <= now;
}

/**
 * Plain words for the refusals of seats, cancellation and attendance; the API's `detail` names
 * ids, which mean nothing at the door.
 */
const PLAIN: Record<string, string> = {
  SESSION_FULL:
    'This session is full: every seat is taken. Seat the person in another session of the program.',
  PROGRAM_MISMATCH:
    'This person is enrolled in the other program. Seat them in a session of their own program.',
  ALREADY_SEATED: 'This person already has a seat in this session.',
  ENROLLMENT_NOT_ACTIVE:
    'This enrollment is no longer active (completed, withdrawn or terminated), so it cannot take a seat.',
  SESSION_CANCELLED: 'This session was cancelled: it takes no seats and no attendance.',
  SESSION_STARTED:
    'This session has already started, so its seats can no longer be removed. Record the person as absent or excused instead.',
  ATTENDANCE_RECORDED:
    'Attendance has been recorded for this session, so it took place and cannot be cancelled.',
  SESSION_NOT_STARTED:
    'This session has not started yet. Attendance can be taken once it has started.',
  FACILITATOR_NOT_ELIGIBLE:
    'The facilitator chosen is no longer an active facilitator. Choose another one.',
};

/**
 * The error summary of a session action: the codes above in plain words (linked to `fieldId`
 * when the code is about the chosen person), anything else as the console says it.
 */
export function sessionProblem(
  err: unknown,
  fieldIds: Record<string, string> = {},
  personField?: string,
): SummaryItem[] {
  if (err instanceof ApiError && err.code && PLAIN[err.code]) {
    const personal = ['PROGRAM_MISMATCH', 'ALREADY_SEATED', 'ENROLLMENT_NOT_ACTIVE'];
    return [
      {
        message: PLAIN[err.code],
        fieldId: personField && personal.includes(err.code) ? personField : undefined,
      },
    ];
  }
  return summarize(err, fieldIds);
}

/**
 * A refused roster names its rows as `records[3].status`: each such error becomes an item that
 * names the person of that row and links to their radio group. `rows` is the roster in the
 * order it was sent.
 */
export function rosterProblem(
  err: unknown,
  rows: { enrollmentId: string; participantName: string }[],
  fieldIdOf: (enrollmentId: string) => string,
): { items: SummaryItem[]; byRow: Record<string, string> } {
  const byRow: Record<string, string> = {};
  if (err instanceof ApiError && err.problem.errors?.length) {
    const items: SummaryItem[] = [];
    for (const e of err.problem.errors) {
      const m = /^records\[(\d+)\](?:\.(\w+))?/.exec(e.field);
      const row = m ? rows[Number(m[1])] : undefined;
      if (!row) {
        items.push(...summarize(new ApiError({ ...err.problem, errors: [e] })));
        continue;
      }
      const message = rowMessage(err.code, m?.[2], e.message);
      byRow[row.enrollmentId] ??= message;
      items.push({
        fieldId: fieldIdOf(row.enrollmentId),
        message: `${row.participantName}: ${message}`,
      });
    }
    return { items, byRow };
  }
  return { items: sessionProblem(err), byRow };
}

function rowMessage(code: string | undefined, member: string | undefined, raw: string): string {
  if (code === 'NOT_SEATED')
    return 'no longer has a seat in this session. Reload the page to see the roster as it is now.';
  if (member === 'status') return 'choose Present, Late, Left early, Absent or Excused.';
  if (member === 'note') return `the note ${raw.replace(/^note /, '')}.`;
  if (/repeats/.test(raw)) return 'appears twice in the roster. Reload the page and try again.';
  return raw;
}
