import { Injectable } from '@nestjs/common';
import { countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { RecordStatus } from '../records/record-status';
import { recordOpen } from '../records/record-sight';
import { ReferralDto, ReferralSummaryDto } from './referral.dto';

export interface ReferralRecord extends Omit<ReferralDto, 'createdAt' | 'updatedAt'> {
  caseNumberKey: string;
  jurisdictionKey: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A referrals row as selected by COLUMNS. */
interface ReferralRow {
  id: string;
  participant_id: string;
  case_number: string;
  case_number_key: string;
  jurisdiction: string;
  jurisdiction_key: string;
  court_name: string;
  referring_agency: string;
  offense_date: string;
  charge_code: string;
  offense_class: string;
  minor_involved: ReferralDto['minorInvolved'];
  victim_age_at_offense: number | null;
  prior_prostitution_convictions: number;
  prior_diversion_declared: boolean;
  pending_similar_charge: boolean;
  registered_sex_offender: boolean;
  trafficking_charge: boolean;
  children_division_report_required: boolean;
  screening_version: number;
  record_status: RecordStatus;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `r.id, r.participant_id, r.case_number, r.case_number_key, r.jurisdiction,
  r.jurisdiction_key, (SELECT ct.name FROM courts ct WHERE ct.code = r.jurisdiction) AS court_name,
  r.referring_agency, r.offense_date::text AS offense_date, r.charge_code,
  r.offense_class, r.minor_involved, r.victim_age_at_offense, r.prior_prostitution_convictions,
  r.prior_diversion_declared, r.pending_similar_charge, r.registered_sex_offender,
  r.trafficking_charge, r.children_division_report_required, r.screening_version, r.record_status,
  r.created_at, r.updated_at`;

const toReferralRecord = (r: ReferralRow): ReferralRecord => ({
  id: r.id,
  participantId: r.participant_id,
  caseNumber: r.case_number,
  caseNumberKey: r.case_number_key,
  jurisdiction: r.jurisdiction,
  jurisdictionKey: r.jurisdiction_key,
  courtName: r.court_name,
  referringAgency: r.referring_agency,
  offenseDate: r.offense_date,
  chargeCode: r.charge_code,
  offenseClass: r.offense_class,
  minorInvolved: r.minor_involved,
  victimAgeAtOffense: r.victim_age_at_offense,
  priorProstitutionConvictions: r.prior_prostitution_convictions,
  priorDiversionDeclared: r.prior_diversion_declared,
  pendingSimilarCharge: r.pending_similar_charge,
  registeredSexOffender: r.registered_sex_offender,
  traffickingCharge: r.trafficking_charge,
  childrenDivisionReportRequired: r.children_division_report_required,
  screeningVersion: r.screening_version,
  recordStatus: r.record_status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toReferralDto = (r: ReferralRecord): ReferralDto => ({
  id: r.id,
  participantId: r.participantId,
  caseNumber: r.caseNumber,
  jurisdiction: r.jurisdiction,
  courtName: r.courtName,
  referringAgency: r.referringAgency,
  offenseDate: r.offenseDate,
  chargeCode: r.chargeCode,
  offenseClass: r.offenseClass,
  minorInvolved: r.minorInvolved,
  victimAgeAtOffense: r.victimAgeAtOffense,
  priorProstitutionConvictions: r.priorProstitutionConvictions,
  priorDiversionDeclared: r.priorDiversionDeclared,
  pendingSimilarCharge: r.pendingSimilarCharge,
  registeredSexOffender: r.registeredSexOffender,
  traffickingCharge: r.traffickingCharge,
  childrenDivisionReportRequired: r.childrenDivisionReportRequired,
  screeningVersion: r.screeningVersion,
  recordStatus: r.recordStatus,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export interface ReferralFilter {
  participantId?: string;
  needsCheck?: boolean;
  eligibleNotEnrolled?: boolean;
  /**
   * Closed records too: only for one participant's record that the caller was allowed to open
   * (every list leaves them out otherwise).
   */
  includeClosed?: boolean;
}

/** A referral with its participant's name, its latest check and its enrollment. */
interface SummaryRow extends ReferralRow {
  participant_name: string;
  check_id: string | null;
  check_eligible: boolean | null;
  check_stale: boolean | null;
  check_checked_at: Date | null;
  check_rule_set_version: string | null;
  enrollment_id: string | null;
}

/** A referral with its latest check (`c`) and its enrollment (`en`). */
const SUMMARY_FROM = `referrals r
  JOIN participants p ON p.id = r.participant_id
  LEFT JOIN LATERAL (
    SELECT id, eligible, rule_set_version, checked_at, screening_version FROM eligibility_checks
     WHERE referral_id = r.id ORDER BY checked_at DESC, id DESC LIMIT 1) c ON true
  LEFT JOIN enrollments en ON en.referral_id = r.id`;

/** Its latest check is missing or stale, and it has no enrollment. */
export const NEEDS_CHECK = `((c.id IS NULL OR c.screening_version <> r.screening_version)
  AND en.id IS NULL)`;
/** Its latest check is eligible and fresh, and the participant is not enrolled. */
export const ELIGIBLE_NOT_ENROLLED = `(c.eligible AND c.screening_version = r.screening_version
  AND NOT EXISTS (SELECT 1 FROM enrollments pe WHERE pe.participant_id = r.participant_id))`;

const summaryWhere = (f: ReferralFilter) => `($1::uuid IS NULL OR r.participant_id = $1)
  AND ($2::boolean IS NULL OR ${NEEDS_CHECK} = $2)
  AND ($3::boolean IS NULL OR coalesce(${ELIGIBLE_NOT_ENROLLED}, false) = $3)
  AND ${f.includeClosed ? 'true' : recordOpen('p')}`;

const summaryParams = (f: ReferralFilter): unknown[] => [
  f.participantId ?? null,
  f.needsCheck ?? null,
  f.eligibleNotEnrolled ?? null,
];

const toSummaryDto = (r: SummaryRow): ReferralSummaryDto => ({
  ...toReferralDto(toReferralRecord(r)),
  participantName: r.participant_name,
  latestCheck: r.check_id
    ? {
        id: r.check_id,
        eligible: r.check_eligible!,
        stale: r.check_stale!,
        checkedAt: r.check_checked_at!.toISOString(),
        ruleSetVersion: r.check_rule_set_version!,
      }
    : null,
  enrollmentId: r.enrollment_id,
});

type Writable = Omit<
  ReferralRecord,
  | 'id'
  | 'courtName'
  | 'childrenDivisionReportRequired'
  | 'screeningVersion'
  | 'recordStatus'
  | 'createdAt'
  | 'updatedAt'
>;

@Injectable()
export class ReferralsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /**
   * A new birth date changes the age rule's input: every check of this person's referrals is
   * stale (called by the participants module when a participant's birth date changes).
   */
  async invalidateChecksOfParticipant(participantId: string): Promise<void> {
    await rows(
      this.tx,
      `UPDATE referrals SET screening_version = screening_version + 1, updated_at = now()
        WHERE participant_id = $1`,
      [participantId],
    );
  }

  /** `lock` takes the row lock that serializes checks, edits and enrollment of one referral. */
  async findById(id: string, lock = false): Promise<ReferralRecord | undefined> {
    const r = await one<ReferralRow>(
      this.tx,
      `SELECT ${COLUMNS} FROM referrals r WHERE r.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return r && toReferralRecord(r);
  }

  /** Referrals with their latest check and enrollment, newest first. */
  async summaries(
    f: ReferralFilter,
    limit: number,
    offset: number,
  ): Promise<[ReferralSummaryDto[], number]> {
    const params = summaryParams(f);
    const items = await rows<SummaryRow>(
      this.tx,
      `SELECT ${COLUMNS}, p.first_name || ' ' || p.last_name AS participant_name,
              c.id AS check_id, c.eligible AS check_eligible,
              c.screening_version <> r.screening_version AS check_stale,
              c.checked_at AS check_checked_at, c.rule_set_version AS check_rule_set_version,
              en.id AS enrollment_id
         FROM ${SUMMARY_FROM} WHERE ${summaryWhere(f)}
        ORDER BY r.created_at DESC, r.id DESC LIMIT $4 OFFSET $5`,
      [...params, limit, offset],
    );
    return [items.map(toSummaryDto), await this.countSummaries(f)];
  }

  async countSummaries(f: ReferralFilter): Promise<number> {
    const r = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM ${SUMMARY_FROM} WHERE ${summaryWhere(f)}`,
      summaryParams(f),
    );
    return countFromDb(r?.n);
  }

  findByCase(jurisdictionKey: string, caseNumberKey: string): Promise<{ id: string } | undefined> {
    return one<{ id: string }>(
      this.tx,
      `SELECT id FROM referrals WHERE jurisdiction_key = $1 AND case_number_key = $2`,
      [jurisdictionKey, caseNumberKey],
    );
  }

  /** Undefined when the case number is already taken in that jurisdiction. */
  async insert(r: Writable, createdBy: string): Promise<ReferralRecord | undefined> {
    const inserted = await one<{ id: string }>(
      this.tx,
      `INSERT INTO referrals (participant_id, case_number, case_number_key, jurisdiction,
          jurisdiction_key, referring_agency, offense_date, charge_code, offense_class,
          minor_involved, victim_age_at_offense, prior_prostitution_convictions,
          prior_diversion_declared, pending_similar_charge, registered_sex_offender,
          trafficking_charge, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT DO NOTHING RETURNING id`,
      [...this.values(r), createdBy],
    );
    return inserted ? this.findById(inserted.id) : undefined;
  }

  async update(id: string, r: Writable, bumpScreening: boolean): Promise<ReferralRecord> {
    await rows(
      this.tx,
      `UPDATE referrals SET participant_id = $1, case_number = $2, case_number_key = $3,
          jurisdiction = $4, jurisdiction_key = $5, referring_agency = $6, offense_date = $7::date,
          charge_code = $8, offense_class = $9, minor_involved = $10, victim_age_at_offense = $11,
          prior_prostitution_convictions = $12, prior_diversion_declared = $13,
          pending_similar_charge = $14, registered_sex_offender = $15, trafficking_charge = $16,
          screening_version = screening_version + CASE WHEN $18::boolean THEN 1 ELSE 0 END,
          updated_at = now()
        WHERE id = $17`,
      [...this.values(r), id, bumpScreening],
    );
    return (await this.findById(id))!;
  }

  async requireChildrenDivisionReport(id: string): Promise<void> {
    await rows(
      this.tx,
      `UPDATE referrals SET children_division_report_required = true, updated_at = now()
        WHERE id = $1 AND NOT children_division_report_required`,
      [id],
    );
  }

  private values(r: Writable): unknown[] {
    return [
      r.participantId,
      r.caseNumber,
      r.caseNumberKey,
      r.jurisdiction,
      r.jurisdictionKey,
      r.referringAgency,
      r.offenseDate,
      r.chargeCode,
      r.offenseClass,
      r.minorInvolved,
      r.victimAgeAtOffense,
      r.priorProstitutionConvictions,
      r.priorDiversionDeclared,
      r.pendingSimilarCharge,
      r.registeredSexOffender,
      r.traffickingCharge,
    ];
  }
}
