import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AppConfig, requireJwtSecret } from '../config/app-config';
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
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject: given a string, jsonwebtoken tries it as a PEM key first on every call.
        secret: createSecretKey(Buffer.from(requireJwtSecret(config))),
      }),
    }),
    StaffModule,
  ],
  controllers: [AuthController],
  providers: [AuthService, LocalStrategy, JwtStrategy, RefreshTokenRepository],
})
export class AuthModule {}
