import { Injectable, Logger } from '@nestjs/common';
import { addDays } from '../common/dates';
import { Clock } from '../common/clock';
import { TransactionHost } from '../common/transactions';
import { AppConfig } from '../config/app-config';
import { JobTask } from '../jobs/job-runner';
import { RecordsIndex } from './records-index.service';
import { pseudonymizeClosedRecords, RetentionReport } from './retention';

export const PSEUDONYMIZE_CLOSED_RECORDS = 'pseudonymize_closed_records';

/** What a run did, in one line of counts (never a name). */
export function retentionSummary(r: RetentionReport): string {
  const tables = Object.entries(r.tables)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  return (
    `${r.records} of ${r.candidates} records closed before ${r.closedBefore} pseudonymized` +
    (tables ? ` (rows: ${tables})` : '') +
    (r.indexed ? `; blind index filled in for ${r.indexed} participants` : '') +
    (r.failed.length ? `; ${r.failed.length} refused` : '')
  );
}

/**
 * The daily retention job: records closed longer than RECORDS_RETENTION_DAYS (by the program's
 * clock) are pseudonymized. A task of the product's job runner: one tick a day whatever the
 * number of instances, and a run already going (the CLI, another instance) is left to finish the
 * work.
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly txHost: TransactionHost,
    private readonly index: RecordsIndex,
  ) {}

  @JobTask({ task: PSEUDONYMIZE_CLOSED_RECORDS, crontab: '17 3 * * *' })
  async run(): Promise<RetentionReport> {
    const closedBefore = addDays(this.clock.today(), -this.config.RECORDS_RETENTION_DAYS);
    const report = await pseudonymizeClosedRecords(this.txHost.pool, this.index.key, {
      closedBefore,
    });
    if (!report.ran) {
      this.logger.log('Another retention run is in progress; this one leaves the work to it.');
      return report;
    }
    this.logger.log(retentionSummary(report));
    for (const f of report.failed)
      this.logger.warn(`participant ${f.participantId} was not pseudonymized: ${f.error}`);
    return report;
  }
}
