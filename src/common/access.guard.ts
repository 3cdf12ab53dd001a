import { ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ClsService } from 'nestjs-cls';
import { ANY_ROLE, AUDIT_KEY, PUBLIC_KEY, ROLES_KEY } from './decorators';
import { AuthenticatedStaff, RequestStore, RouteAudit } from './request-context';

/**
 * Deny by default: a route is reachable only if it is marked @Public() or names the roles
 * that may call it (@Roles / @AnyRole). A route with neither answers 403 for everyone.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly cls: ClsService<RequestStore>,
  ) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthenticatedStaff }>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const route = this.reflector.get<RouteAudit | undefined>(AUDIT_KEY, ctx.getHandler());
    if (route && this.cls.isActive()) this.cls.set('route', route);
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, targets);
    await super.canActivate(ctx);
    if (!roles || roles.length === 0) {
      throw new ForbiddenException('This route is not open to any role.');
    }
    const user = req.user;
    if (!user) return false;
    if (roles.includes(ANY_ROLE) || user.roles.some((r) => roles.includes(r))) return true;
    throw new ForbiddenException(`This action needs one of the roles: ${roles.join(', ')}.`);
  }
}
