import { Module } from '@nestjs/common';
import { RemindersModule } from '../reminders/reminders.module';
import { EnrollmentLedgerController } from './enrollment-ledger.controller';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { IdempotencyKeySweeper } from './idempotency-key-sweeper';
import { IdempotencyService } from './idempotency.service';
import { LedgerEntriesController } from './ledger-entries.controller';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { ReceiptService } from './receipt.service';
import { ReversalRequestRepository } from './reversal-request.repository';
import { ReversalRequestService } from './reversal-request.service';
import { ReversalRequestsController } from './reversal-requests.controller';
import { WaiverRequestRepository } from './waiver-request.repository';
import { WaiverRequestService } from './waiver-request.service';
import { WaiverRequestsController } from './waiver-requests.controller';

/**
 * The fee ledger: payments, refunds, waivers, reversals, receipts (issue 5). It owns
 * ledger_entries and receipt_counters (LedgerRepository), idempotency_keys
 * (IdempotencyKeyRepository), waiver_requests (WaiverRequestRepository) and reversal_requests
 * (ReversalRequestRepository); other modules read and write entries only through its
 * exported services (enrolling assesses the fee through LedgerService).
 */
@Module({
  imports: [RemindersModule],
  controllers: [
    EnrollmentLedgerController,
    LedgerEntriesController,
    WaiverRequestsController,
    ReversalRequestsController,
  ],
  providers: [
    LedgerRepository,
    IdempotencyKeyRepository,
    WaiverRequestRepository,
    ReversalRequestRepository,
    LedgerService,
    WaiverRequestService,
    ReversalRequestService,
    ReceiptService,
    IdempotencyService,
    IdempotencyInterceptor,
    IdempotencyKeySweeper,
  ],
  exports: [
    LedgerService,
    WaiverRequestService,
    ReversalRequestService,
    IdempotencyService,
    IdempotencyInterceptor,
  ],
})
export class LedgerModule {}
