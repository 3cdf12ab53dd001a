import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ApiFactory, addDays, chicagoToday } from './support/api-factory';
import { AppInstance, startApp, TEST_RECORDS_INDEX_KEY, TestDatabase } from './support/app';
import { FakeSmsGateway } from './support/fake-sms-gateway';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { providerEnv } from './support/reminders';
import {
  buildWorld,
  cli,
  closeByCourt,
  databaseDigest,
  seedOfRun,
  tablesOf,
  whereFound,
  World,
} from './support/retention-world';
import { SmtpCatcher } from './support/smtp-catcher';

/**
 * Retention (PRODUCT.md "Retention", API.md "Records after exit"): records closed long enough are
 * pseudonymized by `records:pseudonymize` and by the daily job — every identifying value gone from
 * every table, every amount, receipt, attendance and report figure as it was — and "first time
 * only" still recognises the person through the keyed blind index. The year of work is drawn at
 * random (its seed is printed; RETENTION_SEED=… replays it).
 */
/**
 * A report as figures: rows that name a person may read differently once the record is closed or
 * pseudonymized (the name, `recordClosed`), so names go and rows are put in enrollment order.
 */
function withoutNames(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(withoutNames);
    return items.every((x) => x && typeof x === 'object' && 'enrollmentId' in x)
      ? [...items].sort((a, b) =>
          String((a as { enrollmentId: string }).enrollmentId).localeCompare(
            String((b as { enrollmentId: string }).enrollmentId),
          ),
        )
      : items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'participantName' && k !== 'recordClosed')
        .map(([k, v]) => [k, withoutNames(v)]),
    );
  }
  return value;
}

describe('records retention', () => {
  const seed = seedOfRun();
  const today = chicagoToday();
  const cutoff = addDays(today, -5);
  let db: TestDatabase;
  let app: AppInstance;
  let make: ApiFactory;
  let auditor: ApiClient;
  let world: World;

  /** The closed records the run of the day takes: closed by the court before the cutoff. */
  const erased = () =>
    world.people.filter((p) => p.fate === 'CLOSED_LONG_AGO' || p.fate === 'EXPUNGED');
  const kept = () => world.people.filter((p) => p.fate === 'OPEN' || p.fate === 'CLOSED_RECENTLY');

  beforeAll(async () => {
    process.stdout.write(`records retention: RETENTION_SEED=${seed}\n`);
    const gateway = await FakeSmsGateway.start();
    const smtp = await SmtpCatcher.start();
    db = await TestDatabase.create();
    // The server of the tests, with nothing running in the background (the job runner off),
    // starts while the year is made on another.
    let quiet: Promise<AppInstance> | undefined;
    try {
      // The year is made with the reminders going out (texts and emails sent at any hour).
      app = await startApp(db, providerEnv(gateway, smtp, { SENDING_HOURS: '00:00-24:00' }));
      quiet = startApp(db);
      const admin = await loginAdmin(app);
      make = await ApiFactory.create(app, admin);
      world = await buildWorld(db, make, { seed, cutoff, people: 9, messages: true });
      const remitted = await make.finance.post('/remittances', { periodEnd: today });
      expect(remitted.status).toBe(201);
      // From here on nothing runs in the background: the job runner is off.
      await app.stop();
      app = await quiet;
      quiet = undefined;
      make = make.on(app);
      auditor = await staffWith(app, admin.on(app), ['AUDITOR']);
    } finally {
      await quiet?.then((a) => a.stop()).catch(() => undefined);
      await gateway.close();
      await smtp.close();
    }
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  /** What money, attendance and the reports say, without any text. */
  async function figures(): Promise<Record<string, unknown>> {
    const q = (sql: string) => db.query(sql);
    const reports: Record<string, unknown> = {};
    const from = addDays(today, -400);
    for (const path of [
      ...['program', 'method', 'month', 'day'].map(
        (g) => `/reports/fees?from=${from}&to=${today}&groupBy=${g}`,
      ),
      `/reports/balances?asOf=${today}`,
      `/reports/outcomes?from=${from}&to=${today}`,
      `/reports/follow-up?months=12&exitFrom=${from}&exitTo=${today}`,
    ]) {
      const res = await auditor.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      reports[path] = withoutNames(res.body);
    }
    return {
      reports,
      ledger: await q(`SELECT id, enrollment_id, kind, amount_cents, signed_amount_cents, method,
                              received_on::text, receipt_number, reverses_entry_id,
                              waiver_request_id, created_at, created_by
                         FROM ledger_entries ORDER BY id`),
      totals: await q(`SELECT * FROM enrollment_ledger_totals(ARRAY(SELECT id FROM enrollments))
                        ORDER BY enrollment_id`),
      balances: await q(`SELECT * FROM enrollment_balances ORDER BY enrollment_id`),
      attendance: await q(`SELECT session_id, enrollment_id, status, recorded_at
                             FROM attendance_records ORDER BY 1, 2`),
      attended:
        await q(`SELECT * FROM enrollment_attended_sessions(ARRAY(SELECT id FROM enrollments))
                          ORDER BY enrollment_id`),
      revisions: await q(`SELECT id, session_id, enrollment_id, previous_status, new_status
                            FROM attendance_revisions ORDER BY id`),
      remittances: await q(`SELECT * FROM remittance_items ORDER BY 1, 2`),
      outcomes: await q(`SELECT id, status, closed_on::text, certificate_number FROM enrollments
                          ORDER BY id`),
      messages: await q(`SELECT id, kind, channel, status, due_at, sent_at FROM messages
                          ORDER BY id`),
      dispositions: await q(`SELECT id, referral_id, disposition, decided_on::text
                               FROM referral_dispositions ORDER BY id`),
    };
  }

  it('counts in a dry run what a run would do, and writes nothing', async () => {
    const before = await databaseDigest(db);
    const dry = await cli(db, ['records:pseudonymize', '--closed-before', cutoff, '--dry-run']);
    expect(dry.stderr).toMatch(/Pseudonymizing: 100%/);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      `Dry run: ${erased().length} of ${erased().length} records closed before ${cutoff} would be pseudonymized; nothing was written.`,
    );
    expect(tablesOf(dry.stdout)).toMatchObject({
      participants: erased().length,
      referrals: erased().length,
      referral_dispositions: erased().length,
      session_seats: expect.any(Number),
      attendance_records: expect.any(Number),
      attendance_revisions: expect.any(Number),
      messages: expect.any(Number),
    });
    // An eligibility check's snapshot holds the age at the offense, nothing to erase.
    expect(tablesOf(dry.stdout).eligibility_checks).toBeUndefined();
    expect(await databaseDigest(db)).toEqual(before);
  });

  it('pseudonymizes the records closed before the day: no identifying value is left in any column of any table, and every amount, receipt, attendance and report figure is as it was', async () => {
    const figuresBefore = await figures();
    const dry = await cli(db, ['records:pseudonymize', '--closed-before', cutoff, '--dry-run']);
    const run = await cli(db, ['records:pseudonymize', '--closed-before', cutoff]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Pseudonymized ${erased().length} of ${erased().length} records closed before ${cutoff}.`,
    );
    // The dry run said exactly what the run did.
    expect(tablesOf(run.stdout)).toEqual(tablesOf(dry.stdout));

    const found = await whereFound(
      db,
      erased().flatMap((p) => p.values),
    );
    expect(Object.fromEntries(found)).toEqual({});
    // The scan sees every column: each kept person's values are all still there (the birth date
    // lives in a date column).
    const keptValues = kept().flatMap((p) => p.values.filter((v) => v !== p.dateOfBirth));
    const keptFound = await whereFound(db, keptValues);
    expect(keptValues.filter((v) => !keptFound.has(v))).toEqual([]);

    const rows = await db.query(
      `SELECT id, first_name, last_name, last_name_key, date_of_birth::text AS dob,
              state_id_number, state_id_key, phone, email, address, duplicate_override_reason,
              record_status, pseudonymized_at IS NOT NULL AS pseudonymized, identity_index,
              closed_on::text AS closed_on
         FROM participants WHERE id = ANY ($1::uuid[]) ORDER BY id`,
      [world.people.map((p) => p.participantId)],
    );
    for (const p of world.people) {
      const row = rows.find((r) => r.id === p.participantId);
      if (erased().includes(p)) {
        expect(row).toMatchObject({
          first_name: '[erased]',
          last_name: '[erased]',
          dob: '1900-01-01',
          state_id_number: null,
          phone: null,
          email: null,
          address: null,
          duplicate_override_reason: null,
          record_status: 'PSEUDONYMIZED',
          pseudonymized: true,
          identity_index: expect.stringMatching(/^[0-9a-f]{64}$/),
          // Retention still counts from the day it closed.
          closed_on: p.closedOn,
        });
      } else {
        expect(row).toMatchObject({
          first_name: p.firstName,
          last_name: p.lastName,
          dob: p.dateOfBirth,
          pseudonymized: false,
          record_status: p.fate === 'OPEN' ? 'OPEN' : 'CLOSED',
        });
      }
    }
    const messages = await db.query(
      `SELECT count(*)::int AS n FROM messages
        WHERE participant_id = ANY ($1::uuid[])
          AND (body IS NOT NULL OR recipient IS NOT NULL OR provider_message_id IS NOT NULL)`,
      [erased().map((p) => p.participantId)],
    );
    expect(messages[0].n).toBe(0);
    const referrals = await db.query(
      `SELECT DISTINCT record_status, case_number FROM referrals WHERE participant_id = ANY ($1::uuid[])`,
      [erased().map((p) => p.participantId)],
    );
    expect(referrals).toEqual([{ record_status: 'PSEUDONYMIZED', case_number: '[erased]' }]);

    expect(await figures()).toEqual(figuresBefore);
    const receipts = await db.query(
      `SELECT receipt_number FROM ledger_entries WHERE receipt_number IS NOT NULL ORDER BY 1`,
    );
    expect(receipts.map((r) => r.receipt_number)).toEqual([...world.receipts].sort());
  });

  it('touches nothing the second time, and the erasure itself is idempotent', async () => {
    const before = await databaseDigest(db);
    const again = await cli(db, ['records:pseudonymize', '--closed-before', cutoff]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Pseudonymized 0 of 0 records closed before ${cutoff}.`);
    expect(again.stdout).toContain('No rows touched.');
    const api = new Client({ connectionString: db.apiUrl });
    await api.connect();
    try {
      const r = await api.query(`SELECT pseudonymize_participant($1) AS touched`, [
        erased()[0].participantId,
      ]);
      expect(r.rows[0].touched).toEqual({});
    } finally {
      await api.end();
    }
    expect(await databaseDigest(db)).toEqual(before);
  });

  it('"first time only" holds for a pseudonymized person: registering them again says a closed record exists, by name and birth date or by state ID, and shows nothing of it', async () => {
    const any = erased()[0];
    const gone = erased().find((p) => p.stateIdNumber)!;
    const same = await make.intake.post('/participants', {
      firstName: 'Another',
      lastName: ` ${any.lastName.toUpperCase()} `,
      dateOfBirth: any.dateOfBirth,
    });
    expect(same.status).toBe(409);
    expect(same.body).toMatchObject({ code: 'DUPLICATE_PARTICIPANT', recordClosed: true });
    expect(same.body).not.toHaveProperty('existingId');
    expect(JSON.stringify(same.body)).not.toContain(any.participantId);

    const byStateId = await make.intake.post('/participants', {
      firstName: 'Other',
      lastName: 'Entirelydifferent',
      dateOfBirth: gone.dateOfBirth,
      stateIdNumber: gone.stateIdNumber!.toLowerCase(),
    });
    expect(byStateId.status).toBe(409);
    expect(byStateId.body).toMatchObject({ code: 'DUPLICATE_PARTICIPANT', recordClosed: true });

    // Another birth date is another person.
    const other = await make.intake.post('/participants', {
      firstName: 'Another',
      lastName: any.lastName,
      dateOfBirth: addDays(any.dateOfBirth, 1),
    });
    expect(other.status).toBe(201);
    // Nor may their identity be changed into the pseudonymized person's.
    const patched = await make.intake.patch(`/participants/${other.body.id}`, {
      dateOfBirth: any.dateOfBirth,
    });
    expect(patched.status).toBe(409);
    expect(patched.body).toMatchObject({ code: 'DUPLICATE_PARTICIPANT', recordClosed: true });
  });

  it('fills in the blind index of people registered before it existed, and a new referral of a pseudonymized person still fails PRIOR_DIVERSION', async () => {
    const any = erased()[0];
    // A registration of the same person from before the blind index (no index; the identity
    // rule's unique index leaves pseudonymized people out).
    const [{ id }] = await db.query(
      `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth, created_by)
       VALUES ('Pat', $1, lower($1), $2::date, $3) RETURNING id`,
      [any.lastName, any.dateOfBirth, make.intake.staffId],
    );
    const run = await cli(db, ['records:pseudonymize', '--closed-before', cutoff]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Blind index filled in for 1 participants.');
    const [row] = await db.query(
      `SELECT p.identity_index = e.identity_index AS same
         FROM participants p, participants e WHERE p.id = $1 AND e.id = $2`,
      [id, any.participantId],
    );
    expect(row.same).toBe(true);

    const referral = await make.intake.post('/referrals', {
      participantId: id,
      caseNumber: `CR-AGAIN-${id.slice(0, 8)}`,
      jurisdiction: 'KC-MUNICIPAL',
      referringAgency: 'KCPD',
      offenseDate: addDays(today, -10),
      chargeCode: 'RSMo 567.030',
      offenseClass: 'B_MISDEMEANOR',
      minorInvolved: 'NO',
      priorProstitutionConvictions: 0,
      priorDiversionDeclared: false,
      pendingSimilarCharge: false,
      registeredSexOffender: false,
      traffickingCharge: false,
    });
    expect(referral.status).toBe(201);
    const check = await make.intake.post(`/referrals/${referral.body.id}/eligibility-checks`);
    expect(check.status).toBe(201);
    expect(check.body.eligible).toBe(false);
    expect(check.body.reasons).toContainEqual(
      expect.objectContaining({ code: 'PRIOR_DIVERSION', passed: false }),
    );
  });

  it('computes the blind index at registration and again when the identity changes', async () => {
    const p = await make.intake.post('/participants', {
      firstName: 'Indexed',
      lastName: 'Blindindexperson',
      dateOfBirth: '1977-07-07',
    });
    expect(p.status).toBe(201);
    const index = async () =>
      db.one(`SELECT identity_index, state_id_index FROM participants WHERE id = $1`, [p.body.id]);
    const first = await index();
    expect(first.identity_index).toMatch(/^[0-9a-f]{64}$/);
    expect(first.state_id_index).toBeNull();
    const patched = await make.intake.patch(`/participants/${p.body.id}`, {
      lastName: 'Blindindexpersonb',
      stateIdNumber: 'MO-777777',
    });
    expect(patched.status).toBe(200);
    const second = await index();
    expect(second.identity_index).toMatch(/^[0-9a-f]{64}$/);
    expect(second.identity_index).not.toBe(first.identity_index);
    expect(second.state_id_index).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is final: the API’s login cannot change a pseudonymized record, pseudonymize without erasing, or change an append-only row; the owner outside the erasure cannot either', async () => {
    const gone = erased()[0];
    const closed = world.people.find((p) => p.fate === 'CLOSED_RECENTLY')!;
    const open = world.people.find((p) => p.fate === 'OPEN')!;
    const api = new Client({ connectionString: db.apiUrl });
    await api.connect();
    const refused: Record<string, string | undefined> = {};
    const attempt = async (label: string, client: Client, sql: string, params: unknown[] = []) => {
      await client.query('BEGIN');
      try {
        await client.query(`SELECT set_config('diversion.erasure', 'x', true)`);
        await client.query(sql, params);
        refused[label] = undefined;
      } catch (err) {
        refused[label] = (err as { code?: string }).code;
      } finally {
        await client.query('ROLLBACK');
      }
    };
    try {
      await attempt(
        'api renames a pseudonymized participant',
        api,
        `UPDATE participants SET first_name = 'Back' WHERE id = $1`,
        [gone.participantId],
      );
      await attempt(
        'api renumbers a pseudonymized referral',
        api,
        `UPDATE referrals SET case_number = 'CR-BACK' WHERE id = $1`,
        [gone.referralId],
      );
      await attempt(
        'api marks a closed participant pseudonymized',
        api,
        `UPDATE participants SET pseudonymized_at = now(), record_status = 'PSEUDONYMIZED' WHERE id = $1`,
        [closed.participantId],
      );
      await attempt('api erases a ledger note', api, `UPDATE ledger_entries SET note = NULL`);
      await attempt(
        'api erases a disposition’s reference',
        api,
        `UPDATE referral_dispositions SET court_reference = NULL`,
      );
      await attempt('api erases an open record', api, `SELECT pseudonymize_participant($1)`, [
        open.participantId,
      ]);
      await attempt('api deletes a transition', api, `DELETE FROM enrollment_transitions`);
    } finally {
      await api.end();
    }
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    try {
      // Outside the function (no erasure under way), the owner's UPDATE is refused…
      await owner.query('BEGIN');
      const outside = await owner.query(`UPDATE ledger_entries SET note = NULL`).then(
        () => undefined,
        (err: { code?: string }) => err.code,
      );
      await owner.query('ROLLBACK');
      refused['owner erases outside the function'] = outside;
      // …and during one, only an erasure passes: an amount, or a text to something else, never.
      await attempt(
        'owner changes an amount during an erasure',
        owner,
        `UPDATE ledger_entries SET amount_cents = amount_cents + 1, signed_amount_cents = signed_amount_cents + 1 WHERE kind = 'FEE'`,
      );
      await attempt(
        'owner rewrites a transition note during an erasure',
        owner,
        `UPDATE enrollment_transitions SET note = 'rewritten'`,
      );
      await attempt(
        'owner adds to a check snapshot during an erasure',
        owner,
        `UPDATE eligibility_checks SET input_snapshot = input_snapshot || '{"x": 1}'`,
      );
      await attempt('owner deletes during an erasure', owner, `DELETE FROM audit_events`);
    } finally {
      await owner.end();
    }
    expect(refused).toEqual({
      'api renames a pseudonymized participant': '23514',
      'api renumbers a pseudonymized referral': '23514',
      'api marks a closed participant pseudonymized': '23514',
      'api erases a ledger note': '42501',
      'api erases a disposition’s reference': '42501',
      'api erases an open record': '23514',
      'api deletes a transition': '42501',
      'owner erases outside the function': '42501',
      'owner changes an amount during an erasure': '42501',
      'owner rewrites a transition note during an erasure': '42501',
      'owner adds to a check snapshot during an erasure': '42501',
      'owner deletes during an erasure': '42501',
    });
  });

  it('lets any number of pseudonymized people share the erased identity, while the identity rule still holds for everyone else', async () => {
    const { n } = await db.one(
      `SELECT count(*)::int AS n FROM participants
        WHERE last_name_key = '[ERASED]' AND date_of_birth = DATE '1900-01-01'`,
    );
    expect(n).toBe(erased().length);
    const alive = kept()[0];
    const twin = await db
      .query(
        `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth, created_by)
         SELECT 'Twin', last_name, last_name_key, date_of_birth, created_by FROM participants
          WHERE id = $1`,
        [alive.participantId],
      )
      .then(
        () => undefined,
        (err: { code?: string; constraint?: string }) => `${err.code} ${err.constraint}`,
      );
    expect(twin).toBe('23505 participants_identity_key');
  });

  it('runs one at a time: two runs started together erase each record once', async () => {
    const more: string[] = [];
    for (let i = 0; i < 3; i++) {
      const e = await make.enroll();
      const exit = await make.intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
        to: 'WITHDRAWN',
      });
      expect(exit.status).toBe(200);
      await closeByCourt(db, e.referralId, addDays(cutoff, -1), make.supervisors[0].staffId);
      more.push(e.participantId);
    }
    const [a, b] = await Promise.all([
      cli(db, ['records:pseudonymize', '--closed-before', cutoff]),
      cli(db, ['records:pseudonymize', '--closed-before', cutoff]),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const done = [a, b].map((r) => Number(/Pseudonymized (\d+) of/.exec(r.stdout)![1]));
    expect(done.sort()).toEqual([0, 3]);
    const rows = await db.query(
      `SELECT count(*)::int AS n FROM participants WHERE id = ANY ($1::uuid[]) AND pseudonymized_at IS NOT NULL`,
      [more],
    );
    expect(rows[0].n).toBe(3);
  });

  it('refuses a run without a day, and a key that is not the database’s', async () => {
    const none = await cli(db, ['records:pseudonymize']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/--closed-before must be a date, YYYY-MM-DD/);
    const bad = await cli(db, ['records:pseudonymize', '--closed-before', '2025-02-30']);
    expect(bad.code).toBe(1);
    const tomorrow = addDays(chicagoToday(), 1);
    const future = await cli(db, ['records:pseudonymize', '--closed-before', tomorrow]);
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(/--closed-before must not be after today/);
    const wrongKey = await cli(db, ['records:pseudonymize', '--closed-before', cutoff], {
      RECORDS_INDEX_KEY: 'another-key-altogether-0123456789abcdef',
    });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/RECORDS_INDEX_KEY is not the key this database/);
    await expect(
      startApp(db, { RECORDS_INDEX_KEY: 'another-key-altogether-0123456789abcdef' }),
    ).rejects.toThrow(/RECORDS_INDEX_KEY is not the key this database/);
  });

  it('the daily job pseudonymizes the records closed longer than RECORDS_RETENTION_DAYS by the program’s clock', async () => {
    const byDays: Record<string, string> = {};
    for (const daysAgo of [800, 700]) {
      const e = await make.enroll();
      const exit = await make.intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
        to: 'WITHDRAWN',
      });
      expect(exit.status).toBe(200);
      await closeByCourt(db, e.referralId, addDays(today, -daysAgo), make.supervisors[0].staffId);
      byDays[daysAgo] = e.participantId;
    }
    const worker = await startApp(db, {
      JOB_RUNNER_ENABLED: 'true',
      RECORDS_RETENTION_DAYS: '731',
    });
    try {
      await db.query(`SELECT graphile_worker.add_job('pseudonymize_closed_records')`);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const row = await db.one(`SELECT record_status FROM participants WHERE id = $1`, [
          byDays[800],
        ]);
        if (row.record_status === 'PSEUDONYMIZED') break;
        if (Date.now() > deadline) throw new Error(`the job did not run:\n${worker.output()}`);
        await new Promise((r) => setTimeout(r, 300));
      }
      const younger = await db.one(`SELECT record_status FROM participants WHERE id = $1`, [
        byDays[700],
      ]);
      expect(younger.record_status).toBe('CLOSED');
    } finally {
      await worker.stop();
    }
  });
});

describe('records retention settings and key rotation', () => {
  const main = () => join(process.env.TEST_BUILD_DIR!, 'src', 'main.js');
  const runMain = (env: Record<string, string>) =>
    spawnSync(process.execPath, [main()], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('refuses a short key, a retention shorter than the follow-up, and production without a key', () => {
    const base = { DATABASE_URL: 'postgres://x@127.0.0.1:1/x' };
    const short = runMain({ ...base, RECORDS_INDEX_KEY: 'short' });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/RECORDS_INDEX_KEY must be at least 32 characters/);
    const days = runMain({ ...base, RECORDS_RETENTION_DAYS: '365' });
    expect(days.status).toBe(1);
    expect(days.stderr).toMatch(/RECORDS_RETENTION_DAYS must be at least 731/);
    const prod = runMain({ NODE_ENV: 'production' });
    expect(prod.status).toBe(1);
    expect(prod.stderr).toMatch(/RECORDS_INDEX_KEY is required when NODE_ENV=production/);
  });

  it('rotates the key with records:rekey: the stored index is re-keyed, pseudonymized rows too, and only the new chain is accepted', async () => {
    const db = await TestDatabase.create();
    let app = await startApp(db);
    try {
      const make = await ApiFactory.create(app, await loginAdmin(app));
      const e = await make.enroll();
      const exit = await make.intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
        to: 'WITHDRAWN',
      });
      expect(exit.status).toBe(200);
      // Read while the record is open: once closed, intake is shown nothing of it.
      const { dateOfBirth } = (await make.intake.get(`/participants/${e.participantId}`)).body;
      await closeByCourt(
        db,
        e.referralId,
        addDays(chicagoToday(), -30),
        make.supervisors[0].staffId,
      );
      const run = await cli(db, ['records:pseudonymize', '--closed-before', chicagoToday()]);
      expect(run.stdout).toContain('Pseudonymized 1 of 1');
      const before = await db.one(`SELECT identity_index FROM participants WHERE id = $1`, [
        e.participantId,
      ]);

      const dir = mkdtempSync(join(tmpdir(), 'rekey-'));
      const oldKeyFile = join(dir, 'old.key');
      writeFileSync(oldKeyFile, `${TEST_RECORDS_INDEX_KEY}\n`, { mode: 0o600 });
      const chain = `${TEST_RECORDS_INDEX_KEY},a-new-records-index-key-0123456789abcdef`;
      await app.stop();
      const wrongOld = join(dir, 'wrong.key');
      writeFileSync(wrongOld, 'not-the-key-this-database-has-0123456789');
      const refused = await cli(db, ['records:rekey', '--old-key-file', wrongOld], {
        RECORDS_INDEX_KEY: `not-the-key-this-database-has-0123456789,a-new-records-index-key-0123456789abcdef`,
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/does not hold the key/);
      const rekeyed = await cli(db, ['records:rekey', '--old-key-file', oldKeyFile], {
        RECORDS_INDEX_KEY: chain,
      });
      expect(rekeyed.stderr).not.toMatch(/Error/);
      expect(rekeyed.code).toBe(0);
      expect(rekeyed.stdout).toMatch(
        /Re-keyed the blind index of \d+ participants \(1 pseudonymized\)/,
      );
      const after = await db.one(`SELECT identity_index FROM participants WHERE id = $1`, [
        e.participantId,
      ]);
      expect(after.identity_index).toMatch(/^[0-9a-f]{64}$/);
      expect(after.identity_index).not.toBe(before.identity_index);

      // The old key alone is refused; the chain is accepted, and still recognises the person.
      await expect(startApp(db)).rejects.toThrow(/RECORDS_INDEX_KEY is not the key this database/);
      app = await startApp(db, { RECORDS_INDEX_KEY: chain });
      const again = await make.intake.on(app).post('/participants', {
        firstName: 'Someone',
        lastName: e.lastName,
        dateOfBirth,
      });
      expect({ status: again.status, body: again.body }).toMatchObject({
        status: 409,
        body: { recordClosed: true },
      });
    } finally {
      await app.stop();
      await db.close();
    }
  });
});
