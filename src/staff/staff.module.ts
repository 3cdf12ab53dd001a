import { Module } from '@nestjs/common';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';
import { SignInAttempts } from './sign-in-attempts';
import { StaffAccounts } from './staff-accounts';
import { SessionEnding } from './session-ending';

/**
 * Owns `staff`, `login_failures` and `sign_in_failures_by_address` (the sign-in throttle,
 * SignInAttempts). Exports services, never its repository: StaffAccounts (what sign-in and the
 * session check read), StaffService (the first ADMIN at start-up and from the CLI) and
 * SessionEnding, which the auth module answers so that deactivation and a new password end
 * sessions without this module importing auth.
 */
@Module({
  controllers: [StaffController],
  providers: [StaffRepository, StaffService, SignInAttempts, StaffAccounts, SessionEnding],
  exports: [StaffService, SignInAttempts, StaffAccounts, SessionEnding],
})
export class StaffModule {}
