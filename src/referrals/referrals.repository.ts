import { Injectable } from '@nestjs/common';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { ReferralDto, ReferralSummaryDto } from './referral.dto';

export interface ReferralRecord extends Omit<ReferralDto, 'createdAt' | 'updatedAt'> {
  caseNumberKey: string;
  jurisdictionKey: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `r.id, r.participant_id AS "participantId", r.case_number AS "caseNumber",
  r.case_number_key AS "caseNumberKey", r.jurisdiction, r.jurisdiction_key AS "jurisdictionKey",
  r.referring_agency AS "referringAgency", r.offense_date::text AS "offenseDate",
  r.charge_code AS "chargeCode", r.offense_class AS "offenseClass",
  r.minor_involved AS "minorInvolved", r.victim_age_at_offense AS "victimAgeAtOffense",
  r.prior_prostitution_convictions AS "priorProstitutionConvictions",
  r.prior_diversion_declared AS "priorDiversionDeclared",
  r.pending_similar_charge AS "pendingSimilarCharge",
  r.registered_sex_offender AS "registeredSexOffender", r.trafficking_charge AS "traffickingCharge",
  r.children_division_report_required AS "childrenDivisionReportRequired",
  r.screening_version AS "screeningVersion", r.created_at AS "createdAt",
  r.updated_at AS "updatedAt"`;

export const toReferralDto = (r: ReferralRecord): ReferralDto => ({
  id: r.id,
  participantId: r.participantId,
  caseNumber: r.caseNumber,
  jurisdiction: r.jurisdiction,
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
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export interface ReferralFilter {
  participantId?: string;
  needsCheck?: boolean;
  eligibleNotEnrolled?: boolean;
}

type SummaryRow = ReferralRecord & {
  participantName: string;
  checkId: string | null;
  checkEligible: boolean | null;
  checkStale: boolean | null;
  checkCheckedAt: Date | null;
  checkRuleSetVersion: string | null;
  enrollmentId: string | null;
};

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

const SUMMARY_WHERE = `($1::uuid IS NULL OR r.participant_id = $1)
  AND ($2::boolean IS NULL OR ${NEEDS_CHECK} = $2)
  AND ($3::boolean IS NULL OR coalesce(${ELIGIBLE_NOT_ENROLLED}, false) = $3)`;

const summaryParams = (f: ReferralFilter): unknown[] => [
  f.participantId ?? null,
  f.needsCheck ?? null,
  f.eligibleNotEnrolled ?? null,
];

const toSummaryDto = (r: SummaryRow): ReferralSummaryDto => ({
  ...toReferralDto(r),
  participantName: r.participantName,
  latestCheck: r.checkId
    ? {
        id: r.checkId,
        eligible: r.checkEligible!,
        stale: r.checkStale!,
        checkedAt: r.checkCheckedAt!.toISOString(),
        ruleSetVersion: r.checkRuleSetVersion!,
      }
    : null,
  enrollmentId: r.enrollmentId,
});

type Writable = Omit<
  ReferralRecord,
  'id' | 'childrenDivisionReportRequired' | 'screeningVersion' | 'createdAt' | 'updatedAt'
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
  findById(id: string, lock = false): Promise<ReferralRecord | undefined> {
    return one<ReferralRecord>(
      this.tx,
      `SELECT ${COLUMNS} FROM referrals r WHERE r.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
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
      `SELECT ${COLUMNS}, p.first_name || ' ' || p.last_name AS "participantName",
              c.id AS "checkId", c.eligible AS "checkEligible",
              c.screening_version <> r.screening_version AS "checkStale",
              c.checked_at AS "checkCheckedAt", c.rule_set_version AS "checkRuleSetVersion",
              en.id AS "enrollmentId"
         FROM ${SUMMARY_FROM} WHERE ${SUMMARY_WHERE}
        ORDER BY r.created_at DESC, r.id DESC LIMIT $4 OFFSET $5`,
      [...params, limit, offset],
    );
    return [items.map(toSummaryDto), await this.countSummaries(f)];
  }

  async countSummaries(f: ReferralFilter): Promise<number> {
    const [{ total }] = await rows<{ total: number }>(
      this.tx,
      `SELECT count(*)::int AS total FROM ${SUMMARY_FROM} WHERE ${SUMMARY_WHERE}`,
      summaryParams(f),
    );
    return total;
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
