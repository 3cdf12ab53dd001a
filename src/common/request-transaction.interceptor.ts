import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ClsService } from 'nestjs-cls';
import { from, lastValueFrom, Observable } from 'rxjs';
import { defaultIfEmpty } from 'rxjs/operators';
import { AuditService } from '../audit/audit.service';
import { AUDIT_KEY, NO_REQUEST_TX_KEY } from './decorators';
import { HTTP_CODE_METADATA, isMutating } from './http-utils';
import { isRetryableTransactionError } from './pg-errors';
import { RequestStore } from './request-context';
import { TransactionHost } from './transactions';
import { Settled } from './unit-of-work';

const MAX_ATTEMPTS = 3;

/**
 * One transaction per mutating request: the handler's writes and its SUCCESS audit event
 * commit together or not at all. Serialization failures and deadlocks are retried.
 */
@Injectable()
export class RequestTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly cls: ClsService<RequestStore>,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!isMutating(req)) return next.handle();
    const handler = ctx.getHandler();
    const meta = this.reflector.get<{ action: string; entityType: string } | undefined>(
      AUDIT_KEY,
      handler,
    );
    const action =
      meta?.action ?? `${req.method} ${(req.route as { path?: string })?.path ?? req.path}`;
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, handler) ??
      (req.method === 'POST' ? 201 : 200);
    const run = async () => {
      const earlier = this.cls.get('audit');
      if (earlier?.recorded || earlier?.unchanged)
        this.cls.set('audit', { ...earlier, recorded: false, unchanged: false });
      const result = await lastValueFrom(next.handle().pipe(defaultIfEmpty(undefined)));
      // A money request's last statement finished its unit of work: its event is written.
      if (result instanceof Settled) return result.body as unknown;
      const described = this.cls.get('audit');
      // The handler wrote its SUCCESS event itself, in this transaction (lock-last payments), or
      // the request changed nothing and leaves no trace.
      if (described?.recorded || described?.unchanged) return result;
      const entityId =
        described?.entityId !== undefined
          ? described.entityId
          : ((result as { id?: unknown } | undefined)?.id ??
            (req.params as Record<string, string>).id ??
            null);
      await this.audit.record({
        action: described?.action ?? action,
        entityType: described?.entityType ?? meta?.entityType ?? null,
        entityId: typeof entityId === 'string' ? entityId : null,
        outcome: 'SUCCESS',
        statusCode: status,
        details: described?.details ?? null,
      });
      return result;
    };
    if (this.reflector.get<boolean>(NO_REQUEST_TX_KEY, handler)) return from(run());
    return from(this.withRetry(() => this.txHost.withTransaction(run)));
  }

  private async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(err)) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  }
}
