import { ApiError, NetworkError } from '../api/problem';
import { followUpSearch } from './api';
import { checkRecordForm, RECORD_FIELDS, recordProblem } from './record-rules';

const check = { months: 12 as const, dueOn: '2027-01-31' };
const TODAY = '2027-03-02';

describe('Recording a follow-up result: the form', () => {
  it('sends codes and the day checked, as a calendar date', () => {
    expect(
      checkRecordForm(
        { result: 'NO_NEW_CHARGE', source: 'COURT_RECORDS_SEARCH', checkedOn: '3/1/2027' },
        check,
        TODAY,
      ),
    ).toEqual({
      ok: true,
      body: {
        months: 12,
        result: 'NO_NEW_CHARGE',
        source: 'COURT_RECORDS_SEARCH',
        checkedOn: '2027-03-01',
      },
    });
  });

  it('accepts the due day and today, the two ends', () => {
    for (const checkedOn of ['01/31/2027', '03/02/2027'])
      expect(
        checkRecordForm(
          { result: 'UNABLE_TO_CHECK', source: 'PROSECUTOR_RETURN', checkedOn },
          check,
          TODAY,
        ).ok,
      ).toBe(true);
  });

  it('names every missing answer, linked to its field', () => {
    const r = checkRecordForm({ result: '', source: '', checkedOn: '' }, check, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.fieldId)).toEqual([
      RECORD_FIELDS.result,
      RECORD_FIELDS.source,
      RECORD_FIELDS.checkedOn,
    ]);
  });

  it('refuses a day that is not a date, in the future, or before the check fell due', () => {
    const day = (checkedOn: string) => {
      const r = checkRecordForm(
        { result: 'NO_NEW_CHARGE', source: 'COURT_RECORDS_SEARCH', checkedOn },
        check,
        TODAY,
      );
      return r.ok ? 'ok' : r.problems[0].message;
    };
    expect(day('02/30/2027')).toBe('Enter the day checked as month/day/year');
    expect(day('03/03/2027')).toBe('The day checked cannot be in the future');
    expect(day('01/30/2027')).toBe(
      'The 12-month check fell due on Jan 31, 2027. Enter a day on or after it: a check made earlier does not cover the 12 months.',
    );
  });
});

describe('Recording a follow-up result: the API’s refusals', () => {
  const refused = (problem: Record<string, unknown>) =>
    new ApiError({ status: 422, ...problem } as ConstructorParameters<typeof ApiError>[0]);

  it('a check made before it fell due points at "Checked on" with the due day', () => {
    expect(
      recordProblem(
        refused({
          code: 'FOLLOW_UP_NOT_DUE',
          dueOn: '2027-01-31',
          errors: [{ field: 'checkedOn', message: 'must not be before the due date (2027-01-31)' }],
        }),
        12,
      ),
    ).toEqual([
      {
        fieldId: RECORD_FIELDS.checkedOn,
        message:
          'The 12-month check fell due on Jan 31, 2027. Enter a day on or after it: a check made earlier does not cover the 12 months.',
      },
    ]);
  });

  it('a check not due yet says when it is due', () => {
    expect(recordProblem(refused({ code: 'FOLLOW_UP_NOT_DUE', dueOn: '2028-01-31' }), 24)).toEqual([
      { message: 'This 24-month check is not due until Jan 31, 2028. Nothing was saved.' },
    ]);
  });

  it('an enrollment that has not ended says so', () => {
    expect(recordProblem(refused({ code: 'ENROLLMENT_ACTIVE' }), 12)[0].message).toMatch(
      /has not ended.*Nothing was saved/,
    );
  });

  it('anything else reads as every other form’s errors', () => {
    expect(
      recordProblem(
        new ApiError({
          status: 400,
          code: 'VALIDATION_FAILED',
          errors: [{ field: 'checkedOn', message: 'must not be in the future' }],
        }),
        12,
      ),
    ).toEqual([{ fieldId: RECORD_FIELDS.checkedOn, message: 'Must not be in the future' }]);
    expect(recordProblem(new NetworkError(), 12)[0].message).toMatch(/could not be reached/);
  });
});

describe('The follow-up list’s filters in the URL', () => {
  it('falls back to the checks that are due, both of them', () => {
    expect(followUpSearch({})).toEqual({ status: 'DUE', months: undefined, page: undefined });
    expect(followUpSearch({ status: 'nonsense', months: '18' })).toEqual({
      status: 'DUE',
      months: undefined,
      page: undefined,
    });
    expect(followUpSearch({ status: 'RECORDED', months: '24' }, 3)).toEqual({
      status: 'RECORDED',
      months: 24,
      page: 3,
    });
    expect(followUpSearch({ months: 12 })).toEqual({ status: 'DUE', months: 12, page: undefined });
  });
});
