import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditedView } from '../audit/view-audit.interceptor';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import { Idempotent, MoneyRequest, REPLAYED_HEADER } from './idempotency.interceptor';
import { MoneyWork } from './money-work';
import type { Settled } from '../common/unit-of-work';
import { CreatePaymentDto, CreateRefundDto, LedgerDto, LedgerEntryDto } from './ledger.dto';
import { LedgerService } from './ledger.service';
import { CreateWaiverRequestDto, WaiverRequestDto } from './waiver-request.dto';
import { WaiverRequestService } from './waiver-request.service';
import { OpensRecord } from '../records/closed-record.interceptor';

const replayedHeader = {
  [REPLAYED_HEADER]: {
    description: '`true` when this is the stored response of an earlier request with the key',
    schema: { type: 'string' },
  },
};

@ApiTags('ledger')
@Controller('enrollments/:id')
export class EnrollmentLedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly waivers: WaiverRequestService,
  ) {}

  @Get('ledger')
  @Roles('FINANCE', 'SUPERVISOR', 'AUDITOR', 'INTAKE')
  @AuditedView('ledger.view', 'enrollment')
  @OpensRecord('ENROLLMENT')
  @Endpoint({
    summary:
      "An enrollment's ledger: entries oldest first, balance and money received (the read is audited as ledger.view)",
    ok: LedgerDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
    notes: { VALIDATION_FAILED: 'id is not a UUID' },
  })
  view(@Param('id', UuidParamPipe) id: string): Promise<LedgerDto> {
    return this.ledger.view(id);
  }

  @Post('payments')
  @Roles('FINANCE')
  @Idempotent()
  @Audited('ledger.payment.record', 'ledger_entry')
  @Endpoint({
    summary:
      'Record a payment; it gets the next receipt number R-YYYY-NNNNNN of its year. receivedOn: not before the enrollment began, not in the future, more than 30 days back only for a staff member who is also a SUPERVISOR (otherwise 403 FORBIDDEN naming receivedOn)',
    created: {
      type: LedgerEntryDto,
      headers: replayedHeader,
      description: 'The PAYMENT entry with its receiptNumber (or the replay of the first response)',
    },
    refuses: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'IDEMPOTENCY_IN_PROGRESS',
      'ENROLLMENT_NOT_ACTIVE',
      'RECEIVED_ON_OUT_OF_RANGE',
      'OVERPAYMENT',
      'IDEMPOTENCY_KEY_REQUIRED',
      'IDEMPOTENCY_KEY_REUSED',
    ],
    notes: {
      VALIDATION_FAILED: 'a field, or a malformed Idempotency-Key header',
      RECEIVED_ON_OUT_OF_RANGE: 'before the enrollment began or in the future',
      OVERPAYMENT: 'more than the balance',
    },
  })
  pay(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreatePaymentDto,
    @MoneyRequest() work: MoneyWork,
  ): Promise<Settled<LedgerEntryDto>> {
    return this.ledger.recordPayment(id, dto, user, work);
  }

  @Post('refunds')
  @Roles('FINANCE')
  @Idempotent()
  @Audited('ledger.refund.record', 'ledger_entry')
  @Endpoint({
    summary: 'Record a refund (any enrollment state); never more than the money received',
    created: {
      type: LedgerEntryDto,
      headers: replayedHeader,
      description: 'The REFUND entry (or the replay of the first response)',
    },
    refuses: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'IDEMPOTENCY_IN_PROGRESS',
      'REFUND_EXCEEDS_RECEIVED',
      'IDEMPOTENCY_KEY_REQUIRED',
      'IDEMPOTENCY_KEY_REUSED',
    ],
    notes: { VALIDATION_FAILED: 'a field, or a malformed Idempotency-Key header' },
  })
  refund(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateRefundDto,
    @MoneyRequest() work: MoneyWork,
  ): Promise<Settled<LedgerEntryDto>> {
    return this.ledger.recordRefund(id, dto, user.id, work);
  }

  @Post('waiver-requests')
  @Roles('FINANCE', 'INTAKE')
  @Audited('waiver.request', 'waiver_request')
  @Idempotent({ optional: true })
  @Endpoint({
    summary: 'Request a waiver; it reaches the ledger only when another supervisor approves it',
    created: { type: WaiverRequestDto, description: 'The PENDING request' },
    refuses: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'IDEMPOTENCY_IN_PROGRESS',
      'WAIVER_EXCEEDS_BALANCE',
      'ENROLLMENT_NOT_ACTIVE',
      'IDEMPOTENCY_KEY_REUSED',
    ],
    notes: {
      WAIVER_EXCEEDS_BALANCE:
        'more than the current balance; the problem carries maxCents, the most that can be waived',
    },
  })
  requestWaiver(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateWaiverRequestDto,
  ): Promise<WaiverRequestDto> {
    return this.waivers.request(id, dto, user.id);
  }
}
