import { ClsStore } from 'nestjs-cls';
import type { PoolClient } from 'pg';

export interface AuthenticatedStaff {
  id: string;
  email: string;
  roles: string[];
}

/** What a route declares with @Audit(action, entityType). */
export interface RouteAudit {
  action: string;
  entityType: string;
}

/** What the CLS store holds for the life of one request. */
export interface RequestStore extends ClsStore {
  requestId: string;
  /** The caller's own X-Request-Id, when it sent a well-formed one. */
  clientRequestId: string | null;
  ip: string | null;
  user?: AuthenticatedStaff;
  /** Who the request acts as before authentication decided (a login attempt's account). */
  actorId?: string | null;
  /** The route's declared audit action (@Audit), set by the access guard before the handler. */
  route?: RouteAudit;
  /**
   * The connection of the transaction open in this context (TransactionHost.withTransaction);
   * 'ended' once it committed or rolled back.
   */
  transaction?: PoolClient | 'ended';
  /** How many people a list's response shows (its `*.list` audit event), when set by its code. */
  peopleShown?: number;
  audit?: {
    action?: string;
    entityType?: string;
    entityId?: string | null;
    recorded?: boolean;
    /** The request changed nothing (e.g. a roster saved again as it was): no event is written. */
    unchanged?: boolean;
    details?: Record<string, unknown>;
  };
}
