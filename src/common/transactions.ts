import { Global, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { RequestStore } from './request-context';

/**
 * The ambient transaction of the current use case (see RequestTransactionInterceptor): inject it
 * into a repository and pass it to `rows`/`one`. Inside `withTransaction` every statement runs on
 * the transaction's connection; outside one, each statement runs on a pooled connection of its
 * own.
 *
 * Plain pg on the pool TypeORM opened (its settings: role, time zone, size, timeouts). TypeORM's
 * query runner and a transactional-decorator library used to sit in between; they added nothing
 * these repositories use (no entities, no query logging) and cost a payment about a tenth of a
 * millisecond of CPU and a tenth of what it allocated, on the event loop that the holder of the
 * receipt lock waits for.
 */
@Injectable()
export class TransactionHost implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cls: ClsService<RequestStore>,
  ) {}

  /**
   * A connection of the pool that fails while idle, or while checked out between two statements
   * (the job runner holds one for LISTEN), emits 'error': without a listener that would end the
   * process. pg discards such a connection itself; the statement that next uses it fails.
   */
  onModuleInit(): void {
    const logger = new Logger('DatabasePool');
    const onError = (err: Error) => logger.warn(`database connection lost: ${err.message}`);
    this.pool.on('error', onError);
    this.pool.on('connect', (client: PoolClient) => client.on('error', onError));
  }

  /** The pg pool of the DataSource (its settings and its lifetime). */
  get pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  /**
   * The connection of the transaction open in this context, if there is one. A statement still
   * running in the context of a transaction that has ended (started and not awaited) is refused
   * rather than run on its own, outside the transaction it was written for.
   */
  get client(): PoolClient | undefined {
    const open = this.cls.isActive() ? this.cls.get('transaction') : undefined;
    if (open === 'ended') throw new Error('A statement ran after its transaction ended.');
    return open;
  }

  isTransactionActive(): boolean {
    const open = this.cls.isActive() ? this.cls.get('transaction') : undefined;
    return open !== undefined && open !== 'ended';
  }

  /**
   * Runs `fn` in one transaction (READ COMMITTED): committed when it resolves, rolled back when it
   * throws. Called inside an open transaction, `fn` joins it. A connection that failed (the server
   * went away, a statement broke it) is discarded rather than returned to the pool.
   */
  async withTransaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.isTransactionActive()) return fn();
    return this.cls.run({ ifNested: 'inherit' }, async () => {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      // An idle-in-transaction connection that dies emits 'error' on its client: without a
      // listener that would end the process.
      const onError = (err: Error) => (broken ??= err);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        this.cls.set('transaction', client);
        const result = await fn();
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (broken ??= e));
        throw err;
      } finally {
        this.cls.set('transaction', 'ended');
        client.off('error', onError);
        client.release(broken);
      }
    });
  }
}

/** Provides TransactionHost to every module. */
@Global()
@Module({ providers: [TransactionHost], exports: [TransactionHost] })
export class TransactionsModule {}

export type Tx = TransactionHost;

/** Raw SQL in the ambient transaction, or on its own when there is none: the rows. */
export async function rows<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T[]> {
  const client: Pick<Pool, 'query'> = tx.client ?? tx.pool;
  return (await client.query<T & QueryResultRow>(sql, params)).rows;
}

export async function one<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(tx, sql, params))[0];
}
