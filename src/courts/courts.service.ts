import { Injectable } from '@nestjs/common';
import { AuditService, changesOf } from '../audit/audit.service';
import { DomainError, FieldError, notFound, validationFailed } from '../common/domain-error';
import { isUniqueViolation } from '../common/pg-errors';
import { caseKey } from '../participants/identity';
import { CourtDto, CourtQuery, CreateCourtDto, UpdateCourtDto } from './court.dto';
import { CourtsRepository } from './courts.repository';

const duplicate = (fields: FieldError[]) =>
  new DomainError(
    'DUPLICATE_COURT',
    `Another court already has this ${fields.map((f) => f.field).join(' and ')}.`,
    fields,
  );

/** The list of courts kept by ADMIN, and the check that a referral names an active one. */
@Injectable()
export class CourtsService {
  constructor(
    private readonly courts: CourtsRepository,
    private readonly audit: AuditService,
  ) {}

  list(q: CourtQuery): Promise<CourtDto[]> {
    return this.courts.list(q.active === undefined ? undefined : q.active === 'true');
  }

  async create(dto: CreateCourtDto): Promise<CourtDto> {
    await this.refuseClashes(dto.code, dto.name, null);
    try {
      const court = await this.courts.insert({
        code: dto.code,
        name: dto.name,
        active: dto.active ?? true,
      });
      this.audit.detail({ code: court.code, active: court.active });
      return court;
    } catch (err) {
      // The same court added twice at once: the unique indexes decide.
      if (isUniqueViolation(err)) throw duplicate([{ field: 'code', message: 'is taken' }]);
      throw err;
    }
  }

  async update(id: string, dto: UpdateCourtDto): Promise<CourtDto> {
    const court = await this.courts.lockById(id);
    if (!court) throw notFound('Court', id);
    if (dto.code !== undefined && dto.code !== court.code) {
      throw validationFailed(
        'code',
        'never changes (referrals name it): add a court with the new code and take this one off the list',
      );
    }
    if (dto.name !== undefined) await this.refuseClashes(null, dto.name, id);
    this.audit.detail({
      code: court.code,
      ...changesOf({ active: court.active }, { active: dto.active }),
    });
    try {
      return await this.courts.update(id, { name: dto.name, active: dto.active });
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate([{ field: 'name', message: 'is taken' }]);
      throw err;
    }
  }

  /**
   * The code of the active court a referral names, from what the client sent (case and
   * surrounding spaces do not matter); 400 naming `jurisdiction` when there is none.
   */
  async activeCourtCode(jurisdiction: string): Promise<string> {
    const code = caseKey(jurisdiction);
    const court = await this.courts.byCode(code);
    if (!court || !court.active) {
      throw validationFailed(
        'jurisdiction',
        court
          ? `names court ${code}, which is no longer on the list of active courts`
          : 'must be the code of an active court (GET /courts)',
      );
    }
    return court.code;
  }

  private async refuseClashes(code: string | null, name: string, exceptId: string | null) {
    const clash = await this.courts.clashes(code, name, exceptId);
    const fields: FieldError[] = [];
    if (clash.code) fields.push({ field: 'code', message: 'is taken by another court' });
    if (clash.name) fields.push({ field: 'name', message: 'is taken by another court' });
    if (fields.length) throw duplicate(fields);
  }
}
