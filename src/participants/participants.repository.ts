import { Injectable } from '@nestjs/common';
import { countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { RecordStatus } from '../records/record-status';
import { participantSearchSql } from './search-sql';
import { ParticipantDto, ParticipantSearchResultDto } from './participant.dto';

export interface ParticipantRecord {
  id: string;
  firstName: string;
  lastName: string;
  lastNameKey: string;
  dateOfBirth: string;
  stateIdNumber: string | null;
  stateIdKey: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  /** A SUPERVISOR registered this person despite close matches: why, and which. */
  duplicateOverride: { reason: string; candidateIds: string[] } | null;
  /** Kept by the database (refresh_record_status); never written here. */
  recordStatus: RecordStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** A participant born on the day a registration gives, as the possible-duplicate rule sees it. */
export interface SameBirthDate {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  recordStatus: RecordStatus;
}

/** The participants the identity rule says are the person: the earliest OPEN one, and whether any is closed. */
export interface SamePerson {
  /** The earliest matching participant whose record is OPEN. */
  openId: string | undefined;
  /** A matching participant's record is closed (CLOSED, EXPUNGED or PSEUDONYMIZED). */
  recordClosed: boolean;
}

export interface Identity {
  lastNameKey: string;
  dateOfBirth: string;
  stateIdKey: string | null;
}

/** A participants row as selected by COLUMNS. */
interface ParticipantRow {
  id: string;
  first_name: string;
  last_name: string;
  last_name_key: string;
  date_of_birth: string;
  state_id_number: string | null;
  state_id_key: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  duplicate_override_reason: string | null;
  duplicate_override_of: string[] | null;
  record_status: RecordStatus;
  created_at: Date;
  updated_at: Date;
}

/** A search hit: the participant, their case numbers and their (one) enrollment. */
interface ParticipantSearchRow extends ParticipantRow {
  case_numbers: string[];
  enrollment_id: string | null;
  program_code: string | null;
  enrollment_status: string | null;
  record_closed: boolean;
}

/** A page of search hits, and which of them are closed records (shown with includeClosed only). */
export interface SearchPage {
  items: ParticipantSearchResultDto[];
  total: number;
  closedIds: string[];
}

/**
 * The close matches an override was told of are all kept in the row; a closed record among them
 * is never named (PRODUCT.md "After the class"), so only OPEN ones are read out.
 */
const OVERRIDE_OF_OPEN = `CASE WHEN p.duplicate_override_of IS NOT NULL THEN
    ARRAY(SELECT c.id FROM unnest(p.duplicate_override_of) WITH ORDINALITY AS u(id, n)
            JOIN participants c ON c.id = u.id AND c.record_status = 'OPEN'
           ORDER BY u.n) END`;

const COLUMNS = `p.id, p.first_name, p.last_name, p.last_name_key,
  p.date_of_birth::text AS date_of_birth, p.state_id_number, p.state_id_key, p.phone, p.email,
  p.address, p.duplicate_override_reason, ${OVERRIDE_OF_OPEN} AS duplicate_override_of,
  p.record_status, p.created_at, p.updated_at`;

const toParticipantRecord = (r: ParticipantRow): ParticipantRecord => ({
  id: r.id,
  firstName: r.first_name,
  lastName: r.last_name,
  lastNameKey: r.last_name_key,
  dateOfBirth: r.date_of_birth,
  stateIdNumber: r.state_id_number,
  stateIdKey: r.state_id_key,
  phone: r.phone,
  email: r.email,
  address: r.address,
  duplicateOverride:
    r.duplicate_override_reason === null
      ? null
      : { reason: r.duplicate_override_reason, candidateIds: r.duplicate_override_of ?? [] },
  recordStatus: r.record_status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export const toParticipantDto = (p: ParticipantRecord): ParticipantDto => ({
  id: p.id,
  firstName: p.firstName,
  lastName: p.lastName,
  dateOfBirth: p.dateOfBirth,
  stateIdNumber: p.stateIdNumber,
  phone: p.phone,
  email: p.email,
  address: p.address,
  duplicateOverride: p.duplicateOverride,
  recordStatus: p.recordStatus,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

const toSearchResultDto = (r: ParticipantSearchRow): ParticipantSearchResultDto => ({
  ...toParticipantDto(toParticipantRecord(r)),
  caseNumbers: r.case_numbers,
  enrollmentId: r.enrollment_id,
  programCode: r.program_code,
  enrollmentStatus: r.enrollment_status,
});

@Injectable()
export class ParticipantsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  async findById(id: string, lock = false): Promise<ParticipantRecord | undefined> {
    const r = await one<ParticipantRow>(
      this.tx,
      `SELECT ${COLUMNS} FROM participants p WHERE p.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return r && toParticipantRecord(r);
  }

  /**
   * Serializes registrations of one birth date across API instances until commit, so neither
   * "same person, one with a state ID and one without" nor two close spellings registered at
   * once can both slip past the checks (the possible-duplicate rule compares everyone born that
   * day; a day's registrations are few).
   */
  async lockIdentity(identity: Identity): Promise<void> {
    await rows(this.tx, `SELECT pg_advisory_xact_lock(hashtext('participant-born:' || $1))`, [
      identity.dateOfBirth,
    ]);
  }

  /**
   * The participants the identity rule says are the same person: the same last-name key and
   * birth date (and state ID when both have one), or the same state ID and birth date whatever
   * the name. Undefined when there is none. Closed records count (first time only), but are
   * only reported as such.
   */
  async findSamePerson(identity: Identity, exceptId?: string): Promise<SamePerson | undefined> {
    const row = await one<{ open_id: string | null; closed: boolean; n: string }>(
      this.tx,
      `SELECT (array_agg(id ORDER BY created_at, id)
                 FILTER (WHERE record_status = 'OPEN'))[1] AS open_id,
              bool_or(record_status <> 'OPEN') AS closed, count(*) AS n
         FROM participants
        WHERE date_of_birth = $2::date
          AND ((last_name_key = $1 AND ($3::text IS NULL OR state_id_key IS NULL OR state_id_key = $3))
               OR state_id_key = $3)
          AND ($4::uuid IS NULL OR id <> $4)`,
      [identity.lastNameKey, identity.dateOfBirth, identity.stateIdKey, exceptId ?? null],
    );
    if (!row || countFromDb(row.n) === 0) return undefined;
    return { openId: row.open_id ?? undefined, recordClosed: row.closed };
  }

  /** Everyone born on that day (participants_birth_idx), oldest registration first. */
  async bornOn(dateOfBirth: string): Promise<SameBirthDate[]> {
    const list = await rows<{
      id: string;
      first_name: string;
      last_name: string;
      dob: string;
      record_status: RecordStatus;
    }>(
      this.tx,
      `SELECT id, first_name, last_name, date_of_birth::text AS dob, record_status
         FROM participants
        WHERE date_of_birth = $1::date ORDER BY created_at, id`,
      [dateOfBirth],
    );
    return list.map((r) => ({
      id: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      dateOfBirth: r.dob,
      recordStatus: r.record_status,
    }));
  }

  /** Inserts unless the identity index already holds the person (then undefined). */
  async insert(
    p: Omit<ParticipantRecord, 'id' | 'recordStatus' | 'createdAt' | 'updatedAt'>,
    createdBy: string,
  ): Promise<ParticipantRecord | undefined> {
    const inserted = await one<{ id: string }>(
      this.tx,
      `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth,
          state_id_number, state_id_key, phone, email, address, created_by,
          duplicate_override_reason, duplicate_override_of)
       VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12::uuid[])
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        p.firstName,
        p.lastName,
        p.lastNameKey,
        p.dateOfBirth,
        p.stateIdNumber,
        p.stateIdKey,
        p.phone,
        p.email,
        p.address,
        createdBy,
        p.duplicateOverride?.reason ?? null,
        p.duplicateOverride?.candidateIds ?? null,
      ],
    );
    return inserted ? this.findById(inserted.id) : undefined;
  }

  async update(p: ParticipantRecord): Promise<ParticipantRecord> {
    await rows(
      this.tx,
      `UPDATE participants SET first_name = $2, last_name = $3, last_name_key = $4,
          date_of_birth = $5::date, state_id_number = $6, state_id_key = $7, phone = $8,
          email = $9, address = $10, updated_at = now()
        WHERE id = $1`,
      [
        p.id,
        p.firstName,
        p.lastName,
        p.lastNameKey,
        p.dateOfBirth,
        p.stateIdNumber,
        p.stateIdKey,
        p.phone,
        p.email,
        p.address,
      ],
    );
    return (await this.findById(p.id))!;
  }

  /** Closed records are left out unless `includeClosed` (PRODUCT.md "After the class"). */
  async search(
    filter: {
      nameKey: string | null;
      text: string | null;
      caseKey: string | null;
      dateOfBirth: string | null;
      includeClosed: boolean;
    },
    limit: number,
    offset: number,
  ): Promise<SearchPage> {
    const sql = participantSearchSql(filter.includeClosed);
    const params = [
      filter.nameKey === null ? null : escapeLike(filter.nameKey),
      filter.text === null ? null : escapeLike(filter.text),
      filter.caseKey === null ? null : escapeLike(filter.caseKey),
      filter.dateOfBirth,
    ];
    // One enrollment per participant, ever: it is the current one.
    const items = await rows<ParticipantSearchRow>(this.tx, sql.page(COLUMNS), [
      ...params,
      limit,
      offset,
    ]);
    const counted = await one<{ n: string }>(this.tx, sql.count, params);
    return {
      items: items.map(toSearchResultDto),
      total: countFromDb(counted?.n),
      closedIds: items.filter((r) => r.record_closed).map((r) => r.id),
    };
  }
}
