import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS, wholeNumber, withinLength } from './limits';

type Property = { minimum?: number; maximum?: number; minLength?: number; maxLength?: number };
const openapi = JSON.parse(readFileSync(join(__dirname, '../../../openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, { properties: Record<string, Property> }> };
};

describe('The forms’ limits are the API’s', () => {
  const rows = Object.entries(LIMITS).flatMap(([dto, fields]) =>
    Object.entries(fields).map(([field, limit]) => [dto, field, limit] as const),
  );

  it.each(rows)('%s.%s', (dto, field, limit) => {
    const p = openapi.components.schemas[dto]?.properties[field];
    expect(p).toBeDefined();
    expect({ min: p.minimum ?? p.minLength, max: p.maximum ?? p.maxLength }).toEqual(limit);
  });
});

describe('Whole numbers typed by staff', () => {
  const limit = { min: 1, max: 100 };
  it('reads digits within the limit', () => {
    expect(wholeNumber('1', limit)).toBe(1);
    expect(wholeNumber(' 100 ', limit)).toBe(100);
  });
  it('refuses the rest', () => {
    for (const typed of ['', '0', '101', '1.5', '-3', '1e2', 'ten'])
      expect(wholeNumber(typed, limit)).toBeUndefined();
  });
  it('measures a text against a length', () => {
    expect(withinLength('x'.repeat(100), limit)).toBe(true);
    expect(withinLength('x', limit)).toBe(true);
    expect(withinLength('', limit)).toBe(false);
    expect(withinLength('x'.repeat(101), limit)).toBe(false);
  });
});
