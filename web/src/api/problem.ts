/** problem+json answers of the API, turned into something a form can show. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
  requestId?: string;
  [member: string]: unknown;
}

/** The API answered with an error. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `Request failed (${problem.status})`);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string | undefined {
    return this.problem.code;
  }
}

/** The request never got an answer: the network or the server is down. */
export class NetworkError extends Error {
  constructor() {
    super('The case manager could not be reached. Check the connection and try again.');
    this.name = 'NetworkError';
  }
}

/** Plain words for the codes staff meet; the API's own `detail` is used for the rest. */
const PLAIN: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended. Sign in again to carry on.',
  FORBIDDEN: 'Your role does not allow this. Ask a supervisor or an administrator.',
  SELF_APPROVAL: 'You cannot approve your own request. Another supervisor must decide it.',
  NOT_FOUND: 'That record does not exist or was removed.',
  DUPLICATE_PARTICIPANT: 'This person may already be registered.',
  DUPLICATE_CASE: 'A referral with this case number already exists in this jurisdiction.',
  ALREADY_ENROLLED:
    'This person has already been enrolled in a program. A participant can be enrolled only once.',
  NOT_ELIGIBLE: 'This referral is not eligible, so it cannot be enrolled.',
  ELIGIBILITY_STALE:
    'The screening facts changed after the last eligibility check. Run a new check before enrolling.',
  INVALID_TRANSITION: 'This record changed its status in the meantime. Reload the page to see it.',
  CONFLICT: 'Someone else changed this record at the same moment. Try again.',
  RATE_LIMITED: 'Too many attempts. Wait a minute and try again.',
  ACCOUNT_LOCKED: 'This account is locked after five wrong passwords.',
  RECORD_CLOSED:
    'This record is closed. Only a supervisor or an auditor can open it, stating why, from the participant’s page.',
  ENROLLMENT_ACTIVE:
    'The enrollment made from this referral is still active: the court decides after it ends.',
  ALREADY_EXPUNGED:
    'An expungement order is already recorded for this referral. A recorded order is not replaced.',
  SERVICE_UNAVAILABLE: 'The case manager is briefly unavailable. Try again in a moment.',
};

export interface SummaryItem {
  /** The id of the input the message belongs to, when it belongs to one. */
  fieldId?: string;
  message: string;
}

/**
 * The error summary for a failed request: one item per field error (linked to its input through
 * `fieldIds`, API field name → input id), or one item for the whole request.
 */
export function summarize(err: unknown, fieldIds: Record<string, string> = {}): SummaryItem[] {
  if (err instanceof NetworkError) return [{ message: err.message }];
  if (!(err instanceof ApiError)) return [{ message: 'Something went wrong. Try again.' }];
  const p = err.problem;
  if (p.errors?.length) {
    return p.errors.map((e) => {
      const key = e.field.split('.')[0].replace(/\[\d+\]$/, '');
      const fieldId = fieldIds[e.field] ?? fieldIds[key];
      const label = fieldId ? undefined : e.field;
      return { fieldId, message: label ? `${label}: ${e.message}` : capitalize(e.message) };
    });
  }
  if (p.code && PLAIN[p.code]) return [{ message: PLAIN[p.code] }];
  if (p.status >= 500)
    return [
      {
        message:
          'The case manager could not do this. Try again; if it happens again, call support.',
      },
    ];
  return [{ message: p.detail ?? p.title ?? 'The request was refused.' }];
}

/** Field-level messages keyed by input id, for the inputs' own error text. */
export function fieldErrors(items: SummaryItem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of items) if (i.fieldId && !out[i.fieldId]) out[i.fieldId] = i.message;
  return out;
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

export function requestIdOf(err: unknown): string | undefined {
  return err instanceof ApiError ? err.problem.requestId : undefined;
}
