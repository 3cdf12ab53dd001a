import { bodyShapeError, MAX_BODY_DEPTH } from './body-shape';

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('bodyShapeError', () => {
  it('accepts ordinary bodies', () => {
    expect(bodyShapeError({ records: [{ enrollmentId: 'x', status: 'PRESENT' }] })).toBeUndefined();
    expect(bodyShapeError(nested(MAX_BODY_DEPTH))).toBeUndefined();
    expect(bodyShapeError(undefined)).toBeUndefined();
  });

  it('refuses a body nested deeper than the limit without recursing', () => {
    expect(bodyShapeError(nested(MAX_BODY_DEPTH + 1))?.message).toMatch(/deeper/);
    expect(bodyShapeError(nested(100_000))?.message).toMatch(/deeper/);
  });

  it('refuses __proto__, constructor and prototype keys wherever they are', () => {
    expect(bodyShapeError(JSON.parse('{"__proto__": {"x": 1}}'))).toEqual({
      field: '__proto__',
      message: 'is not an allowed property name',
    });
    expect(bodyShapeError(JSON.parse('{"records": [{"constructor": 1}]}'))?.field).toBe(
      'records[0].constructor',
    );
  });
});
