import { stringify } from 'csv-stringify/sync';

/**
 * CSV exports say what the screen says: columns named like the console's table headers, labels
 * rather than codes (with a "… code" column beside where a machine needs the code), money as
 * dollars with two decimals (`71400.00`, no thousands separator or sign of currency, so that a
 * spreadsheet reads a number), dates as `YYYY-MM-DD`, and an empty cell for "none". The text
 * starts with a byte-order mark, so that Excel reads it as UTF-8 (names, "0–30 days").
 */
export interface CsvColumn<T> {
  header: string;
  value: (record: T) => string | number | null | undefined;
}

/** Integer cents as dollars with two decimals, without floating point: -1205 → "-12.05". */
export function csvDollars(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${cents} is not a whole number of cents`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return) as a formula: such
 * text is written with a leading apostrophe. A plain negative number stays a number.
 */
export function csvSafe(value: string): string {
  if (/^-\d+(\.\d+)?$/.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvText<T>(columns: CsvColumn<T>[], records: T[]): string {
  const rows = records.map((r) =>
    columns.map((c) => {
      const v = c.value(r);
      return v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : csvSafe(v);
    }),
  );
  return `\uFEFF${stringify([columns.map((c) => c.header), ...rows])}`;
}
