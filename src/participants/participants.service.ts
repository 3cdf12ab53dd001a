import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { isUniqueViolation } from '../common/pg-errors';
import { ReferralsRepository } from '../referrals/referrals.repository';
import { caseKey, lastNameKey, stateIdKey } from './identity';
import {
  CreateParticipantDto,
  ParticipantDto,
  ParticipantQuery,
  ParticipantSearchResultDto,
  UpdateParticipantDto,
} from './participant.dto';
import {
  Identity,
  ParticipantRecord,
  ParticipantsRepository,
  toParticipantDto,
} from './participants.repository';

const duplicate = (existingId?: string) =>
  new DomainError(
    'DUPLICATE_PARTICIPANT',
    existingId
      ? `This person is already registered as participant ${existingId}.`
      : 'This person is already registered.',
    undefined,
    existingId ? { existingId } : undefined,
  );

@Injectable()
export class ParticipantsService {
  constructor(
    private readonly participants: ParticipantsRepository,
    private readonly referrals: ReferralsRepository,
  ) {}

  async create(dto: CreateParticipantDto, staffId: string): Promise<ParticipantDto> {
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
    };
    await this.participants.lockIdentity(record);
    const existing = await this.participants.findSamePerson(record);
    if (existing) throw duplicate(existing);
    const created = await this.participants.insert(record, staffId);
    // The identity index refused it: an identical registration committed first.
    if (!created) throw duplicate(await this.participants.findSamePerson(record));
    return toParticipantDto(created);
  }

  async get(id: string): Promise<ParticipantDto> {
    const p = await this.participants.findById(id);
    if (!p) throw notFound('Participant', id);
    return toParticipantDto(p);
  }

  async list(q: ParticipantQuery): Promise<Page<ParticipantSearchResultDto>> {
    const text = q.q ?? null;
    const [items, total] = await this.participants.search(
      {
        nameKey: text === null ? null : lastNameKey(text) || null,
        text: text === null ? null : text.toLowerCase(),
        caseKey: text === null ? null : caseKey(text),
        dateOfBirth: q.dateOfBirth ?? null,
      },
      q.limit,
      q.offset,
    );
    return pageOf(items, total, q);
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
    }
    let updated: ParticipantRecord;
    try {
      updated = await this.participants.update(next);
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate();
      throw err;
    }
    if (next.dateOfBirth !== current.dateOfBirth)
      await this.referrals.invalidateChecksOfParticipant(id);
    return toParticipantDto(updated);
  }
}
