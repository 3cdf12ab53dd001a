/**
 * node-postgres returns bigint/numeric as strings; convert with a range check, never parseFloat.
 * A missing value (NULL, or no row) is refused, never read as 0: where none is a real answer
 * (a sum over no rows) the SQL says so with COALESCE, or the caller decides before it calls.
 */
export function centsFromDb(value: string | number): number {
  if (value === null || value === undefined)
    throw new Error('An amount of cents is missing (NULL, or no row).');
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n))
    throw new Error(`Amount ${String(value)} is not a safe integer of cents.`);
  return n;
}

/**
 * A count as node-postgres returns it (a string): the same range check, NULL refused. `undefined`
 * is accepted by the type only for the row of a `SELECT count(*)`, which is always there.
 */
export function countFromDb(value: string | number | undefined): number {
  if (value === null || value === undefined)
    throw new Error('A count is missing (NULL, or no row).');
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Count ${String(value)} is not a count.`);
  return n;
}

/** "$1,234.56" from integer cents, without floating point. */
export function formatDollars(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${cents} is not a whole number of cents`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}
