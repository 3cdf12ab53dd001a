import { parse } from 'csv-parse/sync';
import { formatDollars } from '../common/money';
import { statementCsv, statementKind, totalsBy } from './remittance-statement';

describe('remittance statement', () => {
  it('formats cents as dollars with integer arithmetic', () => {
    expect(formatDollars(0)).toBe('$0.00');
    expect(formatDollars(5)).toBe('$0.05');
    expect(formatDollars(123_456)).toBe('$1,234.56');
    expect(formatDollars(-100_000_001)).toBe('-$1,000,000.01');
    expect(formatDollars(Number.MAX_SAFE_INTEGER)).toBe('$90,071,992,547,409.91');
  });

  it('names reversals by what they reverse and totals by key', () => {
    const items = [
      { kind: 'PAYMENT', programCode: 'OAR', receivedOn: '2026-01-02', amountCents: 500 },
      {
        kind: 'REVERSAL',
        reversedKind: 'PAYMENT',
        programCode: 'OAR',
        receivedOn: '2026-01-03',
        amountCents: -500,
      },
      { kind: 'REFUND', programCode: 'JOHNZ_SCHOOL', receivedOn: '2026-01-03', amountCents: -70 },
    ];
    expect(items.map(statementKind)).toEqual(['PAYMENT', 'REVERSAL_OF_PAYMENT', 'REFUND']);
    expect(totalsBy(items, (i) => i.programCode)).toEqual([
      { key: 'JOHNZ_SCHOOL', itemCount: 1, amountCents: -70 },
      { key: 'OAR', itemCount: 2, amountCents: 0 },
    ]);
    const csv = statementCsv(
      {
        id: 'b1',
        beneficiary: "Veronica's Voice",
        periodEnd: '2026-01-31',
        status: 'DRAFT',
        totalCents: -70,
        itemCount: 3,
        createdAt: '2026-02-01T00:00:00.000Z',
      },
      items,
    );
    const lines = parse(csv, { columns: true, bom: true }) as Record<string, string>[];
    expect(lines.map((l) => l['Line code'])).toEqual([
      'ITEM',
      'ITEM',
      'ITEM',
      'PROGRAM_TOTAL',
      'PROGRAM_TOTAL',
      'KIND_TOTAL',
      'KIND_TOTAL',
      'KIND_TOTAL',
      'BATCH_TOTAL',
    ]);
    expect(lines[1]).toMatchObject({
      Line: 'Item',
      Date: '2026-01-03',
      Program: 'The OAR Program',
      'Program code': 'OAR',
      Kind: 'Reversal of a payment',
      'Kind code': 'REVERSAL_OF_PAYMENT',
      Amount: '-5.00',
    });
    expect(lines[8]).toMatchObject({
      Line: 'Batch total',
      Batch: 'b1',
      'Period end': '2026-01-31',
      Items: '3',
      Amount: '-0.70',
    });
  });
});
