import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { AuditedList, distinctInPage } from '../audit/list-audit.interceptor';
import { AuditedView } from '../audit/view-audit.interceptor';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { Page, PageDto } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import {
  CreateParticipantDto,
  DuplicateCandidateDto,
  ParticipantDto,
  ParticipantQuery,
  ParticipantSearchResultDto,
  UpdateParticipantDto,
} from './participant.dto';
import { ParticipantsService } from './participants.service';
import { AccessReasonHeader, ApiAccessReason } from '../records/access-reason';
import { OpensRecord } from '../records/closed-record.interceptor';

@ApiTags('participants')
@ApiExtraModels(DuplicateCandidateDto)
@Controller('participants')
export class ParticipantsController {
  constructor(private readonly participants: ParticipantsService) {}

  @Post()
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('participant.create', 'participant')
  @Endpoint({
    summary:
      'Register a participant (the same person twice answers 409; a close spelling of someone born the same day too, unless a SUPERVISOR overrides with a reason)',
    created: ParticipantDto,
    refuses: ['VALIDATION_FAILED', 'FORBIDDEN', 'DUPLICATE_PARTICIPANT', 'POSSIBLE_DUPLICATE'],
    notes: {
      FORBIDDEN: 'overrideDuplicate sent by a non-SUPERVISOR',
      DUPLICATE_PARTICIPANT:
        'the same name key and birth date, or the same state ID and birth date: the body carries `existingId` when that record is OPEN, and `recordClosed: true` (with no id, name or birth date) when a matching record is closed',
      POSSIBLE_DUPLICATE:
        'the body carries `candidates: [{id, name, dateOfBirth}]` (DuplicateCandidateDto) of the OPEN close matches, and `recordClosed: true` when a closed record is a close match too (candidates may then be empty)',
    },
  })
  create(
    @Body() dto: CreateParticipantDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<ParticipantDto> {
    return this.participants.create(dto, user);
  }

  @Get()
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR')
  @AuditedList('participant.list', 'participant', distinctInPage('id'))
  @Endpoint({
    summary:
      'Search participants by name or case number and/or date of birth; each with case numbers and enrollment (audited as participant.list, the search text and birth date as keyed hashes)',
    description:
      'Closed records (the court closed the case) are left out. includeClosed=true lets them in ' +
      'for a SUPERVISOR or an AUDITOR with X-Access-Reason (anyone else, or without the header: ' +
      '403 RECORD_CLOSED); each closed participant on the page is a disclosure.',
    ok: PageDto(ParticipantSearchResultDto, 'ParticipantPage'),
    refuses: ['VALIDATION_FAILED', 'RECORD_CLOSED'],
    notes: { RECORD_CLOSED: 'includeClosed=true without the role or the X-Access-Reason header' },
  })
  @ApiAccessReason()
  list(
    @Query() q: ParticipantQuery,
    @AccessReasonHeader() reason: string | undefined,
  ): Promise<Page<ParticipantSearchResultDto>> {
    return this.participants.list(q, reason);
  }

  @Get(':id')
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR')
  @AuditedView('participant.view', 'participant')
  @OpensRecord('PARTICIPANT')
  @Endpoint({
    summary: 'One participant (the read is audited as participant.view)',
    ok: ParticipantDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
    notes: { VALIDATION_FAILED: 'malformed id' },
  })
  get(@Param('id', UuidParamPipe) id: string): Promise<ParticipantDto> {
    return this.participants.get(id);
  }

  @Patch(':id')
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('participant.update', 'participant')
  @OpensRecord('PARTICIPANT')
  @Endpoint({
    summary: 'Correct a participant; a new date of birth makes earlier eligibility checks stale',
    ok: ParticipantDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'DUPLICATE_PARTICIPANT'],
    notes: {
      DUPLICATE_PARTICIPANT:
        'the body carries `existingId` of an OPEN record, or `recordClosed: true` for a closed one',
    },
  })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateParticipantDto,
  ): Promise<ParticipantDto> {
    return this.participants.update(id, dto);
  }
}
