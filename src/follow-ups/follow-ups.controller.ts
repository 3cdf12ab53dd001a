import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { Page, PageDto } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import { FollowUpDto, FollowUpQuery, FollowUpResultDto, RecordFollowUpDto } from './follow-up.dto';
import { FollowUpsService } from './follow-ups.service';

@ApiTags('follow-ups')
@Controller()
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Get('follow-ups')
  @Roles('INTAKE', 'SUPERVISOR')
  @Endpoint({
    summary: 'Follow-up checks due 12 and 24 months after an enrollment ended, oldest due first',
    description:
      'One row per ended enrollment (COMPLETED, TERMINATED or WITHDRAWN) and check (12 or 24 ' +
      'months) whose due day (exitedOn + months; the last day of the month when that month is ' +
      'shorter) is today or earlier (America/Chicago, the program clock). DUE: no result ' +
      'recorded yet; RECORDED: its latest result. from and to bound the due day (inclusive). ' +
      'Rows name the person (name and date of birth: a records search needs them), closed ' +
      'records included; each showing of a closed record is a disclosure with the reason ' +
      'FOLLOW_UP.',
    ok: PageDto(FollowUpDto, 'FollowUpPage'),
    refuses: ['VALIDATION_FAILED'],
  })
  list(@Query() q: FollowUpQuery): Promise<Page<FollowUpDto>> {
    return this.followUps.list(q);
  }

  @Post('enrollments/:id/follow-ups')
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('follow_up.record', 'enrollment')
  @Endpoint({
    summary: 'Record the result of a follow-up check (codes only; a correction is a newer result)',
    description:
      'Results are append-only; the latest recorded result of a check is the one that counts ' +
      'in the lists and the report. checkedOn is not in the future (400) and not before the ' +
      'check fell due (422 FOLLOW_UP_NOT_DUE naming checkedOn).',
    created: FollowUpResultDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'ENROLLMENT_ACTIVE', 'FOLLOW_UP_NOT_DUE'],
    notes: {
      VALIDATION_FAILED: 'also for any field beyond these four: no notes',
      NOT_FOUND: 'no such enrollment',
      ENROLLMENT_ACTIVE: 'the enrollment has not ended',
      FOLLOW_UP_NOT_DUE:
        'the check is not due yet (the body carries `dueOn`), or checkedOn is before its due day',
    },
  })
  record(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RecordFollowUpDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<FollowUpResultDto> {
    return this.followUps.record(id, dto, user.id);
  }
}
