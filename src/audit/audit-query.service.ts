import { Injectable } from '@nestjs/common';
import { addDays, isCalendarDate } from '../common/dates';
import { centsFromDb } from '../common/money';
import { Page, pageOf } from '../common/pagination';
import { TransactionHost, rows } from '../common/transactions';
import { AuditEventDto, AuditQuery } from './audit.dto';

/** Reads the audit trail for GET /audit-events. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly txHost: TransactionHost) {}

  async list(q: AuditQuery): Promise<Page<AuditEventDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.actorId) add('actor_id = ?', q.actorId);
    if (q.entityType) add('entity_type = ?', q.entityType);
    if (q.entityId) add('entity_id = ?', q.entityId);
    if (q.action) add('action = ?', q.action);
    if (q.outcome) add('outcome = ?', q.outcome);
    if (q.from) add('at >= ?', isCalendarDate(q.from) ? chicagoMidnight(q.from) : q.from);
    if (q.to) {
      if (isCalendarDate(q.to)) add('at < ?', chicagoMidnight(addDays(q.to, 1)));
      else add('at <= ?', q.to);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const tx = this.txHost;
    const [{ total }] = await rows<{ total: string }>(
      tx,
      `SELECT count(*) AS total FROM audit_events ${clause}`,
      params,
    );
    const items = await rows<Record<string, unknown>>(
      tx,
      `SELECT id, at, actor_id, action, entity_type, entity_id, outcome, status_code, error_code, request_id, ip, details
         FROM audit_events ${clause}
        ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.limit, q.offset],
    );
    return pageOf(
      items.map((r) => ({
        id: r.id as string,
        at: (r.at as Date).toISOString(),
        actorId: (r.actor_id as string) ?? null,
        action: r.action as string,
        entityType: (r.entity_type as string) ?? null,
        entityId: (r.entity_id as string) ?? null,
        outcome: r.outcome as string,
        statusCode: (r.status_code as number) ?? null,
        errorCode: (r.error_code as string) ?? null,
        requestId: (r.request_id as string) ?? null,
        ip: (r.ip as string) ?? null,
        details: (r.details as Record<string, unknown>) ?? null,
      })),
      centsFromDb(total),
      q,
    );
  }
}

/** A bare date means that America/Chicago calendar day; PostgreSQL does the zone arithmetic. */
const chicagoMidnight = (date: string): string => `${date} 00:00:00 America/Chicago`;
