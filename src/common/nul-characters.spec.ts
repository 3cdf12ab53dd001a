import { fieldsWithNul } from './nul-characters';

describe('fieldsWithNul', () => {
  it('names every string, key and array element holding a NUL', () => {
    expect(
      fieldsWithNul({
        q: 'a\u0000b',
        ok: 'fine',
        records: [{ note: 'x' }, { note: '\u0000' }],
        'k\u0000': 1,
      }),
    ).toEqual(['q', 'records[1].note', 'k\u0000']);
    expect(fieldsWithNul({ a: 1, b: [true, null], c: 'clean' })).toEqual([]);
  });
});
