import { TransactionHost as ClsTransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

/** The ambient transaction of the current use case (see RequestTransactionInterceptor). */
export type Tx = ClsTransactionHost<TransactionalAdapterTypeOrm>;

/**
 * The one typed accessor: inject `TransactionHost` from here and it is already the TypeORM
 * adapter's (`txHost.tx` is an EntityManager), so no call site casts. The value is the library's
 * class, the DI token; only its type is narrowed.
 */
export const TransactionHost = ClsTransactionHost;
export type TransactionHost = Tx;

/**
 * Raw SQL in the ambient transaction. TypeORM answers UPDATE/DELETE … RETURNING with
 * [rows, count]; this always gives the rows.
 */
export async function rows<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await tx.tx.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

export async function one<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(tx, sql, params))[0];
}
