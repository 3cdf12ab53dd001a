import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { DomainError, FieldError } from './domain-error';
import { ErrorCodeName } from './error-codes';
import { isMutating, requestIdOf } from './http-utils';
import { isConcurrencyConflict, isDatabaseUnavailable, isInvalidInput } from './pg-errors';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODE_BY_STATUS: Record<number, ErrorCodeName> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  423: 'ACCOUNT_LOCKED',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

const RESERVED_MEMBERS = new Set([
  'type',
  'title',
  'status',
  'code',
  'detail',
  'errors',
  'requestId',
  'instance',
]);

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  requestId?: string;
  [extra: string]: unknown;
}

/** Turns anything thrown into RFC 9457 problem+json; internals (SQL, stacks) never leave. */
export function toProblem(error: unknown, logger?: Logger): Problem {
  if (error instanceof DomainError) {
    // Extra members never override the standard ones (a stray `status` would break the response).
    const extra = Object.fromEntries(
      Object.entries(error.extra ?? {}).filter(([k]) => !RESERVED_MEMBERS.has(k)),
    );
    return {
      ...extra,
      type: 'about:blank',
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      code: error.code,
      detail: error.detail,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'CONFLICT');
    const detail = status === 401 ? 'Authentication is required.' : safeMessage(error, status);
    return problem(status, code, detail);
  }
  if (isConcurrencyConflict(error)) {
    return problem(409, 'CONFLICT', 'The request conflicted with a concurrent change; retry it.');
  }
  if (isInvalidInput(error)) {
    // A value PostgreSQL cannot take (date out of range, bad encoding): validation should have
    // caught it, so it is logged, but it is the client's input and answers 400.
    logger?.warn(`Input reached the database unvalidated: ${String((error as Error).message)}`);
    return problem(
      400,
      'VALIDATION_FAILED',
      'A value in the request is out of range or malformed.',
    );
  }
  if (isDatabaseUnavailable(error)) {
    return problem(503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; retry shortly.');
  }
  logger?.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return problem(500, 'INTERNAL_ERROR', 'An unexpected error occurred.');
}

function problem(status: number, code: string, detail: string): Problem {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, code, detail };
}

function safeMessage(error: HttpException, status: number): string {
  const res = error.getResponse();
  const message =
    typeof res === 'string' ? res : ((res as { message?: unknown }).message ?? error.message);
  if (status === 404 && typeof message === 'string' && message.startsWith('Cannot ')) {
    return `No route ${message.slice('Cannot '.length)}.`;
  }
  return Array.isArray(message) ? message.join('; ') : String(message);
}

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 2;

export function sendProblem(res: Response, req: Request, body: Problem): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const requestId = requestIdOf(req);
  if (body.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  // The sign-in throttle says when its window ends (SignInAttempts).
  if (body.status === 429 && typeof body.retryAfterSeconds === 'number')
    res.setHeader('Retry-After', String(body.retryAfterSeconds));
  res
    .status(body.status)
    .type('application/problem+json')
    .send(JSON.stringify({ ...body, requestId }));
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly audit: AuditService) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = toProblem(exception, this.logger);
    if (isMutating(req) && this.audit.shouldRecordFailure(req, body.status)) {
      await this.audit.recordFailure(req, body.status, body.code).catch((err: unknown) => {
        this.logger.warn(`Audit event for a failed request was not written: ${String(err)}`);
      });
    }
    sendProblem(res, req, body);
  }
}
