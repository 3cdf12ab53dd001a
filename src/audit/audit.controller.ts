import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/decorators';
import { DomainError } from '../common/domain-error';
import { AuthenticatedStaff } from '../common/request-context';
import { Page, PageDto } from '../common/pagination';
import { AuditQueryService } from './audit-query.service';
import { AuditEventDto, AuditQuery, NOT_CHANGES_DESCRIPTION } from './audit.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @Roles('AUDITOR', 'ADMIN', 'SUPERVISOR')
  @ApiOperation({
    summary:
      'The audit trail, newest first. AUDITOR and ADMIN: all of it; SUPERVISOR: the history of one record only (entityType and entityId both given, else 403)',
    description: `changesOnly=true leaves out ${NOT_CHANGES_DESCRIPTION}.`,
  })
  @ApiOkResponse({ type: PageDto(AuditEventDto, 'AuditEventPage') })
  list(
    @Query() q: AuditQuery,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<Page<AuditEventDto>> {
    // The console's History tab of a participant or an enrollment is for SUPERVISOR too.
    const fullAccess = user.roles.includes('AUDITOR') || user.roles.includes('ADMIN');
    if (!fullAccess && !(q.entityType && q.entityId)) {
      throw new DomainError(
        'FORBIDDEN',
        'A SUPERVISOR reads the history of one record: give both entityType and entityId.',
      );
    }
    return this.audit.list(q);
  }
}
