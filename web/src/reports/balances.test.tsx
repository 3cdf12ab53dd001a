import { screen, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import { anId, renderRoute, server, signInAs } from '../test-kit';

const balances = '/api/v1/reports/balances' as const;

function aRow(n: number): Schemas['BalanceRowDto'] {
  return {
    enrollmentId: anId(),
    participantName: `Person ${n}`,
    recordClosed: false,
    programCode: 'JOHNZ_SCHOOL',
    status: 'ACTIVE',
    enrolledOn: '2026-06-01',
    ageDays: 183,
    bucket: '90+',
    balanceCents: 10_000,
  };
}

/** A report of `rowCount` balances, answered a page at a time as the API does. */
function answerPages(rowCount: number) {
  const all = Array.from({ length: rowCount }, (_, i) => aRow(i + 1));
  server.get(balances, ({ query }) => {
    const limit = Number(query.get('limit'));
    const page = Number(query.get('page'));
    return {
      rows: all.slice((page - 1) * limit, page * limit),
      buckets: { '0-30': 0, '31-60': 0, '61-90': 0, '90+': rowCount * 10_000 },
      bucketCounts: { '0-30': 0, '31-60': 0, '61-90': 0, '90+': rowCount },
      totalCents: rowCount * 10_000,
      rowCount,
      asOf: query.get('asOf')!,
    };
  });
}

beforeEach(async () => {
  await signInAs(['SUPERVISOR']);
});

describe('Balances report', () => {
  it('opened at a page past the last one (a bookmark of a longer report) shows the last page', async () => {
    answerPages(60);
    renderRoute('/reports/balances?asOf=2026-12-01&page=9');
    expect(await screen.findByText('Person 51')).toBeVisible();
    expect(screen.getByText('Showing 51–60 of 60 balances.')).toBeVisible();
    const table = screen.getByRole('region', { name: 'Each balance owed' });
    expect(within(table).getByText('Person 51')).toBeVisible();
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 10);
    // Asked for page 9 (empty: past the end), then for the last page, 2, which stays on screen.
    const asked = server.sent('GET', balances).map((s) => s.query.get('page'));
    expect(asked[0]).toBe('9');
    expect(asked.at(-1)).toBe('2');
  });

  it('opened at a page that is there shows that page', async () => {
    answerPages(60);
    renderRoute('/reports/balances?asOf=2026-12-01&page=1');
    expect(await screen.findByText('Showing 1–50 of 60 balances.')).toBeVisible();
    expect(new Set(server.sent('GET', balances).map((s) => s.query.get('page')))).toEqual(
      new Set(['1']),
    );
  });
});
