import { forwardRef, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

/**
 * Owns `staff`. Exports its repository (sign-in looks accounts up) and its service (the first
 * ADMIN at start-up and from the CLI). Deactivation ends sessions through the auth module.
 */
@Module({
  imports: [forwardRef(() => AuthModule)],
  controllers: [StaffController],
  providers: [StaffRepository, StaffService],
  exports: [StaffRepository, StaffService],
})
export class StaffModule {}
