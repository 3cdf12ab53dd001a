import { formatDollars } from '../common/money';
import { formatReceiptNumber, receiptYear } from './receipt-number';

describe('receipt numbers', () => {
  it('formats R-YYYY-NNNNNN from the year of the received date', () => {
    expect(formatReceiptNumber(receiptYear('2026-03-04'), 42)).toBe('R-2026-000042');
    expect(formatReceiptNumber(2027, 999_999)).toBe('R-2027-999999');
  });

  it('refuses numbers the format cannot hold', () => {
    expect(() => formatReceiptNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatReceiptNumber(2026, 1_000_000)).toThrow(RangeError);
    expect(() => formatReceiptNumber(26, 1)).toThrow(RangeError);
  });
});

describe('dollar amounts on receipts', () => {
  it('prints cents exactly, with thousands separators', () => {
    expect(formatDollars(0)).toBe('$0.00');
    expect(formatDollars(5)).toBe('$0.05');
    expect(formatDollars(15000)).toBe('$150.00');
    expect(formatDollars(123456789)).toBe('$1,234,567.89');
    expect(formatDollars(-2550)).toBe('-$25.50');
  });
});
