import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditedList, distinct, distinctInPage } from '../audit/list-audit.interceptor';
import { AuditedView } from '../audit/view-audit.interceptor';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
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
  @Endpoint({
    summary: 'Record a court referral (one case) of a participant',
    created: ReferralDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'DUPLICATE_CASE'],
    notes: { NOT_FOUND: 'no such participant', DUPLICATE_CASE: 'the body carries `existingId`' },
  })
  create(
    @Body() dto: CreateReferralDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<ReferralDto> {
    return this.referrals.create(dto, user.id);
  }

  @Get()
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR')
  @AuditedList('referral.list', 'referral', distinctInPage('participantId'))
  @Endpoint({
    summary:
      'Referrals with their latest eligibility result and enrollment, newest first: the work lists "waiting for a check" and "eligible, not enrolled" (audited as referral.list)',
    ok: PageDto(ReferralSummaryDto, 'ReferralSummaryPage'),
    refuses: ['VALIDATION_FAILED'],
  })
  list(@Query() q: ReferralQuery): Promise<Page<ReferralSummaryDto>> {
    return this.referrals.list(q);
  }

  @Get(':id')
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR')
  @AuditedView('referral.view', 'referral')
  @OpensRecord('REFERRAL')
  @Endpoint({
    summary: 'One referral (the read is audited as referral.view)',
    ok: ReferralDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
    notes: { VALIDATION_FAILED: 'malformed id' },
  })
  get(@Param('id', UuidParamPipe) id: string): Promise<ReferralDto> {
    return this.referrals.get(id);
  }

  @Patch(':id')
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('referral.update', 'referral')
  @OpensRecord('REFERRAL')
  @Endpoint({
    summary: 'Correct a referral; changing a screening fact makes earlier eligibility checks stale',
    ok: ReferralDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'DUPLICATE_CASE'],
  })
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
  @Endpoint({
    summary:
      "A participant's referrals, newest first, each with its latest eligibility result and enrollment (audited as referral.list)",
    ok: [ReferralSummaryDto],
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
    notes: { VALIDATION_FAILED: 'malformed id', NOT_FOUND: 'no such participant' },
  })
  list(@Param('id', UuidParamPipe) id: string): Promise<ReferralSummaryDto[]> {
    return this.referrals.ofParticipant(id);
  }
}
