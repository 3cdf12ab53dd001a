import { RecordedSuccess, recordedSuccess } from '../common/unit-of-work';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ClsService } from 'nestjs-cls';
import { clientIp, clientRequestIdOf, requestIdOf } from '../common/http-utils';
import { RequestStore } from '../common/request-context';
import { isUuid } from '../common/validation';
import { AuditRepository, NewAuditEvent } from './audit.repository';

export interface AuditRecord {
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  outcome: 'SUCCESS' | 'FAILURE';
  statusCode?: number;
  errorCode?: string | null;
  actorId?: string | null;
  details?: AuditDetails | null;
}

/** Before → after of the fields a change touched: ids, codes, flags and amounts only. */
export type AuditDetails = Record<string, unknown>;

/** `{field: {from, to}}` for each field whose value differs. */
export function changesOf(before: Record<string, unknown>, after: Record<string, unknown>) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      out[key] = { from: before[key] ?? null, to: after[key] };
    }
  }
  return out;
}

/** Writes the append-only audit trail. Never given passwords, tokens or request bodies. */
@Injectable()
export class AuditService {
  constructor(
    private readonly events: AuditRepository,
    private readonly cls: ClsService<RequestStore>,
  ) {}

  /** Inside the current transaction: the event commits or rolls back with the change. */
  async record(e: AuditRecord): Promise<void> {
    await this.events.insert(this.eventOf(e));
  }

  /**
   * Whether a failed request earns a row. The table is append-only forever, so only requests
   * someone is accountable for do: an authenticated caller's, an identified account's (a login
   * or refresh naming a real account), and every login attempt that reached the password check
   * (throttled per client). Unauthenticated refusals, throttled calls and unknown routes are
   * left to the request log, which a client cannot grow without bound.
   */
  shouldRecordFailure(req: Request, status: number): boolean {
    if (!(req.route as { path?: string } | undefined)?.path) return false;
    if ((req as unknown as { user?: unknown }).user || this.actorFromStore()) return true;
    const route = this.cls.isActive() ? this.cls.get('route') : undefined;
    return route?.action === 'auth.login' && (status === 401 || status === 423);
  }

  /** Outside any transaction: a failed request's work is rolled back, its audit event is not. */
  async recordFailure(req: Request, status: number, code: string): Promise<void> {
    const active = this.cls.isActive();
    const meta = active ? this.cls.get('route') : undefined;
    const store = active ? this.cls.get('audit') : undefined;
    const routePath = (req.route as { path?: string } | undefined)?.path;
    const action = store?.action ?? meta?.action ?? `${req.method} ${routePath ?? 'unknown-route'}`;
    // Only a well-formed id is stored: a path parameter is whatever the client typed.
    const given = store?.entityId ?? (req.params as Record<string, string> | undefined)?.id;
    const entityId = isUuid(given) ? given.toLowerCase() : null;
    const user = (req as unknown as { user?: { id: string } }).user;
    await this.events.insertOnItsOwn({
      actorId: this.actorFromStore() ?? user?.id ?? null,
      action,
      entityType: store?.entityType ?? meta?.entityType ?? null,
      entityId,
      outcome: 'FAILURE',
      statusCode: status,
      errorCode: code,
      requestId: requestIdOf(req) ?? null,
      clientRequestId: clientRequestIdOf(req),
      ip: clientIp(req),
      details: null,
    });
  }

  /**
   * A refused read, written on a connection of its own in this request's context (who, request
   * id, address): reads run outside a request transaction, and the error filter records the
   * failures of changes only.
   */
  async recordRefusal(e: Omit<AuditRecord, 'outcome'>): Promise<void> {
    await this.events.insertOnItsOwn(this.eventOf({ ...e, outcome: 'FAILURE' }));
  }

  /**
   * The request's SUCCESS event written now, in its transaction, with the status the route
   * answers (e.g. 202 where the route otherwise answers 201); the request transaction then
   * writes none.
   */
  async recordSuccessNow(
    action: string,
    entityType: string,
    entityId: string,
    statusCode: number,
  ): Promise<void> {
    await this.record({ action, entityType, entityId, outcome: 'SUCCESS', statusCode });
    if (this.cls.isActive()) {
      const current = this.cls.get('audit') ?? {};
      this.cls.set('audit', { ...current, action, entityType, entityId, recorded: true });
    }
  }

  /**
   * A money request's SUCCESS event, written now in its transaction (before its last statement,
   * which holds the receipt lock to commit): the proof it answers goes down to that statement
   * with the request's unit of work (MoneyWork), and comes back up in its `Settled` answer.
   */
  async recordSuccess(
    action: string,
    entityType: string,
    entityId: string,
    statusCode: number,
  ): Promise<RecordedSuccess> {
    await this.record({ action, entityType, entityId, outcome: 'SUCCESS', statusCode });
    // Should the last statement fail, the FAILURE event names the same entity.
    this.describe(entityType, entityId, action);
    return recordedSuccess({ action, entityType, entityId, statusCode });
  }

  /**
   * How many people the response shows, for the request's `*.list` event, when its result does
   * not tell (a CSV file): said before the rows are formatted.
   */
  showingPeople(count: number): void {
    if (this.cls.isActive()) this.cls.set('peopleShown', count);
  }

  /** What showingPeople() said in this request, if anything. */
  peopleShown(): number | undefined {
    return this.cls.isActive() ? this.cls.get('peopleShown') : undefined;
  }

  /** The handler names the entity it touched when the response does not carry it. */
  describe(entityType: string, entityId: string | null, action?: string): void {
    if (!this.cls.isActive()) return;
    const current = this.cls.get('audit') ?? {};
    this.cls.set('audit', { ...current, entityType, entityId, ...(action ? { action } : {}) });
  }

  /**
   * The request changed nothing anyone is accountable for (a sign-out whose cookie names no
   * session): no SUCCESS event, so an anonymous caller cannot grow the append-only table.
   */
  nothingToRecord(): void {
    if (!this.cls.isActive()) return;
    this.cls.set('audit', { ...(this.cls.get('audit') ?? {}), recorded: true });
  }

  /** What the change changed, written with its SUCCESS event (see changesOf). */
  detail(details: AuditDetails): void {
    if (!this.cls.isActive()) return;
    const current = this.cls.get('audit') ?? {};
    this.cls.set('audit', { ...current, details: { ...(current.details ?? {}), ...details } });
  }

  /**
   * The request succeeded without changing anything (a roster saved again exactly as it was):
   * its SUCCESS event is not written, as nothing happened to the record.
   */
  nothingChanged(): void {
    if (!this.cls.isActive()) return;
    this.cls.set('audit', { ...(this.cls.get('audit') ?? {}), unchanged: true });
  }

  /** Who the request acts as before authentication decided (a login attempt's account). */
  setActor(actorId: string | null): void {
    if (this.cls.isActive()) this.cls.set('actorId', actorId);
  }

  private actorFromStore(): string | null {
    if (!this.cls.isActive()) return null;
    const id = this.cls.get('actorId') ?? this.cls.get('user')?.id;
    return id && isUuid(id) ? id : null;
  }

  private eventOf(e: AuditRecord): NewAuditEvent {
    const active = this.cls.isActive();
    return {
      actorId: e.actorId !== undefined ? e.actorId : this.actorFromStore(),
      action: e.action,
      entityType: e.entityType ?? null,
      entityId: e.entityId ?? null,
      outcome: e.outcome,
      statusCode: e.statusCode ?? null,
      errorCode: e.errorCode ?? null,
      requestId: active ? (this.cls.get('requestId') ?? null) : null,
      clientRequestId: active ? (this.cls.get('clientRequestId') ?? null) : null,
      ip: active ? (this.cls.get('ip') ?? null) : null,
      details: e.details ?? null,
    };
  }
}
