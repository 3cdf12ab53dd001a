import { Injectable } from '@nestjs/common';
import { centsFromDb, countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { RecordStatus } from '../records/record-status';
import { participantOpen } from '../records/record-sight';
import { EnrollmentStatus } from './enrollment.dto';

export interface EnrollmentRecord {
  id: string;
  participantId: string;
  participantName: string;
  referralId: string;
  programCode: string;
  status: EnrollmentStatus;
  agreementSignedOn: string;
  enrolledOn: string;
  deadline: string;
  feeCents: number;
  requiredSessions: number;
  certificateNumber: string | null;
  closedOn: string | null;
  closedReason: string | null;
  /** Its referral's, as the database keeps it. */
  recordStatus: RecordStatus;
  createdAt: Date;
}

interface EnrollmentRow {
  id: string;
  participant_id: string;
  participant_name: string;
  referral_id: string;
  program_code: string;
  status: EnrollmentStatus;
  agreement_signed_on: string;
  enrolled_on: string;
  deadline: string;
  fee_cents: string;
  required_sessions: number;
  certificate_number: string | null;
  closed_on: string | null;
  closed_reason: string | null;
  record_status: RecordStatus;
  created_at: Date;
}

/** Attended sessions and balance, as enrollment_attended_sessions and enrollment_ledger_totals define them. */
export interface Progress {
  attendedSessions: number;
  requiredSessions: number;
  balanceCents: number;
}

interface ProgressRow {
  id: string;
  required_sessions: number;
  attended_sessions: string | number;
  balance_cents: string;
}

/** The referral's latest eligibility check: what enrolling is decided on. */
export interface LatestCheck {
  id: string;
  eligible: boolean;
  screeningVersion: number;
  reasons: { code: string; passed: boolean }[];
}

interface LatestCheckRow {
  id: string;
  eligible: boolean;
  screening_version: number;
  reasons: { code: string; passed: boolean }[];
}

/** The program's settings an enrollment copies when it is created. */
export interface ProgramTerms {
  id: string;
  feeCents: number;
  requiredSessions: number;
  completionWindowDays: number;
}

interface ProgramTermsRow {
  id: string;
  fee_cents: string;
  required_sessions: number;
  completion_window_days: number;
}

interface BaseFilter {
  status?: string;
  programCode?: string;
  overdueOn?: string;
  notOverdueOn?: string;
  participantId?: string;
}

/**
 * `unseated` true: ACTIVE without a seat in a session that starts after `now` and is not
 * cancelled; false: with one. `now` is the clock's, never the database's.
 */
export type SeatFilter =
  { unseated?: undefined; now?: undefined } | { unseated: boolean; now: Date };
export type EnrollmentFilter = BaseFilter & SeatFilter;

/** The enrollment `e` holds a seat in a session that starts after $7 and is not cancelled. */
const HAS_FUTURE_SEAT = `EXISTS (SELECT 1 FROM session_seats ss
    JOIN class_sessions cs ON cs.id = ss.session_id
   WHERE ss.enrollment_id = e.id AND cs.cancelled_at IS NULL AND cs.starts_at > $7::timestamptz)`;

// The name and the record status are scalar subqueries so that `FOR UPDATE` locks the
// enrollment row only.
const COLUMNS = `e.id, e.participant_id,
  (SELECT p.first_name || ' ' || p.last_name FROM participants p WHERE p.id = e.participant_id)
    AS participant_name, e.referral_id, e.program_code, e.status,
  e.agreement_signed_on::text AS agreement_signed_on, e.enrolled_on::text AS enrolled_on,
  e.deadline::text AS deadline, e.fee_cents, e.required_sessions, e.certificate_number,
  e.closed_on::text AS closed_on, e.closed_reason,
  (SELECT r.record_status FROM referrals r WHERE r.id = e.referral_id) AS record_status,
  e.created_at`;

/** Enrollments of closed records are out of sight (the list names the person). */
const LIST_WHERE = `${participantOpen('e.participant_id')}
  AND ($1::text IS NULL OR e.status = $1)
  AND ($2::text IS NULL OR e.program_code = $2)
  AND ($3::date IS NULL OR (e.status = 'ACTIVE' AND e.deadline < $3::date))
  AND ($4::date IS NULL OR NOT (e.status = 'ACTIVE' AND e.deadline < $4::date))
  AND ($5::uuid IS NULL OR e.participant_id = $5)
  AND ($6::boolean IS NULL OR (e.status = 'ACTIVE' AND NOT ${HAS_FUTURE_SEAT}) = $6)`;

const listParams = (f: EnrollmentFilter): unknown[] => [
  f.status ?? null,
  f.programCode ?? null,
  f.overdueOn ?? null,
  f.notOverdueOn ?? null,
  f.participantId ?? null,
  f.unseated ?? null,
  f.now ?? null,
];

const toEnrollmentRecord = (r: EnrollmentRow): EnrollmentRecord => ({
  id: r.id,
  participantId: r.participant_id,
  participantName: r.participant_name,
  referralId: r.referral_id,
  programCode: r.program_code,
  status: r.status,
  agreementSignedOn: r.agreement_signed_on,
  enrolledOn: r.enrolled_on,
  deadline: r.deadline,
  feeCents: centsFromDb(r.fee_cents),
  requiredSessions: r.required_sessions,
  certificateNumber: r.certificate_number,
  closedOn: r.closed_on,
  closedReason: r.closed_reason,
  recordStatus: r.record_status,
  createdAt: r.created_at,
});

const toProgress = (r: ProgressRow): Progress => ({
  attendedSessions: countFromDb(r.attended_sessions),
  requiredSessions: r.required_sessions,
  balanceCents: centsFromDb(r.balance_cents),
});

/** Owns `enrollments` and `enrollment_transitions`. */
@Injectable()
export class EnrollmentsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  async findById(id: string, lock = false): Promise<EnrollmentRecord | undefined> {
    const r = await one<EnrollmentRow>(
      this.tx,
      `SELECT ${COLUMNS} FROM enrollments e WHERE e.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return r && toEnrollmentRecord(r);
  }

  async findByParticipant(participantId: string): Promise<{ id: string } | undefined> {
    return one<{ id: string }>(this.tx, `SELECT id FROM enrollments WHERE participant_id = $1`, [
      participantId,
    ]);
  }

  /** The referral's latest eligibility check (eligibility_checks is the eligibility module's). */
  async latestCheck(referralId: string): Promise<LatestCheck | undefined> {
    const r = await one<LatestCheckRow>(
      this.tx,
      `SELECT id, eligible, screening_version, reasons
         FROM eligibility_checks WHERE referral_id = $1
        ORDER BY checked_at DESC, id DESC LIMIT 1`,
      [referralId],
    );
    return (
      r && {
        id: r.id,
        eligible: r.eligible,
        screeningVersion: r.screening_version,
        reasons: r.reasons,
      }
    );
  }

  /**
   * The program's terms, share-locked to the end of the transaction so that no settings change
   * commits between reading them and enrolling on them (programs is the programs module's).
   */
  async shareProgramTerms(programCode: string): Promise<ProgramTerms | undefined> {
    const r = await one<ProgramTermsRow>(
      this.tx,
      `SELECT id, fee_cents, required_sessions, completion_window_days
         FROM programs WHERE code = $1 FOR SHARE`,
      [programCode],
    );
    return (
      r && {
        id: r.id,
        feeCents: centsFromDb(r.fee_cents),
        requiredSessions: r.required_sessions,
        completionWindowDays: r.completion_window_days,
      }
    );
  }

  /**
   * Undefined when a unique index refused it (the participant or referral is already enrolled):
   * under concurrency the index decides, and ON CONFLICT waits for the other transaction.
   */
  async insert(e: {
    participantId: string;
    referralId: string;
    eligibilityCheckId: string;
    programId: string;
    programCode: string;
    agreementSignedOn: string;
    completionWindowDays: number;
    feeCents: number;
    requiredSessions: number;
    createdBy: string;
  }): Promise<string | undefined> {
    const row = await one<{ id: string }>(
      this.tx,
      `INSERT INTO enrollments (participant_id, referral_id, eligibility_check_id, program_id,
          program_code, agreement_signed_on, enrolled_on, deadline, fee_cents, required_sessions,
          created_by)
       VALUES ($1, $2, $3, $4, $5, $6::date, $6::date, $6::date + $7::int, $8, $9, $10)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        e.participantId,
        e.referralId,
        e.eligibilityCheckId,
        e.programId,
        e.programCode,
        e.agreementSignedOn,
        e.completionWindowDays,
        e.feeCents,
        e.requiredSessions,
        e.createdBy,
      ],
    );
    return row?.id;
  }

  async close(
    id: string,
    change: {
      from: EnrollmentStatus;
      to: EnrollmentStatus;
      closedOn: string;
      reason: string | null;
      note: string | null;
      certificateNumber: string | null;
      by: string;
    },
  ): Promise<void> {
    await rows(
      this.tx,
      `UPDATE enrollments SET status = $2, closed_on = $3::date, closed_reason = $4,
          certificate_number = $5, updated_at = now()
        WHERE id = $1`,
      [id, change.to, change.closedOn, change.reason, change.certificateNumber],
    );
    await rows(
      this.tx,
      `INSERT INTO enrollment_transitions (enrollment_id, from_status, to_status, reason, note, by_staff_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, change.from, change.to, change.reason, change.note, change.by],
    );
  }

  async list(
    f: EnrollmentFilter,
    limit: number,
    offset: number,
  ): Promise<[EnrollmentRecord[], number]> {
    const items = await rows<EnrollmentRow>(
      this.tx,
      `SELECT ${COLUMNS} FROM enrollments e WHERE ${LIST_WHERE}
        ORDER BY e.enrolled_on DESC, e.created_at DESC, e.id LIMIT $8 OFFSET $9`,
      [...listParams(f), limit, offset],
    );
    return [items.map(toEnrollmentRecord), await this.count(f)];
  }

  async count(f: EnrollmentFilter): Promise<number> {
    const row = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM enrollments e WHERE ${LIST_WHERE}`,
      listParams(f),
    );
    return countFromDb(row?.n);
  }

  /** Progress of many enrollments in one round trip, from the ledger's and attendance's definitions. */
  async progressOf(enrollmentIds: string[]): Promise<Map<string, Progress>> {
    if (enrollmentIds.length === 0) return new Map();
    const found = await rows<ProgressRow>(
      this.tx,
      `SELECT e.id, e.required_sessions, coalesce(a.attended_sessions, 0) AS attended_sessions,
              coalesce(t.balance_cents, 0) AS balance_cents
         FROM enrollments e
         LEFT JOIN enrollment_attended_sessions($1::uuid[]) a ON a.enrollment_id = e.id
         LEFT JOIN enrollment_ledger_totals($1::uuid[]) t ON t.enrollment_id = e.id
        WHERE e.id = ANY($1::uuid[])`,
      [enrollmentIds],
    );
    return new Map(found.map((r) => [r.id, toProgress(r)]));
  }
}
