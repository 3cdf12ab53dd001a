import { Module } from '@nestjs/common';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { SessionsModule } from '../sessions/sessions.module';
import { WorkQueueController } from './work-queue.controller';
import { WorkQueueRepository } from './work-queue.repository';
import { WorkQueueService } from './work-queue.service';

/** The staff console's home page: what is waiting for each role. */
@Module({
  imports: [ReferralsModule, EnrollmentsModule, SessionsModule, LedgerModule],
  controllers: [WorkQueueController],
  providers: [WorkQueueRepository, WorkQueueService],
})
export class WorkQueueModule {}
