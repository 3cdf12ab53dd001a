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

export const clientIp = (req: Request): string | null =>
  req.ip ?? req.socket?.remoteAddress ?? null;

/** Takes a well-formed X-Request-Id from the caller or makes one; echoes it on every response. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  const id = given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
  (req as unknown as { id: string }).id = id;
  res.setHeader('X-Request-Id', id);
  next();
}
