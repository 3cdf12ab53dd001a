import { Module } from '@nestjs/common';
import { EligibilityModule } from './eligibility/eligibility.module';
import { EnrollmentsModule } from './enrollments/enrollments.module';
import { ParticipantsModule } from './participants/participants.module';
import { ReferralsModule } from './referrals/referrals.module';
import { CompletionModule } from './completion/completion.module';
import { RemittancesModule } from './remittances/remittances.module';
import { ReportsModule } from './reports/reports.module';
import { SessionsModule } from './sessions/sessions.module';
import { LedgerModule } from './ledger/ledger.module';
import { WorkQueueModule } from './work-queue/work-queue.module';
import { RemindersModule } from './reminders/reminders.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { DispositionsModule } from './records/dispositions.module';
import { RecordsModule } from './records/records.module';

/**
 * The case-management features. Each lives in its own folder with its own module, registered
 * here so feature work does not touch the application's wiring.
 */
@Module({
  imports: [
    ParticipantsModule,
    ReferralsModule,
    EligibilityModule,
    EnrollmentsModule,
    SessionsModule,
    CompletionModule,
    RemittancesModule,
    ReportsModule,
    LedgerModule,
    WorkQueueModule,
    RemindersModule,
    FollowUpsModule,
    DispositionsModule,
    RecordsModule,
  ],
})
export class DomainModule {}
