import { ApiFactory, EnrollmentFixture, EntryRef } from './support/api-factory';
import { BALANCES_SQL, BALANCES_TODAY_SQL } from '../src/reports/report-sql';
import { TestDatabase } from './support/app';
import { centsOf, readCsv } from './support/csv';
import { ApiClient } from './support/http';
import { chicagoDay, LedgerSql } from './support/ledger-sql';
import { MoneyWorld, startMoneyWorld, stopMoneyWorld } from './support/money-world';

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

interface RawEntry {
  kind: string;
  amt: number;
  tk: string | null;
  method: string | null;
  program_code: string;
  d: string;
  /** The status of the live batch holding it (SENT or DRAFT), or null. */
  batch: 'SENT' | 'DRAFT' | null;
}

const zero = (): Figures => Object.fromEntries(FIGURES.map((f) => [f, 0])) as unknown as Figures;

/** The report's definitions, computed in the test from raw rows. */
function expectedFees(entries: RawEntry[], from: string, to: string, groupBy: string) {
  const rows = new Map<string, Figures>();
  const totals = zero();
  for (const e of entries) {
    if (e.d < from || e.d > to) continue;
    const key =
      groupBy === 'program'
        ? e.program_code
        : groupBy === 'method'
          ? (e.method ?? '(none)')
          : groupBy === 'month'
            ? e.d.slice(0, 7)
            : e.d;
    const f = rows.get(key) ?? zero();
    for (const target of [f, totals]) {
      if (e.kind === 'FEE') target.assessedCents += e.amt;
      if (e.kind === 'WAIVER') target.waivedCents += e.amt;
      if (e.kind === 'PAYMENT') target.collectedCents += e.amt;
      if (e.kind === 'REFUND') target.refundedCents += e.amt;
      if (e.kind === 'REVERSAL' && e.tk === 'FEE') target.assessedCents -= e.amt;
      if (e.kind === 'REVERSAL' && e.tk === 'WAIVER') target.waivedCents -= e.amt;
      if (e.kind === 'REVERSAL' && e.tk === 'PAYMENT') target.reversedCents += e.amt;
      if (e.kind === 'REVERSAL' && e.tk === 'REFUND') target.reversedCents -= e.amt;
      const remit =
        e.kind === 'PAYMENT' || (e.kind === 'REVERSAL' && e.tk === 'REFUND')
          ? e.amt
          : e.kind === 'REFUND' || (e.kind === 'REVERSAL' && e.tk === 'PAYMENT')
            ? -e.amt
            : 0;
      target.netCollectedCents += remit;
      if (e.batch === 'SENT') target.remittedCents += remit;
      if (e.batch === 'DRAFT') target.inDraftBatchCents += remit;
      target.pendingRemittanceCents =
        target.netCollectedCents - target.remittedCents - target.inDraftBatchCents;
    }
    rows.set(key, f);
  }
  return {
    rows: [...rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([group, f]) => ({ group, ...f })),
    totals,
  };
}

describe('fee and balance reports', () => {
  let world: MoneyWorld;
  let db: TestDatabase;
  let finance: ApiClient;
  let supervisor: ApiClient;
  let auditor: ApiClient;
  let intake: ApiClient;
  let make: ApiFactory;
  /** Refunds, waivers and reversals dated in the past, which the API cannot record. */
  let ledger: LedgerSql;
  let today: string;

  beforeAll(async () => {
    world = await startMoneyWorld();
    ({ db, finance, supervisor, auditor, intake, make, ledger, today } = world);
  });
  afterAll(() => stopMoneyWorld(world));

  const rawEntries = () =>
    db.query<RawEntry>(`
      SELECT e.kind, e.amount_cents::int AS amt, t.kind AS tk,
             coalesce(e.method, t.method) AS method, en.program_code,
             CASE WHEN e.kind = 'PAYMENT' THEN e.received_on::text
                  ELSE (e.created_at AT TIME ZONE 'America/Chicago')::date::text END AS d,
             (SELECT b.status FROM remittance_items i JOIN remittance_batches b ON b.id = i.batch_id
               WHERE i.ledger_entry_id = e.id AND b.status IN ('DRAFT','SENT')) AS batch
        FROM ledger_entries e
        LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
        JOIN enrollments en ON en.id = e.enrollment_id`);

  const at = async (offset: number, time = '12:00:00') =>
    `${await chicagoDay(db, offset)} ${time} America/Chicago`;

  async function seedMix(): Promise<void> {
    // Enrolled before their payments were received (a payment never precedes its enrollment).
    const a = await make.enroll({
      programCode: 'JOHNZ_SCHOOL',
      feeCents: 50_000,
      enrolledOn: await chicagoDay(db, -100),
    });
    const b = await make.enroll({
      programCode: 'OAR',
      feeCents: 60_000,
      enrolledOn: await chicagoDay(db, -40),
    });
    const c = await make.enroll({ programCode: 'OAR', feeCents: 60_000 });
    await make.payment(a.enrollmentId, 10_000, {
      receivedOn: await chicagoDay(db, -95),
      method: 'CASH',
    });
    await make.payment(a.enrollmentId, 15_000, {
      receivedOn: await chicagoDay(db, -40),
      method: 'CHECK',
    });
    const p3 = await make.payment(b.enrollmentId, 20_000, {
      receivedOn: await chicagoDay(db, -35),
      method: 'CHECK',
    });
    await ledger.reversal(p3, { createdAt: await at(-30) });
    await make.payment(b.enrollmentId, 20_000, {
      receivedOn: await chicagoDay(db, -29),
      method: 'MONEY_ORDER',
    });
    const r1 = await ledger.refund(b.enrollmentId, 3_000, {
      method: 'CHECK',
      createdAt: await at(-20),
    });
    await ledger.reversal(r1, { createdAt: await at(-19) });
    await ledger.refund(b.enrollmentId, 1_000, { method: 'CASH', createdAt: await at(-18) });
    await make.payment(c.enrollmentId, 25_000, { receivedOn: today, method: 'CARD' });
    const w = await ledger.waiver(c.enrollmentId, 5_000, { createdAt: await at(-10) });
    await ledger.reversal(w, { createdAt: await at(-9) });
    await ledger.waiver(c.enrollmentId, 2_000, { createdAt: await at(-8) });
    await ledger.reversal(await make.feeOf(a.enrollmentId), { createdAt: await at(-1) });
    // Part of it remitted: a sent batch, a voided one (released) and a draft holding money.
    const sent = await finance.post('/remittances', { periodEnd: await chicagoDay(db, -36) });
    expect(sent.status).toBe(201);
    await finance.post(`/remittances/${sent.body.id}/send`, {
      transferReference: 'ACH-1',
      sentOn: today,
    });
    const voided = await finance.post('/remittances', { periodEnd: await chicagoDay(db, -25) });
    await finance.post(`/remittances/${voided.body.id}/void`, {});
    expect(
      (await finance.post('/remittances', { periodEnd: await chicagoDay(db, -29) })).status,
    ).toBe(201);
  }

  it('fee report: every figure, for every grouping, equals the sums computed from the raw entries; CSV says the same', async () => {
    await seedMix();
    const raw = await rawEntries();
    const ranges = [
      { from: '2000-01-01', to: today },
      { from: await chicagoDay(db, -60), to: await chicagoDay(db, -1) },
      { from: await chicagoDay(db, -30), to: await chicagoDay(db, -30) },
    ];
    for (const { from, to } of ranges) {
      for (const groupBy of ['program', 'method', 'month', 'day']) {
        const res = await finance.get(`/reports/fees?from=${from}&to=${to}&groupBy=${groupBy}`);
        expect(res.status).toBe(200);
        const expected = expectedFees(raw, from, to, groupBy);
        expect(res.body).toEqual({ from, to, groupBy, ...expected });
      }
    }

    // Independent SQL for the all-time totals.
    const [sql] = await db.query(`
      SELECT
        (SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries WHERE kind = 'PAYMENT')::int AS collected,
        (SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries WHERE kind = 'REFUND')::int AS refunded,
        (SELECT coalesce(sum(r.amount_cents), 0) FROM ledger_entries r JOIN ledger_entries t
            ON t.id = r.reverses_entry_id AND t.kind = 'PAYMENT')::int AS rev_pay,
        (SELECT coalesce(sum(r.amount_cents), 0) FROM ledger_entries r JOIN ledger_entries t
            ON t.id = r.reverses_entry_id AND t.kind = 'REFUND')::int AS rev_ref,
        (SELECT coalesce(sum(total_cents), 0) FROM remittance_batches WHERE status = 'SENT')::int AS remitted,
        (SELECT coalesce(sum(total_cents), 0) FROM remittance_batches WHERE status = 'DRAFT')::int AS in_draft`);
    const all = await auditor.get(`/reports/fees?from=2000-01-01&to=${today}`);
    expect(all.body.groupBy).toBe('program');
    expect(all.body.totals).toMatchObject({
      collectedCents: sql.collected,
      refundedCents: sql.refunded,
      reversedCents: sql.rev_pay - sql.rev_ref,
      netCollectedCents: sql.collected - sql.refunded - sql.rev_pay + sql.rev_ref,
      remittedCents: sql.remitted,
      inDraftBatchCents: sql.in_draft,
    });
    // Remitted is money sent; a draft batch's money is its own figure, and the three add up.
    expect(all.body.totals.remittedCents).toBeGreaterThan(0);
    expect(all.body.totals.inDraftBatchCents).toBeGreaterThan(0);
    expect(all.body.totals.pendingRemittanceCents).toBeGreaterThan(0);
    expect(all.body.totals.netCollectedCents).toBe(
      all.body.totals.remittedCents +
        all.body.totals.inDraftBatchCents +
        all.body.totals.pendingRemittanceCents,
    );

    // CSV, by format=csv or by Accept: the screen's columns and words, dollars with two
    // decimals, and read back it is the JSON.
    const from = await chicagoDay(db, -60);
    const money: [string, string][] = [
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
    const groupColumns: Record<string, string[]> = {
      program: ['Program', 'Program code'],
      method: ['Payment method', 'Method code'],
      month: ['Month'],
      day: ['Day'],
    };
    const label = (groupBy: string, group: string): Record<string, string> =>
      groupBy === 'program'
        ? {
            Program: { JOHNZ_SCHOOL: 'Johnz School', OAR: 'The OAR Program' }[group]!,
            'Program code': group,
          }
        : groupBy === 'method'
          ? group === '(none)'
            ? { 'Payment method': 'No method (fees, waivers)', 'Method code': '' }
            : {
                'Payment method': {
                  CASH: 'Cash',
                  CHECK: 'Check',
                  MONEY_ORDER: 'Money order',
                  CARD: 'Card',
                }[group]!,
                'Method code': group,
              }
          : { [groupBy === 'month' ? 'Month' : 'Day']: group };
    for (const groupBy of ['program', 'method', 'month', 'day']) {
      const json = (
        await supervisor.get(`/reports/fees?from=${from}&to=${today}&groupBy=${groupBy}`)
      ).body;
      const byFormat = await supervisor.get(
        `/reports/fees?from=${from}&to=${today}&groupBy=${groupBy}&format=csv`,
      );
      const byAccept = await supervisor
        .get(`/reports/fees?from=${from}&to=${today}&groupBy=${groupBy}`)
        .set('Accept', 'text/csv');
      for (const res of [byFormat, byAccept]) {
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/csv/);
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="fees-/);
        const records = readCsv(res.text);
        expect(Object.keys(records[0])).toEqual([
          ...groupColumns[groupBy],
          ...money.map(([h]) => h),
        ]);
        for (const r of records) {
          for (const [header] of money) expect(r[header]).toMatch(/^-?\d+\.\d\d$/);
        }
        const figures = (r: Record<string, string>) =>
          Object.fromEntries(money.map(([header, key]) => [key, centsOf(r[header])]));
        const total = records.pop()!;
        expect(total[groupColumns[groupBy][0]]).toBe('Total');
        expect(figures(total)).toEqual(json.totals);
        expect(
          records.map((r) => ({
            ...Object.fromEntries(groupColumns[groupBy].map((c) => [c, r[c]])),
            ...figures(r),
          })),
        ).toEqual(
          json.rows.map(({ group, ...rest }: { group: string }) => ({
            ...label(groupBy, group),
            ...rest,
          })),
        );
      }
    }
  });

  it('fee report refuses bad input and the wrong roles', async () => {
    for (const qs of [
      `from=2026-01-01`,
      `from=2026-01-01&to=2026-13-01`,
      `from=2026-02-01&to=2026-01-01`,
      `from=2026-01-01&to=2026-02-01&groupBy=participant`,
      `from=2026-01-01&to=2026-02-01&format=xml`,
      `from=2026-01-01&to=2026-02-01&extra=1`,
    ]) {
      const res = await finance.get(`/reports/fees?${qs}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    expect((await intake.get(`/reports/fees?from=2026-01-01&to=2026-02-01`)).status).toBe(403);
    expect((await intake.get(`/reports/balances`)).status).toBe(403);
    expect((await finance.get(`/reports/outcomes?from=2026-01-01&to=2026-02-01`)).status).toBe(403);
  });

  it('balances as of a day: who owes what, aged from enrollment into buckets', async () => {
    const ages = [5, 30, 31, 60, 61, 90, 91, 400];
    const people: EnrollmentFixture[] = [];
    for (const age of ages) {
      people.push(
        await make.enroll({
          enrolledOn: await chicagoDay(db, -age),
          feeCents: 10_000 + age,
        }),
      );
    }
    await make.payment(people[0].enrollmentId, 1_000, { receivedOn: today });
    await make.payment(people[1].enrollmentId, 10_030, { receivedOn: today }); // paid in full
    await make.waiver(people[2].enrollmentId, 31);

    const res = await finance.get(`/reports/balances?asOf=${today}`);
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe(today);
    const mine = new Map(res.body.rows.map((r: { enrollmentId: string }) => [r.enrollmentId, r]));
    expect(mine.has(people[1].enrollmentId)).toBe(false);
    expect(mine.get(people[0].enrollmentId)).toMatchObject({
      balanceCents: 10_005 - 1_000,
      ageDays: 5,
      bucket: '0-30',
      programCode: 'JOHNZ_SCHOOL',
      participantName: `${people[0].firstName} ${people[0].lastName}`,
    });
    const expectBucket = [
      [2, 31, '31-60', 10_000],
      [3, 60, '31-60', 10_060],
      [4, 61, '61-90', 10_061],
      [5, 90, '61-90', 10_090],
      [6, 91, '90+', 10_091],
      [7, 400, '90+', 10_400],
    ] as const;
    for (const [i, ageDays, bucket, balanceCents] of expectBucket) {
      expect(mine.get(people[i].enrollmentId)).toMatchObject({ ageDays, bucket, balanceCents });
    }

    // Buckets equal independent sums over every owing enrollment.
    const owed = await db.query<{ age: number; bal: string }>(
      `
      SELECT ($1::date - en.enrolled_on) AS age, sum(e.signed_amount_cents) AS bal
        FROM enrollments en JOIN ledger_entries e ON e.enrollment_id = en.id
       WHERE en.enrolled_on <= $1::date
       GROUP BY en.id HAVING sum(e.signed_amount_cents) > 0`,
      [today],
    );
    const buckets = { '0-30': 0, '31-60': 0, '61-90': 0, '90+': 0 };
    for (const o of owed) {
      const key = o.age <= 30 ? '0-30' : o.age <= 60 ? '31-60' : o.age <= 90 ? '61-90' : '90+';
      buckets[key] += Number(o.bal);
    }
    expect(res.body.buckets).toEqual(buckets);
    expect(res.body.rows).toHaveLength(owed.length);
    // As of today the report reads the balances the database keeps: the very rows, in the same
    // order, that summing every entry gives.
    const summed = await db.query(BALANCES_SQL, [today]);
    expect(summed).toHaveLength(owed.length);
    expect(await db.query(BALANCES_TODAY_SQL, [today])).toEqual(summed);

    // Entries created after asOf do not count: yesterday, today's fees did not exist yet (and
    // enrollments of today did not exist at all). Only entries recorded before today can show
    // (the back-dated refunds and reversals of the earlier test's enrollments).
    const yesterday = await auditor.get(`/reports/balances?asOf=${await chicagoDay(db, -1)}`);
    expect(yesterday.status).toBe(200);
    const ours = new Set(people.map((p) => p.enrollmentId));
    expect(
      yesterday.body.rows.filter((r: { enrollmentId: string }) => ours.has(r.enrollmentId)),
    ).toEqual([]);
    const recordedBefore = await db.query<{ id: string }>(
      `SELECT DISTINCT enrollment_id AS id FROM ledger_entries
        WHERE (created_at AT TIME ZONE 'America/Chicago')::date < $1::date`,
      [today],
    );
    const earlier = new Set(recordedBefore.map((r) => r.id));
    for (const r of yesterday.body.rows) expect(earlier.has(r.enrollmentId)).toBe(true);
    expect((await finance.get(`/reports/balances?asOf=${await chicagoDay(db, 1)}`)).status).toBe(
      400,
    );

    // olderThanDays: only the enrollments older than that, and the buckets and total of those.
    const over90 = await finance.get(`/reports/balances?asOf=${today}&olderThanDays=90`);
    expect(over90.status).toBe(200);
    const older = res.body.rows.filter((r: { ageDays: number }) => r.ageDays > 90);
    expect(older.length).toBeGreaterThanOrEqual(2);
    expect(over90.body.rows).toEqual(older);
    const olderCents = older.reduce(
      (n: number, r: { balanceCents: number }) => n + r.balanceCents,
      0,
    );
    expect(over90.body.buckets).toEqual({ '0-30': 0, '31-60': 0, '61-90': 0, '90+': olderCents });
    expect(over90.body.totalCents).toBe(olderCents);
    const over60 = await finance.get(`/reports/balances?asOf=${today}&olderThanDays=60`);
    expect(over60.body.rows.map((r: { ageDays: number }) => r.ageDays)).toEqual(
      res.body.rows
        .filter((r: { ageDays: number }) => r.ageDays > 60)
        .map((r: { ageDays: number }) => r.ageDays),
    );
    for (const bad of ['-1', 'abc', '1.5']) {
      const refused = await finance.get(`/reports/balances?olderThanDays=${bad}`);
      expect({ bad, status: refused.status, field: refused.body.errors?.[0]?.field }).toEqual({
        bad,
        status: 400,
        field: 'olderThanDays',
      });
    }

    // The CSV: the console's table, labels beside codes, dollars, read back it is the JSON.
    const csv = await supervisor.get(`/reports/balances?asOf=${today}&format=csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const records = readCsv(csv.text);
    expect(Object.keys(records[0])).toEqual([
      'Participant',
      'Program',
      'Program code',
      'Status',
      'Status code',
      'Enrolled on',
      'Days',
      'Days since enrollment',
      'Balance owed',
      'Enrollment ID',
    ]);
    const bucketLabel = {
      '0-30': '0–30 days',
      '31-60': '31–60 days',
      '61-90': '61–90 days',
      '90+': 'Over 90 days',
    };
    expect(records).toEqual(
      res.body.rows.map((r: Record<string, string & number>) => ({
        Participant: r.participantName,
        Program: { JOHNZ_SCHOOL: 'Johnz School', OAR: 'The OAR Program' }[r.programCode],
        'Program code': r.programCode,
        Status: { ACTIVE: 'Active', COMPLETED: 'Completed' }[r.status],
        'Status code': r.status,
        'Enrolled on': r.enrolledOn,
        Days: String(r.ageDays),
        'Days since enrollment': bucketLabel[r.bucket as keyof typeof bucketLabel],
        'Balance owed': expect.stringMatching(/^\d+\.\d\d$/),
        'Enrollment ID': r.enrollmentId,
      })),
    );
    expect(records.map((r) => centsOf(r['Balance owed']))).toEqual(
      res.body.rows.map((r: { balanceCents: number }) => r.balanceCents),
    );
    const byDefault = await finance.get('/reports/balances');
    expect(byDefault.body.asOf).toBe(today);
  });

  it('balances a page at a time: the very rows of the whole report, and its buckets and counts', async () => {
    // A few more owing enrollments so that pages of 3 cut the report in several places.
    for (const age of [3, 45, 75, 120, 200]) {
      await make.enroll({ enrolledOn: await chicagoDay(db, -age), feeCents: 7_000 + age });
    }
    const yesterday = await chicagoDay(db, -1);
    // As of yesterday (the entries summed as of a day) fewer rows owe: the earlier tests' only.
    for (const [asOf, older, atLeast] of [
      [today, undefined, 4],
      [today, 60, 4],
      [yesterday, undefined, 1],
      [yesterday, 0, 0],
    ] as const) {
      const filter = `asOf=${asOf}${older === undefined ? '' : `&olderThanDays=${older}`}`;
      const whole = (await finance.get(`/reports/balances?${filter}`).expect(200)).body;
      expect({ filter, rows: whole.rows.length >= atLeast }).toEqual({ filter, rows: true });
      const perPage = whole.rows.length > 3 ? 3 : 1;
      const counts = { '0-30': 0, '31-60': 0, '61-90': 0, '90+': 0 };
      for (const r of whole.rows as { bucket: keyof typeof counts }[]) counts[r.bucket] += 1;
      expect(whole.bucketCounts).toEqual(counts);
      expect(whole.rowCount).toBe(whole.rows.length);
      const paged: unknown[] = [];
      for (let page = 1; page <= Math.ceil(whole.rows.length / perPage) + 1; page++) {
        const one = (
          await finance.get(`/reports/balances?${filter}&limit=${perPage}&page=${page}`).expect(200)
        ).body;
        expect({ filter, page, ...one, rows: undefined }).toEqual({
          filter,
          page,
          ...whole,
          rows: undefined,
        });
        paged.push(...one.rows);
      }
      expect({ filter, rows: paged }).toEqual({ filter, rows: whole.rows });
    }
    // The CSV is the whole report whatever the page.
    const csv = await finance.get(`/reports/balances?asOf=${today}&limit=3&format=csv`);
    const all = (await finance.get(`/reports/balances?asOf=${today}`)).body.rows;
    expect(readCsv(csv.text)).toHaveLength(all.length);
    const refused = await finance.get(`/reports/balances?limit=201`);
    expect(refused.status).toBe(400);
  });

  it('reconciles after a random mix of operations: per program, net collected = remitted (sent) + in a draft batch + pending', async () => {
    let seed = 20_261_128;
    const rnd = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const people: EnrollmentFixture[] = [];
    for (let i = 0; i < 6; i++) {
      people.push(
        await make.enroll({
          programCode: i % 2 ? 'OAR' : 'JOHNZ_SCHOOL',
          feeCents: 80_000,
          enrolledOn: await chicagoDay(db, -60),
        }),
      );
    }
    const reversible: EntryRef[] = [];
    const drafts: string[] = [];
    for (let step = 0; step < 60; step++) {
      const who = people[rnd(people.length)].enrollmentId;
      const op = rnd(10);
      if (op < 4) {
        reversible.push(
          await make.payment(who, 100 + rnd(5_000), {
            receivedOn: await chicagoDay(db, -rnd(60)),
            method: ['CASH', 'CHECK', 'CARD', 'MONEY_ORDER'][rnd(4)],
          }),
        );
      } else if (op === 4) {
        reversible.push(await ledger.refund(who, 50 + rnd(500), { createdAt: await at(-rnd(60)) }));
      } else if (op === 5 && reversible.length) {
        const [target] = reversible.splice(rnd(reversible.length), 1);
        await ledger.reversal(target, { createdAt: await at(-rnd(10)) });
      } else if (op === 6) {
        await make.waiver(who, 10 + rnd(100));
      } else if (op === 7) {
        const res = await finance.post('/remittances', {
          periodEnd: await chicagoDay(db, -rnd(60)),
        });
        expect([201, 422]).toContain(res.status);
        if (res.status === 201) drafts.push(res.body.id);
      } else if (op === 8 && drafts.length) {
        const [id] = drafts.splice(rnd(drafts.length), 1);
        expect((await supervisor.post(`/remittances/${id}/void`, { reason: 'redo' })).status).toBe(
          200,
        );
      } else if (op === 9 && drafts.length) {
        const [id] = drafts.splice(rnd(drafts.length), 1);
        const res = await finance.post(`/remittances/${id}/send`, {
          transferReference: `ACH-${step}`,
          sentOn: today,
        });
        expect(res.status).toBe(200);
      }
    }

    async function check(): Promise<Record<string, number>> {
      const report = await auditor.get(`/reports/fees?from=2000-01-01&to=${today}&groupBy=program`);
      expect(report.status).toBe(200);
      // What the batches hold, per program and status, read through the API.
      const held: Record<'SENT' | 'DRAFT', Record<string, number>> = { SENT: {}, DRAFT: {} };
      const list = await auditor.get('/remittances?limit=200');
      for (const batch of list.body.items.filter(
        (b: { status: string }) => b.status !== 'VOIDED',
      )) {
        const byProgram = held[batch.status as 'SENT' | 'DRAFT'];
        const detail = await auditor.get(`/remittances/${batch.id}`);
        for (const item of detail.body.items) {
          byProgram[item.programCode] = (byProgram[item.programCode] ?? 0) + item.amountCents;
        }
      }
      const pending: Record<string, number> = {};
      for (const row of report.body.rows) {
        expect(row.netCollectedCents).toBe(
          row.remittedCents + row.inDraftBatchCents + row.pendingRemittanceCents,
        );
        expect(row.remittedCents).toBe(held.SENT[row.group] ?? 0);
        expect(row.inDraftBatchCents).toBe(held.DRAFT[row.group] ?? 0);
        pending[row.group] = row.pendingRemittanceCents;
      }
      const [{ net }] = await db.query(
        `SELECT coalesce(sum(-e.signed_amount_cents), 0)::int AS net
           FROM ledger_entries e LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
          WHERE e.kind IN ('PAYMENT','REFUND') OR t.kind IN ('PAYMENT','REFUND')`,
      );
      expect(report.body.totals.netCollectedCents).toBe(net);
      return pending;
    }

    await check();
    const last = await finance.post('/remittances', { periodEnd: today });
    expect([201, 422]).toContain(last.status);
    const after = await check();
    expect(Object.values(after).every((p) => p === 0)).toBe(true);
  });
});
