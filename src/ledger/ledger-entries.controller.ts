import { Body, Controller, Get, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import { Page, PageDto } from '../common/pagination';
import {
  CreateReversalDto,
  LedgerEntryDto,
  LedgerEntryListItemDto,
  LedgerEntryQuery,
} from './ledger.dto';
import { LedgerService } from './ledger.service';
import { ReceiptService } from './receipt.service';

@ApiTags('ledger')
@Controller('ledger-entries')
export class LedgerEntriesController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly receipts: ReceiptService,
  ) {}

  @Get()
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @ApiOperation({
    summary:
      'Ledger entries across enrollments, newest first: by kind, received day (e.g. payments today) or enrollment',
  })
  @ApiOkResponse({ type: PageDto(LedgerEntryListItemDto, 'LedgerEntryPage') })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  list(@Query() q: LedgerEntryQuery): Promise<Page<LedgerEntryListItemDto>> {
    return this.ledger.list(q);
  }

  @Get(':id/receipt.pdf')
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @ApiOperation({ summary: "A payment's receipt (PDF)" })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The receipt', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (id is not a UUID)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND (no such entry, or the entry is not a payment)' })
  async receipt(@Param('id', UuidParamPipe) id: string): Promise<StreamableFile> {
    const { receiptNumber, pdf } = await this.receipts.receipt(id);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="${receiptNumber}.pdf"`,
      length: pdf.length,
    });
  }

  @Post(':id/reversal')
  @Roles('SUPERVISOR')
  @Audited('ledger.reversal.record', 'ledger_entry')
  @ApiOperation({
    summary: 'Reverse an entry (e.g. a bounced check): a REVERSAL negating it, once',
  })
  @ApiCreatedResponse({ type: LedgerEntryDto, description: 'The REVERSAL entry' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'ALREADY_REVERSED' })
  @ApiResponse({
    status: 403,
    description: 'FORBIDDEN (not a SUPERVISOR), SELF_APPROVAL (the entry is your own)',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'NOT_REVERSIBLE (the entry is a REVERSAL, or the balance or the money received would become negative)',
  })
  reverse(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateReversalDto,
  ): Promise<LedgerEntryDto> {
    return this.ledger.reverse(id, dto, user.id);
  }
}
