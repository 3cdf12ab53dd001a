import { createHmac } from 'node:crypto';
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
import { AppConfig } from '../config/app-config';
import { AuditService } from './audit.service';

const LIST_AUDIT_KEY = 'audit:list';

/** How many people a response showed (distinct participants), from the handler's result. */
export type PeopleShown = (result: unknown) => number;

interface ListAudit {
  action: string;
  entityType: string;
  shown: PeopleShown;
}

/**
 * Filters that are personal data when typed: a name or case number in the search box, a date of
 * birth. Kept only as a keyed hash (FILTER_HASH), never as the text.
 */
const PERSONAL_FILTERS = new Set(['q', 'dateOfBirth']);

/** Prefix of a hashed filter value: the algorithm, so a reader knows what it is. */
const FILTER_HASH = 'hmac-sha256';

/**
 * The key of the filter hashes: HMAC-SHA256(JWT_SECRET, "audit-filter-hash"), the same on every
 * instance. Someone holding the server's secret can tell whether a given text was searched for
 * (hash it the same way); a reader of the audit trail alone cannot learn what was typed.
 */
export function filterHashKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('audit-filter-hash').digest();
}

/** A typed filter as the audit trail keeps it: NFKC, trimmed, lower case, then the keyed hash. */
export function hashFilterValue(key: Buffer, value: string): string {
  const normalized = value.normalize('NFKC').trim().toLowerCase();
  return `${FILTER_HASH}:${createHmac('sha256', key).update(normalized).digest('hex')}`;
}

/**
 * Bulk reads of people are audited (issue 29): a search, list, roster, report or CSV export
 * that names participants writes one `*.list` event per successful request, after it answered
 * (GETs run outside a request transaction): who (the actor), `details.route` (method and route
 * pattern), `details.filter` (the query as sent, personal filters as keyed hashes) and
 * `details.shown` (how many people it showed). A refused or failed request writes none.
 */
@Injectable()
export class ListAuditInterceptor implements NestInterceptor {
  private readonly key: Buffer;

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.key = filterHashKey(config.JWT_SECRET ?? '');
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const meta = this.reflector.get<ListAudit | undefined>(LIST_AUDIT_KEY, ctx.getHandler());
    if (!meta) return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        const id = req.params?.id;
        await this.audit.record({
          action: meta.action,
          entityType: meta.entityType,
          entityId: typeof id === 'string' ? id.toLowerCase() : null,
          outcome: 'SUCCESS',
          statusCode: 200,
          details: {
            route: `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`,
            filter: this.filterOf(req.query),
            shown: this.audit.peopleShown() ?? meta.shown(result),
          },
        });
        return result;
      }),
    );
  }

  private filterOf(query: Request['query']): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, raw] of Object.entries(query ?? {})) {
      const value = Array.isArray(raw) ? raw.join(',') : String(raw);
      out[name] = PERSONAL_FILTERS.has(name) ? hashFilterValue(this.key, value) : value;
    }
    return out;
  }
}

/**
 * The route lists people: each successful request writes one `action` event (see
 * ListAuditInterceptor). `shown` counts the people in its result; a route whose result is a file
 * (CSV) tells AuditService.showingPeople() before it formats it.
 */
export const AuditedList = (action: string, entityType: string, shown: PeopleShown) =>
  applyDecorators(
    SetMetadata(LIST_AUDIT_KEY, { action, entityType, shown } satisfies ListAudit),
    UseInterceptors(ListAuditInterceptor),
  );

/** Distinct values of `field` among `rows` (e.g. the participants of a page of referrals). */
export const distinct = (rows: unknown, field: string): number =>
  Array.isArray(rows) ? new Set(rows.map((r) => (r as Record<string, unknown>)[field])).size : 0;

/** People shown by a page (`{items}`) of rows, counted by `field`. */
export const distinctInPage =
  (field: string): PeopleShown =>
  (page) =>
    distinct((page as { items?: unknown } | undefined)?.items, field);
