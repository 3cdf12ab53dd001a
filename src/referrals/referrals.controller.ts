import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditedList, distinct, distinctInPage } from '../audit/list-audit.interceptor';
import { AuditedView } from '../audit/view-audit.interceptor';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Page, PageDto } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import {
  CreateReferralDto,
  ReferralDto,
  ReferralQuery,
  ReferralSummaryDto,
  UpdateReferralDto,
} from './referral.dto';
import { ReferralsService } from './referrals.service';
import { OpensRecord } from '../records/closed-record.interceptor';

@ApiTags('referrals')
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post()
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('referral.create', 'referral')
  @ApiOperation({ summary: 'Record a court referral (one case) of a participant' })
  @ApiCreatedResponse({ type: ReferralDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND — no such participant' })
  @ApiConflictResponse({ description: 'DUPLICATE_CASE — the body carries `existingId`' })
  create(
    @Body() dto: CreateReferralDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<ReferralDto> {
    return this.referrals.create(dto, user.id);
  }

  @Get()
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR')
  @AuditedList('referral.list', 'referral', distinctInPage('participantId'))
  @ApiOperation({
    summary:
      'Referrals with their latest eligibility result and enrollment, newest first: the work lists "waiting for a check" and "eligible, not enrolled" (audited as referral.list)',
  })
  @ApiOkResponse({ type: PageDto(ReferralSummaryDto, 'ReferralSummaryPage') })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  list(@Query() q: ReferralQuery): Promise<Page<ReferralSummaryDto>> {
    return this.referrals.list(q);
  }

  @Get(':id')
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR')
  @AuditedView('referral.view', 'referral')
  @OpensRecord('REFERRAL')
  @ApiOperation({ summary: 'One referral (the read is audited as referral.view)' })
  @ApiOkResponse({ type: ReferralDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (malformed id)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('id', UuidParamPipe) id: string): Promise<ReferralDto> {
    return this.referrals.get(id);
  }

  @Patch(':id')
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('referral.update', 'referral')
  @OpensRecord('REFERRAL')
  @ApiOperation({
    summary: 'Correct a referral; changing a screening fact makes earlier eligibility checks stale',
  })
  @ApiOkResponse({ type: ReferralDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'DUPLICATE_CASE' })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateReferralDto,
  ): Promise<ReferralDto> {
    return this.referrals.update(id, dto);
  }
}

@ApiTags('referrals')
@Controller('participants/:id/referrals')
export class ParticipantReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get()
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR')
  @AuditedList('referral.list', 'participant', (rows) => distinct(rows, 'participantId'))
  @OpensRecord('PARTICIPANT')
  @ApiOperation({
    summary:
      "A participant's referrals, newest first, each with its latest eligibility result and enrollment (audited as referral.list)",
  })
  @ApiOkResponse({ type: [ReferralSummaryDto] })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (malformed id)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND — no such participant' })
  list(@Param('id', UuidParamPipe) id: string): Promise<ReferralSummaryDto[]> {
    return this.referrals.ofParticipant(id);
  }
}
