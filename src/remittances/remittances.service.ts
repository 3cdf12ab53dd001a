import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import {
  CreateRemittanceDto,
  RemittanceDetailDto,
  RemittanceDto,
  RemittanceListQuery,
  SendRemittanceDto,
  VoidRemittanceDto,
} from './remittance.dto';
import { RemittancesRepository } from './remittances.repository';

@Injectable()
export class RemittancesService {
  constructor(private readonly remittances: RemittancesRepository) {}

  /**
   * Takes every movement dated on or before periodEnd that no live batch holds, in the request's
   * transaction: the batch exists whole or not at all.
   */
  async create(dto: CreateRemittanceDto, user: AuthenticatedStaff): Promise<RemittanceDto> {
    // Taken first: batch creations on every instance take turns.
    await this.remittances.lockBatchCreation();
    const batch = await this.remittances.insertBatch(dto.periodEnd, user.id);
    if (batch.itemCount === 0) {
      // Thrown inside the transaction: the empty batch row is rolled back with it.
      throw new DomainError(
        'NOTHING_TO_REMIT',
        `No payment, refund or reversal dated on or before ${dto.periodEnd} is waiting to be remitted.`,
      );
    }
    return batch;
  }

  async list(q: RemittanceListQuery): Promise<Page<RemittanceDto>> {
    const [items, total] = await this.remittances.list(q.status, q.limit, q.offset);
    return pageOf(items, total, q);
  }

  async get(id: string): Promise<RemittanceDetailDto> {
    const batch = await this.remittances.findById(id);
    if (!batch) throw notFound('Remittance batch', id);
    return this.withItems(batch);
  }

  async send(
    id: string,
    dto: SendRemittanceDto,
    user: AuthenticatedStaff,
  ): Promise<RemittanceDetailDto> {
    await this.lockDraft(id);
    const sent = await this.remittances.markSent(id, {
      transferReference: dto.transferReference,
      sentOn: dto.sentOn,
      by: user.id,
    });
    return this.withItems(sent);
  }

  /** Voids a DRAFT and releases its movements for the next batch, in one transaction. */
  async void(
    id: string,
    dto: VoidRemittanceDto,
    user: AuthenticatedStaff,
  ): Promise<RemittanceDetailDto> {
    await this.lockDraft(id);
    const voided = await this.remittances.markVoided(id, {
      reason: dto.reason ?? null,
      by: user.id,
    });
    return this.withItems(voided);
  }

  private async withItems(batch: RemittanceDto): Promise<RemittanceDetailDto> {
    return { ...batch, items: await this.remittances.items(batch.id) };
  }

  /** Only a DRAFT can be sent or voided; its row stays locked until commit. */
  private async lockDraft(id: string): Promise<void> {
    const status = await this.remittances.lockStatus(id);
    if (!status) throw notFound('Remittance batch', id);
    if (status !== 'DRAFT') {
      throw new DomainError(
        'BATCH_NOT_DRAFT',
        `Remittance batch ${id} is ${status}; only a DRAFT can be sent or voided.`,
        undefined,
        { batchStatus: status },
      );
    }
  }
}
