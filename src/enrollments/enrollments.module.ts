import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { RemindersModule } from '../reminders/reminders.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { CompletionRequirementsService } from './completion-requirements.service';
import { EnrollmentTransitionsService } from './enrollment-transitions.service';
import { EnrollmentsController } from './enrollments.controller';
import { EnrollmentsRepository } from './enrollments.repository';
import { EnrollmentsService } from './enrollments.service';

@Module({
  imports: [ReferralsModule, LedgerModule, RemindersModule],
  controllers: [EnrollmentsController],
  providers: [
    EnrollmentsRepository,
    EnrollmentsService,
    EnrollmentTransitionsService,
    CompletionRequirementsService,
  ],
  exports: [CompletionRequirementsService, EnrollmentsService],
})
export class EnrollmentsModule {}
