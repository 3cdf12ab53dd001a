import { Injectable } from '@nestjs/common';
import { countFromDb } from '../common/money';
import { one, TransactionHost } from '../common/transactions';
import { BALANCES_OVER_90_COUNT_SQL } from '../reports/report-sql';

/** The counts of the work queue that no list repository owns. */
@Injectable()
export class WorkQueueRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private async count(sql: string, params: unknown[] = []): Promise<number> {
    const row = await one<{ n: string }>(this.txHost, sql, params);
    return countFromDb(row?.n);
  }

  pendingWaiverRequests(): Promise<number> {
    return this.count(`SELECT count(*) AS n FROM waiver_requests WHERE status = 'PENDING'`);
  }

  balancesOver90(asOf: string): Promise<number> {
    return this.count(BALANCES_OVER_90_COUNT_SQL, [asOf]);
  }

  auditEventsSince(since: string): Promise<number> {
    return this.count(`SELECT count(*) AS n FROM audit_events WHERE at >= $1::timestamptz`, [
      since,
    ]);
  }
}
