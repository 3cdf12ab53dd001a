import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { Page, PageDto } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import { DecideWaiverRequestDto, WaiverRequestDto, WaiverRequestQuery } from './waiver-request.dto';
import { WaiverRequestService } from './waiver-request.service';

@ApiTags('ledger')
@Controller('waiver-requests')
export class WaiverRequestsController {
  constructor(private readonly waivers: WaiverRequestService) {}

  @Get()
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @Endpoint({
    summary: 'Waiver requests, oldest first, optionally by status',
    ok: PageDto(WaiverRequestDto, 'WaiverRequestPage'),
    refuses: ['VALIDATION_FAILED'],
  })
  list(@Query() q: WaiverRequestQuery): Promise<Page<WaiverRequestDto>> {
    return this.waivers.list(q);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('SUPERVISOR')
  @Audited('waiver.approve', 'waiver_request')
  @Endpoint({
    summary: 'Approve a waiver (not your own request): writes the WAIVER entry',
    ok: { type: WaiverRequestDto, description: 'The decided request with ledgerEntryId' },
    refuses: [
      'VALIDATION_FAILED',
      'SELF_APPROVAL',
      'NOT_FOUND',
      'INVALID_TRANSITION',
      'WAIVER_EXCEEDS_BALANCE',
      'ENROLLMENT_NOT_ACTIVE',
    ],
    notes: {
      SELF_APPROVAL: 'the supervisor requested it',
      INVALID_TRANSITION: 'already decided',
      WAIVER_EXCEEDS_BALANCE: 'more than the balance now, e.g. after a payment; with maxCents',
    },
  })
  approve(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DecideWaiverRequestDto,
  ): Promise<WaiverRequestDto> {
    return this.waivers.approve(id, dto, user.id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('SUPERVISOR')
  @Audited('waiver.reject', 'waiver_request')
  @Endpoint({
    summary: 'Reject a waiver (not your own request)',
    ok: WaiverRequestDto,
    refuses: ['VALIDATION_FAILED', 'SELF_APPROVAL', 'NOT_FOUND', 'INVALID_TRANSITION'],
    notes: { SELF_APPROVAL: 'the supervisor requested it', INVALID_TRANSITION: 'already decided' },
  })
  reject(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DecideWaiverRequestDto,
  ): Promise<WaiverRequestDto> {
    return this.waivers.reject(id, dto, user.id);
  }
}
