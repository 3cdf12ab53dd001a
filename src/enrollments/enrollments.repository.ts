import { Injectable } from '@nestjs/common';
import { centsFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
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
  createdAt: Date;
}

export interface EnrollmentFilter {
  status?: string;
  programCode?: string;
  overdueOn?: string;
  notOverdueOn?: string;
  participantId?: string;
  /** true: ACTIVE without a seat in a future non-cancelled session; false: with one. */
  unseated?: boolean;
}

/** The enrollment `e` holds a seat in a session that has not started and is not cancelled. */
export const HAS_FUTURE_SEAT = `EXISTS (SELECT 1 FROM session_seats ss
    JOIN class_sessions cs ON cs.id = ss.session_id
   WHERE ss.enrollment_id = e.id AND cs.cancelled_at IS NULL AND cs.starts_at > now())`;

// The name is a scalar subquery so that `FOR UPDATE` locks the enrollment row only.
const COLUMNS = `e.id, e.participant_id AS "participantId",
  (SELECT p.first_name || ' ' || p.last_name FROM participants p WHERE p.id = e.participant_id)
    AS "participantName", e.referral_id AS "referralId",
  e.program_code AS "programCode", e.status, e.agreement_signed_on::text AS "agreementSignedOn",
  e.enrolled_on::text AS "enrolledOn", e.deadline::text AS deadline, e.fee_cents AS "feeCents",
  e.required_sessions AS "requiredSessions", e.certificate_number AS "certificateNumber",
  e.closed_on::text AS "closedOn", e.closed_reason AS "closedReason", e.created_at AS "createdAt"`;

const LIST_WHERE = `($1::text IS NULL OR e.status = $1)
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
];

const fromRow = (r: EnrollmentRecord): EnrollmentRecord => ({
  ...r,
  feeCents: centsFromDb(r.feeCents),
});

@Injectable()
export class EnrollmentsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  async findById(id: string, lock = false): Promise<EnrollmentRecord | undefined> {
    const r = await one<EnrollmentRecord>(
      this.tx,
      `SELECT ${COLUMNS} FROM enrollments e WHERE e.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return r && fromRow(r);
  }

  async findByParticipant(participantId: string): Promise<{ id: string } | undefined> {
    return one<{ id: string }>(this.tx, `SELECT id FROM enrollments WHERE participant_id = $1`, [
      participantId,
    ]);
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
    const items = await rows<EnrollmentRecord>(
      this.tx,
      `SELECT ${COLUMNS} FROM enrollments e WHERE ${LIST_WHERE}
        ORDER BY e.enrolled_on DESC, e.created_at DESC, e.id LIMIT $7 OFFSET $8`,
      [...listParams(f), limit, offset],
    );
    return [items.map(fromRow), await this.count(f)];
  }

  async count(f: EnrollmentFilter): Promise<number> {
    const [{ total }] = await rows<{ total: number }>(
      this.tx,
      `SELECT count(*)::int AS total FROM enrollments e WHERE ${LIST_WHERE}`,
      listParams(f),
    );
    return total;
  }
}
