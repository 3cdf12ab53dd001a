/** node-postgres returns bigint/numeric as strings; convert with a range check, never parseFloat. */
export function centsFromDb(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n))
    throw new Error(`Amount ${String(value)} is not a safe integer of cents.`);
  return n;
}

export const countFromDb = centsFromDb;
