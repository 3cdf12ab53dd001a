import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { PASSWORD_RULE } from '../common/password-policy';
import { STAFF_ROLES, StaffRole } from '../common/roles';
import type { Staff } from './staff.repository';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerTrim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export { PASSWORD_RULE };

const PASSWORD_DESCRIPTION =
  '12 to 128 characters; not one of the 10,000 most common passwords; not containing the part of the email before the @ (NIST SP 800-63B)';

export class CreateStaffDto {
  @ApiProperty({ example: 'intake@johnzschool.example' })
  @Transform(lowerTrim)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Dana Reyes' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  displayName: string;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true })
  roles: StaffRole[];

  @ApiProperty({ minLength: 12, maxLength: 128, description: PASSWORD_DESCRIPTION })
  @IsString()
  @Length(PASSWORD_RULE.min, PASSWORD_RULE.max)
  password: string;
}

export class UpdateStaffDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true })
  roles?: StaffRole[];

  @ApiPropertyOptional({ description: 'false deactivates the account and ends its sessions' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty({ minLength: 12, maxLength: 128, description: PASSWORD_DESCRIPTION })
  @IsString()
  @Length(PASSWORD_RULE.min, PASSWORD_RULE.max)
  password: string;

  @ApiPropertyOptional({ description: 'required when changing your own password' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  currentPassword?: string;
}

export class StaffDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  email: string;
  displayName: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles: StaffRole[];
  active: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lockedUntil: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static of(s: Staff): StaffDto {
    return {
      id: s.id,
      email: s.email,
      displayName: s.displayName,
      roles: s.roles,
      active: s.active,
      lockedUntil: s.lockedUntil && s.lockedUntil > new Date() ? s.lockedUntil.toISOString() : null,
      createdAt: s.createdAt.toISOString(),
    };
  }
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  email: string;
  displayName: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles: StaffRole[];
  active: boolean;
}

/** A staff member as every signed-in colleague may see them. */
export class StaffDirectoryEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  displayName: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles: StaffRole[];
  active: boolean;
}
