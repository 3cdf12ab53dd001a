import { parse } from 'csv-parse/sync';
import { csvDollars, csvSafe, csvText } from './csv';

describe('CSV exports', () => {
  it('writes cents as dollars with two decimals, without floating point', () => {
    expect(csvDollars(0)).toBe('0.00');
    expect(csvDollars(5)).toBe('0.05');
    expect(csvDollars(7_140_000)).toBe('71400.00');
    expect(csvDollars(-1_205)).toBe('-12.05');
    expect(csvDollars(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
    expect(() => csvDollars(1.5)).toThrow(RangeError);
  });

  it('keeps text that a spreadsheet would run as a formula from running, and numbers as numbers', () => {
    expect(csvSafe('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(csvSafe('+1')).toBe(`'+1`);
    expect(csvSafe('-1+2')).toBe(`'-1+2`);
    expect(csvSafe('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvSafe('-12.05')).toBe('-12.05');
    expect(csvSafe('Jones-Smith')).toBe('Jones-Smith');
  });

  it('starts with a byte-order mark and reads back as written, empty cells for none', () => {
    const text = csvText(
      [
        { header: 'Name', value: (r: { name: string; n: number | null }) => r.name },
        { header: 'Count', value: (r) => r.n },
      ],
      [
        { name: 'José, "Pepe"', n: 3 },
        { name: '=cmd', n: null },
      ],
    );
    expect(text.startsWith('\uFEFFName,Count\n')).toBe(true);
    expect(parse(text, { columns: true, bom: true })).toEqual([
      { Name: 'José, "Pepe"', Count: '3' },
      { Name: "'=cmd", Count: '' },
    ]);
  });
});
