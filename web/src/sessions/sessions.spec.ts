import { ApiError, NetworkError } from '../api/problem';
import { rosterProblem, sessionProblem } from './problems';
import { chicagoTimestamp, formatTimeRange, parseTimeInput } from './time';

describe('session times typed in Chicago', () => {
  it('adds the offset of that very date, daylight saving or not', () => {
    expect(chicagoTimestamp('2026-12-05', '09:00')).toBe('2026-12-05T09:00:00-06:00');
    expect(chicagoTimestamp('2026-07-05', '18:30')).toBe('2026-07-05T18:30:00-05:00');
    // The Sunday clocks go forward (2 AM → 3 AM) and the one they go back (2 AM → 1 AM).
    expect(chicagoTimestamp('2026-03-08', '09:00')).toBe('2026-03-08T09:00:00-05:00');
    expect(chicagoTimestamp('2026-03-07', '09:00')).toBe('2026-03-07T09:00:00-06:00');
    expect(chicagoTimestamp('2026-11-01', '09:00')).toBe('2026-11-01T09:00:00-06:00');
    expect(chicagoTimestamp('2026-10-31', '23:59')).toBe('2026-10-31T23:59:00-05:00');
  });

  it('reads times the way staff type them', () => {
    const cases: [string, string | null][] = [
      ['9:00 AM', '09:00'],
      ['9am', '09:00'],
      ['9:00 a.m.', '09:00'],
      ['2:30 pm', '14:30'],
      ['12 PM', '12:00'],
      ['12:15 am', '00:15'],
      ['14:30', '14:30'],
      ['0900', '09:00'],
      ['9', '09:00'],
      ['', null],
      ['25:00', null],
      ['13 pm', null],
      ['9:75', null],
      ['noon', null],
    ];
    for (const [typed, parsed] of cases)
      expect([typed, parseTimeInput(typed)]).toEqual([typed, parsed]);
  });

  it('shows a session in Chicago time whatever the device zone', () => {
    expect(formatTimeRange('2026-12-05T15:00:00Z', '2026-12-05T18:00:00Z')).toBe(
      '9:00 AM – 12:00 PM CST',
    );
  });
});

describe('session refusals in plain words', () => {
  const refusal = (code: string, status = 422, errors?: { field: string; message: string }[]) =>
    new ApiError({ status, code, detail: `Session 7c9e… ${code}`, errors, requestId: 'r-1' });

  it('says a full session is full, without ids', () => {
    const [item] = sessionProblem(refusal('SESSION_FULL', 409));
    expect(item.message).toMatch(/^This session is full/);
    expect(item.message).not.toContain('7c9e');
    expect(item.fieldId).toBeUndefined();
  });

  it('links a refusal about the chosen person to the choice', () => {
    for (const code of ['PROGRAM_MISMATCH', 'ALREADY_SEATED', 'ENROLLMENT_NOT_ACTIVE']) {
      const [item] = sessionProblem(
        refusal(code, 409, [{ field: 'enrollmentId', message: 'x' }]),
        {},
        'seat-choice',
      );
      expect(item.fieldId).toBe('seat-choice');
      expect(item.message).not.toContain('enrollmentId');
    }
    expect(sessionProblem(refusal('SESSION_STARTED'))[0].message).toContain('already started');
    expect(sessionProblem(refusal('ATTENDANCE_RECORDED'))[0].message).toContain(
      'cannot be cancelled',
    );
  });

  it('links a refused facilitator to the Facilitator field', () => {
    const [item] = sessionProblem(
      refusal('FACILITATOR_NOT_ELIGIBLE', 422, [{ field: 'facilitatorId', message: 'x' }]),
      { facilitatorId: 'facilitator-field' },
    );
    expect(item).toEqual({
      fieldId: 'facilitator-field',
      message: 'The facilitator chosen is no longer an active facilitator. Choose another one.',
    });
  });

  it('keeps the console wording for anything else', () => {
    expect(sessionProblem(new NetworkError())[0].message).toContain('could not be reached');
  });
});

describe('a refused roster names its rows', () => {
  const rows = [
    { enrollmentId: 'e-0', participantName: 'Ann Ames' },
    { enrollmentId: 'e-1', participantName: 'Bo Byrd' },
    { enrollmentId: 'e-2', participantName: 'Cy Cole' },
    { enrollmentId: 'e-3', participantName: 'Di Dunn' },
  ];
  const fieldIdOf = (id: string) => `attendance-${id}`;

  it('maps records[3].status to the fourth person and their radio group', () => {
    const err = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'records[3].status', message: 'status must be one of …' }],
    });
    const { items, byRow } = rosterProblem(err, rows, fieldIdOf);
    expect(items).toEqual([
      {
        fieldId: 'attendance-e-3',
        message: 'Di Dunn: choose Present, Late, Left early, Absent or Excused.',
      },
    ]);
    expect(byRow).toEqual({ 'e-3': 'choose Present, Late, Left early, Absent or Excused.' });
  });

  it('names every row a NOT_SEATED refusal lists', () => {
    const err = new ApiError({
      status: 422,
      code: 'NOT_SEATED',
      errors: [
        { field: 'records[0].enrollmentId', message: 'enrollment e-0 has no seat' },
        { field: 'records[2].enrollmentId', message: 'enrollment e-2 has no seat' },
      ],
    });
    const { items, byRow } = rosterProblem(err, rows, fieldIdOf);
    expect(items.map((i) => i.fieldId)).toEqual(['attendance-e-0', 'attendance-e-2']);
    expect(items[0].message).toMatch(/^Ann Ames: no longer has a seat/);
    expect(Object.keys(byRow)).toEqual(['e-0', 'e-2']);
  });

  it('falls back to the whole-roster wording when no row is named', () => {
    const { items, byRow } = rosterProblem(
      new ApiError({ status: 422, code: 'SESSION_NOT_STARTED', detail: 'Session … starts at …' }),
      rows,
      fieldIdOf,
    );
    expect(items[0].message).toMatch(/^This session has not started yet/);
    expect(byRow).toEqual({});
  });
});
