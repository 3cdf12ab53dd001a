import { formatDate, parseDateInput } from '../api/dates';
import { LIMITS } from '../api/limits';
import { ApiError, summarize, type SummaryItem } from '../api/problem';
import type { RecordDisposition, RecordExpungement } from './api';
import { DISPOSITION_LABELS, type Disposition } from './labels';

/** The ids of a referral's two forms' inputs (the error summary links to them). */
export function decisionFields(referralId: string) {
  return {
    disposition: `disposition-${referralId}`,
    decidedOn: `decided-on-${referralId}`,
    courtReference: `court-reference-${referralId}`,
    orderedOn: `ordered-on-${referralId}`,
    orderReference: `order-reference-${referralId}`,
  };
}

type Fields = ReturnType<typeof decisionFields>;

/** What the court decided, about an offense on `offenseDate`, and known `today` (Chicago). */
interface Context {
  fields: Fields;
  offenseDate: string;
  today: string;
}

const MAX_REFERENCE = LIMITS.RecordDispositionDto.courtReference.max;

/** A day the court decided or ordered something: typed, real, not ahead, not before the offense. */
function courtDay(
  typed: string,
  fieldId: string,
  what: string,
  { offenseDate, today }: Context,
  problems: SummaryItem[],
): string | null {
  if (!typed.trim()) {
    problems.push({ fieldId, message: `Enter the day ${what}` });
    return null;
  }
  const day = parseDateInput(typed);
  if (!day) problems.push({ fieldId, message: `Enter the day ${what} as month/day/year` });
  else if (day > today)
    problems.push({ fieldId, message: `The day ${what} cannot be in the future` });
  else if (day < offenseDate)
    problems.push({
      fieldId,
      message: `The court decides after the offense: enter a day on or after ${formatDate(offenseDate)}`,
    });
  else return day;
  return null;
}

function reference(
  typed: string,
  fieldId: string,
  what: string,
  required: boolean,
  problems: SummaryItem[],
): string | undefined {
  const text = typed.trim();
  if (!text) {
    if (required) problems.push({ fieldId, message: `Enter the ${what}` });
    return undefined;
  }
  if (text.length > MAX_REFERENCE)
    problems.push({
      fieldId,
      message: `Enter a ${what} of at most ${MAX_REFERENCE} characters`,
    });
  return text;
}

/** "Record the court's decision" as typed → the request body, or what is wrong with it. */
export function checkDecisionForm(
  form: { disposition: string; decidedOn: string; courtReference: string },
  context: Context,
): { ok: true; body: RecordDisposition } | { ok: false; problems: SummaryItem[] } {
  const problems: SummaryItem[] = [];
  const { fields } = context;
  if (!Object.hasOwn(DISPOSITION_LABELS, form.disposition))
    problems.push({ fieldId: fields.disposition, message: 'Select the court’s decision' });
  const decidedOn = courtDay(
    form.decidedOn,
    fields.decidedOn,
    'the court decided',
    context,
    problems,
  );
  const courtReference = reference(
    form.courtReference,
    fields.courtReference,
    'court reference',
    false,
    problems,
  );
  if (problems.length || !decidedOn) return { ok: false, problems };
  return {
    ok: true,
    body: {
      disposition: form.disposition as Disposition,
      decidedOn,
      ...(courtReference ? { courtReference } : {}),
    },
  };
}

/** "Record an expungement order" as typed → the request body, or what is wrong with it. */
export function checkExpungementForm(
  form: { orderedOn: string; orderReference: string },
  context: Context,
): { ok: true; body: RecordExpungement } | { ok: false; problems: SummaryItem[] } {
  const problems: SummaryItem[] = [];
  const { fields } = context;
  const orderedOn = courtDay(
    form.orderedOn,
    fields.orderedOn,
    'the court ordered it',
    context,
    problems,
  );
  const orderReference = reference(
    form.orderReference,
    fields.orderReference,
    'order reference',
    true,
    problems,
  );
  if (problems.length || !orderedOn || !orderReference) return { ok: false, problems };
  return { ok: true, body: { orderedOn, orderReference } };
}

/** A refusal of the API, in words that say what to do (on its field, where there is one). */
export function decisionProblem(err: unknown, fields: Fields): SummaryItem[] {
  if (err instanceof ApiError && err.code === 'ENROLLMENT_ACTIVE')
    return [
      {
        message:
          'The enrollment made from this referral is still active: the court’s decision is recorded after it ends. Nothing was saved.',
      },
    ];
  if (err instanceof ApiError && err.code === 'ALREADY_EXPUNGED')
    return [
      {
        message:
          'An expungement order is already recorded for this referral, and a recorded order is not replaced. Nothing was saved.',
      },
    ];
  return summarize(err, {
    disposition: fields.disposition,
    decidedOn: fields.decidedOn,
    courtReference: fields.courtReference,
    orderedOn: fields.orderedOn,
    orderReference: fields.orderReference,
  });
}
