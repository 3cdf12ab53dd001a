import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound, validationFailed } from '../common/domain-error';
import { isCheckViolation } from '../common/pg-errors';
import type { ReferralRecord } from '../referrals/referrals.repository';
import { ReferralsService } from '../referrals/referrals.service';
import {
  DispositionDto,
  ExpungementDto,
  RecordDispositionDto,
  RecordExpungementDto,
} from './disposition.dto';
import { DispositionsRepository } from './dispositions.repository';

/**
 * After the class, the court decides (PRODUCT.md "After the class"): staff record its
 * disposition of a referral (append-only; the latest counts) and an expungement order. The
 * record status that follows is the database's to keep.
 */
@Injectable()
export class DispositionsService {
  constructor(
    private readonly dispositions: DispositionsRepository,
    private readonly referrals: ReferralsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Not while the referral's enrollment is ACTIVE. The database decides that (trigger
   * referral_dispositions_after_enrollment), so there is one rule and no window between a check
   * here and the insert; its refusal answers 422 ENROLLMENT_ACTIVE. The referral's row lock
   * orders this after an enrollment being made from it (which takes the same lock).
   */
  async record(
    referralId: string,
    dto: RecordDispositionDto,
    staffId: string,
  ): Promise<DispositionDto> {
    const referral = await this.lockedReferral(referralId);
    notBeforeOffense(referral, 'decidedOn', dto.decidedOn);
    let saved: DispositionDto;
    try {
      saved = await this.dispositions.insertDisposition({
        referralId,
        disposition: dto.disposition,
        decidedOn: dto.decidedOn,
        courtReference: dto.courtReference ?? null,
        recordedBy: staffId,
      });
    } catch (err) {
      if (isCheckViolation(err, 'referral_dispositions_after_enrollment'))
        throw new DomainError(
          'ENROLLMENT_ACTIVE',
          "The referral's enrollment is still ACTIVE: the court decides after it ends.",
        );
      throw err;
    }
    this.audit.describe('referral', referralId);
    // Codes and dates only: the court's reference stays in its row, where retention erases it.
    this.audit.detail({
      dispositionId: saved.id,
      disposition: saved.disposition,
      decidedOn: saved.decidedOn,
    });
    return saved;
  }

  async history(referralId: string): Promise<DispositionDto[]> {
    if (!(await this.referrals.record(referralId))) throw notFound('Referral', referralId);
    return this.dispositions.dispositionsOf(referralId);
  }

  /** One order per referral: a second one answers 409 ALREADY_EXPUNGED and changes nothing. */
  async expunge(
    referralId: string,
    dto: RecordExpungementDto,
    staffId: string,
  ): Promise<ExpungementDto> {
    const referral = await this.lockedReferral(referralId);
    notBeforeOffense(referral, 'orderedOn', dto.orderedOn);
    const saved = await this.dispositions.insertExpungement({
      referralId,
      orderedOn: dto.orderedOn,
      orderReference: dto.orderReference,
      recordedBy: staffId,
    });
    if (!saved)
      throw new DomainError(
        'ALREADY_EXPUNGED',
        'An expungement order is already recorded for this referral; a recorded order is not replaced.',
      );
    this.audit.describe('referral', referralId);
    this.audit.detail({ orderedOn: saved.orderedOn });
    return saved;
  }

  private async lockedReferral(referralId: string): Promise<ReferralRecord> {
    const referral = await this.referrals.record(referralId, true);
    if (!referral) throw notFound('Referral', referralId);
    return referral;
  }
}

/** The court decides about an offense after it happened. */
function notBeforeOffense(referral: ReferralRecord, field: string, date: string): void {
  if (date < referral.offenseDate)
    throw validationFailed(field, `must not be before the offense date (${referral.offenseDate})`);
}
