import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditedList, distinctInPage } from '../audit/list-audit.interceptor';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import { Page, PageDto } from '../common/pagination';
import {
  CreateReversalDto,
  LedgerEntryDto,
  LedgerEntryListItemDto,
  LedgerEntryQuery,
} from './ledger.dto';
import type { Response } from 'express';
import { LedgerService } from './ledger.service';
import { ReceiptService } from './receipt.service';
import { ReversalRequestDto } from './reversal-request.dto';
import { OpensRecord } from '../records/closed-record.interceptor';

@ApiTags('ledger')
@Controller('ledger-entries')
export class LedgerEntriesController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly receipts: ReceiptService,
  ) {}

  @Get()
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @AuditedList('ledger.list', 'ledger_entry', distinctInPage('enrollmentId'))
  @Endpoint({
    summary:
      'Ledger entries across enrollments, newest first: by kind, received day (e.g. payments today) or enrollment (audited as ledger.list)',
    ok: PageDto(LedgerEntryListItemDto, 'LedgerEntryPage'),
    refuses: ['VALIDATION_FAILED'],
  })
  list(@Query() q: LedgerEntryQuery): Promise<Page<LedgerEntryListItemDto>> {
    return this.ledger.list(q);
  }

  @Get(':id/receipt.pdf')
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @OpensRecord('LEDGER_ENTRY')
  @Endpoint({
    summary: "A payment's receipt (PDF)",
    produces: ['application/pdf'],
    ok: { description: 'The receipt', schema: { type: 'string', format: 'binary' } },
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
    notes: {
      VALIDATION_FAILED: 'id is not a UUID',
      NOT_FOUND: 'no such entry, or the entry is not a payment',
    },
  })
  async receipt(@Param('id', UuidParamPipe) id: string): Promise<StreamableFile> {
    const { receiptNumber, pdf } = await this.receipts.receipt(id);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="${receiptNumber}.pdf"`,
      length: pdf.length,
    });
  }

  @Post(':id/reversal')
  @Roles('SUPERVISOR', 'FINANCE')
  @Audited('ledger.reversal.record', 'ledger_entry')
  @Endpoint({
    summary:
      'Reverse an entry: a PAYMENT or REFUND at once (SUPERVISOR; a bounced check), a FEE or WAIVER by request (SUPERVISOR or FINANCE ask, a second SUPERVISOR approves)',
    created: { type: LedgerEntryDto, description: 'PAYMENT or REFUND: the REVERSAL entry' },
    accepted: {
      type: ReversalRequestDto,
      description:
        'FEE or WAIVER: a PENDING reversal request; nothing is written to the ledger until a SUPERVISOR who is neither the requester nor the entry’s author approves it',
    },
    refuses: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'ALREADY_REVERSED',
      'REVERSAL_ALREADY_REQUESTED',
      'FORBIDDEN',
      'SELF_APPROVAL',
      'NOT_REVERSIBLE',
    ],
    notes: {
      REVERSAL_ALREADY_REQUESTED: 'with existingId',
      FORBIDDEN: 'not a SUPERVISOR: FINANCE may only ask for a FEE or WAIVER reversal',
      SELF_APPROVAL: 'the PAYMENT or REFUND is your own',
      NOT_REVERSIBLE:
        'the entry is a REVERSAL, or the balance or the money received would become negative',
    },
  })
  async reverse(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateReversalDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LedgerEntryDto | ReversalRequestDto> {
    const outcome = await this.ledger.reverse(id, dto, user);
    if ('request' in outcome) {
      res.status(202);
      return outcome.request;
    }
    return outcome.entry;
  }
}
