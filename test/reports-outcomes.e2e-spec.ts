import { randomBytes } from 'node:crypto';
import { ApiFactory } from './support/api-factory';
import { readCsv } from './support/csv';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { chicagoDay } from './support/ledger-sql';

type Check = { eligible: boolean; failed?: string[] };

const RULES = ['CHARGE_NOT_ELIGIBLE', 'MINOR_INVOLVED', 'PENDING_CHARGE', 'PRIOR_CONVICTION'];

describe('outcomes report', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let admin: ApiClient;
  let intake: ApiClient;
  let auditor: ApiClient;
  let finance: ApiClient;
  let make: ApiFactory;
  let today: string;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    admin = await loginAdmin(app);
    [intake, auditor, finance] = await Promise.all([
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['AUDITOR']),
      staffWith(app, admin, ['FINANCE']),
    ]);
    make = await ApiFactory.create(app, admin);
    today = await chicagoDay(db);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  /**
   * A referral that never enrolled, with its eligibility checks in order (as the API stores them).
   * Written as the owner: the report's cohort is by the day a referral was received, and a check's
   * failed rules are chosen here, neither of which the API lets a test set.
   */
  async function referral(checks: Check[], createdAt?: string): Promise<string> {
    const tag = randomBytes(4).toString('hex');
    const staff = (await db.one(`SELECT id FROM staff ORDER BY created_at LIMIT 1`)).id;
    const p = await db.one(
      `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth, created_by)
       VALUES ('Lee', $1, $2, DATE '1985-05-05' + $3::int, $4) RETURNING id`,
      [`Nolan-${tag}`, `nolan${tag}`, parseInt(tag, 16) % 5000, staff],
    );
    const r = await db.one(
      `INSERT INTO referrals (participant_id, case_number, case_number_key, jurisdiction, jurisdiction_key,
          referring_agency, offense_date, charge_code, offense_class, minor_involved,
          prior_prostitution_convictions, prior_diversion_declared, pending_similar_charge,
          registered_sex_offender, trafficking_charge, created_by, created_at)
       VALUES ($1, $2, upper($2), 'KC-MUNICIPAL', 'KC-MUNICIPAL', 'KCPD', DATE '2026-01-15',
          'RSMo 567.030', 'B_MISDEMEANOR', 'NO', 0, false, false, false, false, $3, coalesce($4::timestamptz, now()))
       RETURNING id`,
      [p.id, `CR-${tag}`, staff, createdAt ?? null],
    );
    for (const [i, c] of checks.entries()) {
      const reasons = RULES.map((code) => ({
        code,
        passed: !(c.failed ?? []).includes(code),
        message: code,
      }));
      await db.query(
        `INSERT INTO eligibility_checks (referral_id, rule_set_version, screening_version, eligible,
            input_snapshot, reasons, checked_by, checked_at)
         VALUES ($1, 'MO-2026.1', 1, $2, '{}'::jsonb, $3::jsonb, $4, now() + make_interval(secs => $5))`,
        [r.id, c.eligible, JSON.stringify(reasons), staff, i],
      );
    }
    return r.id;
  }

  /**
   * Closes an enrollment `days` after it began, as the owner: the API closes on today's date, and
   * the median days to completion needs closings in the past. The certificate number has the
   * format the API issues (C-<year closed>-<first 8 hex digits of the id>).
   */
  async function close(enrollmentId: string, status: string, days: number): Promise<void> {
    await db.query(
      `UPDATE enrollments SET status = $2, closed_on = enrolled_on + $3::int,
              certificate_number = CASE WHEN $2 = 'COMPLETED'
                THEN 'C-' || to_char(enrolled_on + $3::int, 'YYYY') || '-' || upper(left(replace(id::text, '-', ''), 8)) END,
              closed_reason = CASE WHEN $2 = 'TERMINATED' THEN 'NON_COMPLIANCE' END
        WHERE id = $1`,
      [enrollmentId, status, days],
    );
  }

  it('counts referrals, eligibility by reason, enrollments and their outcomes per program', async () => {
    const back = async (d: number) => chicagoDay(db, d);
    // JOHNZ_SCHOOL: 3 completed after 30, 50 and 100 days, 1 terminated, 1 overdue ACTIVE.
    for (const days of [30, 50, 100]) {
      const e = await make.enroll({
        programCode: 'JOHNZ_SCHOOL',
        enrolledOn: await back(-120),
      });
      await close(e.enrollmentId, 'COMPLETED', days);
    }
    const t = await make.enroll({
      programCode: 'JOHNZ_SCHOOL',
      enrolledOn: await back(-60),
    });
    await close(t.enrollmentId, 'TERMINATED', 20);
    await make.enroll({ programCode: 'JOHNZ_SCHOOL', enrolledOn: await back(-200) });
    // OAR: one withdrawn, one active in time.
    const w = await make.enroll({ programCode: 'OAR', enrolledOn: await back(-10) });
    await close(w.enrollmentId, 'WITHDRAWN', 3);
    await make.enroll({ programCode: 'OAR', enrolledOn: await back(-5) });
    // Never enrolled: two ineligible, one eligible again on a later check, one never checked.
    await referral([{ eligible: false, failed: ['MINOR_INVOLVED', 'CHARGE_NOT_ELIGIBLE'] }]);
    await referral([{ eligible: true }, { eligible: false, failed: ['MINOR_INVOLVED'] }]);
    await referral([{ eligible: false, failed: ['PENDING_CHARGE'] }, { eligible: true }]);
    await referral([]);
    // Received before the range: not in the cohort.
    await referral(
      [{ eligible: false, failed: ['PRIOR_CONVICTION'] }],
      `${await back(-40)} 10:00 America/Chicago`,
    );

    const from = await back(-7);
    const res = await intake.get(`/reports/outcomes?from=${from}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from, to: today, asOf: today });
    const rows = Object.fromEntries(
      res.body.rows.map((r: { programCode: string }) => [r.programCode, r]),
    );
    expect(res.body.rows.map((r: { programCode: string }) => r.programCode)).toEqual([
      'JOHNZ_SCHOOL',
      'OAR',
      'UNASSIGNED',
      'INELIGIBLE',
    ]);
    expect(rows.JOHNZ_SCHOOL).toMatchObject({
      referrals: 5,
      eligible: 5,
      ineligible: 0,
      enrolled: 5,
      completed: 3,
      terminated: 1,
      withdrawn: 0,
      completionRate: 0.75,
      medianDaysToComplete: 50,
      overdue: 1,
    });
    expect(rows.OAR).toMatchObject({
      referrals: 2,
      enrolled: 2,
      completed: 0,
      withdrawn: 1,
      completionRate: 0,
      medianDaysToComplete: null,
      overdue: 0,
    });
    // Referrals never enrolled: those found not eligible have a row of their own, the others
    // (eligible, or never checked) theirs; no program counts an ineligible referral.
    expect(rows.UNASSIGNED).toMatchObject({
      referrals: 2,
      eligible: 1,
      ineligible: 0,
      enrolled: 0,
      completionRate: null,
      medianDaysToComplete: null,
    });
    expect(rows.INELIGIBLE).toMatchObject({
      referrals: 2,
      eligible: 0,
      ineligible: 2,
      enrolled: 0,
      completed: 0,
      completionRate: null,
      medianDaysToComplete: null,
      overdue: 0,
    });
    expect(rows.INELIGIBLE.ineligibleByReason).toMatchObject({
      MINOR_INVOLVED: 2,
      CHARGE_NOT_ELIGIBLE: 1,
      PENDING_CHARGE: 0,
      PRIOR_CONVICTION: 0,
    });
    for (const program of ['JOHNZ_SCHOOL', 'OAR', 'UNASSIGNED']) {
      expect({ program, ineligible: rows[program].ineligible }).toEqual({ program, ineligible: 0 });
    }

    const wider = await auditor.get(`/reports/outcomes?from=${await back(-60)}&to=${today}`);
    const ineligible = wider.body.rows.find(
      (r: { programCode: string }) => r.programCode === 'INELIGIBLE',
    );
    expect(ineligible).toMatchObject({ referrals: 3, ineligible: 3 });
    expect(ineligible.ineligibleByReason.PRIOR_CONVICTION).toBe(1);

    const csv = await auditor
      .get(`/reports/outcomes?from=${from}&to=${today}`)
      .set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    // The CSV: the console's table with labels and codes, a column per rule; read back it is
    // the JSON.
    const records = readCsv(csv.text);
    const reasons = Object.keys(res.body.rows[0].ineligibleByReason);
    expect(Object.keys(records[0])).toEqual([
      'Program',
      'Program code',
      'Referrals',
      'Eligible',
      'Ineligible',
      'Enrolled',
      'Completed',
      'Terminated',
      'Withdrawn',
      'Completion rate',
      'Median days to complete',
      'Past deadline now',
      ...reasons.map((code) =>
        expect.stringMatching(new RegExp(`^Not eligible: .+ \\(${code}\\)$`)),
      ),
    ]);
    expect(records.map((r) => [r.Program, r['Program code']])).toEqual([
      ['Johnz School', 'JOHNZ_SCHOOL'],
      ['The OAR Program', 'OAR'],
      ['Eligible or not checked, never enrolled', 'UNASSIGNED'],
      ['Not eligible', 'INELIGIBLE'],
    ]);
    expect(records[0]['Not eligible: A minor was involved (MINOR_INVOLVED)']).toBe('0');
    expect(records[3]['Not eligible: A minor was involved (MINOR_INVOLVED)']).toBe('2');
    const percent = (rate: number | null) => (rate === null ? '' : `${(rate * 100).toFixed(2)}%`);
    for (const [i, row] of res.body.rows.entries()) {
      const r = records[i];
      expect({
        referrals: Number(r.Referrals),
        eligible: Number(r.Eligible),
        ineligible: Number(r.Ineligible),
        enrolled: Number(r.Enrolled),
        completed: Number(r.Completed),
        terminated: Number(r.Terminated),
        withdrawn: Number(r.Withdrawn),
        completionRate: r['Completion rate'],
        medianDaysToComplete: r['Median days to complete'],
        overdue: Number(r['Past deadline now']),
        ineligibleByReason: Object.fromEntries(
          reasons.map((code) => [
            code,
            Number(Object.entries(r).find(([k]) => k.endsWith(`(${code})`))![1]),
          ]),
        ),
      }).toEqual({
        ...row,
        programCode: undefined,
        completionRate: percent(row.completionRate),
        medianDaysToComplete:
          row.medianDaysToComplete === null ? '' : String(row.medianDaysToComplete),
      });
    }
    expect(records[0]['Completion rate']).toBe('75.00%');

    expect((await finance.get(`/reports/outcomes?from=${from}&to=${today}`)).status).toBe(403);
    const bad = await intake.get(`/reports/outcomes?from=${today}&to=${from}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'to', message: 'must not be before from' }]);
  });
});
