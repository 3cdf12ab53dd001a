import { centsFromDb, countFromDb } from './money';

describe('amounts and counts from the database', () => {
  it('reads bigint strings and numbers as whole cents', () => {
    expect(centsFromDb('12345')).toBe(12345);
    expect(centsFromDb(-500)).toBe(-500);
    expect(countFromDb('7')).toBe(7);
  });

  it('refuses a missing amount or count instead of reading it as 0', () => {
    expect(() => centsFromDb(null as unknown as string)).toThrow(/missing/);
    expect(() => centsFromDb(undefined as unknown as string)).toThrow(/missing/);
    expect(() => countFromDb(undefined)).toThrow(/missing/);
    expect(() => countFromDb(null as unknown as string)).toThrow(/missing/);
  });

  it('refuses what is no safe integer', () => {
    expect(() => centsFromDb('12.5')).toThrow(/safe integer/);
    expect(() => centsFromDb('99999999999999999999')).toThrow(/safe integer/);
    expect(() => countFromDb('-1')).toThrow(/not a count/);
  });
});
