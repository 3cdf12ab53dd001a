import { Injectable } from '@nestjs/common';
import { AuditService, changesOf } from '../audit/audit.service';
import { notFound } from '../common/domain-error';
import { ProgramDto, UpdateProgramDto } from './program.dto';
import { Program, ProgramsRepository } from './programs.repository';

@Injectable()
export class ProgramsService {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ProgramDto[]> {
    return (await this.programs.list()).map(ProgramDto.of);
  }

  async update(id: string, dto: UpdateProgramDto): Promise<ProgramDto> {
    const p = await this.programs.lockById(id);
    if (!p) throw notFound('Program', id);
    // The name is not a setting anyone approves; fees and requirements are.
    const settings = (x: Program | UpdateProgramDto) => ({
      feeCents: x.feeCents,
      requiredSessions: x.requiredSessions,
      completionWindowDays: x.completionWindowDays,
      minSessionMinutes: x.minSessionMinutes,
    });
    const changes = changesOf(settings(p), settings(dto));
    this.audit.detail({ programCode: p.code, ...changes });
    const given = Object.values(dto).some((v) => v !== undefined);
    return ProgramDto.of(given ? await this.programs.update(id, dto) : p);
  }
}
