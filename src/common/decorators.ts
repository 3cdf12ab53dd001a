import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { refuses } from './endpoint';
import { StaffRole } from './roles';
import { AuthenticatedStaff } from './request-context';

export const PUBLIC_KEY = 'access:public';
export const ROLES_KEY = 'access:roles';
export const ANY_ROLE = 'ANY';
export const AUDIT_KEY = 'audit:action';
export const NO_REQUEST_TX_KEY = 'tx:none';

/** Opens a route to unauthenticated callers. Every other route needs a token and a role decision. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles that may call a route (API.md's matrix). */
export const Roles = (...roles: StaffRole[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    refuses(['UNAUTHENTICATED', 'FORBIDDEN'], { FORBIDDEN: `allowed roles: ${roles.join(', ')}` }),
  );

/** Any authenticated, active staff member. */
export const AnyRole = () =>
  applyDecorators(
    SetMetadata(ROLES_KEY, [ANY_ROLE]),
    ApiBearerAuth(),
    refuses(['UNAUTHENTICATED']),
  );

/** Names the audit action and entity type written for a mutating route. */
export const Audited = (action: string, entityType: string) =>
  SetMetadata(AUDIT_KEY, { action, entityType });

/**
 * The route manages its own transactions (login counts failures, refresh revokes a reused
 * token's chain: both must commit even though the request fails).
 */
export const NoRequestTransaction = () => SetMetadata(NO_REQUEST_TX_KEY, true);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedStaff => ctx.switchToHttp().getRequest().user,
);
