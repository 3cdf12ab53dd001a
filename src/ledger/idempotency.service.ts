import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { pgErrorCode } from '../common/problem-details.filter';
import { one, rows, Tx, TransactionHost } from '../common/transactions';

/** How long a concurrent request with the same key waits for the first one to finish. */
const WAIT_FOR_FIRST = '3s';

export type Claim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: unknown };

/**
 * Stripe-style idempotency keys kept in the request's own transaction: the key row is inserted
 * first (a second request with the key blocks on it until the first commits or rolls back),
 * and the response is stored in it before commit. So a key either has a committed response or
 * nothing at all: a failed request leaves no trace and may be retried with the same key.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost as Tx;
  }

  async claim(staffId: string, key: string, requestHash: string): Promise<Claim> {
    // Keys are kept at least 24 h; older ones of this staff member go now. SKIP LOCKED: never
    // wait on another request's cleanup.
    await rows(
      this.tx,
      `DELETE FROM idempotency_keys
        WHERE (staff_id, key) IN (
          SELECT staff_id, key FROM idempotency_keys
           WHERE staff_id = $1 AND created_at < now() - interval '24 hours'
             FOR UPDATE SKIP LOCKED)`,
      [staffId],
    );
    for (let attempt = 0; attempt < 2; attempt++) {
      const inserted = await this.insert(staffId, key, requestHash);
      if (inserted) return { kind: 'claimed' };
      const existing = await one<{
        request_hash: string;
        status: string;
        response_status: number | null;
        response_body: unknown;
      }>(
        this.tx,
        `SELECT request_hash, status, response_status, response_body
           FROM idempotency_keys WHERE staff_id = $1 AND key = $2`,
        [staffId, key],
      );
      // Gone between the two statements (expired and cleaned up): claim it again.
      if (!existing) continue;
      if (existing.request_hash !== requestHash) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used for a different request; use a new key.',
          [{ field: 'Idempotency-Key', message: 'was used for a different request' }],
        );
      }
      if (existing.status !== 'COMPLETED' || existing.response_status === null) break;
      return { kind: 'replay', status: existing.response_status, body: existing.response_body };
    }
    throw inProgress();
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

  private async insert(staffId: string, key: string, requestHash: string): Promise<boolean> {
    await rows(this.tx, `SET LOCAL lock_timeout = '${WAIT_FOR_FIRST}'`);
    try {
      const row = await one(
        this.tx,
        `INSERT INTO idempotency_keys (staff_id, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT (staff_id, key) DO NOTHING RETURNING key`,
        [staffId, key, requestHash],
      );
      return row !== undefined;
    } catch (err) {
      if (pgErrorCode(err) === '55P03') throw inProgress();
      throw err;
    } finally {
      // Later locks (the enrollment row) wait as usual. Skipped if the transaction is aborted.
      await rows(this.tx, `SET LOCAL lock_timeout = DEFAULT`).catch(() => undefined);
    }
  }
}

const inProgress = () =>
  new DomainError(
    'IDEMPOTENCY_IN_PROGRESS',
    'A request with this Idempotency-Key is still being processed; retry shortly.',
  );
