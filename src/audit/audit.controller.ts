import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators';
import { Page, PageDto } from '../common/pagination';
import { AuditQueryService } from './audit-query.service';
import { AuditEventDto, AuditQuery } from './audit.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @Roles('AUDITOR', 'ADMIN')
  @ApiOperation({ summary: 'The audit trail, newest first' })
  @ApiOkResponse({ type: PageDto(AuditEventDto, 'AuditEventPage') })
  list(@Query() q: AuditQuery): Promise<Page<AuditEventDto>> {
    return this.audit.list(q);
  }
}
