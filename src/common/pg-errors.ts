import { QueryFailedError } from 'typeorm';

/**
 * PostgreSQL's error codes, named once. Services ask `isUniqueViolation(err)` instead of
 * comparing SQLSTATE strings; the HTTP filter and the request transaction use the same names.
 */
export const PG = {
  UNIQUE_VIOLATION: '23505',
  CHECK_VIOLATION: '23514',
  EXCLUSION_VIOLATION: '23P01',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
  LOCK_NOT_AVAILABLE: '55P03',
} as const;

export function pgErrorCode(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) return (error.driverError as { code?: string })?.code;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** TypeORM's words for "the connection under this request is gone". */
const RELEASED_CONNECTION_ERRORS = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
  'ConnectionIsNotSetError',
  'CannotConnectAlreadyConnectedError',
]);

const UNAVAILABLE_MESSAGES =
  /Connection terminated|terminating connection|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end|the database system is (shutting down|starting up|not yet accepting connections|in recovery mode)|Connection is not established/i;

const UNAVAILABLE_SYSCALL_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Every way the driver, the pool or the ORM says the database cannot be reached or went away
 * mid-request (a restart, a failover, a network cut): the request may be retried, so it answers
 * 503 with Retry-After, never 500. Walks wrapped errors (driverError, cause).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === 'object' && !seen.has(e);) {
    seen.add(e);
    const err = e as { name?: unknown; code?: unknown; message?: unknown };
    if (typeof err.name === 'string' && RELEASED_CONNECTION_ERRORS.has(err.name)) return true;
    if (err.constructor?.name && RELEASED_CONNECTION_ERRORS.has(err.constructor.name)) return true;
    const code = typeof err.code === 'string' ? err.code : undefined;
    // Class 08: connection exception; 57P01-57P03: shutdown, crash, cannot connect now;
    // 53300: too many connections.
    if (code && (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300'))
      return true;
    if (code && UNAVAILABLE_SYSCALL_CODES.has(code)) return true;
    if (typeof err.message === 'string' && UNAVAILABLE_MESSAGES.test(err.message)) return true;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A unique constraint or unique index refused the row (23505). */
export function isUniqueViolation(error: unknown): boolean {
  return pgErrorCode(error) === PG.UNIQUE_VIOLATION;
}

/** The constraint (or trigger-named constraint) a statement broke, if the driver says. */
export function pgConstraintOf(error: unknown): string | undefined {
  const e = error instanceof QueryFailedError ? error.driverError : error;
  const name = (e as { constraint?: unknown })?.constraint;
  return typeof name === 'string' ? name : undefined;
}

/** An exclusion constraint refused the row (23P01), optionally a named one. */
export function isExclusionViolation(error: unknown, constraint?: string): boolean {
  return (
    pgErrorCode(error) === PG.EXCLUSION_VIOLATION &&
    (constraint === undefined || pgConstraintOf(error) === constraint)
  );
}

/** A check constraint, or a trigger raising check_violation, refused the row (23514). */
export function isCheckViolation(error: unknown, constraint?: string): boolean {
  return (
    pgErrorCode(error) === PG.CHECK_VIOLATION &&
    (constraint === undefined || pgConstraintOf(error) === constraint)
  );
}

/** `FOR UPDATE NOWAIT` (or a lock timeout) found the row locked (55P03). */
export function isLockNotAvailable(error: unknown): boolean {
  return pgErrorCode(error) === PG.LOCK_NOT_AVAILABLE;
}

/** A serialization failure or a deadlock: the whole transaction may be run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === PG.SERIALIZATION_FAILURE || code === PG.DEADLOCK_DETECTED;
}

/** Retryable, or a lock not available: the request conflicted with a concurrent change. */
export function isConcurrencyConflict(error: unknown): boolean {
  return isRetryableTransactionError(error) || isLockNotAvailable(error);
}

/** Class 22 (data exception): a value PostgreSQL cannot take. */
export function isInvalidInput(error: unknown): boolean {
  return pgErrorCode(error)?.startsWith('22') ?? false;
}
