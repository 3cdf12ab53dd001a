import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { CLAIM_KEY_SQL, KEEP_KEYS } from './ledger-sql';

export interface StoredKey {
  requestHash: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  responseStatus: number | null;
  responseBody: unknown;
}

interface KeyRow {
  request_hash: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  response_status: number | null;
  response_body: unknown;
}

const toStoredKey = (r: KeyRow): StoredKey => ({
  requestHash: r.request_hash,
  status: r.status,
  responseStatus: r.response_status,
  responseBody: r.response_body,
});

/** Owns `idempotency_keys` (a payment's own write statement completes its key: ledger-sql). */
@Injectable()
export class IdempotencyKeyRepository {
  constructor(
    private readonly txHost: TransactionHost,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /**
   * One statement: true when the key was never seen or had expired (it is now this request's),
   * false when it exists. A key another request holds is waited for, at most a few seconds
   * (CLAIM_KEY_SQL); then the lock_not_available error is thrown.
   */
  async claim(staffId: string, key: string, requestHash: string): Promise<boolean> {
    const row = await one<{ claimed: number }>(this.tx, CLAIM_KEY_SQL, [staffId, key, requestHash]);
    return row!.claimed > 0;
  }

  async find(staffId: string, key: string): Promise<StoredKey | undefined> {
    const row = await one<KeyRow>(
      this.tx,
      `SELECT request_hash, status, response_status, response_body
         FROM idempotency_keys WHERE staff_id = $1 AND key = $2`,
      [staffId, key],
    );
    return row && toStoredKey(row);
  }

  async complete(staffId: string, key: string, status: number, body: unknown): Promise<void> {
    await rows(
      this.tx,
      `UPDATE idempotency_keys
          SET status = 'COMPLETED', response_status = $3, response_body = $4::jsonb
        WHERE staff_id = $1 AND key = $2`,
      [staffId, key, status, JSON.stringify(body ?? null)],
    );
  }

  /**
   * Outside any request: deletes up to `batch` keys older than KEEP_KEYS in a statement of its
   * own, skipping the ones a request holds; answers how many went.
   */
  async deleteExpired(batch: number): Promise<number> {
    const result: unknown = await this.dataSource.query(
      `DELETE FROM idempotency_keys
        WHERE (staff_id, key) IN (
          SELECT staff_id, key FROM idempotency_keys
           WHERE created_at < now() - interval '${KEEP_KEYS}'
           LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [batch],
    );
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
}
