import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { Page, PageDto, PageQuery } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import { EligibilityCheckDto } from './eligibility.dto';
import { EligibilityService } from './eligibility.service';
import { OpensRecord } from '../records/closed-record.interceptor';

/** Checks live under their referral. There is deliberately no override route. */
@ApiTags('eligibility')
@Controller('referrals/:id/eligibility-checks')
export class EligibilityController {
  constructor(private readonly eligibility: EligibilityService) {}

  @Post()
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('eligibility.check', 'eligibility_check')
  @Endpoint({
    summary: 'Run rule set MO-2026.1 on the referral and store the result (every rule listed)',
    created: EligibilityCheckDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
    notes: { VALIDATION_FAILED: 'malformed id', NOT_FOUND: 'no such referral' },
  })
  check(
    @Param('id', UuidParamPipe) referralId: string,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<EligibilityCheckDto> {
    return this.eligibility.check(referralId, user.id);
  }

  @Get()
  @Roles('INTAKE', 'SUPERVISOR', 'AUDITOR')
  @OpensRecord('REFERRAL')
  @Endpoint({
    summary: "The referral's checks, newest first",
    ok: PageDto(EligibilityCheckDto, 'EligibilityCheckPage'),
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
    notes: { NOT_FOUND: 'no such referral' },
  })
  history(
    @Param('id', UuidParamPipe) referralId: string,
    @Query() q: PageQuery,
  ): Promise<Page<EligibilityCheckDto>> {
    return this.eligibility.history(referralId, q);
  }
}
