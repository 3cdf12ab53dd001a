import type { RecordedSuccess } from '../common/unit-of-work';

/** The idempotency key a money request claimed: whose, which, and the status it answers. */
export interface ClaimedKey {
  readonly staffId: string;
  readonly key: string;
  readonly status: number;
}

/**
 * The unit of work of one money request, from the key's claim to the last statement.
 * IdempotencyInterceptor claims the key and hands the work to the handler (`@MoneyRequest()`);
 * the service checks, locks and writes the request's SUCCESS audit event, and `audited(event)`
 * gives the one value the last statement accepts (LedgerRepository.insertPayment,
 * insertSettled): it stores the response in the key in the same statement that writes the
 * entry, and answers `Settled`. A money route that forgot the key or the audit event does not
 * type-check.
 */
export class MoneyWork {
  constructor(readonly key: ClaimedKey) {}

  audited(event: RecordedSuccess): AuditedWork {
    return { key: this.key, event };
  }
}

/** A money request ready for its last statement: its key, and its audit event written. */
export interface AuditedWork {
  readonly key: ClaimedKey;
  readonly event: RecordedSuccess;
}
