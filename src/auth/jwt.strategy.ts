import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ClsService } from 'nestjs-cls';
import { Strategy } from 'passport-strategy';
import { AppConfig, requireJwtSecret } from '../config/app-config';
import { AuthenticatedStaff, RequestStore } from '../common/request-context';
import { StaffAccounts } from '../staff/staff-accounts';
import { AccessClaims, bearerToken, verifyAccessToken } from './access-token';
import { wantsCookie } from './session-cookie';

type Verified = (err: Error | null, user?: AuthenticatedStaff | false) => void;

/**
 * passport's `jwt` strategy for this server's access tokens: the bearer token's signature and
 * claims (verifyAccessToken), then the verify callback. Token lifetimes run on real time, as the
 * database's timestamps do.
 */
class AccessTokenStrategy extends Strategy {
  constructor(
    private readonly secret: Buffer,
    private readonly verify: (claims: AccessClaims, done: Verified) => void,
  ) {
    super();
  }

  override authenticate(req: Request): void {
    const token = bearerToken(req.headers.authorization);
    const claims = token && verifyAccessToken(token, this.secret, Math.floor(Date.now() / 1000));
    if (!claims) return this.fail(401);
    this.verify(claims, (err, user) =>
      err ? this.error(err) : user ? this.success(user) : this.fail(401),
    );
  }
}

/**
 * Checks the token and then the account itself, so deactivation, a password change and logout end
 * sessions at once rather than when the token expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(AccessTokenStrategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly staff: StaffAccounts,
    private readonly cls: ClsService<RequestStore>,
  ) {
    super(Buffer.from(requireJwtSecret(config)));
  }

  async validate(claims: AccessClaims): Promise<AuthenticatedStaff> {
    const s = await this.staff.activeForSession(claims.sub, claims.fid);
    if (!s || s.sessionVersion !== claims.sv) throw new UnauthorizedException();
    const user = { id: s.id, email: s.email, roles: s.roles };
    if (this.cls.isActive()) this.cls.set('user', user);
    return user;
  }
}

/**
 * For `POST /auth/logout`: in cookie mode the cookie is the credential (an access token that has
 * expired must not keep a sign-out from ending the session); otherwise a valid access token is
 * required, as on every other route.
 */
@Injectable()
export class SignedInUnlessCookieGuard extends AuthGuard('jwt') {
  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (wantsCookie(ctx.switchToHttp().getRequest<Request>())) return true;
    return (await super.canActivate(ctx)) as boolean;
  }
}
