import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { isLockNotAvailable } from '../common/pg-errors';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

export type Claim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: unknown };

/**
 * Stripe-style idempotency keys kept in the request's own transaction: the key row is inserted
 * first (a second request with the key blocks on it until the first commits or rolls back),
 * and the response is stored in it before commit. So a key either has a committed response or
 * nothing at all: a failed request leaves no trace and may be retried with the same key.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly keys: IdempotencyKeyRepository) {}

  async claim(staffId: string, key: string, requestHash: string): Promise<Claim> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.insert(staffId, key, requestHash)) return { kind: 'claimed' };
      const existing = await this.keys.find(staffId, key);
      // Gone between the two statements: claim it again.
      if (!existing) continue;
      if (existing.requestHash !== requestHash) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used for a different request; use a new key.',
          [{ field: 'Idempotency-Key', message: 'was used for a different request' }],
        );
      }
      if (existing.status !== 'COMPLETED' || existing.responseStatus === null) break;
      return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody };
    }
    throw inProgress();
  }

  complete(staffId: string, key: string, status: number, body: unknown): Promise<void> {
    return this.keys.complete(staffId, key, status, body);
  }

  /**
   * One statement: a key never seen (or expired: kept 24 h, then it is a new key) is claimed; a
   * key another request holds is waited for, at most 3 s (lock_timeout is set for the
   * insert only and restored in the same statement, so later locks wait as usual). Expired keys
   * are deleted by IdempotencyKeySweeper, not here.
   */
  private async insert(staffId: string, key: string, requestHash: string): Promise<boolean> {
    try {
      return await this.keys.claim(staffId, key, requestHash);
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
