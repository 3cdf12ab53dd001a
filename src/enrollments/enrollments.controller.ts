import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditedList, distinctInPage } from '../audit/list-audit.interceptor';
import { AuditedView } from '../audit/view-audit.interceptor';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { Page, PageDto } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import {
  CreateEnrollmentDto,
  EnrollmentDto,
  EnrollmentQuery,
  TransitionDto,
} from './enrollment.dto';
import { EnrollmentTransitionsService } from './enrollment-transitions.service';
import { EnrollmentsService } from './enrollments.service';
import { OpensRecord } from '../records/closed-record.interceptor';

@ApiTags('enrollments')
@Controller('enrollments')
export class EnrollmentsController {
  constructor(
    private readonly enrollments: EnrollmentsService,
    private readonly transitions: EnrollmentTransitionsService,
  ) {}

  @Post()
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('enrollment.create', 'enrollment')
  @Endpoint({
    summary:
      "Enroll on the referral's latest eligibility check (fresh and eligible); assesses the fee",
    created: EnrollmentDto,
    refuses: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'ALREADY_ENROLLED',
      'NOT_ELIGIBLE',
      'ELIGIBILITY_STALE',
    ],
    notes: {
      NOT_FOUND: 'no such referral',
      ALREADY_ENROLLED: 'the body carries `existingId`',
      NOT_ELIGIBLE: 'the body carries `reasons`: the failing rule codes',
      ELIGIBILITY_STALE: 'the referral changed since its latest check, or was never checked',
    },
  })
  create(
    @Body() dto: CreateEnrollmentDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<EnrollmentDto> {
    return this.enrollments.create(dto, user.id);
  }

  @Get()
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR')
  @AuditedList('enrollment.list', 'enrollment', distinctInPage('participantId'))
  @Endpoint({
    summary:
      'Enrollments by status, program, participant, overdue or unseated (newest first; audited as enrollment.list)',
    ok: PageDto(EnrollmentDto, 'EnrollmentPage'),
    refuses: ['VALIDATION_FAILED'],
  })
  list(@Query() q: EnrollmentQuery): Promise<Page<EnrollmentDto>> {
    return this.enrollments.list(q);
  }

  @Get(':id')
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR', 'FACILITATOR')
  @AuditedView('enrollment.view', 'enrollment')
  @OpensRecord('ENROLLMENT')
  @Endpoint({
    summary:
      'One enrollment with its balance and attended sessions (the read is audited as enrollment.view)',
    ok: EnrollmentDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
    notes: { VALIDATION_FAILED: 'malformed id' },
  })
  get(@Param('id', UuidParamPipe) id: string): Promise<EnrollmentDto> {
    return this.enrollments.get(id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('enrollment.transition', 'enrollment')
  @Endpoint({
    summary:
      'Close an ACTIVE enrollment: COMPLETED (issues the certificate), TERMINATED (with a reason) or WITHDRAWN',
    ok: EnrollmentDto,
    refuses: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'INVALID_TRANSITION',
      'COMPLETION_REQUIREMENTS_UNMET',
    ],
    notes: {
      VALIDATION_FAILED: 'e.g. TERMINATED without one of the termination reasons',
      INVALID_TRANSITION: 'the enrollment is already final',
      COMPLETION_REQUIREMENTS_UNMET: 'the body carries `unmet`: every unmet condition',
    },
  })
  transition(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: TransitionDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<EnrollmentDto> {
    return this.transitions.transition(id, dto, user.id);
  }
}
