import { Injectable } from '@nestjs/common';
import { notFound } from '../common/domain-error';
import { Tx, TransactionHost } from '../common/transactions';
import { ProgramDto, UpdateProgramDto } from './program.dto';
import { ProgramEntity } from './program.entity';

@Injectable()
export class ProgramsService {
  constructor(private readonly txHost: TransactionHost) {}

  private get repo() {
    return (this.txHost as Tx).tx.getRepository(ProgramEntity);
  }

  async list(): Promise<ProgramDto[]> {
    return (await this.repo.find({ order: { code: 'ASC' } })).map(ProgramDto.of);
  }

  async update(id: string, dto: UpdateProgramDto): Promise<ProgramDto> {
    const p = await this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!p) throw notFound('Program', id);
    Object.assign(p, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
    return ProgramDto.of(await this.repo.save(p));
  }
}
