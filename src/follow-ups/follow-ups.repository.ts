import { Injectable } from '@nestjs/common';
import { countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { EnrollmentStatus } from '../enrollments/enrollment.dto';
import { FollowUpMonths } from './follow-up-dates';
import { FollowUpDto, FollowUpResult, FollowUpSource, FollowUpStatus } from './follow-up.dto';
import { followUpCountSql, followUpPageSql } from './follow-up-sql';

/** Which checks a list shows; `today` is the program clock's, never the database's. */
export interface FollowUpFilter {
  today: string;
  status: FollowUpStatus | null;
  months: readonly FollowUpMonths[];
  dueFrom: string | null;
  dueTo: string | null;
}

interface FollowUpRow {
  enrollment_id: string;
  participant_id: string;
  participant_name: string;
  date_of_birth: string;
  record_closed: boolean;
  program_code: string;
  exit_status: EnrollmentStatus;
  exited_on: string;
  months: number;
  due_on: string;
  result: FollowUpResult | null;
  source: FollowUpSource | null;
  checked_on: string | null;
}

interface ResultRow {
  id: string;
  enrollment_id: string;
  months: number;
  result: FollowUpResult;
  source: FollowUpSource;
  checked_on: string;
  recorded_by: string;
  recorded_at: Date;
}

export interface FollowUpResultRecord {
  id: string;
  enrollmentId: string;
  months: FollowUpMonths;
  result: FollowUpResult;
  source: FollowUpSource;
  checkedOn: string;
  recordedBy: string;
  recordedAt: Date;
}

const toFollowUpDto = (r: FollowUpRow): FollowUpDto => ({
  enrollmentId: r.enrollment_id,
  participantId: r.participant_id,
  participantName: r.participant_name,
  dateOfBirth: r.date_of_birth,
  programCode: r.program_code,
  exitStatus: r.exit_status,
  exitedOn: r.exited_on,
  months: r.months as FollowUpMonths,
  dueOn: r.due_on,
  result: r.result,
  source: r.source,
  checkedOn: r.checked_on,
});

const toResultRecord = (r: ResultRow): FollowUpResultRecord => ({
  id: r.id,
  enrollmentId: r.enrollment_id,
  months: r.months as FollowUpMonths,
  result: r.result,
  source: r.source,
  checkedOn: r.checked_on,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});

const filterParams = (f: FollowUpFilter): unknown[] => [
  f.today,
  f.months.includes(12),
  f.months.includes(24),
  f.dueFrom,
  f.dueTo,
];

/**
 * Owns `follow_up_results` (append-only: inserts and reads). The due list reads enrollments and
 * participants too, as a list across tables.
 */
@Injectable()
export class FollowUpsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** A page of checks, their total, and the rows of the page whose record is closed. */
  async list(
    f: FollowUpFilter,
    limit: number,
    offset: number,
  ): Promise<{ items: FollowUpDto[]; total: number; closed: FollowUpDto[] }> {
    const found = await rows<FollowUpRow>(this.tx, followUpPageSql(f.status), [
      ...filterParams(f),
      limit,
      offset,
    ]);
    const items = found.map(toFollowUpDto);
    return {
      items,
      total: await this.count(f),
      closed: items.filter((_, i) => found[i].record_closed),
    };
  }

  async count(f: FollowUpFilter): Promise<number> {
    const row = await one<{ n: string }>(this.tx, followUpCountSql(f.status), filterParams(f));
    return countFromDb(row?.n);
  }

  /** How and when the enrollment ended (closedOn null while it is ACTIVE). */
  async exitOf(
    enrollmentId: string,
  ): Promise<{ status: EnrollmentStatus; closedOn: string | null } | undefined> {
    const r = await one<{ status: EnrollmentStatus; closed_on: string | null }>(
      this.tx,
      `SELECT status, closed_on::text AS closed_on FROM enrollments WHERE id = $1`,
      [enrollmentId],
    );
    return r && { status: r.status, closedOn: r.closed_on };
  }

  async insert(r: {
    enrollmentId: string;
    months: FollowUpMonths;
    result: FollowUpResult;
    source: FollowUpSource;
    checkedOn: string;
    recordedBy: string;
  }): Promise<FollowUpResultRecord> {
    const row = await one<ResultRow>(
      this.tx,
      `INSERT INTO follow_up_results (enrollment_id, months, result, source, checked_on, recorded_by)
       VALUES ($1, $2, $3, $4, $5::date, $6)
       RETURNING id, enrollment_id, months, result, source, checked_on::text AS checked_on,
                 recorded_by, recorded_at`,
      [r.enrollmentId, r.months, r.result, r.source, r.checkedOn, r.recordedBy],
    );
    return toResultRecord(row!);
  }
}
