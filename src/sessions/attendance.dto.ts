import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsObject,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PROGRAM_CODES } from '../programs/program-codes';
import { SessionDto } from './session.dto';

export const ATTENDANCE_STATUSES = ['PRESENT', 'LATE', 'LEFT_EARLY', 'ABSENT', 'EXCUSED'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export class AttendanceRecordInput {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  enrollmentId: string;

  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  @IsIn(ATTENDANCE_STATUSES)
  status: AttendanceStatus;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Omitted means no note' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class SubmitAttendanceDto {
  @ApiProperty({
    type: [AttendanceRecordInput],
    minItems: 1,
    maxItems: 500,
    description: 'One row per seated enrollment; all-or-nothing',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  // Without IsObject, an array nested in the array ([[]]) passes ValidateNested as "valid".
  @IsObject({ each: true, message: 'each record must be an object' })
  @ValidateNested({ each: true })
  @Type(() => AttendanceRecordInput)
  records: AttendanceRecordInput[];
}

export class RosterRowDto {
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ format: 'uuid' }) participantId: string;
  firstName: string;
  lastName: string;
  @ApiProperty({ description: '"First Last"' }) participantName: string;
  @ApiProperty({ format: 'date', description: 'Tells two people with one name apart' })
  dateOfBirth: string;
  @ApiProperty({ enum: ATTENDANCE_STATUSES, nullable: true, type: String }) status: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

/** When the session's attendance was last saved (changed), by whom, and for how many people. */
export class AttendanceSavedDto {
  @ApiProperty({
    format: 'date-time',
    description: 'When the last change was written (a save that changed nothing does not count)',
  })
  at: string;
  @ApiProperty({ description: 'People of the roster with attendance recorded' }) people: number;
  @ApiProperty({ format: 'uuid', description: 'Who wrote the last change' }) byId: string;
  byName: string;
}

export class RosterDto {
  @ApiProperty({ type: SessionDto }) session: SessionDto;
  @ApiProperty({ type: [RosterRowDto], description: 'Sorted by last name, then first name' })
  rows: RosterRowDto[];
  @ApiProperty({
    type: AttendanceSavedDto,
    nullable: true,
    description:
      'null until attendance is taken; the console says "Saved for {people} people at {at}" until something changes',
  })
  lastSaved: AttendanceSavedDto | null;
}

/** The roster after a submission, and what the submission changed. */
export class AttendanceSubmissionDto extends RosterDto {
  @ApiProperty({
    description:
      'Rows whose status or note changed (each written with a revision); rows sent as they were are not written',
  })
  changed: number;
  @ApiProperty({
    description:
      'true: the roster was already saved exactly so; nothing was written (no revision, no audit event)',
  })
  unchanged: boolean;
}

export class AttendanceRevisionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({
    enum: ATTENDANCE_STATUSES,
    nullable: true,
    type: String,
    description: 'null when the revision is the first record',
  })
  previousStatus: string | null;
  @ApiProperty({ nullable: true, type: String }) previousNote: string | null;
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) newStatus: string;
  @ApiProperty({ nullable: true, type: String }) newNote: string | null;
  @ApiProperty({ format: 'date-time' }) changedAt: string;
  @ApiProperty({ format: 'uuid' }) changedById: string;
  changedByName: string;
}

/** One session an enrollment is seated in, with the attendance recorded for it there. */
export class EnrollmentSeatDto {
  @ApiProperty({ format: 'uuid', description: 'The session' }) id: string;
  @ApiProperty({ enum: PROGRAM_CODES }) programCode: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  location: string;
  cancelled: boolean;
  @ApiProperty({
    enum: ATTENDANCE_STATUSES,
    nullable: true,
    type: String,
    description: 'null: not recorded yet',
  })
  attendanceStatus: string | null;
}
