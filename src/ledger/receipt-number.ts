/** Receipt numbers: `R-YYYY-NNNNNN`, sequential per calendar year of the received date. */
export function formatReceiptNumber(year: number, n: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Receipt year ${year} is not a four-digit year.`);
  }
  if (!Number.isInteger(n) || n < 1 || n > 999_999) {
    throw new RangeError(`Receipt number ${n} is outside 1–999999.`);
  }
  return `R-${year}-${String(n).padStart(6, '0')}`;
}

export const receiptYear = (receivedOn: string): number => Number(receivedOn.slice(0, 4));
