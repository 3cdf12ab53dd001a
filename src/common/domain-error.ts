import { ErrorCode, ErrorCodeName } from './error-codes';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A refusal the client can act on. The global filter turns it into problem+json with the
 * status the code maps to; `extra` members (e.g. `existingId`, `unmet`) are added to the body.
 */
export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCodeName,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail);
    this.status = ErrorCode[code];
  }
}

export const notFound = (what: string, id?: string): DomainError =>
  new DomainError('NOT_FOUND', id ? `${what} ${id} was not found.` : `${what} was not found.`);

export const validationFailed = (field: string, message: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `${field} ${message}.`, [{ field, message }]);
