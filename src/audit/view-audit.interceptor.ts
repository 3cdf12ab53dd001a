import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { mergeMap } from 'rxjs/operators';
import { AuditService } from './audit.service';

const VIEW_AUDIT_KEY = 'audit:view';

interface ViewAudit {
  action: string;
  entityType: string;
}

/**
 * Access logging (CJIS-style): a successful read of one person's record writes who read it.
 * GET requests run outside a request transaction, so the event is written on its own, after
 * the read succeeded; a refused or failed read writes none.
 */
@Injectable()
export class ViewAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const meta = this.reflector.get<ViewAudit | undefined>(VIEW_AUDIT_KEY, ctx.getHandler());
    if (!meta) return next.handle();
    const id = ctx.switchToHttp().getRequest<Request>().params.id;
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        await this.audit.record({
          action: meta.action,
          entityType: meta.entityType,
          entityId: typeof id === 'string' ? id.toLowerCase() : null,
          outcome: 'SUCCESS',
          statusCode: 200,
        });
        return result;
      }),
    );
  }
}

/** The route reads one record of `entityType` (its `:id`): each successful read is audited. */
export const AuditedView = (action: string, entityType: string) =>
  applyDecorators(
    SetMetadata(VIEW_AUDIT_KEY, { action, entityType } satisfies ViewAudit),
    UseInterceptors(ViewAuditInterceptor),
  );
