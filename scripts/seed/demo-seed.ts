import type { ClientBase } from 'pg';
import { ageOn } from '../../src/common/dates';
import { evaluate, EligibilityFacts } from '../../src/eligibility/rules';
import { caseKey, lastNameKey, stateIdKey } from '../../src/participants/identity';
import { bulkInsert, BulkColumn } from '../lib/bulk';
import { Prng } from '../lib/prng';
import { dateOf, dayOf, localTs, monthEnd, weekdayOf } from './demo-calendar';
import * as names from './demo-names';

/**
 * A realistic year of a county diversion program, generated in memory from a seed and written
 * with multi-row INSERTs in one transaction: intake (with every kind of ineligibility), both
 * programs' enrollments, sessions with seats and attendance, payments of every method with
 * gap-free receipt numbers, waivers, refunds, bounced checks, completions, terminations,
 * withdrawals, remittance batches and the audit trail those actions would have written.
 *
 * Writes as the database owner, but only what the API itself could have written: every check
 * constraint and trigger holds, and the invariants of test/seed-demo.e2e-spec.ts.
 */
export interface SeedOptions {
  participants: number;
  seed: number | string;
  /** The seeded year ends the day before this date (YYYY-MM-DD, America/Chicago). */
  asOf: string;
  /** Password hash given to every demo staff account. */
  staffPasswordHash: string;
  onProgress?: (p: { stage: string; done: number; total: number }) => void;
}

export interface SeedSummary {
  asOf: string;
  from: string;
  counts: Record<string, number>;
  staff: { email: string; roles: string[] }[];
}

type ProgramCode = 'JOHNZ_SCHOOL' | 'OAR';
type Plan = 'COMPLETE' | 'STALLED' | 'TERMINATE' | 'WITHDRAW';
type Method = 'CASH' | 'CHECK' | 'MONEY_ORDER' | 'CARD';
type Ineligibility =
  | 'NONE'
  | 'CHARGE_NOT_ELIGIBLE'
  | 'MINOR_INVOLVED'
  | 'MINOR_STATUS_UNVERIFIED'
  | 'PARTICIPANT_NOT_ADULT'
  | 'PRIOR_CONVICTION'
  | 'PRIOR_DIVERSION'
  | 'PENDING_CHARGE'
  | 'REGISTERED_SEX_OFFENDER'
  | 'TRAFFICKING_CHARGE';

interface Program {
  id: string;
  code: ProgramCode;
  feeCents: number;
  requiredSessions: number;
  windowDays: number;
}

interface Session {
  id: string;
  program: Program;
  day: number;
  startMinute: number;
  room: number;
  minutes: number;
  capacity: number;
  seats: number;
  cancelled: boolean;
  facilitatorId: string;
}

interface Entry {
  id: string;
  enrollmentId: string;
  kind: 'FEE' | 'PAYMENT' | 'WAIVER' | 'REFUND' | 'REVERSAL';
  amount: number;
  signed: number;
  method: Method | null;
  reference: string | null;
  receivedOn: string | null;
  receiptNumber: string | null;
  reason: string | null;
  note: string | null;
  reverses: string | null;
  waiverRequestId: string | null;
  at: string;
  day: number;
  by: string;
  /** What the entry adds to a remittance (0: not a money movement). */
  remit: number;
}

const PROGRAM_SETUP: Record<
  ProgramCode,
  { share: number; capacity: number; minutes: number; slots: [number, number][]; location: string }
> = {
  // [weekday, start minute]
  JOHNZ_SCHOOL: {
    share: 0.55,
    capacity: 40,
    minutes: 180,
    slots: [
      [6, 540],
      [3, 1080],
      [6, 780],
      [1, 1080],
      [4, 1080],
      [0, 780],
    ],
    location: 'Kansas City Municipal Court, 511 E 11th St, Room 4B',
  },
  OAR: {
    share: 0.45,
    capacity: 25,
    minutes: 120,
    slots: [
      [2, 1080],
      [4, 1080],
      [6, 600],
      [1, 1080],
      [3, 1080],
      [0, 600],
    ],
    location: 'The OAR Program, 3100 Main St, Suite 200',
  },
};

const STAFF: { key: string; roles: string[]; name: string }[] = [
  { key: 'admin1', roles: ['ADMIN'], name: 'Morgan Reyes' },
  { key: 'intake1', roles: ['INTAKE'], name: 'Dana Whitfield' },
  { key: 'intake2', roles: ['INTAKE'], name: 'Luis Ortega' },
  { key: 'intake3', roles: ['INTAKE'], name: 'Keisha Brown' },
  { key: 'facilitator1', roles: ['FACILITATOR'], name: 'Ruth Okafor' },
  { key: 'facilitator2', roles: ['FACILITATOR'], name: 'Tom Lindqvist' },
  { key: 'facilitator3', roles: ['FACILITATOR'], name: 'Angela Price' },
  { key: 'finance1', roles: ['FINANCE'], name: 'Priya Natarajan' },
  { key: 'finance2', roles: ['FINANCE'], name: 'Greg Hollis' },
  { key: 'supervisor1', roles: ['SUPERVISOR'], name: 'Janet Moore' },
  { key: 'supervisor2', roles: ['SUPERVISOR', 'INTAKE'], name: 'Carlos Medina' },
  { key: 'auditor1', roles: ['AUDITOR'], name: 'Helen Park' },
];

export const DEMO_STAFF_DOMAIN = 'demo.example';

const ATTENDED = new Set(['PRESENT', 'LATE']);
const STAFF_COLUMNS = /(_by|^by_staff_id|^facilitator_id|^actor_id)$/;

/** Generates the year and writes it in one transaction on `client` (owner connection). */
export async function seedDemo(client: ClientBase, opts: SeedOptions): Promise<SeedSummary> {
  const rng = new Prng(opts.seed);
  const asOfDay = dayOf(opts.asOf);
  const yearStart = asOfDay - 365;
  const progress = opts.onProgress ?? (() => undefined);

  await client.query('BEGIN');
  try {
    const existing = await client.query<{ n: string }>(
      `SELECT ((SELECT count(*) FROM participants) + (SELECT count(*) FROM class_sessions)
             + (SELECT count(*) FROM remittance_batches) + (SELECT count(*) FROM receipt_counters)) AS n`,
    );
    if (Number(existing.rows[0].n) > 0) {
      throw new Error(
        'the database already holds participants, sessions, receipts or remittances; seed an empty (migrated) database',
      );
    }
    const programs = (
      await client.query<{
        id: string;
        code: ProgramCode;
        fee_cents: string;
        required_sessions: number;
        completion_window_days: number;
      }>(
        `SELECT id, code, fee_cents, required_sessions, completion_window_days FROM programs ORDER BY code`,
      )
    ).rows.map((p): Program => ({
      id: p.id,
      code: p.code,
      feeCents: Number(p.fee_cents),
      requiredSessions: p.required_sessions,
      windowDays: p.completion_window_days,
    }));
    progress({ stage: 'generating', done: 0, total: 1 });
    const data = generate(rng, opts, programs, yearStart, asOfDay);

    const staffIds = new Map<string, string>();
    for (const s of STAFF) {
      const r = await client.query<{ id: string }>(
        `INSERT INTO staff (id, email, display_name, roles, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::timestamp AT TIME ZONE 'America/Chicago', $6::timestamp AT TIME ZONE 'America/Chicago')
         ON CONFLICT (email) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id`,
        [
          data.staff[s.key],
          `${s.key}@${DEMO_STAFF_DOMAIN}`,
          s.name,
          s.roles,
          opts.staffPasswordHash,
          localTs(yearStart - 30, 540),
        ],
      );
      staffIds.set(data.staff[s.key], r.rows[0].id);
    }
    // The demo's courts beyond the two the migration lists (kept if an ADMIN added them already).
    await client.query(
      `INSERT INTO courts (code, name) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT DO NOTHING`,
      [names.DEMO_COURTS.map((c) => c.code), names.DEMO_COURTS.map((c) => c.name)],
    );
    // A demo account that already existed keeps its id: point the generated rows at it.
    const remapStaff = (rows: unknown[][], columns: number[]) => {
      for (const r of rows)
        for (const i of columns) if (r[i] !== null) r[i] = staffIds.get(r[i] as string) ?? r[i];
    };
    remapStaff(data.waiverApprovals, [1]);

    const total = data.tables.reduce((s, t) => s + t.rows.length, 0);
    let done = 0;
    for (const t of data.tables) {
      remapStaff(
        t.rows,
        t.columns.flatMap((c, i) => (STAFF_COLUMNS.test(c.name) ? [i] : [])),
      );
      await bulkInsert(client, t.table, t.columns, t.rows, {
        onProgress: (n) => {
          done += n;
          progress({ stage: t.table, done, total });
        },
      });
      if (t.after) await t.after(client);
    }
    await client.query('COMMIT');
    // Fresh statistics: the planner would otherwise plan for the empty tables it last saw.
    await client.query('ANALYZE');
    const counts: Record<string, number> = {};
    for (const t of data.tables) counts[t.table] = (counts[t.table] ?? 0) + t.rows.length;
    return {
      asOf: opts.asOf,
      from: dateOf(yearStart),
      counts,
      staff: STAFF.map((s) => ({ email: `${s.key}@${DEMO_STAFF_DOMAIN}`, roles: s.roles })),
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

interface Table {
  table: string;
  columns: BulkColumn[];
  rows: unknown[][];
  after?: (client: ClientBase) => Promise<void>;
}

const col = (name: string, type: BulkColumn['type']): BulkColumn => ({ name, type });

function generate(
  rng: Prng,
  opts: SeedOptions,
  programs: Program[],
  yearStart: number,
  asOfDay: number,
): { staff: Record<string, string>; tables: Table[]; waiverApprovals: unknown[][] } {
  const staff: Record<string, string> = {};
  for (const s of STAFF) staff[s.key] = rng.uuid();
  const intake = [staff.intake1, staff.intake2, staff.intake3, staff.supervisor2];
  const facilitators = [staff.facilitator1, staff.facilitator2, staff.facilitator3];
  const finance = [staff.finance1, staff.finance2];
  const supervisors = [staff.supervisor1, staff.supervisor2];
  const byCode = new Map(programs.map((p) => [p.code, p]));

  const participants: unknown[][] = [];
  const referrals: unknown[][] = [];
  const checks: unknown[][] = [];
  const enrollments: unknown[][] = [];
  const transitions: unknown[][] = [];
  const sessionsRows: unknown[][] = [];
  const seats: unknown[][] = [];
  const attendance: unknown[][] = [];
  const revisions: unknown[][] = [];
  const waiverRows: unknown[][] = [];
  const waiverApprovals: unknown[][] = [];
  const entries: Entry[] = [];
  const batches: unknown[][] = [];
  const items: unknown[][] = [];
  const audit: unknown[][] = [];

  const event = (
    day: number,
    minute: number,
    actor: string,
    action: string,
    entityType: string,
    entityId: string,
    status = 201,
  ) =>
    audit.push([
      rng.uuid(),
      localTs(day, minute),
      actor,
      action,
      entityType,
      entityId,
      'SUCCESS',
      status,
      rng.uuid(),
      `10.20.${rng.int(0, 3)}.${rng.int(2, 250)}`,
    ]);

  // Sessions: enough weekly slots per program for its expected enrollments.
  const sessionsByProgram = new Map<ProgramCode, Session[]>();
  for (const p of programs) {
    const setup = PROGRAM_SETUP[p.code];
    const perYear = opts.participants * 0.86 * setup.share;
    const perWeek = Math.max(
      1,
      Math.ceil(((perYear / 52) * p.requiredSessions * 1.4) / setup.capacity),
    );
    const list: Session[] = [];
    for (let day = yearStart; day < asOfDay + 28; day++) {
      const wd = weekdayOf(day);
      for (let k = 0; k < perWeek; k++) {
        const [slotDay, slotMinute] = setup.slots[k % setup.slots.length];
        if (slotDay !== wd) continue;
        // Beyond the weekly slots, parallel classes in further rooms.
        const room = Math.floor(k / setup.slots.length);
        list.push({
          id: rng.uuid(),
          program: p,
          day,
          startMinute: slotMinute,
          room,
          minutes: setup.minutes,
          capacity: setup.capacity,
          seats: 0,
          cancelled: rng.chance(0.02),
          facilitatorId: rng.pick(facilitators),
        });
      }
    }
    list.sort((a, b) => a.day - b.day || a.startMinute - b.startMinute);
    sessionsByProgram.set(p.code, list);
    for (const s of list) {
      const createdDay = Math.max(yearStart - 20, s.day - 35);
      const creator = rng.pick(supervisors);
      const cancelledDay = s.day - rng.int(1, 3);
      const cancelled = s.cancelled && cancelledDay < asOfDay;
      s.cancelled = cancelled;
      sessionsRows.push([
        s.id,
        p.id,
        p.code,
        localTs(s.day, s.startMinute),
        localTs(s.day, s.startMinute + s.minutes),
        s.room === 0 ? setup.location : `${setup.location} (room ${s.room + 1})`,
        s.capacity,
        0,
        s.facilitatorId,
        rng.pick(names.TOPICS[p.code]),
        cancelled ? localTs(cancelledDay, 600) : null,
        cancelled ? creator : null,
        cancelled
          ? rng.pick(['Facilitator ill', 'Building closed (weather)', 'Room unavailable'])
          : null,
        localTs(createdDay, 600),
        creator,
      ]);
      event(createdDay, 600, creator, 'session.create', 'class_session', s.id);
      if (cancelled)
        event(cancelledDay, 600, creator, 'session.cancel', 'class_session', s.id, 200);
    }
  }

  // Intake days spread over the year, oldest first, so earlier enrollments take seats first.
  const intakeDays = Array.from(
    { length: opts.participants },
    () => yearStart + rng.int(0, 364),
  ).sort((a, b) => a - b);
  const identities = new Set<string>();
  const certificatePrefixes = new Set<string>();
  let caseSeq = 0;
  const secondReferrals: {
    participantId: string;
    dob: string;
    enrollmentId: string;
    afterDay: number;
  }[] = [];

  const newReferral = (
    participantId: string,
    dob: string,
    intakeDay: number,
    problem: Ineligibility,
    priorEnrollmentIds: string[],
  ) => {
    const referralId = rng.uuid();
    const [jurisdiction, agency, prefix] = rng.pick(names.JURISDICTIONS);
    const caseNumber = `${dateOf(intakeDay).slice(2, 4)}-${prefix}-${String(++caseSeq).padStart(6, '0')}`;
    const offenseDay = intakeDay - rng.int(7, 90);
    const facts: EligibilityFacts['referral'] = {
      offenseDate: dateOf(offenseDay),
      chargeCode: 'RSMo 567.030',
      offenseClass: 'B_MISDEMEANOR',
      minorInvolved: 'NO',
      victimAgeAtOffense: rng.chance(0.3) ? rng.int(19, 45) : null,
      priorProstitutionConvictions: 0,
      priorDiversionDeclared: false,
      pendingSimilarCharge: false,
      registeredSexOffender: false,
      traffickingCharge: false,
    };
    switch (problem) {
      case 'CHARGE_NOT_ELIGIBLE':
        if (rng.chance(0.5)) facts.offenseClass = 'A_MISDEMEANOR';
        else facts.chargeCode = 'RSMo 567.020';
        break;
      case 'MINOR_INVOLVED':
        if (rng.chance(0.6)) {
          facts.minorInvolved = 'YES';
          facts.victimAgeAtOffense = rng.int(14, 17);
        } else facts.victimAgeAtOffense = rng.int(15, 17);
        break;
      case 'MINOR_STATUS_UNVERIFIED':
        facts.minorInvolved = 'UNKNOWN';
        facts.victimAgeAtOffense = null;
        break;
      case 'PRIOR_CONVICTION':
        facts.priorProstitutionConvictions = rng.int(1, 2);
        break;
      case 'PRIOR_DIVERSION':
        facts.priorDiversionDeclared = true;
        break;
      case 'PENDING_CHARGE':
        facts.pendingSimilarCharge = true;
        break;
      case 'REGISTERED_SEX_OFFENDER':
        facts.registeredSexOffender = true;
        break;
      case 'TRAFFICKING_CHARGE':
        facts.traffickingCharge = true;
        break;
      default:
        break;
    }
    const clerk = rng.pick(intake);
    const minute = rng.int(540, 960);
    const check = (version: number, f: EligibilityFacts['referral'], day: number, m: number) => {
      const all: EligibilityFacts = {
        referral: f,
        participant: { ageAtOffense: ageOn(dob, f.offenseDate) },
        records: { priorEnrollmentIds },
      };
      const evaluation = evaluate(all);
      const id = rng.uuid();
      checks.push([
        id,
        referralId,
        evaluation.ruleSetVersion,
        version,
        evaluation.eligible,
        { screeningVersion: version, ...all },
        evaluation.reasons,
        localTs(day, m),
        clerk,
      ]);
      event(day, m, clerk, 'eligibility.check', 'eligibility_check', id);
      return { id, evaluation };
    };
    let result = check(1, facts, intakeDay, minute + 5);
    let version = 1;
    const childrenDivision = result.evaluation.reasons.some(
      (r) => r.code === 'MINOR_INVOLVED' && !r.passed,
    );
    let checkDay = intakeDay;
    // Half of the unknown-minor cases are verified later: the facts change, a fresh check passes.
    if (problem === 'MINOR_STATUS_UNVERIFIED' && rng.chance(0.5) && intakeDay + 10 < asOfDay) {
      checkDay = intakeDay + rng.int(3, 9);
      facts.minorInvolved = 'NO';
      version = 2;
      event(checkDay, minute, clerk, 'referral.update', 'referral', referralId, 200);
      result = check(2, facts, checkDay, minute + 3);
    }
    referrals.push([
      referralId,
      participantId,
      caseNumber,
      caseKey(caseNumber),
      jurisdiction,
      caseKey(jurisdiction),
      agency,
      facts.offenseDate,
      facts.chargeCode,
      facts.offenseClass,
      facts.minorInvolved,
      facts.victimAgeAtOffense,
      facts.priorProstitutionConvictions,
      facts.priorDiversionDeclared,
      facts.pendingSimilarCharge,
      facts.registeredSexOffender,
      facts.traffickingCharge,
      childrenDivision,
      version,
      localTs(intakeDay, minute),
      clerk,
      localTs(checkDay, minute),
    ]);
    event(intakeDay, minute, clerk, 'referral.create', 'referral', referralId);
    return {
      referralId,
      checkId: result.id,
      eligible: result.evaluation.eligible,
      checkDay,
      clerk,
    };
  };

  for (const intakeDay of intakeDays) {
    const problem = rng.weighted<Ineligibility>({
      NONE: 860,
      CHARGE_NOT_ELIGIBLE: 20,
      MINOR_INVOLVED: 15,
      MINOR_STATUS_UNVERIFIED: 25,
      PARTICIPANT_NOT_ADULT: 10,
      PRIOR_CONVICTION: 25,
      PRIOR_DIVERSION: 20,
      PENDING_CHARGE: 12,
      REGISTERED_SEX_OFFENDER: 8,
      TRAFFICKING_CHARGE: 5,
    });
    // Identity: a new person each time (unique normalized last name + date of birth + state id).
    let first: string, last: string, dob: string, stateId: string | null, key: string;
    do {
      first = rng.pick(names.FIRST);
      last = rng.pick(names.LAST);
      const age = problem === 'PARTICIPANT_NOT_ADULT' ? 17 : rng.int(19, 68);
      dob = dateOf(intakeDay - 60 - Math.floor(age * 365.25) - rng.int(0, 300));
      stateId = rng.chance(0.65)
        ? `${rng.pick(['A', 'B', 'E', 'K', 'M', 'S'])}${rng.int(100000000, 999999999)}`
        : null;
      key = `${lastNameKey(last)}|${dob}|${stateId ? stateIdKey(stateId) : ''}`;
    } while (identities.has(key));
    identities.add(key);
    if (problem === 'PARTICIPANT_NOT_ADULT' && ageOn(dob, dateOf(intakeDay - 7)) >= 18) {
      dob = dateOf(intakeDay - 100 - 17 * 365);
    }
    const participantId = rng.uuid();
    const clerk = rng.pick(intake);
    const pMinute = rng.int(540, 950);
    participants.push([
      participantId,
      first,
      last,
      lastNameKey(last),
      dob,
      stateId,
      stateId ? stateIdKey(stateId) : null,
      rng.chance(0.85) ? `(816) 555-${String(rng.int(0, 9999)).padStart(4, '0')}` : null,
      rng.chance(0.6)
        ? `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `${rng.int(1, 99)}@example.com`
        : null,
      rng.chance(0.7)
        ? `${rng.int(100, 9999)} ${rng.pick(names.STREETS)}, Kansas City, MO 641${rng.int(10, 99)}`
        : null,
      localTs(intakeDay, pMinute),
      clerk,
      localTs(intakeDay, pMinute),
    ]);
    event(intakeDay, pMinute, clerk, 'participant.create', 'participant', participantId);

    const ref = newReferral(participantId, dob, intakeDay, problem, []);
    if (!ref.eligible) continue;
    const enrolledDay = ref.checkDay + rng.int(0, 12);
    // Not yet enrolled (agreement still being signed) or declined the offer.
    if (enrolledDay >= asOfDay || rng.chance(0.03)) continue;
    const program = byCode.get(
      rng.chance(PROGRAM_SETUP.JOHNZ_SCHOOL.share) ? 'JOHNZ_SCHOOL' : 'OAR',
    )!;
    let enrollmentId: string;
    do enrollmentId = rng.uuid();
    while (certificatePrefixes.has(enrollmentId.slice(0, 8)));
    certificatePrefixes.add(enrollmentId.slice(0, 8));
    const outcome = simulateEnrollment(enrollmentId, program, enrolledDay, ref.clerk);
    enrollments.push([
      enrollmentId,
      participantId,
      ref.referralId,
      ref.checkId,
      program.id,
      program.code,
      outcome.status,
      dateOf(enrolledDay),
      dateOf(enrolledDay),
      dateOf(enrolledDay + program.windowDays),
      program.feeCents,
      program.requiredSessions,
      outcome.certificate,
      outcome.closedDay === null ? null : dateOf(outcome.closedDay),
      outcome.closedReason,
      localTs(enrolledDay, 545),
      ref.clerk,
      localTs(outcome.closedDay ?? enrolledDay, outcome.closedDay === null ? 545 : 1000),
    ]);
    if (rng.chance(0.012)) {
      secondReferrals.push({ participantId, dob, enrollmentId, afterDay: enrolledDay });
    }
  }

  // A second arrest of someone already enrolled: the system's own records make it ineligible.
  for (const s of secondReferrals) {
    const day = s.afterDay + rng.int(30, 200);
    if (day < asOfDay) newReferral(s.participantId, s.dob, day, 'NONE', [s.enrollmentId]);
  }

  function simulateEnrollment(
    enrollmentId: string,
    program: Program,
    enrolledDay: number,
    clerk: string,
  ): {
    status: string;
    certificate: string | null;
    closedDay: number | null;
    closedReason: string | null;
  } {
    const plan = rng.weighted<Plan>({ COMPLETE: 76, STALLED: 8, TERMINATE: 11, WITHDRAW: 5 });
    const deadlineDay = enrolledDay + program.windowDays;
    const required = program.requiredSessions;
    event(enrolledDay, 545, clerk, 'enrollment.create', 'enrollment', enrollmentId);
    const fee = program.feeCents;
    entries.push(entry(enrollmentId, 'FEE', fee, fee, enrolledDay, 540, clerk));

    // Seats and attendance.
    const target =
      plan === 'COMPLETE'
        ? required
        : plan === 'STALLED'
          ? rng.int(1, Math.max(1, required - 1))
          : plan === 'TERMINATE'
            ? rng.int(0, required - 1)
            : rng.int(0, 1);
    const list = sessionsByProgram.get(program.code)!;
    let attended = 0;
    let absencesAfterTarget = 0;
    let lastSeatDay = enrolledDay;
    let nextAllowed = enrolledDay + 2;
    let futureSeats = 0;
    // The first session after enrolling, by binary search (the list is in start order).
    let lo = 0;
    for (let hi = list.length; lo < hi;) {
      const mid = (lo + hi) >> 1;
      if (list[mid].day < nextAllowed) lo = mid + 1;
      else hi = mid;
    }
    for (const s of list.slice(lo)) {
      if (s.day < nextAllowed || s.cancelled || s.seats >= s.capacity) continue;
      if (s.day > deadlineDay) break;
      const future = s.day >= asOfDay;
      if (attended >= target && (plan !== 'TERMINATE' || absencesAfterTarget >= 2)) break;
      if (future && (plan === 'TERMINATE' || plan === 'WITHDRAW' || futureSeats >= 1)) break;
      s.seats++;
      const seatDay = Math.max(enrolledDay, s.day - rng.int(1, 10));
      const seater = rng.pick(intake);
      seats.push([s.id, enrollmentId, localTs(seatDay, rng.int(600, 1000)), seater]);
      event(seatDay, 600, seater, 'session.seat', 'class_session', s.id);
      lastSeatDay = s.day;
      nextAllowed = s.day + rng.int(5, 12);
      if (future) {
        futureSeats++;
        continue;
      }
      let status: string =
        plan === 'TERMINATE' && attended >= target
          ? 'ABSENT'
          : rng.weighted({ PRESENT: 82, LATE: 7, LEFT_EARLY: 4, ABSENT: 5, EXCUSED: 2 });
      if (plan === 'TERMINATE' && attended >= target) absencesAfterTarget++;
      const recordedMinute = s.startMinute + s.minutes + rng.int(0, 45);
      const recordedAt = localTs(s.day, recordedMinute);
      revisions.push([s.id, enrollmentId, null, null, status, null, recordedAt, s.facilitatorId]);
      let note: string | null = null;
      if (status === 'ABSENT' && rng.chance(0.3) && s.day + 1 < asOfDay) {
        // Corrected the next day: a doctor's note turns the absence into an excused one.
        note = "Doctor's note provided";
        revisions.push([
          s.id,
          enrollmentId,
          status,
          null,
          'EXCUSED',
          note,
          localTs(s.day + 1, 600),
          s.facilitatorId,
        ]);
        status = 'EXCUSED';
      }
      attendance.push([s.id, enrollmentId, status, note, recordedAt, s.facilitatorId]);
      if (ATTENDED.has(status)) attended++;
    }

    // Closing day for the plans that end early (after the last seat).
    let closeDay: number | null = null;
    let closedReason: string | null = null;
    if (plan === 'TERMINATE') {
      closedReason = rng.weighted({
        NON_COMPLIANCE: 50,
        DEADLINE_MISSED: 25,
        NEW_OFFENSE: 15,
        OTHER: 10,
      });
      closeDay =
        closedReason === 'DEADLINE_MISSED'
          ? Math.max(deadlineDay, lastSeatDay) + rng.int(1, 14)
          : lastSeatDay + rng.int(7, 30);
    } else if (plan === 'WITHDRAW') {
      closedReason = rng.pick([
        'Moved out of state',
        'Chose to return to court',
        'Retained counsel; case refiled',
      ]);
      closeDay = Math.max(enrolledDay + rng.int(5, 40), lastSeatDay + 1);
    }
    if (closeDay !== null && closeDay >= asOfDay) {
      closeDay = null;
      closedReason = null;
    }
    const lastDay = (closeDay ?? asOfDay) - 1;

    // Waiver: requested and approved early, so it never exceeds the balance at approval.
    let waived = 0;
    let lastMoneyDay = enrolledDay;
    if ((plan === 'COMPLETE' || plan === 'STALLED') && rng.chance(0.1)) {
      const amount = Math.round((fee * rng.pick([0.25, 0.5, 0.75, 1])) / 100) * 100;
      const requestDay = enrolledDay + rng.int(1, 14);
      const approveDay = requestDay + rng.int(1, 5);
      if (requestDay <= lastDay) {
        const requestId = rng.uuid();
        const requester = rng.pick([...finance, clerk]);
        const note = rng.pick(names.WAIVER_NOTES);
        const approver = rng.pick(supervisors.filter((s) => s !== requester));
        const decided = approveDay <= lastDay;
        waiverRows.push([
          requestId,
          enrollmentId,
          amount,
          'ABILITY_TO_PAY',
          note,
          'PENDING',
          requester,
          localTs(requestDay, 660),
        ]);
        event(requestDay, 660, requester, 'waiver.request', 'waiver_request', requestId);
        if (decided) {
          const e = entry(enrollmentId, 'WAIVER', amount, -amount, approveDay, 700, approver);
          e.reason = 'ABILITY_TO_PAY';
          e.note = note;
          e.waiverRequestId = requestId;
          entries.push(e);
          waiverApprovals.push([
            requestId,
            approver,
            localTs(approveDay, 700),
            'Income documentation reviewed',
            e.id,
          ]);
          event(approveDay, 700, approver, 'waiver.approve', 'waiver_request', requestId, 200);
          waived = amount;
          lastMoneyDay = Math.max(lastMoneyDay, approveDay);
        }
      }
    } else if (rng.chance(0.02) && enrolledDay + 3 <= lastDay) {
      // A request a supervisor turned down.
      const requestId = rng.uuid();
      const requester = rng.pick(finance);
      const decider = rng.pick(supervisors);
      const day = enrolledDay + 3;
      waiverRows.push([
        requestId,
        enrollmentId,
        Math.round(fee / 2),
        'OTHER',
        'Participant asked for a reduction',
        'REJECTED',
        requester,
        localTs(day, 660),
        decider,
        localTs(day, 720),
        'No hardship documented',
      ]);
      event(day, 660, requester, 'waiver.request', 'waiver_request', requestId);
      event(day, 720, decider, 'waiver.reject', 'waiver_request', requestId, 200);
    }

    // Installments over the time the participant attends.
    const toPay = fee - waived;
    let received = 0;
    let balance = fee - waived;
    if (toPay > 0) {
      let n = rng.pick([1, 1, 2, 2, 3, 4]);
      const unit = Math.floor(toPay / n / 500) * 500;
      if (unit === 0) n = 1;
      const span = Math.max(14, lastSeatDay - enrolledDay);
      const stop = plan === 'STALLED' ? Math.ceil(n / 2) : n;
      let paid = 0;
      for (let k = 0; k < stop; k++) {
        const amount = k === n - 1 ? toPay - paid : unit;
        const day = enrolledDay + Math.floor((k * span) / n) + rng.int(0, 3);
        if (day > lastDay) break;
        const method = rng.weighted<Method>({ CASH: 25, CHECK: 20, MONEY_ORDER: 30, CARD: 25 });
        const pay = payment(enrollmentId, amount, method, day, 600 + k * 7);
        entries.push(pay);
        paid += amount;
        received += amount;
        balance -= amount;
        lastMoneyDay = Math.max(lastMoneyDay, day);
        if (method === 'CHECK' && rng.chance(0.12)) {
          // A bounced check: reversed, then paid again by money order.
          const reverseDay = day + rng.int(3, 10);
          if (reverseDay > lastDay) continue;
          const supervisor = rng.pick(supervisors);
          const rev = entry(
            enrollmentId,
            'REVERSAL',
            amount,
            amount,
            reverseDay,
            630 + k,
            supervisor,
          );
          rev.reverses = pay.id;
          rev.reason = 'Check returned unpaid (NSF)';
          rev.remit = -amount;
          entries.push(rev);
          event(reverseDay, 630 + k, supervisor, 'ledger.reversal.record', 'ledger_entry', rev.id);
          received -= amount;
          balance += amount;
          lastMoneyDay = Math.max(lastMoneyDay, reverseDay);
          const againDay = reverseDay + rng.int(1, 7);
          if (againDay > lastDay) continue;
          entries.push(payment(enrollmentId, amount, 'MONEY_ORDER', againDay, 640 + k));
          received += amount;
          balance -= amount;
          lastMoneyDay = Math.max(lastMoneyDay, againDay);
        }
      }
    }

    // Withdrawals get their money back (all of it, or half).
    if (plan === 'WITHDRAW' && closeDay !== null && received > 0) {
      const refundDay = closeDay + rng.int(3, 20);
      if (refundDay < asOfDay) {
        const amount = rng.chance(0.7) ? received : Math.max(100, Math.round(received / 200) * 100);
        const by = rng.pick(finance);
        const e = entry(enrollmentId, 'REFUND', amount, amount, refundDay, 690, by);
        e.method = 'CHECK';
        e.reference = `Check #${rng.int(5000, 9999)}`;
        e.reason = 'Withdrew before completing; fees returned per program policy';
        e.receivedOn = dateOf(refundDay);
        e.remit = -amount;
        entries.push(e);
        event(refundDay, 690, by, 'ledger.refund.record', 'ledger_entry', e.id);
        received -= amount;
        balance += amount;
      }
    }

    if (closeDay !== null) {
      transitions.push([
        enrollmentId,
        'ACTIVE',
        plan === 'TERMINATE' ? 'TERMINATED' : 'WITHDRAWN',
        closedReason,
        null,
        localTs(closeDay, 1000),
        clerk,
      ]);
      event(closeDay, 1000, clerk, 'enrollment.transition', 'enrollment', enrollmentId, 200);
      return {
        status: plan === 'TERMINATE' ? 'TERMINATED' : 'WITHDRAWN',
        certificate: null,
        closedDay: closeDay,
        closedReason,
      };
    }
    if (plan === 'COMPLETE' && attended >= required && balance === 0 && futureSeats === 0) {
      const completeDay = Math.max(lastSeatDay, lastMoneyDay) + rng.int(1, 10);
      if (completeDay < asOfDay) {
        const certificate = `C-${dateOf(completeDay).slice(0, 4)}-${enrollmentId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
        transitions.push([
          enrollmentId,
          'ACTIVE',
          'COMPLETED',
          null,
          'All sessions attended; fee settled',
          localTs(completeDay, 1000),
          clerk,
        ]);
        event(completeDay, 1000, clerk, 'enrollment.transition', 'enrollment', enrollmentId, 200);
        return { status: 'COMPLETED', certificate, closedDay: completeDay, closedReason: null };
      }
    }
    return { status: 'ACTIVE', certificate: null, closedDay: null, closedReason: null };
  }

  function entry(
    enrollmentId: string,
    kind: Entry['kind'],
    amount: number,
    signed: number,
    day: number,
    minute: number,
    by: string,
  ): Entry {
    return {
      id: rng.uuid(),
      enrollmentId,
      kind,
      amount,
      signed,
      method: null,
      reference: null,
      receivedOn: null,
      receiptNumber: null,
      reason: null,
      note: null,
      reverses: null,
      waiverRequestId: null,
      at: localTs(day, minute),
      day,
      by,
      remit: 0,
    };
  }

  function payment(
    enrollmentId: string,
    amount: number,
    method: Method,
    day: number,
    minute: number,
  ): Entry {
    const by = rng.pick(finance);
    const e = entry(enrollmentId, 'PAYMENT', amount, -amount, day, minute, by);
    e.method = method;
    e.receivedOn = dateOf(day);
    e.reference =
      method === 'CHECK'
        ? `Check #${rng.int(1000, 4999)}`
        : method === 'MONEY_ORDER'
          ? `MO ${rng.int(10_000_000, 99_999_999)}`
          : method === 'CARD'
            ? `Card ending ${rng.int(1000, 9999)}`
            : null;
    e.remit = amount;
    event(day, minute, by, 'ledger.payment.record', 'ledger_entry', e.id);
    return e;
  }

  // Receipt numbers: per calendar year of the received date, in the order payments came in.
  const payments = entries
    .filter((e) => e.kind === 'PAYMENT')
    .sort((a, b) => a.day - b.day || (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  const counters = new Map<number, number>();
  for (const p of payments) {
    const year = Number(p.receivedOn!.slice(0, 4));
    const n = (counters.get(year) ?? 0) + 1;
    counters.set(year, n);
    p.receiptNumber = `R-${year}-${String(n).padStart(6, '0')}`;
  }

  // Monthly remittances: every movement dated up to the month's end that no batch took yet.
  const movements = entries
    .filter((e) => e.remit !== 0)
    .map((e) => ({ e, date: e.kind === 'PAYMENT' ? e.day : e.day }))
    .sort((a, b) => a.date - b.date);
  const taken = new Set<string>();
  const periodEnds: number[] = [];
  for (let pe = monthEnd(yearStart); pe + 1 < asOfDay; pe = monthEnd(pe + 1)) periodEnds.push(pe);
  let batchNo = 0;
  for (const [i, pe] of periodEnds.entries()) {
    const createdDay = pe + rng.int(1, 3);
    if (createdDay >= asOfDay) continue;
    const batchItems = movements.filter((m) => m.date <= pe && !taken.has(m.e.id));
    if (batchItems.length === 0) continue;
    const total = batchItems.reduce((s, m) => s + m.e.remit, 0);
    const by = rng.pick(finance);
    batchNo++;
    if (batchNo === 3) {
      // Built with the wrong period first, voided the same day, items released.
      const voided = rng.uuid();
      const voider = rng.pick(supervisors);
      batches.push([
        voided,
        dateOf(pe),
        'VOIDED',
        total,
        batchItems.length,
        null,
        null,
        localTs(createdDay, 600),
        by,
        null,
        null,
        localTs(createdDay, 615),
        voider,
        'Built before the last deposits posted',
      ]);
      for (const m of batchItems) items.push([voided, m.e.id, m.e.remit, false]);
      event(createdDay, 600, by, 'remittance.create', 'remittance_batch', voided);
      event(createdDay, 615, voider, 'remittance.void', 'remittance_batch', voided, 200);
    }
    const id = rng.uuid();
    const sentDay = createdDay + rng.int(1, 5);
    const sent = i < periodEnds.length - 1 && sentDay < asOfDay;
    batches.push([
      id,
      dateOf(pe),
      sent ? 'SENT' : 'DRAFT',
      total,
      batchItems.length,
      sent ? `ACH-${dateOf(pe).slice(0, 7).replace('-', '')}-${rng.int(1000, 9999)}` : null,
      sent ? dateOf(sentDay) : null,
      localTs(createdDay, 630),
      by,
      sent ? localTs(sentDay, 900) : null,
      sent ? by : null,
      null,
      null,
      null,
    ]);
    event(createdDay, 630, by, 'remittance.create', 'remittance_batch', id);
    if (sent) event(sentDay, 900, by, 'remittance.send', 'remittance_batch', id, 200);
    for (const m of batchItems) {
      taken.add(m.e.id);
      items.push([id, m.e.id, m.e.remit, true]);
    }
  }

  // Roster submissions: one audit event per session with attendance (the PUT of the roster).
  const rosterSessions = new Map<string, string>();
  for (const r of attendance)
    if (!rosterSessions.has(r[0] as string)) rosterSessions.set(r[0] as string, r[4] as string);
  const sessionById = new Map([...sessionsByProgram.values()].flat().map((s) => [s.id, s]));
  for (const [sessionId, at] of rosterSessions) {
    const s = sessionById.get(sessionId)!;
    audit.push([
      rng.uuid(),
      at,
      s.facilitatorId,
      'session.attendance',
      'class_session',
      sessionId,
      'SUCCESS',
      200,
      rng.uuid(),
      '10.20.1.40',
    ]);
  }

  const entryRow = (e: Entry) => [
    e.id,
    e.enrollmentId,
    e.kind,
    e.amount,
    e.signed,
    e.method,
    e.reference,
    e.receivedOn,
    e.receiptNumber,
    e.reason,
    e.note,
    e.reverses,
    e.waiverRequestId,
    e.at,
    e.by,
  ];
  const entryColumns = [
    col('id', 'uuid'),
    col('enrollment_id', 'uuid'),
    col('kind', 'text'),
    col('amount_cents', 'bigint'),
    col('signed_amount_cents', 'bigint'),
    col('method', 'text'),
    col('reference', 'text'),
    col('received_on', 'date'),
    col('receipt_number', 'text'),
    col('reason', 'text'),
    col('note', 'text'),
    col('reverses_entry_id', 'uuid'),
    col('waiver_request_id', 'uuid'),
    col('created_at', 'localts'),
    col('created_by', 'uuid'),
  ];
  const sessionSeatCounts = [...sessionsByProgram.values()].flat().map((s) => [s.id, s.seats]);
  const pendingWaivers = waiverRows.filter((w) => w.length === 8);
  const decidedWaivers = waiverRows.filter((w) => w.length > 8);

  return {
    staff,
    waiverApprovals,
    tables: [
      {
        table: 'participants',
        columns: [
          col('id', 'uuid'),
          col('first_name', 'text'),
          col('last_name', 'text'),
          col('last_name_key', 'text'),
          col('date_of_birth', 'date'),
          col('state_id_number', 'text'),
          col('state_id_key', 'text'),
          col('phone', 'text'),
          col('email', 'text'),
          col('address', 'text'),
          col('created_at', 'localts'),
          col('created_by', 'uuid'),
          col('updated_at', 'localts'),
        ],
        rows: participants,
      },
      {
        table: 'referrals',
        columns: [
          col('id', 'uuid'),
          col('participant_id', 'uuid'),
          col('case_number', 'text'),
          col('case_number_key', 'text'),
          col('jurisdiction', 'text'),
          col('jurisdiction_key', 'text'),
          col('referring_agency', 'text'),
          col('offense_date', 'date'),
          col('charge_code', 'text'),
          col('offense_class', 'text'),
          col('minor_involved', 'text'),
          col('victim_age_at_offense', 'int'),
          col('prior_prostitution_convictions', 'int'),
          col('prior_diversion_declared', 'bool'),
          col('pending_similar_charge', 'bool'),
          col('registered_sex_offender', 'bool'),
          col('trafficking_charge', 'bool'),
          col('children_division_report_required', 'bool'),
          col('screening_version', 'int'),
          col('created_at', 'localts'),
          col('created_by', 'uuid'),
          col('updated_at', 'localts'),
        ],
        rows: referrals,
      },
      {
        table: 'eligibility_checks',
        columns: [
          col('id', 'uuid'),
          col('referral_id', 'uuid'),
          col('rule_set_version', 'text'),
          col('screening_version', 'int'),
          col('eligible', 'bool'),
          col('input_snapshot', 'jsonb'),
          col('reasons', 'jsonb'),
          col('checked_at', 'localts'),
          col('checked_by', 'uuid'),
        ],
        rows: checks,
      },
      {
        table: 'enrollments',
        columns: [
          col('id', 'uuid'),
          col('participant_id', 'uuid'),
          col('referral_id', 'uuid'),
          col('eligibility_check_id', 'uuid'),
          col('program_id', 'uuid'),
          col('program_code', 'text'),
          col('status', 'text'),
          col('agreement_signed_on', 'date'),
          col('enrolled_on', 'date'),
          col('deadline', 'date'),
          col('fee_cents', 'bigint'),
          col('required_sessions', 'int'),
          col('certificate_number', 'text'),
          col('closed_on', 'date'),
          col('closed_reason', 'text'),
          col('created_at', 'localts'),
          col('created_by', 'uuid'),
          col('updated_at', 'localts'),
        ],
        rows: enrollments,
      },
      {
        table: 'enrollment_transitions',
        columns: [
          col('enrollment_id', 'uuid'),
          col('from_status', 'text'),
          col('to_status', 'text'),
          col('reason', 'text'),
          col('note', 'text'),
          col('at', 'localts'),
          col('by_staff_id', 'uuid'),
        ],
        rows: transitions,
      },
      {
        table: 'class_sessions',
        columns: [
          col('id', 'uuid'),
          col('program_id', 'uuid'),
          col('program_code', 'text'),
          col('starts_at', 'localts'),
          col('ends_at', 'localts'),
          col('location', 'text'),
          col('capacity', 'int'),
          col('seats_taken', 'int'),
          col('facilitator_id', 'uuid'),
          col('topic', 'text'),
          col('cancelled_at', 'localts'),
          col('cancelled_by', 'uuid'),
          col('cancel_reason', 'text'),
          col('created_at', 'localts'),
          col('created_by', 'uuid'),
        ],
        rows: sessionsRows,
      },
      {
        table: 'session_seats',
        columns: [
          col('session_id', 'uuid'),
          col('enrollment_id', 'uuid'),
          col('seated_at', 'localts'),
          col('seated_by', 'uuid'),
        ],
        rows: seats,
        // The counter the API keeps with its conditional UPDATE, set once for all seats.
        after: async (client) => {
          await client.query(
            `UPDATE class_sessions c SET seats_taken = x.n
               FROM unnest($1::uuid[], $2::int[]) AS x(id, n) WHERE c.id = x.id AND x.n > 0`,
            [sessionSeatCounts.map((r) => r[0]), sessionSeatCounts.map((r) => r[1])],
          );
        },
      },
      {
        table: 'attendance_records',
        columns: [
          col('session_id', 'uuid'),
          col('enrollment_id', 'uuid'),
          col('status', 'text'),
          col('note', 'text'),
          col('recorded_at', 'localts'),
          col('recorded_by', 'uuid'),
        ],
        rows: attendance,
      },
      {
        table: 'attendance_revisions',
        columns: [
          col('session_id', 'uuid'),
          col('enrollment_id', 'uuid'),
          col('previous_status', 'text'),
          col('previous_note', 'text'),
          col('new_status', 'text'),
          col('new_note', 'text'),
          col('changed_at', 'localts'),
          col('changed_by', 'uuid'),
        ],
        rows: revisions,
      },
      {
        table: 'waiver_requests',
        columns: [
          col('id', 'uuid'),
          col('enrollment_id', 'uuid'),
          col('amount_cents', 'bigint'),
          col('reason', 'text'),
          col('note', 'text'),
          col('status', 'text'),
          col('requested_by', 'uuid'),
          col('requested_at', 'localts'),
        ],
        rows: pendingWaivers,
      },
      {
        table: 'waiver_requests',
        columns: [
          col('id', 'uuid'),
          col('enrollment_id', 'uuid'),
          col('amount_cents', 'bigint'),
          col('reason', 'text'),
          col('note', 'text'),
          col('status', 'text'),
          col('requested_by', 'uuid'),
          col('requested_at', 'localts'),
          col('decided_by', 'uuid'),
          col('decided_at', 'localts'),
          col('decision_note', 'text'),
        ],
        rows: decidedWaivers,
      },
      {
        table: 'ledger_entries',
        columns: entryColumns,
        rows: entries.filter((e) => e.kind !== 'REVERSAL').map(entryRow),
      },
      {
        // After their targets: the reversal trigger looks each target up.
        table: 'ledger_entries',
        columns: entryColumns,
        rows: entries.filter((e) => e.kind === 'REVERSAL').map(entryRow),
        after: async (client) => {
          const ids = waiverApprovals.map((w) => w[0]);
          await client.query(
            `UPDATE waiver_requests w
                SET status = 'APPROVED', decided_by = x.by, decided_at = x.at AT TIME ZONE 'America/Chicago',
                    decision_note = x.note, ledger_entry_id = x.entry
               FROM unnest($1::uuid[], $2::uuid[], $3::timestamp[], $4::text[], $5::uuid[])
                    AS x(id, by, at, note, entry)
              WHERE w.id = x.id`,
            [ids, ...[1, 2, 3, 4].map((i) => waiverApprovals.map((w) => w[i]))],
          );
          const years = [...counters.entries()];
          if (years.length) {
            await client.query(
              `INSERT INTO receipt_counters (year, last_number) SELECT * FROM unnest($1::int[], $2::int[])`,
              [years.map((y) => y[0]), years.map((y) => y[1])],
            );
          }
        },
      },
      {
        table: 'remittance_batches',
        columns: [
          col('id', 'uuid'),
          col('period_end', 'date'),
          col('status', 'text'),
          col('total_cents', 'bigint'),
          col('item_count', 'int'),
          col('transfer_reference', 'text'),
          col('sent_on', 'date'),
          col('created_at', 'localts'),
          col('created_by', 'uuid'),
          col('sent_at', 'localts'),
          col('sent_by', 'uuid'),
          col('voided_at', 'localts'),
          col('voided_by', 'uuid'),
          col('void_reason', 'text'),
        ],
        rows: batches,
      },
      {
        table: 'remittance_items',
        columns: [
          col('batch_id', 'uuid'),
          col('ledger_entry_id', 'uuid'),
          col('amount_cents', 'bigint'),
          col('live', 'bool'),
        ],
        rows: items,
      },
      {
        table: 'audit_events',
        columns: [
          col('id', 'uuid'),
          col('at', 'localts'),
          col('actor_id', 'uuid'),
          col('action', 'text'),
          col('entity_type', 'text'),
          col('entity_id', 'text'),
          col('outcome', 'text'),
          col('status_code', 'int'),
          col('request_id', 'text'),
          col('ip', 'text'),
        ],
        rows: audit.sort((a, b) => ((a[1] as string) < (b[1] as string) ? -1 : 1)),
      },
    ],
  };
}
