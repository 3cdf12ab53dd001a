import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { isLockNotAvailable } from '../common/pg-errors';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { CLAIM_KEY_SQL } from './ledger-sql';

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
    return this.txHost;
  }

  async claim(staffId: string, key: string, requestHash: string): Promise<Claim> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.insert(staffId, key, requestHash)) return { kind: 'claimed' };
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
      // Gone between the two statements: claim it again.
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

  /**
   * One statement: a key never seen (or expired: kept 24 h, then it is a new key) is claimed; a
   * key another request holds is waited for, at most 3 s (lock_timeout is set for the
   * insert only and restored in the same statement, so later locks wait as usual). Expired keys
   * are deleted by IdempotencyKeySweeper, not here.
   */
  private async insert(staffId: string, key: string, requestHash: string): Promise<boolean> {
    try {
      const row = await one<{ claimed: number }>(this.tx, CLAIM_KEY_SQL, [
        staffId,
        key,
        requestHash,
      ]);
      return row!.claimed > 0;
    } catch (err) {
      if (isLockNotAvailable(err)) throw inProgress();
      throw err;
    }
  }
}

const inProgress = () =>
  new DomainError(
    'IDEMPOTENCY_IN_PROGRESS',
    'A request with this Idempotency-Key is still being processed; retry shortly.',
  );
