import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { StaffModule } from '../staff/staff.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LocalStrategy } from './local.strategy';
import { RefreshTokenRepository } from './refresh-token.repository';

/**
 * Owns `refresh_tokens`: sign-in, refresh, logout. Reads accounts through the staff module's
 * StaffAccounts and answers its SessionEnding (deactivation, a new password); exports nothing.
 */
@Module({
  imports: [PassportModule, StaffModule],
  controllers: [AuthController],
  providers: [AuthService, LocalStrategy, JwtStrategy, RefreshTokenRepository],
})
export class AuthModule {}
