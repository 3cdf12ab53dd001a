import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuditedList, distinctInPage } from '../audit/list-audit.interceptor';
import { AuditedView } from '../audit/view-audit.interceptor';
import { Audited, CurrentUser, Roles } from '../common/decorators';
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
  @ApiOperation({
    summary:
      "Enroll on the referral's latest eligibility check (fresh and eligible); assesses the fee",
  })
  @ApiCreatedResponse({ type: EnrollmentDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND — no such referral' })
  @ApiConflictResponse({ description: 'ALREADY_ENROLLED — the body carries `existingId`' })
  @ApiUnprocessableEntityResponse({
    description:
      'NOT_ELIGIBLE (the body carries `reasons`: the failing rule codes); ELIGIBILITY_STALE (the referral changed since its latest check, or was never checked)',
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
  @ApiOperation({
    summary:
      'Enrollments by status, program, participant, overdue or unseated (newest first; audited as enrollment.list)',
  })
  @ApiOkResponse({ type: PageDto(EnrollmentDto, 'EnrollmentPage') })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  list(@Query() q: EnrollmentQuery): Promise<Page<EnrollmentDto>> {
    return this.enrollments.list(q);
  }

  @Get(':id')
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR', 'FACILITATOR')
  @AuditedView('enrollment.view', 'enrollment')
  @OpensRecord('ENROLLMENT')
  @ApiOperation({
    summary:
      'One enrollment with its balance and attended sessions (the read is audited as enrollment.view)',
  })
  @ApiOkResponse({ type: EnrollmentDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (malformed id)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('id', UuidParamPipe) id: string): Promise<EnrollmentDto> {
    return this.enrollments.get(id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('enrollment.transition', 'enrollment')
  @ApiOperation({
    summary:
      'Close an ACTIVE enrollment: COMPLETED (issues the certificate), TERMINATED (with a reason) or WITHDRAWN',
  })
  @ApiOkResponse({ type: EnrollmentDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED (e.g. TERMINATED without one of the termination reasons)',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION — the enrollment is already final' })
  @ApiUnprocessableEntityResponse({
    description: 'COMPLETION_REQUIREMENTS_UNMET — the body carries `unmet`: every unmet condition',
  })
  transition(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: TransitionDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<EnrollmentDto> {
    return this.transitions.transition(id, dto, user.id);
  }
}
