import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min, ValidateIf } from 'class-validator';

/** Optional, but never null: a setting left out keeps its value; null is not a value. */
const Optional = () => ValidateIf((_, v: unknown) => v !== undefined);
import { PROGRAM_CODES } from './program-codes';
import type { Program } from './programs.repository';

export class ProgramDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PROGRAM_CODES }) code: string;
  name: string;
  @ApiProperty({ description: 'Fee assessed on enrollment, in cents' }) feeCents: number;
  requiredSessions: number;
  completionWindowDays: number;
  @ApiProperty({
    description:
      'The shortest session of this program, in minutes: a session (new or rescheduled) must last at least this long',
  })
  minSessionMinutes: number;
  @ApiProperty({ example: "Veronica's Voice" }) beneficiary: string;

  static of(p: Program): ProgramDto {
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      feeCents: p.feeCents,
      requiredSessions: p.requiredSessions,
      completionWindowDays: p.completionWindowDays,
      minSessionMinutes: p.minSessionMinutes,
      beneficiary: p.beneficiary,
    };
  }
}

export class UpdateProgramDto {
  @ApiPropertyOptional({
    description: 'Applies to new enrollments only',
    minimum: 1,
    maximum: 10_000_000,
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  feeCents?: number;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  requiredSessions?: number;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(730)
  completionWindowDays?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1440,
    description: 'Applies to sessions scheduled or rescheduled from now on',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(1440)
  minSessionMinutes?: number;

  @Optional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 200)
  name?: string;
}
