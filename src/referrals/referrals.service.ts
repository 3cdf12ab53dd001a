import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { isUniqueViolation } from '../common/pg-errors';
import { CourtsService } from '../courts/courts.service';
import { caseKey } from '../participants/identity';
import { BirthDateChanges } from '../participants/birth-date-changes';
import { ParticipantsService } from '../participants/participants.service';
import {
  CreateReferralDto,
  ReferralDto,
  ReferralQuery,
  ReferralSummaryDto,
  SCREENING_FIELDS,
  UpdateReferralDto,
} from './referral.dto';
import {
  ReferralFilter,
  ReferralRecord,
  ReferralsRepository,
  toReferralDto,
} from './referrals.repository';

const duplicateCase = (caseNumber: string, jurisdiction: string, existingId?: string) =>
  new DomainError(
    'DUPLICATE_CASE',
    `Case ${caseNumber} of ${jurisdiction} is already referred.`,
    [{ field: 'caseNumber', message: 'is already referred in this jurisdiction' }],
    existingId ? { existingId } : undefined,
  );

@Injectable()
export class ReferralsService {
  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly participants: ParticipantsService,
    private readonly courts: CourtsService,
    birthDates: BirthDateChanges,
  ) {
    birthDates.listen((participantId) =>
      this.referrals.invalidateChecksOfParticipant(participantId),
    );
  }

  /**
   * The referral as the modules that decide on it read it (eligibility, enrollment,
   * dispositions); `lock` takes the row lock that serializes checks, edits and enrollment.
   */
  record(id: string, lock = false): Promise<ReferralRecord | undefined> {
    return this.referrals.findById(id, lock);
  }

  /** A check found a minor involved: Children's Division must be told. */
  requireChildrenDivisionReport(id: string): Promise<void> {
    return this.referrals.requireChildrenDivisionReport(id);
  }

  /** The number of referrals the list would show with this filter (the work queue's cards). */
  count(f: ReferralFilter): Promise<number> {
    return this.referrals.countSummaries(f);
  }

  async create(dto: CreateReferralDto, staffId: string): Promise<ReferralDto> {
    if (!(await this.participants.exists(dto.participantId)))
      throw notFound('Participant', dto.participantId);
    // The jurisdiction is the code of an active court (400 naming it otherwise).
    const jurisdiction = await this.courts.activeCourtCode(dto.jurisdiction);
    const record = {
      ...dto,
      jurisdiction,
      victimAgeAtOffense: dto.victimAgeAtOffense ?? null,
      caseNumberKey: caseKey(dto.caseNumber),
      jurisdictionKey: caseKey(jurisdiction),
    };
    const created = await this.referrals.insert(record, staffId);
    if (!created) {
      const existing = await this.referrals.findByCase(
        record.jurisdictionKey,
        record.caseNumberKey,
      );
      throw duplicateCase(dto.caseNumber, jurisdiction, existing?.id);
    }
    return toReferralDto(created);
  }

  async get(id: string): Promise<ReferralDto> {
    const r = await this.referrals.findById(id);
    if (!r) throw notFound('Referral', id);
    return toReferralDto(r);
  }

  async list(q: ReferralQuery): Promise<Page<ReferralSummaryDto>> {
    const flag = (v?: 'true' | 'false') => (v === undefined ? undefined : v === 'true');
    const [items, total] = await this.referrals.summaries(
      {
        participantId: q.participantId,
        needsCheck: flag(q.needsCheck),
        eligibleNotEnrolled: flag(q.eligibleNotEnrolled),
      },
      q.limit,
      q.offset,
    );
    return pageOf(items, total, q);
  }

  /**
   * Every referral of one participant (a handful), newest first. The route opened the record
   * (@OpensRecord): a closed one is shown here only to whom it may be disclosed.
   */
  async ofParticipant(participantId: string): Promise<ReferralSummaryDto[]> {
    if (!(await this.participants.exists(participantId)))
      throw notFound('Participant', participantId);
    const [items] = await this.referrals.summaries({ participantId, includeClosed: true }, 1000, 0);
    return items;
  }

  async update(id: string, dto: UpdateReferralDto): Promise<ReferralDto> {
    const current = await this.referrals.findById(id, true);
    if (!current) throw notFound('Referral', id);
    const next: ReferralRecord = { ...current };
    for (const [field, value] of Object.entries(dto)) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = value;
    }
    // Another court must be an active one; the court it already names stays, active or not.
    if (dto.jurisdiction !== undefined && caseKey(dto.jurisdiction) !== current.jurisdiction) {
      next.jurisdiction = await this.courts.activeCourtCode(dto.jurisdiction);
    } else {
      next.jurisdiction = current.jurisdiction;
    }
    next.caseNumberKey = caseKey(next.caseNumber);
    next.jurisdictionKey = caseKey(next.jurisdiction);
    const screeningChanged = SCREENING_FIELDS.some((f) => next[f] !== current[f]);
    if (
      next.caseNumberKey !== current.caseNumberKey ||
      next.jurisdictionKey !== current.jurisdictionKey
    ) {
      const existing = await this.referrals.findByCase(next.jurisdictionKey, next.caseNumberKey);
      if (existing) throw duplicateCase(next.caseNumber, next.jurisdiction, existing.id);
    }
    try {
      return toReferralDto(await this.referrals.update(id, next, screeningChanged));
    } catch (err) {
      // A concurrent edit took the same case number between the check and the update.
      if (isUniqueViolation(err)) throw duplicateCase(next.caseNumber, next.jurisdiction);
      throw err;
    }
  }
}
