import { Module } from '@nestjs/common';
import { BalancesReportService } from './balances-report.service';
import { FeeReportService } from './fee-report.service';
import { OutcomesReportService } from './outcomes-report.service';
import { ReportsController } from './reports.controller';

@Module({
  controllers: [ReportsController],
  providers: [FeeReportService, BalancesReportService, OutcomesReportService],
})
export class ReportsModule {}
