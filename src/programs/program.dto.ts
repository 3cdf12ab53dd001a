import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PROGRAM_CODES } from './program-codes';
import type { Program } from './programs.repository';

export class ProgramDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PROGRAM_CODES }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Fee assessed on enrollment, in cents' }) feeCents: number;
  @ApiProperty() requiredSessions: number;
  @ApiProperty() completionWindowDays: number;
  @ApiProperty({ example: "Veronica's Voice" }) beneficiary: string;

  static of(p: Program): ProgramDto {
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      feeCents: p.feeCents,
      requiredSessions: p.requiredSessions,
      completionWindowDays: p.completionWindowDays,
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
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  feeCents?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  requiredSessions?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 730 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  completionWindowDays?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 200)
  name?: string;
}
