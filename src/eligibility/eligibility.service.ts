import { Injectable } from '@nestjs/common';
import { notFound } from '../common/domain-error';
import { Page, PageQuery, pageOf } from '../common/pagination';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { ReferralRecord, ReferralsRepository } from '../referrals/referrals.repository';
import { EligibilityCheckDto } from './eligibility.dto';
import { EligibilityFacts, evaluate, RuleResult } from './rules';

interface CheckRow {
  id: string;
  referralId: string;
  eligible: boolean;
  ruleSetVersion: string;
  screeningVersion: number;
  currentScreeningVersion: number;
  checkedAt: Date;
  checkedBy: string;
  reasons: RuleResult[];
}

const CHECK_COLUMNS = `c.id, c.referral_id AS "referralId", c.eligible,
  c.rule_set_version AS "ruleSetVersion", c.screening_version AS "screeningVersion",
  r.screening_version AS "currentScreeningVersion", c.checked_at AS "checkedAt",
  c.checked_by AS "checkedBy", c.reasons`;

const toDto = (c: CheckRow): EligibilityCheckDto => ({
  id: c.id,
  referralId: c.referralId,
  eligible: c.eligible,
  ruleSetVersion: c.ruleSetVersion,
  screeningVersion: c.screeningVersion,
  stale: c.screeningVersion !== c.currentScreeningVersion,
  checkedAt: c.checkedAt.toISOString(),
  checkedBy: c.checkedBy,
  reasons: c.reasons,
});

@Injectable()
export class EligibilityService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly referrals: ReferralsRepository,
  ) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** Evaluates the current rule set and stores the immutable record of what it saw and decided. */
  async check(referralId: string, staffId: string): Promise<EligibilityCheckDto> {
    // The row lock keeps the screening version still while the facts are read.
    const referral = await this.referrals.findById(referralId, true);
    if (!referral) throw notFound('Referral', referralId);
    const facts = await this.facts(referral);
    const evaluation = evaluate(facts);
    const inserted = await one<{ id: string }>(
      this.tx,
      `INSERT INTO eligibility_checks (referral_id, rule_set_version, screening_version, eligible,
          input_snapshot, reasons, checked_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7) RETURNING id`,
      [
        referralId,
        evaluation.ruleSetVersion,
        referral.screeningVersion,
        evaluation.eligible,
        JSON.stringify({ screeningVersion: referral.screeningVersion, ...facts }),
        JSON.stringify(evaluation.reasons),
        staffId,
      ],
    );
    // A minor in prostitution is a victim (RSMo 567.020): Children's Division must be told.
    if (evaluation.reasons.some((r) => r.code === 'MINOR_INVOLVED' && !r.passed))
      await this.referrals.requireChildrenDivisionReport(referralId);
    const stored = await one<CheckRow>(
      this.tx,
      `SELECT ${CHECK_COLUMNS} FROM eligibility_checks c JOIN referrals r ON r.id = c.referral_id
        WHERE c.id = $1`,
      [inserted!.id],
    );
    return toDto(stored!);
  }

  async history(referralId: string, q: PageQuery): Promise<Page<EligibilityCheckDto>> {
    if (!(await this.referrals.findById(referralId))) throw notFound('Referral', referralId);
    const items = await rows<CheckRow>(
      this.tx,
      `SELECT ${CHECK_COLUMNS} FROM eligibility_checks c JOIN referrals r ON r.id = c.referral_id
        WHERE c.referral_id = $1 ORDER BY c.checked_at DESC, c.id DESC LIMIT $2 OFFSET $3`,
      [referralId, q.limit, q.offset],
    );
    const [{ total }] = await rows<{ total: number }>(
      this.tx,
      `SELECT count(*)::int AS total FROM eligibility_checks WHERE referral_id = $1`,
      [referralId],
    );
    return pageOf(items.map(toDto), total, q);
  }

  private async facts(referral: ReferralRecord): Promise<EligibilityFacts> {
    const participant = await one<{ dateOfBirth: string }>(
      this.tx,
      `SELECT date_of_birth::text AS "dateOfBirth" FROM participants WHERE id = $1`,
      [referral.participantId],
    );
    // Enrollments of this person — this record or another one the identity rule matches —
    // other than the one made from this very referral.
    const prior = await rows<{ id: string }>(
      this.tx,
      `SELECT e.id FROM participants me
         JOIN participants p ON p.id = me.id
           OR (p.last_name_key = me.last_name_key AND p.date_of_birth = me.date_of_birth
               AND (p.state_id_key IS NULL OR me.state_id_key IS NULL
                    OR p.state_id_key = me.state_id_key))
         JOIN enrollments e ON e.participant_id = p.id
        WHERE me.id = $1 AND e.referral_id <> $2
        ORDER BY e.created_at, e.id`,
      [referral.participantId, referral.id],
    );
    return {
      referral: {
        offenseDate: referral.offenseDate,
        chargeCode: referral.chargeCode,
        offenseClass: referral.offenseClass,
        minorInvolved: referral.minorInvolved,
        victimAgeAtOffense: referral.victimAgeAtOffense,
        priorProstitutionConvictions: referral.priorProstitutionConvictions,
        priorDiversionDeclared: referral.priorDiversionDeclared,
        pendingSimilarCharge: referral.pendingSimilarCharge,
        registeredSexOffender: referral.registeredSexOffender,
        traffickingCharge: referral.traffickingCharge,
      },
      participant: { dateOfBirth: participant!.dateOfBirth },
      records: { priorEnrollmentIds: prior.map((p) => p.id) },
    };
  }
}
