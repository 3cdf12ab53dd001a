import { BirthDateChanges } from './birth-date-changes';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { isUniqueViolation } from '../common/pg-errors';
import { RecordAccessService } from '../records/record-access.service';
import { AuthenticatedStaff } from '../common/request-context';
import { RecordsIndex } from '../records/records-index.service';
import { caseKey, isPossibleDuplicate, lastNameKey, stateIdKey } from './identity';
import {
  CreateParticipantDto,
  DuplicateCandidateDto,
  ParticipantDto,
  ParticipantQuery,
  ParticipantSearchResultDto,
  UpdateParticipantDto,
} from './participant.dto';
import {
  Identity,
  ParticipantRecord,
  ParticipantsRepository,
  SameBirthDate,
  SamePerson,
  toParticipantDto,
} from './participants.repository';

/** What is said of a closed record that matches: that it exists, never whose it is. */
const CLOSED_RECORD =
  'a closed record matches (only a SUPERVISOR or an AUDITOR may open it, stating why)';

/**
 * The person is registered. An OPEN record is named (`existingId`); a closed one is not:
 * `recordClosed: true` says one exists (PRODUCT.md "first time only" still holds).
 */
const duplicate = (match?: SamePerson) => {
  const existingId = match?.openId;
  const recordClosed = match?.recordClosed ?? false;
  return new DomainError(
    'DUPLICATE_PARTICIPANT',
    existingId
      ? `This person is already registered as participant ${existingId}${recordClosed ? `; ${CLOSED_RECORD}` : ''}.`
      : recordClosed
        ? `This person is already registered: ${CLOSED_RECORD}.`
        : 'This person is already registered.',
    undefined,
    existingId || recordClosed
      ? { ...(existingId ? { existingId } : {}), ...(recordClosed ? { recordClosed } : {}) }
      : undefined,
  );
};

/** At most this many close matches are named in a POSSIBLE_DUPLICATE answer. */
const MAX_CANDIDATES = 10;

/** Open close matches are named; closed ones only counted as `recordClosed: true`. */
const possibleDuplicate = (candidates: SameBirthDate[], recordClosed: boolean) =>
  new DomainError(
    'POSSIBLE_DUPLICATE',
    (candidates.length
      ? `${candidates.length} registered participant(s) born the same day have a name close to this one` +
        (recordClosed ? `, and ${CLOSED_RECORD}` : '')
      : `A participant born the same day has a name close to this one: ${CLOSED_RECORD}`) +
      '; check whether this person is already registered (a SUPERVISOR may register them anyway, with a reason).',
    undefined,
    {
      candidates: candidates.map((c): DuplicateCandidateDto => ({
        id: c.id,
        name: `${c.firstName} ${c.lastName}`,
        dateOfBirth: c.dateOfBirth,
      })),
      ...(recordClosed ? { recordClosed } : {}),
    },
  );

@Injectable()
export class ParticipantsService {
  constructor(
    private readonly participants: ParticipantsRepository,
    private readonly birthDates: BirthDateChanges,
    private readonly audit: AuditService,
    private readonly access: RecordAccessService,
    private readonly recordsIndex: RecordsIndex,
  ) {}

  /**
   * Registers a person once (PRODUCT.md, issue 29): the same last-name key and birth date (and
   * state ID when both have one), or the same state ID and birth date whatever the name, is the
   * same person → 409 DUPLICATE_PARTICIPANT. A close spelling of someone born the same day
   * (identity.ts isPossibleDuplicate) → 409 POSSIBLE_DUPLICATE with the candidates, unless a
   * SUPERVISOR sends overrideDuplicate with a reason (kept on the record; the audit event names
   * the candidates). All under a lock on the birth date, so concurrent registrations on any
   * instance are compared with each other.
   */
  async create(dto: CreateParticipantDto, actor: AuthenticatedStaff): Promise<ParticipantDto> {
    if (dto.overrideDuplicate && !actor.roles.includes('SUPERVISOR')) {
      throw new DomainError(
        'FORBIDDEN',
        'Only a SUPERVISOR may register a possible duplicate anyway.',
        [{ field: 'overrideDuplicate', message: 'needs the SUPERVISOR role' }],
      );
    }
    const record = {
      firstName: dto.firstName,
      lastName: dto.lastName,
      lastNameKey: lastNameKey(dto.lastName),
      dateOfBirth: dto.dateOfBirth,
      stateIdNumber: dto.stateIdNumber ?? null,
      stateIdKey: dto.stateIdNumber ? stateIdKey(dto.stateIdNumber) : null,
      phone: dto.phone ?? null,
      email: dto.email ?? null,
      address: dto.address ?? null,
      duplicateOverride: null as { reason: string; candidateIds: string[] } | null,
    };
    await this.participants.lockIdentity(record);
    const existing = await this.participants.findSamePerson(record);
    if (existing) throw duplicate(existing);
    if (await this.recordsIndex.pseudonymizedSamePerson(record))
      throw duplicate({ openId: undefined, recordClosed: true }); // pseudonymized: by the blind index
    const close = (await this.participants.bornOn(record.dateOfBirth)).filter((p) =>
      isPossibleDuplicate(p, record),
    );
    // A closed record is out of sight: it is said to exist, never named.
    const candidates = close.filter((c) => c.recordStatus === 'OPEN').slice(0, MAX_CANDIDATES);
    const closed = close.filter((c) => c.recordStatus !== 'OPEN').slice(0, MAX_CANDIDATES);
    const recordClosed = closed.length > 0;
    if (candidates.length || recordClosed) {
      if (!dto.overrideDuplicate) throw possibleDuplicate(candidates, recordClosed);
      const candidateIds = candidates.map((c) => c.id);
      // The row keeps every close match, closed ones too; only OPEN ones are ever read out.
      record.duplicateOverride = {
        reason: dto.overrideDuplicate.reason,
        candidateIds: [...candidates, ...closed].map((c) => c.id),
      };
      // Ids only: the reason's text stays with the record, where it can be erased.
      this.audit.detail({
        duplicateOverride: { candidateIds, ...(recordClosed ? { recordClosed } : {}) },
      });
    }
    const created = await this.participants.insert(record, actor.id);
    // An identity index refused it: an identical registration committed first.
    if (!created) throw duplicate(await this.participants.findSamePerson(record));
    await this.recordsIndex.save(created.id, record);
    return toParticipantDto(created);
  }

  /** Whether the participant exists (a closed record too): what a referral of them checks. */
  async exists(id: string): Promise<boolean> {
    return (await this.participants.findById(id)) !== undefined;
  }

  async get(id: string): Promise<ParticipantDto> {
    const p = await this.participants.findById(id);
    if (!p) throw notFound('Participant', id);
    return toParticipantDto(p);
  }

  /**
   * Closed records are out of sight. `includeClosed=true` lets them in for a SUPERVISOR or an
   * AUDITOR stating why (X-Access-Reason, else 403 RECORD_CLOSED): each closed participant on
   * the page is a disclosure, written with the read in one transaction.
   */
  async list(
    q: ParticipantQuery,
    givenReason: string | undefined,
  ): Promise<Page<ParticipantSearchResultDto>> {
    const includeClosed = q.includeClosed === 'true';
    const reason = includeClosed
      ? await this.access.permitClosedList(givenReason, 'PARTICIPANT')
      : undefined;
    const text = q.q ?? null;
    const search = () =>
      this.participants.search(
        {
          nameKey: text === null ? null : lastNameKey(text) || null,
          text: text === null ? null : text.toLowerCase(),
          caseKey: text === null ? null : caseKey(text),
          dateOfBirth: q.dateOfBirth ?? null,
          includeClosed,
        },
        q.limit,
        q.offset,
      );
    const found = reason
      ? await this.access.inTransaction(async () => {
          const page = await search();
          await this.access.disclose(
            reason,
            page.closedIds.map((id) => ({
              entityType: 'PARTICIPANT',
              entityId: id,
              participantId: id,
            })),
          );
          return page;
        })
      : await search();
    return pageOf(found.items, found.total, q);
  }

  async update(id: string, dto: UpdateParticipantDto): Promise<ParticipantDto> {
    const current = await this.participants.findById(id, true);
    if (!current) throw notFound('Participant', id);
    const next: ParticipantRecord = { ...current };
    if (dto.firstName !== undefined) next.firstName = dto.firstName;
    if (dto.lastName !== undefined) {
      next.lastName = dto.lastName;
      next.lastNameKey = lastNameKey(dto.lastName);
    }
    if (dto.dateOfBirth !== undefined) next.dateOfBirth = dto.dateOfBirth;
    if (dto.stateIdNumber !== undefined) {
      next.stateIdNumber = dto.stateIdNumber;
      next.stateIdKey = dto.stateIdNumber === null ? null : stateIdKey(dto.stateIdNumber);
    }
    if (dto.phone !== undefined) next.phone = dto.phone;
    if (dto.email !== undefined) next.email = dto.email;
    if (dto.address !== undefined) next.address = dto.address;

    const identity: Identity = next;
    const identityChanged =
      next.lastNameKey !== current.lastNameKey ||
      next.dateOfBirth !== current.dateOfBirth ||
      next.stateIdKey !== current.stateIdKey;
    if (identityChanged) {
      await this.participants.lockIdentity(identity);
      const existing = await this.participants.findSamePerson(identity, id);
      if (existing) throw duplicate(existing);
      if (await this.recordsIndex.pseudonymizedSamePerson(identity, id))
        throw duplicate({ openId: undefined, recordClosed: true }); // pseudonymized: by the blind index
    }
    let updated: ParticipantRecord;
    try {
      updated = await this.participants.update(next);
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate();
      throw err;
    }
    await this.recordsIndex.save(id, identity);
    if (next.dateOfBirth !== current.dateOfBirth) await this.birthDates.changed(id);
    return toParticipantDto(updated);
  }
}
