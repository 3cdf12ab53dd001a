import { formatDate, parseDateInput } from '../api/dates';
import { ApiError, summarize, type SummaryItem } from '../api/problem';
import type { RecordFollowUp } from './api';

/** The ids of the form's inputs (the error summary links to them). */
export const RECORD_FIELDS = {
  result: 'fu-result',
  source: 'fu-source',
  checkedOn: 'fu-checked-on',
};

/**
 * The form as typed → the request body, or what is wrong with it. The day checked is not in the
 * future and not before the check fell due: a search made earlier does not cover the whole
 * period after the exit.
 */
export function checkRecordForm(
  form: { result: string; source: string; checkedOn: string },
  check: { months: 12 | 24; dueOn: string },
  today: string,
): { ok: true; body: RecordFollowUp } | { ok: false; problems: SummaryItem[] } {
  const problems: SummaryItem[] = [];
  if (!form.result)
    problems.push({ fieldId: RECORD_FIELDS.result, message: 'Select the result of the check' });
  if (!form.source)
    problems.push({
      fieldId: RECORD_FIELDS.source,
      message: 'Select where the result comes from',
    });
  const day = parseDateInput(form.checkedOn);
  if (!form.checkedOn.trim())
    problems.push({
      fieldId: RECORD_FIELDS.checkedOn,
      message: 'Enter the day the records were checked',
    });
  else if (!day)
    problems.push({
      fieldId: RECORD_FIELDS.checkedOn,
      message: 'Enter the day checked as month/day/year',
    });
  else if (day > today)
    problems.push({
      fieldId: RECORD_FIELDS.checkedOn,
      message: 'The day checked cannot be in the future',
    });
  else if (day < check.dueOn)
    problems.push({
      fieldId: RECORD_FIELDS.checkedOn,
      message: notBeforeDue(check.months, check.dueOn),
    });
  if (problems.length || !day) return { ok: false, problems };
  return {
    ok: true,
    body: {
      months: check.months,
      result: form.result as RecordFollowUp['result'],
      source: form.source as RecordFollowUp['source'],
      checkedOn: day,
    },
  };
}

function notBeforeDue(months: number, dueOn: string): string {
  return `The ${months}-month check fell due on ${formatDate(dueOn)}. Enter a day on or after it: a check made earlier does not cover the ${months} months.`;
}

/** A refusal of the API, in words that say what to do (and which field, where there is one). */
export function recordProblem(err: unknown, months: 12 | 24): SummaryItem[] {
  if (err instanceof ApiError) {
    const p = err.problem;
    const dueOn = typeof p.dueOn === 'string' ? p.dueOn : undefined;
    if (p.code === 'ENROLLMENT_ACTIVE')
      return [
        {
          message:
            'This enrollment has not ended, so no follow-up check is due for it. Nothing was saved.',
        },
      ];
    if (p.code === 'FOLLOW_UP_NOT_DUE') {
      if (p.errors?.some((e) => e.field === 'checkedOn') && dueOn)
        return [{ fieldId: RECORD_FIELDS.checkedOn, message: notBeforeDue(months, dueOn) }];
      return [
        {
          message: dueOn
            ? `This ${months}-month check is not due until ${formatDate(dueOn)}. Nothing was saved.`
            : `This ${months}-month check is not due yet. Nothing was saved.`,
        },
      ];
    }
  }
  return summarize(err, RECORD_FIELDS);
}
