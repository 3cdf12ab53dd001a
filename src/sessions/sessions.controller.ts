import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditedList, distinct } from '../audit/list-audit.interceptor';
import { AnyRole, Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { Page, PageDto, PageQuery } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import {
  AttendanceRevisionDto,
  AttendanceSubmissionDto,
  EnrollmentSeatDto,
  RosterDto,
  SubmitAttendanceDto,
} from './attendance.dto';
import { AttendanceService } from './attendance.service';
import { SeatsService } from './seats.service';
import {
  CancelSessionDto,
  CreateSessionDto,
  SeatDto,
  SessionDto,
  SessionQuery,
  TakeSeatDto,
  UpdateSessionDto,
} from './session.dto';
import { SessionsService } from './sessions.service';
import { OpensRecord } from '../records/closed-record.interceptor';

@ApiTags('sessions')
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly seats: SeatsService,
    private readonly attendance: AttendanceService,
  ) {}

  @Post()
  @Roles('SUPERVISOR', 'INTAKE')
  @Audited('session.create', 'class_session')
  @Endpoint({
    summary:
      'Schedule a class session (past start times record a session held: SUPERVISOR only, else 403)',
    created: SessionDto,
    refuses: ['VALIDATION_FAILED', 'FACILITATOR_NOT_ELIGIBLE'],
    notes: {
      VALIDATION_FAILED: "e.g. endsAt less than the program's minSessionMinutes after startsAt",
    },
  })
  create(
    @Body() dto: CreateSessionDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<SessionDto> {
    return this.sessions.create(dto, user);
  }

  @Get()
  @AnyRole()
  @Endpoint({
    summary:
      'Sessions by start time: of one program, within a range or on a day, of a facilitator, cancelled or not, without attendance, upcoming, with free seats',
    description:
      'Seats an enrollment can be given, in one call: `?programCode=<its program>&upcoming=true&hasFreeSeats=true&excludeEnrollmentId=<its id>` (sessions of the program that have not started, are not cancelled, have a free seat, and in which it has no seat yet). "My sessions today": `?facilitatorId=<me>&on=<today>&cancelled=false`; each session says whether its attendance was taken (attendanceTaken, attendanceRecordedAt, attendanceRecordedCount).',
    ok: PageDto(SessionDto, 'SessionPage'),
    refuses: ['VALIDATION_FAILED'],
  })
  list(@Query() q: SessionQuery): Promise<Page<SessionDto>> {
    return this.sessions.list(q);
  }

  @Get(':id')
  @AnyRole()
  @Endpoint({
    summary: 'One session with its seat count',
    ok: SessionDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  get(@Param('id', UuidParamPipe) id: string): Promise<SessionDto> {
    return this.sessions.get(id);
  }

  @Patch(':id')
  @Roles('SUPERVISOR')
  @Audited('session.reassign', 'class_session')
  @Endpoint({
    summary:
      'Give the session to another facilitator, or none (session.reassign), or move it (session.reschedule); audited before → after',
    ok: SessionDto,
    refuses: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'FACILITATOR_NOT_ELIGIBLE',
      'SESSION_CANCELLED',
      'ATTENDANCE_RECORDED',
      'SEAT_OVERLAPS',
      'SEAT_BEFORE_ENROLLMENT',
    ],
    notes: {
      VALIDATION_FAILED: "e.g. endsAt less than the program's minSessionMinutes after startsAt",
      ATTENDANCE_RECORDED: 'times of a session held stay',
    },
  })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateSessionDto,
  ): Promise<SessionDto> {
    return this.sessions.update(id, dto);
  }

  @Post(':id/cancel')
  @Roles('SUPERVISOR')
  @HttpCode(200)
  @Audited('session.cancel', 'class_session')
  @Endpoint({
    summary:
      'Cancel a session that did not take place (no attendance recorded); every seat is released',
    ok: SessionDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'SESSION_CANCELLED', 'ATTENDANCE_RECORDED'],
    notes: { SESSION_CANCELLED: 'already cancelled', ATTENDANCE_RECORDED: 'the class took place' },
  })
  cancel(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CancelSessionDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<SessionDto> {
    return this.sessions.cancel(id, dto, user.id);
  }

  @Post(':id/seats')
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('session.seat', 'class_session')
  @Endpoint({
    summary:
      'Seat an ACTIVE enrollment of the session’s program: INTAKE until 15 minutes after the start (late arrivals), a SUPERVISOR any time, with a reason once it started',
    created: SeatDto,
    refuses: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'SESSION_FULL',
      'ALREADY_SEATED',
      'ENROLLMENT_NOT_ACTIVE',
      'PROGRAM_MISMATCH',
      'SESSION_CANCELLED',
      'SESSION_STARTED',
      'SEAT_BEFORE_ENROLLMENT',
      'SEAT_OVERLAPS',
    ],
    notes: {
      VALIDATION_FAILED: 'e.g. reason missing: a SUPERVISOR seating after the start',
      NOT_FOUND: 'session or enrollment',
      SESSION_STARTED: 'INTAKE, more than 15 minutes after the start',
      SEAT_BEFORE_ENROLLMENT: 'the session ended before enrolledOn',
      SEAT_OVERLAPS: 'another seat of the enrollment at that time',
    },
  })
  seat(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: TakeSeatDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<SeatDto> {
    return this.seats.seat(id, dto.enrollmentId.toLowerCase(), user, dto.reason);
  }

  @Delete(':id/seats/:enrollmentId')
  @Roles('INTAKE', 'SUPERVISOR')
  @HttpCode(204)
  @Audited('session.unseat', 'class_session')
  @Endpoint({
    summary: 'Release a seat, before the session starts',
    noContent: true,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'SESSION_STARTED'],
    notes: { NOT_FOUND: 'session or seat' },
  })
  async unseat(
    @Param('id', UuidParamPipe) id: string,
    @Param('enrollmentId', UuidParamPipe) enrollmentId: string,
  ): Promise<void> {
    await this.seats.unseat(id, enrollmentId);
  }

  @Get(':id/roster')
  @Roles('FACILITATOR', 'INTAKE', 'SUPERVISOR')
  @AuditedList('roster.list', 'class_session', (roster) =>
    distinct((roster as RosterDto | undefined)?.rows, 'participantId'),
  )
  @Endpoint({
    summary:
      'Seated enrollments by last then first name, with current attendance (a FACILITATOR: only their sessions; audited as roster.list)',
    ok: RosterDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  roster(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<RosterDto> {
    return this.attendance.roster(id, user);
  }

  @Put(':id/attendance')
  @Roles('FACILITATOR', 'SUPERVISOR')
  @Audited('session.attendance', 'class_session')
  @Endpoint({
    summary:
      'Record attendance for many seats at once: all-or-nothing and idempotent (a FACILITATOR without SUPERVISOR: only their sessions)',
    description:
      'Only rows whose status or note changed are written, each with a revision; the answer says how many (`changed`). A roster sent again as it was saved writes nothing at all — no revision, no audit event — and answers `unchanged: true` with `lastSaved` (when it was last changed, by whom, for how many people).',
    ok: AttendanceSubmissionDto,
    refuses: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'SESSION_CANCELLED',
      'SESSION_NOT_STARTED',
      'NOT_SEATED',
    ],
    notes: {
      VALIDATION_FAILED: 'e.g. the same enrollment twice',
      NOT_SEATED: 'naming every such row',
    },
  })
  submit(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: SubmitAttendanceDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<AttendanceSubmissionDto> {
    return this.attendance.submit(id, dto, user);
  }

  @Get(':id/attendance/history')
  @Roles('SUPERVISOR', 'AUDITOR')
  @Endpoint({
    summary: 'Every attendance revision of the session: what changed, who, when',
    ok: PageDto(AttendanceRevisionDto, 'AttendanceRevisionPage'),
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  history(
    @Param('id', UuidParamPipe) id: string,
    @Query() q: PageQuery,
  ): Promise<Page<AttendanceRevisionDto>> {
    return this.attendance.history(id, q);
  }
}

@ApiTags('sessions')
@Controller('enrollments/:id')
export class EnrollmentSeatsController {
  constructor(private readonly seats: SeatsService) {}

  @Get('seats')
  // Everyone who reads a participant's record sees its Attendance tab.
  @Roles('INTAKE', 'SUPERVISOR', 'FACILITATOR', 'FINANCE', 'AUDITOR')
  @OpensRecord('ENROLLMENT')
  @Endpoint({
    summary: "The sessions an enrollment is seated in, by start time, with each one's attendance",
    ok: [EnrollmentSeatDto],
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
    notes: { VALIDATION_FAILED: 'malformed id' },
  })
  list(@Param('id', UuidParamPipe) id: string): Promise<EnrollmentSeatDto[]> {
    return this.seats.ofEnrollment(id);
  }
}
