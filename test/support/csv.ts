import { parse } from 'csv-parse/sync';

/** A CSV download as records keyed by its header, read as a spreadsheet would (BOM dropped). */
export function readCsv(text: string): Record<string, string>[] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parse(text, { columns: true, bom: true }) as Record<string, string>[];
}

/** "71400.00" or "-12.05" → cents; anything else (a thousands separator, "$", 1 decimal) throws. */
export function centsOf(dollars: string): number {
  const m = /^(-?)(\d+)\.(\d\d)$/.exec(dollars);
  if (!m) throw new Error(`"${dollars}" is not dollars with two decimals`);
  const cents = Number(m[2]) * 100 + Number(m[3]);
  return m[1] ? -cents : cents;
}
