import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/**
 * Owns `audit_events`: AuditRepository is its only writer, through AuditService (requests, the
 * CLI), which is exported to every module (global: the request transaction, the error filter and
 * most features record events). AuditQueryService is exported for the work queue's count.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, AuditQueryService],
  exports: [AuditService, AuditQueryService],
})
export class AuditModule {}
