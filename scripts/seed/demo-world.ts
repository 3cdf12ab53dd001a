import type { Prng } from '../lib/prng';
import { localTs } from './demo-calendar';

/**
 * What the demo year is made of: its programs' setup, the demo staff, the shapes of sessions and
 * ledger entries, and the world every generator writes into (one PRNG, drawn in a fixed order:
 * sessions, then intake with each enrollment's life, then receipts, remittances and rosters).
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

export type ProgramCode = 'JOHNZ_SCHOOL' | 'OAR';
export type Plan = 'COMPLETE' | 'STALLED' | 'TERMINATE' | 'WITHDRAW';
export type Method = 'CASH' | 'CHECK' | 'MONEY_ORDER' | 'CARD';
export type Ineligibility =
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

export interface Program {
  id: string;
  code: ProgramCode;
  feeCents: number;
  requiredSessions: number;
  windowDays: number;
}

export interface Session {
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

export interface Entry {
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

export const PROGRAM_SETUP: Record<
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

export const STAFF: { key: string; roles: string[]; name: string }[] = [
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

export const ATTENDED = new Set(['PRESENT', 'LATE']);
export const STAFF_COLUMNS = /(_by|^by_staff_id|^facilitator_id|^actor_id)$/;

export interface World {
  rng: Prng;
  opts: SeedOptions;
  programs: Program[];
  yearStart: number;
  asOfDay: number;
  /** Every demo account's id, by its key (`intake1`, …). */
  staff: Record<string, string>;
  intake: string[];
  facilitators: string[];
  finance: string[];
  supervisors: string[];
  byCode: Map<ProgramCode, Program>;
  /** The rows of each table, in the order they are made. */
  participants: unknown[][];
  referrals: unknown[][];
  checks: unknown[][];
  enrollments: unknown[][];
  transitions: unknown[][];
  sessionsRows: unknown[][];
  seats: unknown[][];
  attendance: unknown[][];
  revisions: unknown[][];
  waiverRows: unknown[][];
  waiverApprovals: unknown[][];
  entries: Entry[];
  batches: unknown[][];
  items: unknown[][];
  audit: unknown[][];
  /** The sessions of each program, planned first (demo-sessions.ts). */
  sessionsByProgram: Map<ProgramCode, Session[]>;
  /** An audit event as the API would have written it. */
  event: (
    day: number,
    minute: number,
    actor: string,
    action: string,
    entityType: string,
    entityId: string,
    status?: number,
  ) => void;
}

/** The world of one seeded year, its staff ids drawn first. */
export function newWorld(
  rng: Prng,
  opts: SeedOptions,
  programs: Program[],
  yearStart: number,
  asOfDay: number,
): World {
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

  return {
    rng,
    opts,
    programs,
    yearStart,
    asOfDay,
    staff,
    intake,
    facilitators,
    finance,
    supervisors,
    byCode,
    participants,
    referrals,
    checks,
    enrollments,
    transitions,
    sessionsRows,
    seats,
    attendance,
    revisions,
    waiverRows,
    waiverApprovals,
    entries,
    batches,
    items,
    audit,
    sessionsByProgram: new Map(),
    event,
  };
}
