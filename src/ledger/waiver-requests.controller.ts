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
import { DecideWaiverRequestDto, WaiverRequestDto, WaiverRequestQuery } from './waiver-request.dto';
import { WaiverRequestService } from './waiver-request.service';

@ApiTags('ledger')
@Controller('waiver-requests')
export class WaiverRequestsController {
  constructor(private readonly waivers: WaiverRequestService) {}

  @Get()
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR')
  @ApiOperation({ summary: 'Waiver requests, oldest first, optionally by status' })
  @ApiOkResponse({ type: PageDto(WaiverRequestDto, 'WaiverRequestPage') })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  list(@Query() q: WaiverRequestQuery): Promise<Page<WaiverRequestDto>> {
    return this.waivers.list(q);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('SUPERVISOR')
  @Audited('waiver.approve', 'waiver_request')
  @ApiOperation({
    summary: 'Approve a waiver (not your own request): writes the WAIVER entry',
  })
  @ApiOkResponse({ type: WaiverRequestDto, description: 'The decided request with ledgerEntryId' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiForbiddenResponse({ description: 'SELF_APPROVAL (the supervisor requested it)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION (already decided)' })
  @ApiUnprocessableEntityResponse({
    description:
      'WAIVER_EXCEEDS_BALANCE (more than the balance now, e.g. after a payment; with maxCents), ENROLLMENT_NOT_ACTIVE',
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
  @ApiOperation({ summary: 'Reject a waiver (not your own request)' })
  @ApiOkResponse({ type: WaiverRequestDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiForbiddenResponse({ description: 'SELF_APPROVAL (the supervisor requested it)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION (already decided)' })
  reject(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DecideWaiverRequestDto,
  ): Promise<WaiverRequestDto> {
    return this.waivers.reject(id, dto, user.id);
  }
}
