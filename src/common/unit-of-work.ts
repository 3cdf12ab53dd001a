/**
 * The SUCCESS audit event of a request, written in its transaction. Only AuditService makes one
 * (`recordSuccess`): holding it is the proof that the event was written.
 */
export interface RecordedSuccess {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly statusCode: number;
  readonly [RECORDED]: true;
}
declare const RECORDED: unique symbol;

/** Made by AuditService alone, right after it wrote the event. */
export const recordedSuccess = (e: Omit<RecordedSuccess, typeof RECORDED>): RecordedSuccess =>
  e as RecordedSuccess;

/**
 * What a request's last statement answers when that statement finished the request's unit of
 * work itself: the response, with the proof of the audit event written before it. Made only
 * where the statement also stored the response in the request's idempotency key
 * (LedgerRepository), it travels up as the handler's return value: IdempotencyInterceptor then
 * stores no response, RequestTransactionInterceptor writes no event and answers `body`.
 */
export class Settled<T> {
  private constructor(
    readonly body: T,
    readonly audit: RecordedSuccess,
  ) {}

  static byLastStatement<T>(body: T, audit: RecordedSuccess): Settled<T> {
    return new Settled(body, audit);
  }
}
