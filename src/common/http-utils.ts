import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/**
 * @nestjs/common's own metadata key for @HttpCode(): deep imports of its constants are not
 * resolvable since Nest 12, so it is named here, once, for every interceptor that reads it.
 */
export const HTTP_CODE_METADATA = '__httpCode__';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const isMutating = (req: Request): boolean => MUTATING.has(req.method);

export const requestIdOf = (req: Request): string => (req as unknown as { id: string }).id;

/** The caller's own X-Request-Id, when well-formed: kept beside the server's id, never as it. */
export const clientRequestIdOf = (req: Request): string | null =>
  (req as unknown as { clientRequestId?: string }).clientRequestId ?? null;

export const clientIp = (req: Request): string | null =>
  req.ip ?? req.socket?.remoteAddress ?? null;

/**
 * Every request gets an id made here (audit events, log lines, problem bodies). A well-formed
 * X-Request-Id from the caller is kept as `clientRequestId` beside it and echoed on the response
 * (API.md, Operations); without one, the response carries the server's id.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  const id = randomUUID();
  const client = given && SAFE_REQUEST_ID.test(given) ? given : undefined;
  Object.assign(req as unknown as { id: string; clientRequestId?: string }, {
    id,
    clientRequestId: client,
  });
  res.setHeader('X-Request-Id', client ?? id);
  next();
}
