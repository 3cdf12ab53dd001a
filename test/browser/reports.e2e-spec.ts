import { parse } from 'csv-parse/sync';
import { Browser, Page } from 'playwright-core';
import { seedDemo, SeedSummary } from '../../scripts/seed/demo-seed';
import { hashPassword } from '../../src/common/passwords';
import { today } from '../intake-fixtures';
import { AppInstance, TestDatabase } from '../support/app';
import { ApiClient, login } from '../support/http';
import {
  launchChromium,
  startConsoleApp,
  checkScreenReflows as check,
  downloadedText,
  SIZES,
} from './console-harness';
import { Desks } from './desks';

const PASSWORD = 'demo-password-for-browser-tests';
/** A small county: how long the screens take on a large one is `npm run bench -- --console-screens`. */
const PARTICIPANTS = 200;

const FIGURES = [
  'assessedCents',
  'collectedCents',
  'waivedCents',
  'refundedCents',
  'reversedCents',
  'netCollectedCents',
  'remittedCents',
  'inDraftBatchCents',
  'pendingRemittanceCents',
] as const;
type Figures = Record<(typeof FIGURES)[number], number>;

/** "$1,234.56" or "−$5.00" (the console's money format) → cents. */
function cents(text: string): number {
  const t = text.trim();
  const n = Number(t.replace(/[^0-9]/g, ''));
  return /^[−-]/.test(t) ? -n : n;
}

/**
 * The reports on a year of demo data (scripts/seed-demo): the fee report grouped by month shows
 * the same figures in its chart, its table and its CSV, and they are the API's; balances and
 * outcomes render their charts and tables. axe at three widths, charts included.
 */
describe('Console: reports with charts', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let browser: Browser;
  let auditor: ApiClient;
  let seeded: SeedSummary;
  const asOf = today();

  beforeAll(async () => {
    db = await TestDatabase.create();
    const client = await db.pool.connect();
    try {
      seeded = await seedDemo(client, {
        participants: PARTICIPANTS,
        seed: 'console-reports',
        asOf,
        staffPasswordHash: await hashPassword(PASSWORD),
      });
    } finally {
      client.release();
    }
    app = await startConsoleApp(db);
    browser = await launchChromium();
    auditor = await login(app, 'auditor1@demo.example', PASSWORD);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
  });

  /** Each staff member's browser, signed in by keyboard the first time they are needed. */
  const desks = new Desks(
    () => browser,
    () => app.url,
  );
  const auditor1 = { email: 'auditor1@demo.example' };

  async function downloadCsv(page: Page): Promise<Record<string, string>[]> {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    return parse(await downloadedText(download), { columns: true, bom: true });
  }

  it('shows the fees by month in a chart, a table and a CSV that all equal the API', async () => {
    const from = seeded.from;
    const api = await auditor
      .get(`/reports/fees?from=${from}&to=${asOf}&groupBy=month`)
      .expect(200);
    const months: { group: string }[] = api.body.rows;
    expect(months.length).toBeGreaterThanOrEqual(12);

    const page = await desks.pageOf(auditor1, 'desktop', PASSWORD);
    await page.goto(`${app.url}/reports`);
    await page.locator('#page-heading', { hasText: 'Reports' }).waitFor();
    await check(page, 'reports-01-index');

    // The default is this month, grouped by month; the filters go into the URL.
    await page.getByRole('link', { name: 'Fees' }).click();
    await page.locator('#fees-table').waitFor();
    await check(page, 'reports-02-fees-this-month');

    await page.fill('#fees-from', from.replace(/^(\d+)-(\d+)-(\d+)$/, '$2/$3/$1'));
    await page.fill('#fees-to', asOf.replace(/^(\d+)-(\d+)-(\d+)$/, '$2/$3/$1'));
    await page.getByRole('radio', { name: 'Month' }).check();
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.waitForURL((u) => u.searchParams.get('from') === from);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ from, to: asOf, groupBy: 'month' });
    await page
      .locator('#fees-table tbody tr')
      .nth(months.length - 1)
      .waitFor();
    await page.locator('.console-chart__bar').first().waitFor({ state: 'attached' });
    await check(page, 'reports-03-fees-by-month');

    // 1. The chart: its data and the bars it drew.
    const chart = JSON.parse((await page.locator('#fees-chart').getAttribute('data-chart'))!) as {
      series: string[];
      rows: Record<string, number | string>[];
    };
    expect(chart.series).toEqual(['collectedCents', 'waivedCents', 'refundedCents']);
    expect(chart.rows.map((r) => r.group)).toEqual(months.map((m) => m.group));
    const bars = await page.locator('#fees-chart .console-chart__bar').evaluateAll((els) =>
      els.map((e) => ({
        series: e.getAttribute('data-series')!,
        group: e.getAttribute('data-group')!,
        value: Number(e.getAttribute('data-value')),
      })),
    );
    for (const series of chart.series) {
      for (const row of api.body.rows) {
        expect(chart.rows.find((r) => r.group === row.group)![series]).toBe(row[series]);
        const bar = bars.find((b) => b.series === series && b.group === row.group);
        expect(bar?.value).toBe(row[series]);
      }
    }

    // 2. The table: every column of the API, the totals row and the reconciliation line.
    const table = await page.locator('#fees-table').evaluate((t) =>
      [...t.querySelectorAll('tbody tr, tfoot tr')].map((tr) => ({
        group: tr.getAttribute('data-group')!,
        cells: Object.fromEntries(
          [...tr.querySelectorAll('td[data-key]')].map((td) => [
            td.getAttribute('data-key')!,
            (td as HTMLElement).innerText,
          ]),
        ),
      })),
    );
    const tableFigures = (cells: Record<string, string>) =>
      Object.fromEntries(FIGURES.map((f) => [f, cents(cells[f])])) as Figures;
    expect(table.length).toBe(months.length + 1);
    for (const row of api.body.rows) {
      const shown = table.find((r) => r.group === row.group)!;
      expect(tableFigures(shown.cells)).toEqual(pick(row));
    }
    const totals = table.find((r) => r.group === '(total)')!;
    expect(tableFigures(totals.cells)).toEqual(pick(api.body.totals));
    const reconciliation = await page.locator('#fees-reconciliation').innerText();
    const [net, remitted, draft, pending] = [
      ...reconciliation.matchAll(/[−-]?\$[\d,]+\.\d\d/g),
    ].map((m) => cents(m[0]));
    expect({ net, remitted, draft, pending }).toEqual({
      net: api.body.totals.netCollectedCents,
      remitted: api.body.totals.remittedCents,
      draft: api.body.totals.inDraftBatchCents,
      pending: api.body.totals.pendingRemittanceCents,
    });
    expect(net).toBe(remitted + draft + pending);
    expect(reconciliation).toContain('The figures reconcile.');

    // 3. The CSV: exactly the API's rows and totals for the same filters, in dollars.
    const csv = await downloadCsv(page);
    expect(csv.map((r) => r.Month)).toEqual([...months.map((m) => m.group), 'Total']);
    const csvColumns: [string, (typeof FIGURES)[number]][] = [
      ['Assessed', 'assessedCents'],
      ['Collected', 'collectedCents'],
      ['Waived', 'waivedCents'],
      ['Refunded', 'refundedCents'],
      ['Reversed', 'reversedCents'],
      ['Net collected', 'netCollectedCents'],
      ['Remitted', 'remittedCents'],
      ['In a draft batch', 'inDraftBatchCents'],
      ['Waiting to be remitted', 'pendingRemittanceCents'],
    ];
    for (const line of csv) {
      const expected =
        line.Month === 'Total'
          ? api.body.totals
          : api.body.rows.find((r: { group: string }) => r.group === line.Month);
      expect(Object.fromEntries(csvColumns.map(([h, f]) => [f, cents(line[h])]))).toEqual(
        pick(expected),
      );
    }

    // Bookmarkable: the same URL in a fresh page shows the same report.
    await page.goto(url.toString());
    await page
      .locator('#fees-table tbody tr')
      .nth(months.length - 1)
      .waitFor();
    expect(await page.inputValue('#fees-from')).toBe(
      from.replace(/^(\d+)-(\d+)-(\d+)$/, '$2/$3/$1'),
    );

    // Errors: a wrong date shows the error summary.
    await page.fill('#fees-to', '13/45/2026');
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'reports-04-fees-error');

    // Other groupings render their chart and table too (program on a phone).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/reports/fees?from=${from}&to=${asOf}&groupBy=method`);
    await page.locator('#fees-table tbody tr').first().waitFor();
    await page.locator('.console-chart__bar').first().waitFor({ state: 'attached' });
    expect(await page.locator('#fees-chart').getAttribute('data-layout')).toBe('horizontal-bars');
    expect(await page.locator('#fees-table tbody').innerText()).toContain('Money order');
    await check(page, 'reports-05-fees-by-method');
  });

  it('shows balances by age and outcomes by program, each as a chart and a table', async () => {
    // On a tablet.
    const page = await desks.pageOf(auditor1, 'desktop', PASSWORD);
    await page.setViewportSize(SIZES.tablet);

    const balances = await auditor.get(`/reports/balances?asOf=${asOf}`).expect(200);
    await page.goto(`${app.url}/reports/balances`);
    await page.locator('#balances-rows tbody tr').first().waitFor();
    await page.locator('.console-chart__bar').first().waitFor({ state: 'attached' });
    const buckets = await page
      .locator('#balances-buckets tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-group'),
          (tr.lastElementChild as HTMLElement).innerText,
        ]),
      );
    expect(Object.fromEntries(buckets.map(([b, v]) => [b, cents(v!)]))).toEqual(
      balances.body.buckets,
    );
    const chart = JSON.parse((await page.locator('#balances-chart').getAttribute('data-chart'))!);
    expect(Object.fromEntries(chart.rows.map((r: any) => [r.group, r.balanceCents]))).toEqual(
      balances.body.buckets,
    );
    expect(await page.locator('#balances-rows tbody tr').count()).toBe(
      Math.min(50, balances.body.rows.length),
    );
    // Names are in the table, never in the URL: the link goes by enrollment id to the case.
    const first = balances.body.rows[0];
    const link = page.locator('#balances-rows tbody tr').first().getByRole('link');
    expect(await link.innerText()).toBe(first.participantName);
    expect(await link.getAttribute('href')).toBe(
      `/records/enrollment/${first.enrollmentId}?tab=ledger`,
    );
    await check(page, 'reports-06-balances');
    const csv = await downloadCsv(page);
    expect(csv.length).toBe(balances.body.rows.length);

    await link.click();
    await page.locator('#page-heading', { hasText: first.participantName }).waitFor();
    const enrollment = await db.one('SELECT participant_id FROM enrollments WHERE id = $1', [
      first.enrollmentId,
    ]);
    expect(new URL(page.url()).pathname).toBe(`/participants/${enrollment.participant_id}`);
    expect(page.url()).not.toContain(first.participantName.split(' ')[0]);
    await page.getByRole('heading', { name: 'Ledger', level: 2 }).waitFor();

    const outcomes = await auditor
      .get(`/reports/outcomes?from=${seeded.from}&to=${asOf}`)
      .expect(200);
    await page.goto(`${app.url}/reports/outcomes?from=${seeded.from}&to=${asOf}`);
    await page.locator('#outcomes-table tbody tr').first().waitFor();
    await page.locator('.console-chart__bar').first().waitFor({ state: 'attached' });
    for (const row of outcomes.body.rows) {
      const shown = await page
        .locator(`#outcomes-table tbody tr[data-group="${row.programCode}"]`)
        .innerText();
      for (const n of [row.referrals, row.enrolled, row.completed, row.terminated, row.withdrawn])
        expect(shown).toContain(n.toLocaleString('en-US'));
      if (row.completionRate !== null)
        expect(shown).toContain(`${(row.completionRate * 100).toFixed(1)}%`);
    }
    // Ineligible referrals have their own row, not "Ineligible 0" under every program.
    const ineligible = outcomes.body.rows.find(
      (r: { programCode: string }) => r.programCode === 'INELIGIBLE',
    );
    expect(ineligible.ineligible).toBeGreaterThan(0);
    expect(
      await page.locator('#outcomes-table tbody tr[data-group="INELIGIBLE"] th').innerText(),
    ).toBe('Not eligible');
    expect(await page.locator('#outcomes-reasons tbody tr').count()).toBeGreaterThan(0);
    await check(page, 'reports-07-outcomes');
  });
});

function pick(figures: Record<string, unknown>): Figures {
  return Object.fromEntries(FIGURES.map((f) => [f, figures[f]])) as Figures;
}
