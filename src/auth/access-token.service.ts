import { Injectable, UnauthorizedException } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { AppConfig, requireJwtSecret } from '../config/app-config';
import { AuthenticatedStaff, RequestStore } from '../common/request-context';
import { StaffRepository } from '../staff/staff.repository';
import { bearerToken, verifyAccessToken } from './access-token';

/**
 * Who sent the request: the signature (HS256 only) and claims of its bearer token, then the
 * account itself, so deactivation, a password change and logout end sessions at once rather
 * than when the token expires. Token lifetimes run on real time, as the database's timestamps do.
 */
@Injectable()
export class AccessTokenService {
  private readonly secret: Buffer;

  constructor(
    config: AppConfig,
    private readonly staff: StaffRepository,
    private readonly cls: ClsService<RequestStore>,
  ) {
    this.secret = Buffer.from(requireJwtSecret(config));
  }

  /** The signed-in staff member of `authorization`, or 401. */
  async authenticate(authorization: string | undefined): Promise<AuthenticatedStaff> {
    const token = bearerToken(authorization);
    const claims = token && verifyAccessToken(token, this.secret, Math.floor(Date.now() / 1000));
    if (!claims) throw new UnauthorizedException();
    const s = await this.staff.findActiveForSession(claims.sub, claims.fid);
    if (!s || s.sessionVersion !== claims.sv) throw new UnauthorizedException();
    const user = { id: s.id, email: s.email, roles: s.roles };
    if (this.cls.isActive()) this.cls.set('user', user);
    return user;
  }
}
