import { Module } from '@nestjs/common';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { ReportsModule } from '../reports/reports.module';
import { SessionsModule } from '../sessions/sessions.module';
import { FollowUpsModule } from '../follow-ups/follow-ups.module';
import { WorkQueueController } from './work-queue.controller';
import { WorkQueueService } from './work-queue.service';

/** The staff console's home page: what is waiting for each role. */
@Module({
  imports: [
    ReferralsModule,
    EnrollmentsModule,
    SessionsModule,
    LedgerModule,
    ReportsModule,
    FollowUpsModule,
  ],
  controllers: [WorkQueueController],
  providers: [WorkQueueService],
})
export class WorkQueueModule {}
