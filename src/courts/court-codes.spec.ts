import { COURT_CODE_PATTERN, courtCodeFromName, SEEDED_COURTS } from './court-codes';

describe('court codes', () => {
  it('makes a code of a name: capitals, digits and hyphens, at most 40', () => {
    expect(courtCodeFromName('Clay County Circuit Court')).toBe('CLAY-COUNTY-CIRCUIT-COURT');
    expect(courtCodeFromName('  St. Louis  (22nd Circuit) ')).toBe('ST-LOUIS-22ND-CIRCUIT');
    expect(courtCodeFromName('Tribunal de Peña')).toBe('TRIBUNAL-DE-PENA');
    expect(courtCodeFromName('—')).toBe('COURT');
    const long = courtCodeFromName('The Very Long Name of a Municipal Court of Somewhere Far Away');
    expect(long.length).toBeLessThanOrEqual(40);
    for (const code of [long, ...SEEDED_COURTS.map((c) => c.code)]) {
      expect(code).toMatch(COURT_CODE_PATTERN);
    }
  });
});
