import { readCsv } from './support/csv';
import { FollowUpCells, suppressFollowUpTable } from '../src/reports/follow-up-suppression';
import { ApiFactory } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { addDays, chicagoToday, FollowUpWorld } from './support/follow-up-world';
import { ApiClient, loginAdmin, staffWith } from './support/http';

/**
 * GET /reports/follow-up: what a funder reads. The exits are made through the API and dated
 * back in SQL; their results go through the API. The counts are checked against what was made,
 * the suppression against the pure rule (whose own tests prove it), and what a reader sees
 * against the rules themselves: nothing from 1 to 9 printed, no rate built on a hidden count.
 */
describe('follow-up report', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let world: FollowUpWorld;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let auditor: ApiClient;
  let finance: ApiClient;
  let facilitator: ApiClient;

  const range = 'exitFrom=2024-01-01&exitTo=2024-12-31';

  /** Runs `work` over `items`, four at a time. */
  async function inFours<T>(items: T[], work: (item: T, i: number) => Promise<void>) {
    for (let i = 0; i < items.length; i += 4)
      await Promise.all(items.slice(i, i + 4).map((item, j) => work(item, i + j)));
  }

  const record = async (
    enrollmentId: string,
    months: 12 | 24,
    result: string,
    by: ApiClient = intake,
  ) => {
    const res = await by.post(`/enrollments/${enrollmentId}/follow-ups`, {
      months,
      result,
      source: 'COURT_RECORDS_SEARCH',
      checkedOn: addDays(chicagoToday(), -2),
    });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  };

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    const admin = await loginAdmin(app);
    const make = await ApiFactory.create(app, admin);
    world = new FollowUpWorld(db, make);
    intake = make.intake;
    supervisor = make.supervisors[0];
    [auditor, finance, facilitator] = await Promise.all([
      staffWith(app, admin, ['AUDITOR']),
      staffWith(app, admin, ['FINANCE']),
      staffWith(app, admin, ['FACILITATOR']),
    ]);

    // Johnz School, withdrawn in the first half of 2024: 22 exits, 10 with a new similar charge
    // at 12 months, 12 without — one of them first recorded as another charge, then corrected.
    await inFours([...Array(22).keys()], async (_, i) => {
      const e = await world.exited({ on: addDays('2024-01-10', i * 7) });
      if (i < 10) await record(e.enrollmentId, 12, 'NEW_CHARGE_SIMILAR');
      else if (i === 10) {
        await record(e.enrollmentId, 12, 'NEW_CHARGE_OTHER');
        await record(e.enrollmentId, 12, 'NO_NEW_CHARGE', supervisor);
      } else await record(e.enrollmentId, 12, 'NO_NEW_CHARGE');
      // At 24 months: one new similar charge among them.
      if (i === 21) await record(e.enrollmentId, 24, 'NEW_CHARGE_SIMILAR');
    });
    // The OAR Program, terminated: 3 exits, two new other charges and one unable to check.
    await inFours(['NEW_CHARGE_OTHER', 'NEW_CHARGE_OTHER', 'UNABLE_TO_CHECK'], async (r, i) => {
      const e = await world.exited({
        on: addDays('2024-02-01', i),
        programCode: 'OAR',
        to: 'TERMINATED',
      });
      await record(e.enrollmentId, 12, r);
    });
    // The OAR Program, withdrawn: 11 exits, none with a new charge.
    await inFours([...Array(11).keys()], async (_, i) => {
      const e = await world.exited({ on: addDays('2024-03-01', i), programCode: 'OAR' });
      await record(e.enrollmentId, 12, 'NO_NEW_CHARGE');
    });
    // Outside the range: the day before and the day after.
    for (const on of ['2023-12-31', '2025-01-01']) {
      const e = await world.exited({ on });
      await record(e.enrollmentId, 12, 'NEW_CHARGE_SIMILAR');
    }
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  const z: FollowUpCells = { similar: 0, other: 0, noNewCharge: 0, unable: 0, notChecked: 0 };
  const GROUPS = [
    ['JOHNZ_SCHOOL', 'COMPLETED'],
    ['JOHNZ_SCHOOL', 'TERMINATED'],
    ['JOHNZ_SCHOOL', 'WITHDRAWN'],
    ['OAR', 'COMPLETED'],
    ['OAR', 'TERMINATED'],
    ['OAR', 'WITHDRAWN'],
  ];

  /** Every number the report prints: no count from 1 to 9, and no rate without both its counts. */
  function expectNothingSmall(body: {
    rows: Record<string, unknown>[];
    totals: Record<string, unknown>;
  }) {
    for (const row of [...body.rows, body.totals]) {
      for (const f of ['exits', 'checked', 'unableToCheck', 'newChargeSimilar', 'newChargeOther']) {
        const v = row[f] as number | null;
        if (v === null) expect(row.suppressed).toContain(f);
        else expect(v === 0 || v >= 10).toBe(true);
      }
      if (row.newChargeSimilar === null || row.checked === null)
        expect([row.similarRate, row.similarRateLow, row.similarRateHigh]).toEqual([
          null,
          null,
          null,
        ]);
    }
  }

  it('counts exits and latest 12-month results per program and exit status, with the rate, its Wilson interval and the totals', async () => {
    const res = await intake.get(`/reports/follow-up?${range}&months=12`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ exitFrom: '2024-01-01', exitTo: '2024-12-31', months: 12 });
    expect(
      res.body.rows.map((r: { programCode: string; exitStatus: string }) => [
        r.programCode,
        r.exitStatus,
      ]),
    ).toEqual(GROUPS);

    // 10 of 22: 45.5%, Wilson 26.9% to 65.3%, all counts shown.
    expect(res.body.rows[2]).toEqual({
      programCode: 'JOHNZ_SCHOOL',
      exitStatus: 'WITHDRAWN',
      exits: 22,
      checked: 22,
      unableToCheck: 0,
      newChargeSimilar: 10,
      newChargeOther: 0,
      similarRate: 0.4545,
      similarRateLow: 0.2692,
      similarRateHigh: 0.6534,
      suppressed: [],
    });
    // 3 people: every count from 1 to 9 hidden, and the rate with them.
    expect(res.body.rows[4]).toMatchObject({
      exits: null,
      checked: null,
      unableToCheck: null,
      newChargeSimilar: 0,
      newChargeOther: null,
      similarRate: null,
      similarRateLow: null,
      similarRateHigh: null,
    });
    // Totals: 10 of 35 checked (22 + 2 + 11): 28.57%, Wilson 16.33% to 45.05%.
    expect(res.body.totals).toMatchObject({
      exits: 36,
      checked: 35,
      newChargeSimilar: 10,
      similarRate: 0.2857,
      similarRateLow: 0.1633,
      similarRateHigh: 0.4505,
    });
    // Groups with nobody: zeros, no rate.
    expect(res.body.rows[0]).toEqual({
      programCode: 'JOHNZ_SCHOOL',
      exitStatus: 'COMPLETED',
      exits: 0,
      checked: 0,
      unableToCheck: 0,
      newChargeSimilar: 0,
      newChargeOther: 0,
      similarRate: null,
      similarRateLow: null,
      similarRateHigh: null,
      suppressed: [],
    });
    expectNothingSmall(res.body);

    // Exactly the suppression the rule gives the counts made above (the latest result counted,
    // the 24-month results and the exits outside the range left out).
    const cells = [z, z, { ...z, similar: 10, noNewCharge: 12 }, z, { ...z, other: 2, unable: 1 }];
    const expected = suppressFollowUpTable([...cells, { ...z, noNewCharge: 11 }]);
    expect(res.body.rows.map((r: { suppressed: string[] }) => r.suppressed)).toEqual(
      expected.rows.map((r) => r.suppressed),
    );
    expect(res.body.totals.suppressed).toEqual(expected.totals.suppressed);
    // The small group cannot be worked out by subtraction from what is shown.
    expect(res.body.rows[5].suppressed.length + res.body.totals.suppressed.length).toBeGreaterThan(
      0,
    );
  });

  it('at 24 months counts the 24-month results only: one similar charge is hidden', async () => {
    const res = await supervisor.get(`/reports/follow-up?${range}&months=24`);
    expect(res.status).toBe(200);
    const expected = suppressFollowUpTable([
      z,
      z,
      { ...z, similar: 1, notChecked: 21 },
      z,
      { ...z, notChecked: 3 },
      { ...z, notChecked: 11 },
    ]);
    expect(res.body.rows[2]).toMatchObject({ checked: null, newChargeSimilar: null });
    expect(res.body.rows.map((r: { suppressed: string[] }) => r.suppressed)).toEqual(
      expected.rows.map((r) => r.suppressed),
    );
    expect(res.body.totals).toMatchObject({
      exits: 36,
      similarRate: null,
      suppressed: expected.totals.suppressed,
    });
    expectNothingSmall(res.body);
  });

  it('an empty range: every group zero, no rates, nothing suppressed', async () => {
    const res = await auditor.get(
      '/reports/follow-up?exitFrom=2019-01-01&exitTo=2019-12-31&months=12',
    );
    expect(res.status).toBe(200);
    for (const row of [...res.body.rows, res.body.totals])
      expect(row).toMatchObject({ exits: 0, checked: 0, similarRate: null, suppressed: [] });
  });

  it('CSV: the screen’s columns, labels with their codes beside, percentages, hidden counts empty and named', async () => {
    const viaFormat = await auditor.get(`/reports/follow-up?${range}&months=12&format=csv`);
    const viaAccept = await auditor
      .get(`/reports/follow-up?${range}&months=12`)
      .set('Accept', 'text/csv');
    for (const res of [viaFormat, viaAccept]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="follow-up-12-months-2024-01-01-2024-12-31.csv"',
      );
    }
    expect(viaAccept.text).toBe(viaFormat.text);
    const json = (await auditor.get(`/reports/follow-up?${range}&months=12`)).body;
    const rows = readCsv(viaFormat.text);
    expect(Object.keys(rows[0])).toEqual([
      'Program',
      'Program code',
      'Exit',
      'Exit code',
      'Exits',
      'Checked',
      'Unable to check',
      'New similar charge',
      'New other charge',
      'New similar charge rate (%)',
      '95% interval low (%)',
      '95% interval high (%)',
      'Suppressed',
    ]);
    expect(rows).toHaveLength(7);
    expect(rows[2]).toEqual({
      Program: 'Johnz School',
      'Program code': 'JOHNZ_SCHOOL',
      Exit: 'Withdrawn',
      'Exit code': 'WITHDRAWN',
      Exits: '22',
      Checked: '22',
      'Unable to check': '0',
      'New similar charge': '10',
      'New other charge': '0',
      'New similar charge rate (%)': '45.5',
      '95% interval low (%)': '26.9',
      '95% interval high (%)': '65.3',
      Suppressed: '',
    });
    expect(rows[4]).toMatchObject({
      Program: 'The OAR Program',
      Exit: 'Terminated',
      Exits: '',
      'New similar charge': '0',
      'New similar charge rate (%)': '',
      Suppressed: 'Exits; Checked; Unable to check; New other charge',
    });
    expect(rows[6]).toMatchObject({
      Program: 'All programs',
      'Program code': '',
      Exit: 'All',
      Exits: String(json.totals.exits),
      'New similar charge rate (%)': '28.6',
    });
    // Every count in the file is empty, 0, or 10 or more.
    for (const row of rows)
      for (const col of [
        'Exits',
        'Checked',
        'Unable to check',
        'New similar charge',
        'New other charge',
      ])
        expect(row[col] === '' || row[col] === '0' || Number(row[col]) >= 10).toBe(true);
  });

  it('refuses a bad range naming the field, and is for INTAKE, SUPERVISOR and AUDITOR', async () => {
    for (const [query, field] of [
      ['exitFrom=2024-02-01&exitTo=2024-01-31&months=12', 'exitTo'],
      [`${range}&months=6`, 'months'],
      [range, 'months'],
      ['exitTo=2024-12-31&months=12', 'exitFrom'],
      [`${range}&months=12&format=xml`, 'format'],
    ]) {
      const res = await intake.get(`/reports/follow-up?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    for (const client of [finance, facilitator])
      expect((await client.get(`/reports/follow-up?${range}&months=12`)).status).toBe(403);
  });
});
