import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { csvAttachment } from '../common/csv-attachment';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { Page, PageDto } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import {
  CreateRemittanceDto,
  RemittanceDetailDto,
  RemittanceDto,
  RemittanceListQuery,
  SendRemittanceDto,
  VoidRemittanceDto,
} from './remittance.dto';
import { statementCsv, statementPdf } from './remittance-statement';
import { RemittancesService } from './remittances.service';

@ApiTags('remittances')
@Controller('remittances')
export class RemittancesController {
  constructor(private readonly remittances: RemittancesService) {}

  @Post()
  @Roles('FINANCE')
  @Audited('remittance.create', 'remittance_batch')
  @Endpoint({
    summary: "Build a DRAFT batch for Veronica's Voice",
    description:
      'Takes every money movement dated on or before periodEnd that no live batch holds: ' +
      'payments (+, by received date), refunds (−) and reversals of payments (−) or of refunds ' +
      '(+), by the America/Chicago day they were recorded. Each movement belongs to one live ' +
      'batch at most, also with concurrent requests on several instances. The total may be ' +
      'negative (negativeTotal: true) when refunds and reversals outweigh the payments.',
    created: RemittanceDto,
    refuses: ['VALIDATION_FAILED', 'NOTHING_TO_REMIT'],
  })
  create(
    @Body() dto: CreateRemittanceDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<RemittanceDto> {
    return this.remittances.create(dto, user);
  }

  @Get()
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @Endpoint({
    summary: 'Remittance batches, newest first',
    ok: PageDto(RemittanceDto, 'RemittancePage'),
    refuses: ['VALIDATION_FAILED'],
  })
  list(@Query() q: RemittanceListQuery): Promise<Page<RemittanceDto>> {
    return this.remittances.list(q);
  }

  @Get(':id')
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @Endpoint({
    summary: 'One batch with its items',
    ok: RemittanceDetailDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  get(@Param('id', UuidParamPipe) id: string): Promise<RemittanceDetailDto> {
    return this.remittances.get(id);
  }

  @Post(':id/send')
  @HttpCode(200)
  @Roles('FINANCE')
  @Audited('remittance.send', 'remittance_batch')
  @Endpoint({
    summary: 'Record the transfer of a DRAFT batch: SENT is final',
    ok: RemittanceDetailDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'BATCH_NOT_DRAFT'],
  })
  send(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: SendRemittanceDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<RemittanceDetailDto> {
    return this.remittances.send(id, dto, user);
  }

  @Post(':id/void')
  @HttpCode(200)
  @Roles('FINANCE', 'SUPERVISOR')
  @Audited('remittance.void', 'remittance_batch')
  @Endpoint({
    summary: 'Void a DRAFT batch, releasing its movements for the next batch',
    ok: RemittanceDetailDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'BATCH_NOT_DRAFT'],
  })
  void(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: VoidRemittanceDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<RemittanceDetailDto> {
    return this.remittances.void(id, dto, user);
  }

  @Get(':id/statement.csv')
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @Endpoint({
    summary: "The batch statement for Veronica's Voice as CSV (no participant personal data)",
    description:
      'Columns Line, Line code, Batch, Period end, Date, Receipt number, Program, Program code, ' +
      'Kind, Kind code, Items, Amount (dollars with two decimals, e.g. 71400.00; dates ' +
      'YYYY-MM-DD). Item lines (ITEM), then Program total (PROGRAM_TOTAL), Kind total ' +
      '(KIND_TOTAL) and one Batch total (BATCH_TOTAL) line.',
    produces: ['text/csv'],
    ok: { description: 'text/csv attachment', schema: { type: 'string' } },
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  async statementCsv(@Param('id', UuidParamPipe) id: string): Promise<StreamableFile> {
    const batch = await this.remittances.get(id);
    return csvAttachment(`remittance-${id}.csv`, statementCsv(batch, batch.items));
  }

  @Get(':id/statement.pdf')
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @Endpoint({
    summary: "The batch statement for Veronica's Voice as PDF (no participant personal data)",
    produces: ['application/pdf'],
    ok: { description: 'application/pdf attachment', schema: { type: 'string', format: 'binary' } },
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  async statementPdf(@Param('id', UuidParamPipe) id: string): Promise<StreamableFile> {
    const batch = await this.remittances.get(id);
    return new StreamableFile(await statementPdf(batch, batch.items), {
      type: 'application/pdf',
      disposition: `attachment; filename="remittance-${id}.pdf"`,
    });
  }
}
