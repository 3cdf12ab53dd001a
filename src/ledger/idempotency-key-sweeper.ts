import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

/** How often each instance deletes expired keys (and once shortly after it starts). */
const EVERY_MS = 10 * 60_000;
const FIRST_AFTER_MS = 2_000;
/** Rows per statement: short transactions, never a long lock on the table. */
const BATCH = 1_000;

/**
 * Housekeeping of idempotency keys, outside any request: keys older than KEEP_KEYS are deleted in
 * small batches. SKIP LOCKED: never waits on a request that holds a key (a claim that reuses an
 * expired key locks it), nor on another instance sweeping at the same time.
 */
@Injectable()
export class IdempotencyKeySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(IdempotencyKeySweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly keys: IdempotencyKeyRepository) {}

  onApplicationBootstrap(): void {
    this.schedule(FIRST_AFTER_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then(
          () => undefined,
          (err: unknown) => this.log.warn(`Idempotency key sweep failed: ${String(err)}`),
        )
        .finally(() => {
          this.running = undefined;
          this.schedule(EVERY_MS);
        });
    }, ms);
    // Never what keeps the process alive.
    this.timer.unref();
  }

  /** Deletes every expired key; answers how many. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.keys.deleteExpired(BATCH);
      total += n;
      if (n < BATCH) return total;
    }
  }
}
