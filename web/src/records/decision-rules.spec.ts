import { ApiError } from '../api/problem';
import {
  checkDecisionForm,
  checkExpungementForm,
  decisionFields,
  decisionProblem,
} from './decision-rules';

const fields = decisionFields('r-1');
const context = { fields, offenseDate: '2026-01-15', today: '2026-12-06' };

describe('Record the court’s decision', () => {
  it('sends the decision, the day typed as month/day/year, and a court reference when given', () => {
    expect(
      checkDecisionForm(
        { disposition: 'DISMISSED', decidedOn: '12/04/2026', courtReference: ' 2526-CR01234 ' },
        context,
      ),
    ).toEqual({
      ok: true,
      body: { disposition: 'DISMISSED', decidedOn: '2026-12-04', courtReference: '2526-CR01234' },
    });
    expect(
      checkDecisionForm(
        { disposition: 'CONVICTED', decidedOn: '2026-01-15', courtReference: '' },
        context,
      ),
    ).toEqual({ ok: true, body: { disposition: 'CONVICTED', decidedOn: '2026-01-15' } });
  });

  it('names each missing or wrong field, linked to its input', () => {
    const none = checkDecisionForm({ disposition: '', decidedOn: '', courtReference: '' }, context);
    expect(none).toEqual({
      ok: false,
      problems: [
        { fieldId: 'disposition-r-1', message: 'Select the court’s decision' },
        { fieldId: 'decided-on-r-1', message: 'Enter the day the court decided' },
      ],
    });
    const wrong = (decidedOn: string, courtReference = '') =>
      checkDecisionForm({ disposition: 'DISMISSED', decidedOn, courtReference }, context);
    expect(wrong('13/01/2026')).toMatchObject({
      problems: [{ message: 'Enter the day the court decided as month/day/year' }],
    });
    expect(wrong('12/07/2026')).toMatchObject({
      problems: [{ message: 'The day the court decided cannot be in the future' }],
    });
    expect(wrong('01/14/2026')).toMatchObject({
      problems: [
        {
          fieldId: 'decided-on-r-1',
          message: 'The court decides after the offense: enter a day on or after Jan 15, 2026',
        },
      ],
    });
    expect(wrong('12/04/2026', 'x'.repeat(121))).toMatchObject({
      problems: [
        {
          fieldId: 'court-reference-r-1',
          message: 'Enter a court reference of at most 120 characters',
        },
      ],
    });
  });

  it('an unknown decision is not sent', () => {
    expect(
      checkDecisionForm(
        { disposition: 'PARDONED', decidedOn: '12/04/2026', courtReference: '' },
        context,
      ).ok,
    ).toBe(false);
  });
});

describe('Record an expungement order', () => {
  it('needs the day ordered and the order’s reference', () => {
    expect(
      checkExpungementForm({ orderedOn: '12/05/2026', orderReference: '2616-CV00321' }, context),
    ).toEqual({
      ok: true,
      body: { orderedOn: '2026-12-05', orderReference: '2616-CV00321' },
    });
    expect(checkExpungementForm({ orderedOn: '', orderReference: '  ' }, context)).toEqual({
      ok: false,
      problems: [
        { fieldId: 'ordered-on-r-1', message: 'Enter the day the court ordered it' },
        { fieldId: 'order-reference-r-1', message: 'Enter the order reference' },
      ],
    });
  });
});

describe('refusals of the API', () => {
  it('an active enrollment and a second order say what happened; a field error goes to its field', () => {
    expect(
      decisionProblem(new ApiError({ status: 422, code: 'ENROLLMENT_ACTIVE' }), fields),
    ).toEqual([
      {
        message:
          'The enrollment made from this referral is still active: the court’s decision is recorded after it ends. Nothing was saved.',
      },
    ]);
    expect(
      decisionProblem(new ApiError({ status: 409, code: 'ALREADY_EXPUNGED' }), fields)[0].message,
    ).toContain('already recorded');
    expect(
      decisionProblem(
        new ApiError({
          status: 400,
          code: 'VALIDATION_FAILED',
          errors: [
            { field: 'decidedOn', message: 'must not be before the offense date (2026-01-15)' },
          ],
        }),
        fields,
      ),
    ).toEqual([
      { fieldId: 'decided-on-r-1', message: 'Must not be before the offense date (2026-01-15)' },
    ]);
  });
});
