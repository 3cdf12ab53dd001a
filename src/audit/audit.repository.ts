import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { AuditEventDto } from './audit.dto';

/** One row of the append-only trail, as AuditService assembles it. */
export interface NewAuditEvent {
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: 'SUCCESS' | 'FAILURE';
  statusCode: number | null;
  errorCode: string | null;
  requestId: string | null;
  clientRequestId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

/** Every condition is optional; the `at` bounds are timestamps PostgreSQL can read. */
export interface AuditFilter {
  actorId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  outcome?: string;
  atOrAfter?: string;
  before?: string;
  atOrBefore?: string;
  /** Leave out what changes nothing: views, lists, sign-ins and session renewals. */
  changesOnly?: boolean;
}

/**
 * The events that record no change: reads of one record (`*.view`), lists and searches that name
 * people (`*.list`), sign-ins and session renewals. Successful or not, none of them changed data.
 */
const NOT_A_CHANGE = `(action LIKE '%.view' OR action LIKE '%.list'
  OR action IN ('auth.login', 'auth.refresh'))`;

interface AuditEventRow {
  id: string;
  at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  outcome: string;
  status_code: number | null;
  error_code: string | null;
  request_id: string | null;
  client_request_id: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

const COLUMNS = `id, at, actor_id, action, entity_type, entity_id, outcome, status_code, error_code,
  request_id, client_request_id, ip, details`;

const INSERT = `
  INSERT INTO audit_events (actor_id, action, entity_type, entity_id, outcome, status_code, error_code, request_id, ip, details, client_request_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

const insertParams = (e: NewAuditEvent): unknown[] => [
  e.actorId,
  e.action,
  e.entityType,
  e.entityId,
  e.outcome,
  e.statusCode,
  e.errorCode,
  e.requestId,
  e.ip,
  e.details ? JSON.stringify(e.details) : null,
  e.clientRequestId,
];

/** Only the conditions given: each one can use its index on the large, ever-growing table. */
function whereOf(f: AuditFilter): { clause: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${condition} $${params.length}`);
  };
  add('actor_id =', f.actorId);
  add('entity_type =', f.entityType);
  add('entity_id =', f.entityId);
  add('action =', f.action);
  add('outcome =', f.outcome);
  add('at >=', f.atOrAfter);
  add('at <', f.before);
  add('at <=', f.atOrBefore);
  if (f.changesOnly) where.push(`NOT ${NOT_A_CHANGE}`);
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

const toAuditEventDto = (r: AuditEventRow): AuditEventDto => ({
  id: r.id,
  at: r.at.toISOString(),
  actorId: r.actor_id,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  outcome: r.outcome,
  statusCode: r.status_code,
  errorCode: r.error_code,
  requestId: r.request_id,
  clientRequestId: r.client_request_id,
  ip: r.ip,
  details: r.details,
});

/** Owns `audit_events`: its only writer, and the reader of GET /audit-events. */
@Injectable()
export class AuditRepository {
  constructor(
    private readonly txHost: TransactionHost,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** In the ambient transaction: the event commits or rolls back with the change. */
  async insert(e: NewAuditEvent): Promise<void> {
    await rows(this.tx, INSERT, insertParams(e));
  }

  /** On a connection of its own, outside any transaction: it stays when the request's rolls back. */
  async insertOnItsOwn(e: NewAuditEvent): Promise<void> {
    await this.dataSource.query(INSERT, insertParams(e));
  }

  /**
   * Newest first. `countUpTo`: count no further than that many events past the page's first
   * (the count then reads at most that many index entries, not the whole trail); `total` is then
   * that bound and `totalIsLowerBound` true when there are more.
   */
  async list(
    f: AuditFilter,
    limit: number,
    offset: number,
    countUpTo?: number,
  ): Promise<{ items: AuditEventDto[]; total: number; totalIsLowerBound: boolean }> {
    const { clause, params } = whereOf(f);
    const cap = countUpTo === undefined ? undefined : offset + countUpTo;
    // Two statements on the pool at once: the page and its count each take a connection, so the
    // answer waits for the slower one, not for both.
    const [items, counted] = await Promise.all([
      rows<AuditEventRow>(
        this.tx,
        `SELECT ${COLUMNS} FROM audit_events ${clause}
          ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ),
      cap === undefined ? this.count(f) : this.countUpTo(f, cap + 1),
    ]);
    const capped = cap !== undefined && counted > cap;
    return {
      items: items.map(toAuditEventDto),
      total: capped ? cap : counted,
      totalIsLowerBound: capped,
    };
  }

  /** How many events match, counting no further than `max`. */
  private async countUpTo(f: AuditFilter, max: number): Promise<number> {
    const { clause, params } = whereOf(f);
    const row = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM (SELECT 1 FROM audit_events ${clause}
          ORDER BY at DESC, id DESC LIMIT $${params.length + 1}) s`,
      [...params, max],
    );
    return countFromDb(row?.n);
  }

  async count(f: AuditFilter): Promise<number> {
    const { clause, params } = whereOf(f);
    const row = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM audit_events ${clause}`,
      params,
    );
    return countFromDb(row?.n);
  }
}
