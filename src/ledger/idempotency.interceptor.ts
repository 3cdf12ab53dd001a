import {
  applyDecorators,
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { defer, lastValueFrom, Observable } from 'rxjs';
import { defaultIfEmpty } from 'rxjs/operators';
import { AuditService } from '../audit/audit.service';
import { AUDIT_KEY } from '../common/decorators';
import { DomainError } from '../common/domain-error';
import { HTTP_CODE_METADATA } from '../common/http-utils';
import { AuthenticatedStaff } from '../common/request-context';
import { IdempotencyService } from './idempotency.service';
import { Settled } from '../common/unit-of-work';
import { MoneyWork } from './money-work';
import { isWellFormedIdempotencyKey, requestHash } from './idempotency-key';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_OPTIONAL = 'idempotency:optional';

/**
 * Runs inside the request transaction (global interceptors wrap route ones): claims the
 * caller's key, then either replays the stored response or runs the handler and stores its
 * response in the same transaction.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyService,
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return defer(() => this.run(ctx, next));
  }

  private async run(ctx: ExecutionContext, next: CallHandler): Promise<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const optional = this.reflector.get<boolean | undefined>(KEY_OPTIONAL, ctx.getHandler());
    if (optional && req.header(IDEMPOTENCY_HEADER) === undefined) {
      return lastValueFrom(next.handle().pipe(defaultIfEmpty(undefined)));
    }
    const key = idempotencyKeyOf(req, optional === true);
    const staff = req.user as AuthenticatedStaff;
    const path = req.originalUrl.split('?')[0];
    const claim = await this.keys.claim(staff.id, key, requestHash(req.method, path, req.body));
    if (claim.kind === 'replay') {
      res.setHeader(REPLAYED_HEADER, 'true');
      const meta = this.reflector.get<{ action: string; entityType: string } | undefined>(
        AUDIT_KEY,
        ctx.getHandler(),
      );
      const id = (claim.body as { id?: unknown } | null)?.id;
      if (meta) {
        this.audit.describe(
          meta.entityType,
          typeof id === 'string' ? id : null,
          `${meta.action}.replayed`,
        );
      }
      return claim.body;
    }
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ??
      (req.method === 'POST' ? 201 : 200);
    (req as RequestWithWork)[WORK] = new MoneyWork({ staffId: staff.id, key, status });
    const result = await lastValueFrom(next.handle().pipe(defaultIfEmpty(undefined)));
    // The handler's last statement stored the response in the key (the ledger's writes do).
    if (result instanceof Settled) return result;
    // What the client receives is exactly what a replay will receive.
    const body: unknown = result === undefined ? null : JSON.parse(JSON.stringify(result));
    await this.keys.complete(staff.id, key, status, body);
    return body;
  }
}

const WORK = Symbol('money-work');
type RequestWithWork = Request & { [WORK]?: MoneyWork };

/**
 * The unit of work of this money request (its claimed key), for a handler whose last statement
 * finishes it (answering `Settled`). Only an @Idempotent() route with its key has one: asked
 * for anywhere else, it is a fault of the route, refused loudly.
 */
export const MoneyRequest = createParamDecorator((_: unknown, ctx: ExecutionContext): MoneyWork => {
  const work = ctx.switchToHttp().getRequest<RequestWithWork>()[WORK];
  if (!work) throw new Error('@MoneyRequest() needs @Idempotent() (with its key) on the route.');
  return work;
});

function idempotencyKeyOf(req: Request, optional: boolean): string {
  const key = req.header(IDEMPOTENCY_HEADER);
  if (key === undefined || (key.trim() === '' && !optional)) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REQUIRED',
      `Posting money needs an ${IDEMPOTENCY_HEADER} header (1–200 printable ASCII characters, e.g. a UUID).`,
      [{ field: IDEMPOTENCY_HEADER, message: 'is required' }],
    );
  }
  if (!isWellFormedIdempotencyKey(key)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `${IDEMPOTENCY_HEADER} must be 1–200 printable ASCII characters.`,
      [{ field: IDEMPOTENCY_HEADER, message: 'must be 1–200 printable ASCII characters' }],
    );
  }
  return key;
}

/**
 * The route posts money: it needs an Idempotency-Key and replays the first response. With
 * `{ optional: true }` (a request that leads to money, such as a waiver request) the key may be
 * left out, and then the request is simply run; sent, it works the same.
 */
export const Idempotent = (options: { optional?: boolean } = {}) =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    SetMetadata(KEY_OPTIONAL, options.optional === true),
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: !options.optional,
      description:
        (options.optional ? 'Optional; recommended for clients that retry. ' : '') +
        'Unique per intended operation (e.g. a UUID), 1–200 printable ASCII characters, scoped to ' +
        'the staff member and kept at least 24 h. The same key with the same request replays the ' +
        'first response with `Idempotent-Replayed: true`; with a different request → 422 ' +
        'IDEMPOTENCY_KEY_REUSED; while the first is still running → 409 IDEMPOTENCY_IN_PROGRESS. ' +
        'A request that failed stored nothing and may be retried with the same key.',
    }),
  );
