import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Audited, CurrentUser, Roles } from '../common/decorators';
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
  @ApiOperation({
    summary: 'Reversal requests of FEE and WAIVER entries, oldest first, optionally by status',
  })
  @ApiOkResponse({ type: PageDto(ReversalRequestDto, 'ReversalRequestPage') })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  list(@Query() q: ReversalRequestQuery): Promise<Page<ReversalRequestDto>> {
    return this.reversals.list(q);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('SUPERVISOR')
  @Audited('reversal.approve', 'reversal_request')
  @ApiOperation({
    summary:
      'Approve a reversal (neither your request nor your entry): writes the REVERSAL entry, named by ledgerEntryId',
  })
  @ApiOkResponse({
    type: ReversalRequestDto,
    description: 'The decided request with ledgerEntryId',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiForbiddenResponse({
    description: 'SELF_APPROVAL (you requested it, or you recorded the entry)',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION (already decided), ALREADY_REVERSED' })
  @ApiUnprocessableEntityResponse({
    description: 'NOT_REVERSIBLE (the balance would become negative now)',
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
  @ApiOperation({ summary: 'Reject a reversal (neither your request nor your entry)' })
  @ApiOkResponse({ type: ReversalRequestDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiForbiddenResponse({
    description: 'SELF_APPROVAL (you requested it, or you recorded the entry)',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION (already decided)' })
  reject(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DecideReversalRequestDto,
  ): Promise<ReversalRequestDto> {
    return this.reversals.reject(id, dto, user.id);
  }
}
