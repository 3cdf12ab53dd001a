import { Module } from '@nestjs/common';
import { EnrollmentLedgerController } from './enrollment-ledger.controller';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyService } from './idempotency.service';
import { LedgerEntriesController } from './ledger-entries.controller';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { ReceiptService } from './receipt.service';
import { WaiverRequestService } from './waiver-request.service';
import { WaiverRequestsController } from './waiver-requests.controller';

/** The fee ledger: payments, refunds, waivers, reversals, receipts (issue 5). */
@Module({
  controllers: [EnrollmentLedgerController, LedgerEntriesController, WaiverRequestsController],
  providers: [
    LedgerRepository,
    LedgerService,
    WaiverRequestService,
    ReceiptService,
    IdempotencyService,
    IdempotencyInterceptor,
  ],
  exports: [LedgerRepository, LedgerService, IdempotencyService, IdempotencyInterceptor],
})
export class LedgerModule {}
