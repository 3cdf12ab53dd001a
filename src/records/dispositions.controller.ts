import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditedView } from '../audit/view-audit.interceptor';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import {
  DispositionDto,
  ExpungementDto,
  RecordDispositionDto,
  RecordExpungementDto,
} from './disposition.dto';
import { DispositionsService } from './dispositions.service';
import { OpensRecord } from './closed-record.interceptor';

@ApiTags('records')
@Controller('referrals/:id')
export class DispositionsController {
  constructor(private readonly dispositions: DispositionsService) {}

  @Post('dispositions')
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('referral.disposition', 'referral')
  @Endpoint({
    summary: "Record the court's disposition of the referral (a correction is a newer one)",
    description:
      'Dispositions are append-only; the latest recorded one counts. DISMISSED, NOLLE_PROSEQUI, ' +
      'ACQUITTED and SIS_COMPLETED close the referral (recordStatus CLOSED, closed on decidedOn) ' +
      'once no enrollment of it is ACTIVE, and the participant with it when none of their ' +
      'referrals is OPEN; CONVICTED and OTHER leave it, or make it again, OPEN. The database ' +
      'keeps the status. Not while the enrollment made from the referral is ACTIVE.',
    created: DispositionDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'ENROLLMENT_ACTIVE'],
    notes: {
      VALIDATION_FAILED:
        'also decidedOn in the future or before the offense date, and any field beyond these three',
      NOT_FOUND: 'no such referral',
      ENROLLMENT_ACTIVE: "the referral's enrollment has not ended",
    },
  })
  record(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RecordDispositionDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<DispositionDto> {
    return this.dispositions.record(id, dto, user.id);
  }

  @Get('dispositions')
  @Roles('INTAKE', 'SUPERVISOR', 'AUDITOR')
  @AuditedView('referral.dispositions.view', 'referral')
  @OpensRecord('REFERRAL')
  @Endpoint({
    summary:
      "The court's dispositions of the referral, newest first: the first one counts (the read is audited as referral.dispositions.view)",
    ok: [DispositionDto],
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
    notes: { VALIDATION_FAILED: 'malformed id', NOT_FOUND: 'no such referral' },
  })
  history(@Param('id', UuidParamPipe) id: string): Promise<DispositionDto[]> {
    return this.dispositions.history(id);
  }

  @Post('expungement')
  @Roles('SUPERVISOR')
  @Audited('referral.expungement', 'referral')
  @Endpoint({
    summary: 'Record an expungement order of the referral (RSMo 610.140): it becomes EXPUNGED',
    description:
      'One order per referral, never replaced: a second one answers 409 ALREADY_EXPUNGED and ' +
      'changes nothing. The referral is EXPUNGED from then on (closed on orderedOn, or on the ' +
      'day a closing disposition was decided when that came first); its participant is when ' +
      'none of their other referrals is OPEN or CLOSED.',
    created: ExpungementDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'ALREADY_EXPUNGED'],
    notes: {
      VALIDATION_FAILED:
        'also orderedOn in the future or before the offense date, and any field beyond these two',
      NOT_FOUND: 'no such referral',
      ALREADY_EXPUNGED: 'an order is already recorded',
    },
  })
  expunge(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RecordExpungementDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<ExpungementDto> {
    return this.dispositions.expunge(id, dto, user.id);
  }
}
