import { Injectable } from '@nestjs/common';
import { ageOn } from '../common/dates';
import { notFound } from '../common/domain-error';
import { Page, PageQuery, pageOf } from '../common/pagination';
import type { ReferralRecord } from '../referrals/referrals.repository';
import { ReferralsService } from '../referrals/referrals.service';
import { EligibilityCheckDto } from './eligibility.dto';
import { EligibilityRepository } from './eligibility.repository';
import { EligibilityFacts, evaluate } from './rules';

@Injectable()
export class EligibilityService {
  constructor(
    private readonly checks: EligibilityRepository,
    private readonly referrals: ReferralsService,
  ) {}

  /** Evaluates the current rule set and stores the immutable record of what it saw and decided. */
  async check(referralId: string, staffId: string): Promise<EligibilityCheckDto> {
    // The row lock keeps the screening version still while the facts are read.
    const referral = await this.referrals.record(referralId, true);
    if (!referral) throw notFound('Referral', referralId);
    const facts = await this.facts(referral);
    const evaluation = evaluate(facts);
    const id = await this.checks.insert({
      referralId,
      ruleSetVersion: evaluation.ruleSetVersion,
      screeningVersion: referral.screeningVersion,
      eligible: evaluation.eligible,
      inputSnapshot: { screeningVersion: referral.screeningVersion, ...facts },
      reasons: evaluation.reasons,
      checkedBy: staffId,
    });
    // A minor in prostitution is a victim (RSMo 567.020): Children's Division must be told.
    if (evaluation.reasons.some((r) => r.code === 'MINOR_INVOLVED' && !r.passed))
      await this.referrals.requireChildrenDivisionReport(referralId);
    return (await this.checks.get(id))!;
  }

  async history(referralId: string, q: PageQuery): Promise<Page<EligibilityCheckDto>> {
    if (!(await this.referrals.record(referralId))) throw notFound('Referral', referralId);
    const [items, total] = await this.checks.ofReferral(referralId, q.limit, q.offset);
    return pageOf(items, total, q);
  }

  private async facts(referral: ReferralRecord): Promise<EligibilityFacts> {
    const dateOfBirth = await this.checks.participantDateOfBirth(referral.participantId);
    const priorEnrollmentIds = await this.checks.priorEnrollmentIds(
      referral.participantId,
      referral.id,
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
      // The age, never the birth date: the snapshot is stored for good.
      participant: { ageAtOffense: ageOn(dateOfBirth!, referral.offenseDate) },
      records: { priorEnrollmentIds },
    };
  }
}
