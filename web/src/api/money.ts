/**
 * Money in the console: typed in dollars, parsed as a string into integer cents (never through
 * floating point), shown as `$1,234.56`.
 */
export type DollarsParse = { ok: true; cents: number } | { ok: false; message: string };

const DOLLARS = /^(\d{1,3}(,\d{3})+|\d+)(\.(\d{1,2}))?$/;

export function parseDollars(input: string): DollarsParse {
  const text = input.trim().replace(/^\$\s*/, '');
  if (text === '') return { ok: false, message: 'Enter an amount in dollars, like 125.50' };
  if (text.startsWith('-')) return { ok: false, message: 'Enter an amount greater than $0.00' };
  if (/^\d*\.\d{3,}$/.test(text.replace(/,/g, '')))
    return { ok: false, message: 'Enter an amount with no more than two digits for cents' };
  const m = DOLLARS.exec(text);
  if (!m) return { ok: false, message: 'Enter an amount in dollars, like 125.50' };
  const whole = m[1].replace(/,/g, '');
  const cents = (m[4] ?? '').padEnd(2, '0');
  if (whole.length > 9) return { ok: false, message: 'Enter an amount under $1,000,000,000' };
  const value = Number(whole) * 100 + Number(cents);
  if (value === 0) return { ok: false, message: 'Enter an amount greater than $0.00' };
  return { ok: true, cents: value };
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '−' : '';
  const abs = Math.abs(Math.trunc(cents));
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}
