import { TransactionHost as ClsTransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The ambient transaction of the current use case (see RequestTransactionInterceptor). */
export type Tx = ClsTransactionHost<TransactionalAdapterTypeOrm>;

/**
 * The one typed accessor: inject `TransactionHost` from here and it is already the TypeORM
 * adapter's (`txHost.tx` is an EntityManager), so no call site casts. The value is the library's
 * class, the DI token; only its type is narrowed.
 */
export const TransactionHost = ClsTransactionHost;
export type TransactionHost = Tx;

/** Raw SQL in the ambient transaction, or on its own when there is none: the rows. */
export async function rows<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T[]> {
  // In a transaction, straight to its pg client: TypeORM's query runner adds nothing we use
  // (no entities, no query logging) and costs a tenth of a millisecond of CPU per payment, on the
  // event loop that the holder of the receipt lock waits for. Errors are pg's own, which
  // pg-errors.ts reads as it reads TypeORM's QueryFailedError.
  // Outside one (the access check of every request, the reads of GET routes), straight to the
  // pool, for the same reason: one statement, its own connection for that statement only.
  const client = transactionClient(tx) ?? pool(tx);
  return (await client.query<T & QueryResultRow>(sql, params)).rows;
}

export async function one<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(tx, sql, params))[0];
}

/** The pg pool TypeORM opened (the DataSource's, so its settings and its lifetime). */
function pool(tx: Tx): Pool {
  return (tx.tx.dataSource.driver as PostgresDriver).master as Pool;
}

/** The pg client of the ambient transaction, when there is one open. */
function transactionClient(tx: Tx): PoolClient | undefined {
  const runner = tx.tx.queryRunner;
  if (!runner || runner.isReleased || !runner.isTransactionActive) return undefined;
  return (runner as unknown as { databaseConnection?: PoolClient }).databaseConnection;
}
