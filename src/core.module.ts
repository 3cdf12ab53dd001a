import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { StaffRepository } from './staff/staff.repository';

/** Services every feature module may inject: the audit trail and staff lookups. */
@Global()
@Module({
  providers: [AuditService, StaffRepository],
  exports: [AuditService, StaffRepository],
})
export class CoreModule {}
