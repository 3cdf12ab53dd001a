import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { DomainError } from '../common/domain-error';
import { AuthenticatedStaff } from '../common/request-context';
import { isUuid } from '../common/validation';
import { OpensRecordOf } from '../records/closed-record.interceptor';
import { DisclosedEntity } from '../records/disclosure.dto';
import { AuditQueryService } from './audit-query.service';
import { AuditEventPage, AuditQuery, NOT_CHANGES_DESCRIPTION } from './audit.dto';

/**
 * The records whose history a SUPERVISOR may read (participant, referral, enrollment, ledger
 * entry, session, remittance batch): everything else, staff and refresh tokens above all, is for
 * ADMIN and AUDITOR only.
 */
export const CASE_RECORD_TYPES: ReadonlySet<string> = new Set([
  'participant',
  'referral',
  'enrollment',
  'ledger_entry',
  'class_session',
  'remittance_batch',
]);

/** The audit trail's entity types that are a person's record: their history opens it. */
const PERSON_RECORDS = new Map<unknown, DisclosedEntity>([
  ['participant', 'PARTICIPANT'],
  ['referral', 'REFERRAL'],
  ['enrollment', 'ENROLLMENT'],
  ['ledger_entry', 'LEDGER_ENTRY'],
]);

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @Roles('AUDITOR', 'ADMIN', 'SUPERVISOR')
  // The history of one person's record (the History tab) is a read of that record.
  @OpensRecordOf((req) => {
    const entityType = PERSON_RECORDS.get(req.query.entityType);
    const entityId = req.query.entityId;
    return entityType && isUuid(entityId) ? { entityType, entityId: entityId.toLowerCase() } : null;
  })
  @Endpoint({
    summary:
      'The audit trail, newest first. AUDITOR and ADMIN: all of it; SUPERVISOR: the history of one case record only (entityType one of participant, referral, enrollment, ledger_entry, class_session, remittance_batch, and entityId, else 403)',
    description: `changesOnly=true leaves out ${NOT_CHANGES_DESCRIPTION}.`,
    ok: AuditEventPage,
  })
  list(@Query() q: AuditQuery, @CurrentUser() user: AuthenticatedStaff): Promise<AuditEventPage> {
    // The console's History tab of a participant or an enrollment is for SUPERVISOR too; the
    // security history of staff (sign-ins, addresses, role changes) is not.
    const fullAccess = user.roles.includes('AUDITOR') || user.roles.includes('ADMIN');
    if (!fullAccess && !(q.entityType && q.entityId)) {
      throw new DomainError(
        'FORBIDDEN',
        'A SUPERVISOR reads the history of one record: give both entityType and entityId.',
      );
    }
    if (!fullAccess && !CASE_RECORD_TYPES.has(q.entityType!)) {
      throw new DomainError(
        'FORBIDDEN',
        `A SUPERVISOR reads the history of case records only (${[...CASE_RECORD_TYPES].join(', ')}); staff and sign-in history is for ADMIN and AUDITOR.`,
      );
    }
    return this.audit.list(q);
  }
}
