import { forwardRef, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';
import { SignInAttempts } from './sign-in-attempts';

/**
 * Owns `staff`, `login_failures` and `sign_in_failures_by_address` (the sign-in throttle,
 * SignInAttempts). Exports its repository (sign-in looks accounts up) and its service (the first
 * ADMIN at start-up and from the CLI). Deactivation ends sessions through the auth module.
 */
@Module({
  imports: [forwardRef(() => AuthModule)],
  controllers: [StaffController],
  providers: [StaffRepository, StaffService, SignInAttempts],
  exports: [StaffRepository, StaffService, SignInAttempts],
})
export class StaffModule {}
