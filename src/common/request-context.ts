import { ClsStore } from 'nestjs-cls';

export interface AuthenticatedStaff {
  id: string;
  email: string;
  roles: string[];
}

/** What the CLS store holds for the life of one request. */
export interface RequestStore extends ClsStore {
  requestId: string;
  ip: string | null;
  user?: AuthenticatedStaff;
  audit?: {
    action?: string;
    entityType?: string;
    entityId?: string | null;
    recorded?: boolean;
    details?: Record<string, unknown>;
  };
}
