import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/decorators';
import { DomainError } from '../common/domain-error';
import { AuthenticatedStaff } from '../common/request-context';
import { Page, PageDto } from '../common/pagination';
import { AuditQueryService } from './audit-query.service';
import { AuditEventDto, AuditQuery, NOT_CHANGES_DESCRIPTION } from './audit.dto';

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

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @Roles('AUDITOR', 'ADMIN', 'SUPERVISOR')
  @ApiOperation({
    summary:
      'The audit trail, newest first. AUDITOR and ADMIN: all of it; SUPERVISOR: the history of one case record only (entityType one of participant, referral, enrollment, ledger_entry, class_session, remittance_batch, and entityId, else 403)',
    description: `changesOnly=true leaves out ${NOT_CHANGES_DESCRIPTION}.`,
  })
  @ApiOkResponse({ type: PageDto(AuditEventDto, 'AuditEventPage') })
  list(
    @Query() q: AuditQuery,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<Page<AuditEventDto>> {
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
