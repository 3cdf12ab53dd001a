import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prng } from '../../scripts/lib/prng';
import { addDays, ApiFactory, chicagoToday, EntryRef } from './api-factory';
import { TEST_RECORDS_INDEX_KEY, TestDatabase } from './app';
import { phoneNumber } from './reminders';

/**
 * A year of a program's work for the retention tests, made through the API as staff make it
 * (registrations, referrals, checks, enrollments, payments, refunds, reversals, waivers, seats,
 * attendance with notes and corrections, consent and sent reminders, exits), then closed by the
 * court as the owner (a DISMISSED disposition, an expungement order) — the only rows written past
 * the API. Every identifying value a person was given is kept with them, so a test can look for
 * each one afterwards in every column of every table.
 */

export type Fate = 'OPEN' | 'CLOSED_LONG_AGO' | 'CLOSED_RECENTLY' | 'EXPUNGED';

export interface Person {
  index: number;
  fate: Fate;
  participantId: string;
  referralId: string;
  enrollmentId: string;
  programCode: 'JOHNZ_SCHOOL' | 'OAR';
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  stateIdNumber: string | null;
  /** Every value that names the person or was written about them in free text. */
  values: string[];
  /** The day the court closed the record (null: still open). */
  closedOn: string | null;
}

const marker = (prng: Prng) => `M${prng.uint32().toString(36)}${prng.uint32().toString(36)}`;
const letters = (prng: Prng, n: number) =>
  Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz'[prng.int(0, 25)]).join('');
const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

const expectStatus = (what: string, res: { status: number; body: unknown }, status: number) => {
  if (res.status !== status)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)} (expected ${status})`);
};

export interface WorldOptions {
  seed: number;
  /** Records closed by the court before this day are the ones pseudonymized. */
  cutoff: string;
  people: number;
  /** Sessions of the past days with seats, attendance and notes; a future one whose move is sent. */
  messages: boolean;
}

export interface World {
  people: Person[];
  today: string;
  receipts: string[];
}

/** The court's disposition (and an expungement order), as the owner. */
export async function closeByCourt(
  db: TestDatabase,
  referralId: string,
  decidedOn: string,
  staffId: string,
  refs: { court?: string; order?: string } = {},
): Promise<void> {
  await db.query(
    `INSERT INTO referral_dispositions (referral_id, disposition, decided_on, court_reference, recorded_by)
     VALUES ($1, 'DISMISSED', $2::date, $3, $4)`,
    [referralId, decidedOn, refs.court ?? null, staffId],
  );
  if (refs.order) {
    await db.query(
      `INSERT INTO referral_expungements (referral_id, ordered_on, order_reference, recorded_by)
       VALUES ($1, $2::date, $3, $4)`,
      [referralId, decidedOn, refs.order, staffId],
    );
  }
}

export async function buildWorld(
  db: TestDatabase,
  make: ApiFactory,
  opts: WorldOptions,
): Promise<World> {
  const prng = new Prng(opts.seed);
  const today = chicagoToday();
  const intake = make.intake;
  const finance = make.finance;
  const [supervisor] = make.supervisors;
  const fates: Fate[] = [
    'CLOSED_LONG_AGO',
    'CLOSED_LONG_AGO',
    'OPEN',
    'CLOSED_RECENTLY',
    'EXPUNGED',
  ];
  while (fates.length < opts.people)
    fates.push(prng.pick(['OPEN', 'CLOSED_LONG_AGO', 'CLOSED_LONG_AGO', 'EXPUNGED'] as Fate[]));
  const people: Person[] = [];
  const receipts: string[] = [];

  for (let i = 0; i < opts.people; i++) {
    const fate = fates[i];
    const values: string[] = [];
    const say = (text: string) => {
      values.push(text);
      return text;
    };
    // Person 1 is a close spelling of person 0, born the same day: a SUPERVISOR registers them
    // anyway, with the reason kept on the record (both share a fate, so their shared birth date
    // is erased from every row that holds it).
    const twin = i === 1;
    const firstName = twin ? people[0].firstName : capital(letters(prng, 10));
    const lastName = twin
      ? `${people[0].lastName.slice(0, -1)}${people[0].lastName.endsWith('q') ? 'z' : 'q'}`
      : capital(letters(prng, 12));
    const dateOfBirth = twin
      ? people[0].dateOfBirth
      : addDays('1960-01-01', i * 411 + prng.int(0, 400));
    const stateIdNumber = i % 3 !== 2 ? `MO-${prng.int(100000, 999999)}${letters(prng, 3)}` : null;
    const phone = phoneNumber();
    const email = `${lastName.toLowerCase()}.${letters(prng, 4)}@mail.example`;
    const address = `${prng.int(100, 9999)} ${capital(letters(prng, 8))} Ave, Kansas City MO`;
    say(firstName);
    say(lastName);
    say(dateOfBirth);
    say(phone.entered);
    say(phone.e164);
    say(email);
    say(address);
    if (stateIdNumber) {
      say(stateIdNumber);
      say(stateIdNumber.replace(/-/g, '').toUpperCase());
    }
    const registration = {
      firstName,
      lastName,
      dateOfBirth,
      phone: phone.entered,
      email,
      address,
      ...(stateIdNumber ? { stateIdNumber } : {}),
    };
    let p = await intake.post('/participants', registration);
    if (twin) {
      expectStatus('POST /participants (close spelling)', p, 409);
      p = await supervisor.post('/participants', {
        ...registration,
        overrideDuplicate: {
          reason: say(`Checked the ID of ${firstName} ${lastName} ${marker(prng)}`),
        },
      });
    }
    expectStatus('POST /participants', p, 201);

    const enrolledOn = addDays(today, -prng.int(40, 330));
    const caseNumber = `CR-${prng.int(1000, 9999)}-${letters(prng, 6).toUpperCase()}`;
    say(caseNumber);
    const r = await intake.post('/referrals', {
      participantId: p.body.id,
      caseNumber,
      jurisdiction: 'KC-MUNICIPAL',
      referringAgency: 'KCPD',
      offenseDate: addDays(enrolledOn, -prng.int(10, 60)),
      chargeCode: 'RSMo 567.030',
      offenseClass: 'B_MISDEMEANOR',
      minorInvolved: 'NO',
      priorProstitutionConvictions: 0,
      priorDiversionDeclared: false,
      pendingSimilarCharge: false,
      registeredSexOffender: false,
      traffickingCharge: false,
    });
    expectStatus('POST /referrals', r, 201);
    const c = await intake.post(`/referrals/${r.body.id}/eligibility-checks`);
    expectStatus('POST /referrals/:id/eligibility-checks', c, 201);
    const programCode = prng.pick(['JOHNZ_SCHOOL', 'OAR'] as const);
    const e = await intake.post('/enrollments', {
      referralId: r.body.id,
      programCode,
      agreementSignedOn: enrolledOn,
    });
    expectStatus('POST /enrollments', e, 201);
    const enrollmentId: string = e.body.id;
    const feeCents: number = e.body.feeCents;

    // Money: payments (some by check, with its number), a refund, a bounced check, a waiver.
    let balance = feeCents;
    let received = 0;
    const payments: EntryRef[] = [];
    for (let k = prng.int(0, 3); k > 0 && balance > 2000; k--) {
      const amount = prng.int(1000, Math.min(balance - 1000, 20000));
      const method = prng.pick(['CASH', 'CHECK', 'MONEY_ORDER', 'CARD']);
      const reference =
        method === 'CHECK' || method === 'MONEY_ORDER' ? say(`${marker(prng)}`) : undefined;
      const paid = await make.payment(enrollmentId, amount, {
        method,
        reference,
        receivedOn: addDays(enrolledOn, prng.int(0, Math.max(0, daysBetween(enrolledOn, today)))),
      });
      payments.push(paid);
      receipts.push(paid.receiptNumber!);
      balance -= amount;
      received += amount;
    }
    if (received > 1500 && prng.chance(0.5)) {
      await make.refund(enrollmentId, 500, {
        reason: say(`Paid twice, ${lastName} asked ${marker(prng)}`),
      });
      balance += 500;
      received -= 500;
    }
    const bounced = payments.find((x) => x.amountCents <= received);
    if (bounced && prng.chance(0.4)) {
      await make.reversal(bounced, {
        reason: say(`Check of ${firstName} returned ${marker(prng)}`),
      });
      balance += bounced.amountCents;
      received -= bounced.amountCents;
    }
    if (balance > 3000 && prng.chance(0.6)) {
      const requested = await finance.post(`/enrollments/${enrollmentId}/waiver-requests`, {
        amountCents: 2000,
        reason: 'OTHER',
        note: say(`${firstName} ${lastName} lost work ${marker(prng)}`),
      });
      expectStatus('POST waiver-requests', requested, 201);
      const approved = await supervisor.post(`/waiver-requests/${requested.body.id}/approve`, {
        note: say(`Approved for ${lastName} ${marker(prng)}`),
      });
      expectStatus('POST waiver-requests/:id/approve', approved, 200);
      balance -= 2000;
    } else if (!payments.length && prng.chance(0.5)) {
      const fee = await make.feeOf(enrollmentId);
      await make.reversal(fee, {
        reason: say(`Fee entered for the wrong ${lastName} ${marker(prng)}`),
      });
    }

    people.push({
      index: i,
      fate,
      participantId: p.body.id,
      referralId: r.body.id,
      enrollmentId,
      programCode,
      firstName,
      lastName,
      dateOfBirth,
      stateIdNumber,
      values,
      closedOn: null,
    });
  }

  // Classes: two held in the last days (seated late by a SUPERVISOR, with the reason; attendance
  // with notes, then corrected), and — for the reminders — one ahead that is moved.
  for (const programCode of ['JOHNZ_SCHOOL', 'OAR'] as const) {
    const seated = people.filter((x) => x.programCode === programCode);
    if (!seated.length) continue;
    for (const daysAgo of [3, 2]) {
      const startsAt = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
      const s = await supervisor.post('/sessions', {
        programCode,
        startsAt,
        endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
        location: '1201 Main St, Room 4',
        capacity: 30,
      });
      expectStatus('POST /sessions', s, 201);
      for (const x of seated) {
        const seat = await supervisor.post(`/sessions/${s.body.id}/seats`, {
          enrollmentId: x.enrollmentId,
          reason: sayOf(x, `${x.lastName} was at the door late ${marker(prng)}`),
        });
        expectStatus('POST seats', seat, 201);
      }
      const statuses = ['PRESENT', 'LATE', 'LEFT_EARLY', 'ABSENT', 'EXCUSED'];
      const first = seated.map((x) => ({
        enrollmentId: x.enrollmentId,
        status: prng.pick(statuses),
        note: sayOf(x, `${x.firstName} said ${marker(prng)}`),
      }));
      const taken = await supervisor.put(`/sessions/${s.body.id}/attendance`, { records: first });
      expectStatus('PUT attendance', taken, 200);
      const corrected = first.map((row, k) =>
        k % 2 === 0
          ? {
              ...row,
              status: 'PRESENT',
              note: sayOf(seated[k], `Corrected for ${seated[k].lastName} ${marker(prng)}`),
            }
          : row,
      );
      const again = await supervisor.put(`/sessions/${s.body.id}/attendance`, {
        records: corrected,
      });
      expectStatus('PUT attendance (corrected)', again, 200);
    }
    if (opts.messages) {
      const startsAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
      const s = await supervisor.post('/sessions', {
        programCode,
        startsAt,
        endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
        location: '1201 Main St, Room 4',
        capacity: 30,
      });
      expectStatus('POST /sessions (ahead)', s, 201);
      for (const x of seated) {
        for (const channel of ['SMS', 'EMAIL']) {
          const consent = await intake.post(`/participants/${x.participantId}/consents`, {
            channel,
            granted: true,
            source: 'SIGNED_AGREEMENT',
          });
          expectStatus('POST consents', consent, 201);
        }
        const seat = await intake.post(`/sessions/${s.body.id}/seats`, {
          enrollmentId: x.enrollmentId,
        });
        expectStatus('POST seats (ahead)', seat, 201);
      }
      const moved = await supervisor.patch(`/sessions/${s.body.id}`, {
        startsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
        endsAt: new Date(Date.parse(startsAt) + 3 * 3_600_000).toISOString(),
      });
      expectStatus('PATCH /sessions (moved)', moved, 200);
    }
  }
  if (opts.messages) {
    // Every seated person was told of the move, by text and by email.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { n } = await db.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages
          WHERE kind = 'SESSION_CHANGED' AND status IN ('SENT', 'DELIVERED')`,
      );
      if (n >= people.length * 2) break;
      if (Date.now() > deadline) throw new Error(`only ${n} session changes were sent`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  // Exits and the court.
  for (const x of people) {
    if (x.fate === 'OPEN') continue;
    const terminated = prng.chance(0.5);
    const exit = await intake.post(`/enrollments/${x.enrollmentId}/transitions`, {
      to: terminated ? 'TERMINATED' : 'WITHDRAWN',
      reason: terminated
        ? 'NON_COMPLIANCE'
        : sayOf(x, `${x.firstName} moved to Omaha ${marker(prng)}`),
      note: sayOf(x, `Talked to ${x.lastName} on the phone ${marker(prng)}`),
    });
    expectStatus('POST transitions', exit, 200);
    const decidedOn =
      x.fate === 'CLOSED_RECENTLY'
        ? addDays(opts.cutoff, prng.int(0, 3))
        : addDays(opts.cutoff, -prng.int(1, 200));
    await closeByCourt(db, x.referralId, decidedOn, supervisor.staffId, {
      court: sayOf(x, `16CR-${marker(prng)}`),
      ...(x.fate === 'EXPUNGED' ? { order: sayOf(x, `ORDER-${marker(prng)}`) } : {}),
    });
    x.closedOn = decidedOn;
  }
  return { people, today, receipts };
}

function sayOf(x: Person, text: string): string {
  x.values.push(text);
  return text;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/** Every text, varchar, array and JSON column of every table of the public schema. */
export async function textColumns(db: TestDatabase): Promise<{ table: string; column: string }[]> {
  return db.query(
    `SELECT c.table_name AS table, c.column_name AS column
       FROM information_schema.columns c
       JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
      ORDER BY 1, 2`,
  );
}

/** Where each value still occurs: `table.column` for every column that holds it (any case). */
export async function whereFound(
  db: TestDatabase,
  values: string[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const wanted = values.map((v) => [v, v.toLowerCase()] as const);
  for (const { table, column } of await textColumns(db)) {
    const rows = await db.query<{ v: string }>(
      `SELECT "${column}"::text AS v FROM "${table}" WHERE "${column}" IS NOT NULL`,
    );
    for (const { v } of rows) {
      const text = v.toLowerCase();
      for (const [value, lower] of wanted) {
        if (text.includes(lower)) {
          const places = found.get(value) ?? [];
          if (!places.includes(`${table}.${column}`)) places.push(`${table}.${column}`);
          found.set(value, places);
        }
      }
    }
  }
  return found;
}

/** A digest of every row of every table: equal digests, nothing written. */
export async function databaseDigest(db: TestDatabase): Promise<Record<string, string>> {
  const tables = await db.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const rows = await db.query<{ r: string }>(`SELECT x::text AS r FROM "${t}" x ORDER BY 1`);
    out[t] = createHash('sha256')
      .update(rows.map((r) => r.r).join('\n'))
      .digest('hex');
  }
  return out;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run cli -- …` as an operator runs it, against the test database. */
export function cli(
  db: TestDatabase,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(process.env.TEST_BUILD_DIR!, 'src', 'cli.js'), ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: db.apiUrl,
          MIGRATION_DATABASE_URL: db.url,
          DATA_DIR: mkdtempSync(join(tmpdir(), 'case-manager-cli-')),
          RECORDS_INDEX_KEY: TEST_RECORDS_INDEX_KEY,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The rows per table a run's output reports (`  table   n`). */
export function tablesOf(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stdout.matchAll(/^ {2}([a-z_]+)\s+(\d+)$/gm)) out[m[1]] = Number(m[2]);
  return out;
}

/** A seed for this run, printed so that a failure can be replayed (RETENTION_SEED=…). */
export function seedOfRun(): number {
  const given = process.env.RETENTION_SEED;
  return given ? Number(given) : randomBytes(4).readUInt32BE(0);
}

export { randomUUID };
