import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { Page, PageDto } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import {
  DecideReversalRequestDto,
  ReversalRequestDto,
  ReversalRequestQuery,
} from './reversal-request.dto';
import { ReversalRequestService } from './reversal-request.service';

@ApiTags('ledger')
@Controller('reversal-requests')
export class ReversalRequestsController {
  constructor(private readonly reversals: ReversalRequestService) {}

  @Get()
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @Endpoint({
    summary: 'Reversal requests of FEE and WAIVER entries, oldest first, optionally by status',
    ok: PageDto(ReversalRequestDto, 'ReversalRequestPage'),
    refuses: ['VALIDATION_FAILED'],
  })
  list(@Query() q: ReversalRequestQuery): Promise<Page<ReversalRequestDto>> {
    return this.reversals.list(q);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('SUPERVISOR')
  @Audited('reversal.approve', 'reversal_request')
  @Endpoint({
    summary:
      'Approve a reversal (neither your request nor your entry): writes the REVERSAL entry, named by ledgerEntryId',
    ok: { type: ReversalRequestDto, description: 'The decided request with ledgerEntryId' },
    refuses: [
      'VALIDATION_FAILED',
      'SELF_APPROVAL',
      'NOT_FOUND',
      'INVALID_TRANSITION',
      'ALREADY_REVERSED',
      'NOT_REVERSIBLE',
    ],
    notes: {
      SELF_APPROVAL: 'you requested it, or you recorded the entry',
      INVALID_TRANSITION: 'already decided',
      NOT_REVERSIBLE: 'the balance would become negative now',
    },
  })
  approve(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DecideReversalRequestDto,
  ): Promise<ReversalRequestDto> {
    return this.reversals.approve(id, dto, user.id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('SUPERVISOR')
  @Audited('reversal.reject', 'reversal_request')
  @Endpoint({
    summary: 'Reject a reversal (neither your request nor your entry)',
    ok: ReversalRequestDto,
    refuses: ['VALIDATION_FAILED', 'SELF_APPROVAL', 'NOT_FOUND', 'INVALID_TRANSITION'],
    notes: {
      SELF_APPROVAL: 'you requested it, or you recorded the entry',
      INVALID_TRANSITION: 'already decided',
    },
  })
  reject(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DecideReversalRequestDto,
  ): Promise<ReversalRequestDto> {
    return this.reversals.reject(id, dto, user.id);
  }
}
