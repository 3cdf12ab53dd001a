import { formatCents } from './completion-notice.pdf';

describe('formatCents', () => {
  it('writes dollars with thousands separators and two decimals', () => {
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(50_000)).toBe('$500.00');
    expect(formatCents(123_456_789)).toBe('$1,234,567.89');
    expect(formatCents(-1_050)).toBe('-$10.50');
  });
});
