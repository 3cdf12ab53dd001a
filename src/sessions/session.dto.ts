import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate, IsDateOrTimestamp, IsTimestampWithOffset } from '../common/validators';
import { PROGRAM_CODES, ProgramCode } from '../programs/program-codes';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateSessionDto {
  @ApiProperty({ enum: PROGRAM_CODES })
  @IsIn(PROGRAM_CODES)
  programCode: ProgramCode;

  @ApiProperty({
    example: '2026-12-05T09:00:00-06:00',
    description:
      'ISO 8601 with offset; a start time in the past (a session recorded after the fact) needs the SUPERVISOR role',
  })
  @IsTimestampWithOffset()
  startsAt: string;

  @ApiProperty({
    example: '2026-12-05T12:00:00-06:00',
    description: "At least the program's minSessionMinutes after startsAt",
  })
  @IsTimestampWithOffset()
  endsAt: string;

  @ApiProperty({ example: 'Room 204, 1125 Locust St', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  location: string;

  @IsInt()
  @Min(1)
  @Max(500)
  capacity: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An active staff member with the FACILITATOR role',
  })
  @IsOptional()
  @IsUUID()
  facilitatorId?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  topic?: string;
}

export class SessionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROGRAM_CODES })
  @IsOptional()
  @IsIn(PROGRAM_CODES)
  programCode?: ProgramCode;

  @ApiPropertyOptional({
    description:
      'Sessions starting at or after this: a day YYYY-MM-DD (America/Chicago) or a timestamp with offset',
  })
  @IsOptional()
  @IsDateOrTimestamp()
  from?: string;

  @ApiPropertyOptional({
    description:
      'Sessions starting at or before this: a day YYYY-MM-DD (the whole day, America/Chicago) or a timestamp with offset',
  })
  @IsOptional()
  @IsDateOrTimestamp()
  to?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Sessions starting on this day (America/Chicago)',
  })
  @IsOptional()
  @IsCalendarDate()
  on?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Sessions this staff member facilitates' })
  @IsOptional()
  @IsUUID()
  facilitatorId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: cancelled sessions only' })
  @IsOptional()
  @IsIn(['true', 'false'])
  cancelled?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: sessions that have ended, were not cancelled, have seats and no attendance recorded; false: the others',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  withoutAttendance?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: sessions that have not started yet (now, America/Chicago clock); false: the others',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  upcoming?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: sessions offering a seat (not cancelled, seats taken below capacity); false: full or cancelled ones',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  hasFreeSeats?: 'true' | 'false';

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Leave out the sessions this enrollment already has a seat in. With programCode, upcoming=true and hasFreeSeats=true: the sessions an enrollment can be given a seat in, in one call',
  })
  @IsOptional()
  @IsUUID()
  excludeEnrollmentId?: string;
}

/** What PATCH /sessions/:id may change: the facilitator and the times (each optional). */
export class UpdateSessionDto {
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'An active staff member with the FACILITATOR role; null leaves the session unassigned; absent keeps it',
  })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsUUID()
  facilitatorId?: string | null;

  @ApiPropertyOptional({
    example: '2026-12-05T09:00:00-06:00',
    description: 'A new start (ISO 8601 with offset); absent keeps it',
  })
  @ValidateIf((_, v) => v !== undefined)
  @IsTimestampWithOffset()
  startsAt?: string;

  @ApiPropertyOptional({
    example: '2026-12-05T12:00:00-06:00',
    description:
      "A new end; the session must last at least its program's minSessionMinutes; absent keeps it",
  })
  @ValidateIf((_, v) => v !== undefined)
  @IsTimestampWithOffset()
  endsAt?: string;
}

export class CancelSessionDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class TakeSeatDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  enrollmentId: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 500,
    description:
      'Why the seat is added after the session started: required of a SUPERVISOR then (INTAKE may seat without one for 15 minutes after the start)',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PROGRAM_CODES }) programCode: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  location: string;
  capacity: number;
  seatsTaken: number;
  seatsAvailable: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) facilitatorId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The facilitator's display name" })
  facilitatorName: string | null;
  @ApiProperty({ nullable: true, type: String }) topic: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Attendance has been recorded for at least one seat' })
  attendanceTaken: boolean;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When attendance was last saved with a change; null when not taken',
  })
  attendanceRecordedAt: string | null;
  @ApiProperty({ description: 'Seats with attendance recorded' }) attendanceRecordedCount: number;
}

export class SeatDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ format: 'date-time' }) seatedAt: string;
  @ApiProperty({ format: 'uuid' }) seatedBy: string;
  @ApiProperty({ description: 'Seats taken in the session after this one' }) seatsTaken: number;
  capacity: number;
}

/** Whether the session has started at `now` (the Clock's): seats are then fixed and attendance open. */
export const hasStarted = (session: SessionDto, now: Date): boolean =>
  Date.parse(session.startsAt) <= now.getTime();
