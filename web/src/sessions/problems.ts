import { ApiError, summarize, type SummaryItem } from '../api/problem';

// The error summaries of the sessions screens (pure: no React, no client).

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
    const field = err.problem.errors?.[0]?.field;
    return [
      {
        message: PLAIN[err.code],
        fieldId:
          personField && personal.includes(err.code)
            ? personField
            : field
              ? fieldIds[field]
              : undefined,
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
