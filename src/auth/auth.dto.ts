import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { MeDto } from '../staff/staff.dto';

export class LoginDto {
  @ApiProperty({ example: 'admin@diversion.example' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @Length(1, 254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class RefreshDto {
  @ApiPropertyOptional({
    description:
      'The opaque refresh token from login or the last refresh. Required, except with ' +
      '`X-Session-Transport: cookie`, where the token is read from the `refresh_token` cookie ' +
      'and this field is ignored.',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

/** What login and refresh answer with `X-Session-Transport: cookie`: no refresh token. */
export class AccessTokenDto {
  accessToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ type: MeDto }) user: MeDto;
}

export class TokenPairDto {
  accessToken: string;
  refreshToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ type: MeDto }) user: MeDto;
}
