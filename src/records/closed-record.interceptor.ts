import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { defaultIfEmpty } from 'rxjs/operators';
import { refuses } from '../common/endpoint';
import { isMutating } from '../common/http-utils';
import { isUuid } from '../common/validation';
import { ACCESS_REASON_HEADER, ApiAccessReason } from './access-reason';
import { DisclosedEntity } from './disclosure.dto';
import { RecordAccessService, RecordTarget } from './record-access.service';

const OPENS_RECORD_KEY = 'records:opens';

/** Which record a request reads, from its path or query; null: none (or a malformed id). */
export type TargetOf = (req: Request) => RecordTarget | null;

/**
 * Every route that reads one person's record (a participant, a referral, an enrollment, a ledger
 * entry, or what hangs off them: ledger, seats, notices, messages, history) is marked with
 * @OpensRecord; this interceptor, registered once for the whole API (app.module.ts), puts each
 * such request through RecordAccessService before the handler runs. Guards have run already (a
 * role the route does not allow still gets FORBIDDEN); pipes have not, so a malformed id is left
 * for the route's own 400.
 */
@Injectable()
export class ClosedRecordInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: RecordAccessService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const targetOf = this.reflector.get<TargetOf | undefined>(OPENS_RECORD_KEY, ctx.getHandler());
    if (!targetOf) return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const target = targetOf(req);
    if (!target) return next.handle();
    return from(
      this.access.read(target, req.header(ACCESS_REASON_HEADER), isMutating(req), () =>
        lastValueFrom(next.handle().pipe(defaultIfEmpty(undefined))),
      ),
    );
  }
}

/** The record named by a path parameter (`:id` unless told), when it is a UUID. */
const fromParam =
  (entityType: DisclosedEntity, param: string): TargetOf =>
  (req) => {
    const id = (req.params as Record<string, string | undefined>)[param];
    return isUuid(id) ? { entityType, entityId: id.toLowerCase() } : null;
  };

/**
 * The route reads (or answers with) the record `entityType` named by its path parameter `param`:
 * a closed one needs SUPERVISOR or AUDITOR and X-Access-Reason, and each opening is a disclosure
 * (ClosedRecordInterceptor).
 */
export const OpensRecord = (entityType: DisclosedEntity, param = 'id') =>
  OpensRecordOf(fromParam(entityType, param));

/** As OpensRecord, for a route that names the record otherwise (e.g. in its query). */
export const OpensRecordOf = (targetOf: TargetOf) =>
  applyDecorators(
    SetMetadata(OPENS_RECORD_KEY, targetOf),
    ApiAccessReason(),
    refuses(['RECORD_CLOSED'], {
      RECORD_CLOSED:
        'the record is closed: only a SUPERVISOR or an AUDITOR may open it, stating why',
    }),
  );
