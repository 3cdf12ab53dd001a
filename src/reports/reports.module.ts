import { Module } from '@nestjs/common';
import { BalancesReportService } from './balances-report.service';
import { FeeReportService } from './fee-report.service';
import { FollowUpReportService } from './follow-up-report.service';
import { OutcomesReportService } from './outcomes-report.service';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';

@Module({
  controllers: [ReportsController],
  providers: [
    ReportsRepository,
    FeeReportService,
    BalancesReportService,
    OutcomesReportService,
    FollowUpReportService,
  ],
  exports: [BalancesReportService],
})
export class ReportsModule {}
