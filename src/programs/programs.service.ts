import { Injectable } from '@nestjs/common';
import { AuditService, changesOf } from '../audit/audit.service';
import { notFound } from '../common/domain-error';
import { TransactionHost } from '../common/transactions';
import { ProgramDto, UpdateProgramDto } from './program.dto';
import { ProgramEntity } from './program.entity';

@Injectable()
export class ProgramsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(ProgramEntity);
  }

  async list(): Promise<ProgramDto[]> {
    return (await this.repo.find({ order: { code: 'ASC' } })).map(ProgramDto.of);
  }

  async update(id: string, dto: UpdateProgramDto): Promise<ProgramDto> {
    const p = await this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!p) throw notFound('Program', id);
    // The name is not a setting anyone approves; fees and requirements are.
    const settings = (x: ProgramEntity | UpdateProgramDto) => ({
      feeCents: x.feeCents,
      requiredSessions: x.requiredSessions,
      completionWindowDays: x.completionWindowDays,
    });
    const changes = changesOf(settings(p), settings(dto));
    this.audit.detail({ programCode: p.code, ...changes });
    Object.assign(p, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
    return ProgramDto.of(await this.repo.save(p));
  }
}
