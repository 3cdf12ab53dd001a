import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';
import { COURT_CODE_PATTERN } from './court-codes';

/** Trimmed, inner runs of spaces made one: two spellings of one name are one name. */
const tidy = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value;
/** Absent is fine; null is not. */
const present = () => ValidateIf((_: object, v: unknown) => v !== undefined);

export class CourtDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    example: 'KC-MUNICIPAL',
    description: "What a referral's jurisdiction names; never changes",
  })
  code: string;
  @ApiProperty({ example: 'Kansas City Municipal Court' }) name: string;
  @ApiProperty({ description: 'Only an active court may be given to a referral' })
  active: boolean;
}

export class CreateCourtDto {
  @ApiProperty({
    example: 'KC-MUNICIPAL',
    pattern: COURT_CODE_PATTERN.source,
    description: 'Capital letters, digits and hyphens, 1 to 40 (lower case is turned to capitals)',
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(COURT_CODE_PATTERN, {
    message: 'must be 1 to 40 capital letters, digits and hyphens, starting with a letter or digit',
  })
  code: string;

  @ApiProperty({ example: 'Kansas City Municipal Court', minLength: 1, maxLength: 120 })
  @Transform(tidy)
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateCourtDto {
  @ApiPropertyOptional({
    description:
      'The code never changes (referrals name it): sending another answers 400. Add a court and take this one off the list instead',
  })
  @present()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  code?: string;

  @present()
  @Transform(tidy)
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({
    description: 'false: no new referral may name it; its referrals keep it',
  })
  @present()
  @IsBoolean()
  active?: boolean;
}

export class CourtQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: the courts a referral may name',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}
