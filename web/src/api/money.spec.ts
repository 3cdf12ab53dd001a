import { formatCents, parseDollars } from './money';

const cents = (input: string) => {
  const r = parseDollars(input);
  return r.ok ? r.cents : `refused: ${r.message}`;
};

describe('Dollars typed by staff → integer cents', () => {
  it('reads dollars and cents as written', () => {
    expect(cents('12.3')).toBe(1230);
    expect(cents('12.30')).toBe(1230);
    expect(cents('125.50')).toBe(12550);
    expect(cents('1,234.50')).toBe(123450);
    expect(cents('$5')).toBe(500);
    expect(cents('$ 5.00')).toBe(500);
    expect(cents(' 0.07 ')).toBe(7);
    expect(cents('12,345,678.09')).toBe(1234567809);
  });

  it('never goes through floating point (these are off by a cent as floats)', () => {
    expect(4.35 * 100).not.toBe(435); // the trap
    expect(cents('4.35')).toBe(435);
    expect(cents('1.15')).toBe(115);
    expect(cents('0.29')).toBe(29);
    expect(cents('19.99')).toBe(1999);
    expect(cents('999999999.99')).toBe(99_999_999_999);
  });

  it('refuses what is not an amount, saying why', () => {
    expect(cents('12.345')).toBe('refused: Enter an amount with no more than two digits for cents');
    expect(cents('1,23.00')).toMatch(/^refused: Enter an amount in dollars/);
    expect(cents('12,34')).toMatch(/^refused: Enter an amount in dollars/);
    expect(cents('abc')).toMatch(/^refused: Enter an amount in dollars/);
    expect(cents('1.2.3')).toMatch(/^refused: Enter an amount in dollars/);
    expect(cents('1e3')).toMatch(/^refused: Enter an amount in dollars/);
    expect(cents('-5')).toBe('refused: Enter an amount greater than $0.00');
    expect(cents('')).toBe('refused: Enter an amount in dollars, like 125.50');
    expect(cents('   ')).toBe('refused: Enter an amount in dollars, like 125.50');
    expect(cents('0')).toBe('refused: Enter an amount greater than $0.00');
    expect(cents('0.00')).toBe('refused: Enter an amount greater than $0.00');
    expect(cents('1,000,000,000')).toBe('refused: Enter an amount under $1,000,000,000');
  });
});

describe('Cents shown as $1,234.56', () => {
  it('formats with thousands separators and two decimals', () => {
    expect(formatCents(123456)).toBe('$1,234.56');
    expect(formatCents(12550)).toBe('$125.50');
    expect(formatCents(7)).toBe('$0.07');
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(100_000_000)).toBe('$1,000,000.00');
  });

  it('shows a negative amount with a minus sign before the dollar sign', () => {
    expect(formatCents(-12550)).toBe('−$125.50');
  });

  it('round-trips what it parses', () => {
    for (const typed of ['0.07', '125.50', '1,234.56', '999,999.99']) {
      expect(formatCents(cents(typed) as number)).toBe(`$${typed}`);
    }
  });
});
