import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { Page, PageDto } from '../common/pagination';
import { DisclosureDto, DisclosureQuery } from './disclosure.dto';
import { DisclosuresService } from './disclosures.service';

@ApiTags('records')
@Controller('disclosures')
export class DisclosuresController {
  constructor(private readonly disclosures: DisclosuresService) {}

  @Get()
  @Roles('AUDITOR')
  @Endpoint({
    summary: 'Each opening of a closed record: who, when, which record and why (newest first)',
    description:
      'A closed record (the court closed the case) is opened by a SUPERVISOR or an AUDITOR with ' +
      'X-Access-Reason, or shown in the follow-up list (reason FOLLOW_UP): each record shown is ' +
      'one disclosure. from and to: a day (America/Chicago, inclusive) or an ISO 8601 timestamp.',
    ok: PageDto(DisclosureDto, 'DisclosurePage'),
    refuses: ['VALIDATION_FAILED'],
  })
  list(@Query() q: DisclosureQuery): Promise<Page<DisclosureDto>> {
    return this.disclosures.list(q);
  }
}
