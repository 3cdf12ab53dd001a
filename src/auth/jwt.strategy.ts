import { createSecretKey } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ClsService } from 'nestjs-cls';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig, requireJwtSecret } from '../config/app-config';
import { RequestStore, AuthenticatedStaff } from '../common/request-context';
import { isUuid } from '../common/validation';
import { StaffRepository } from '../staff/staff.repository';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './auth.constants';

interface AccessClaims {
  sub: string;
  sv: number;
  /** The refresh-token family (one login): logging out kills its access tokens as well. */
  fid: string;
  /** Required: jsonwebtoken only checks expiry when the claim is there. */
  exp?: unknown;
}

/**
 * Checks the signature (HS256 only) and then the account itself, so deactivation and password
 * changes end sessions at once rather than when the token expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly staff: StaffRepository,
    private readonly cls: ClsService<RequestStore>,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries it as a PEM public
      // key (createPublicKey) on every request and only then as an HMAC secret — half a
      // millisecond of CPU per request, the largest single cost of a payment. passport-jwt hands
      // the value to jsonwebtoken unchanged; its typings only know string | Buffer.
      secretOrKey: createSecretKey(Buffer.from(requireJwtSecret(config))) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessClaims): Promise<AuthenticatedStaff> {
    if (typeof claims.fid !== 'string' || !isUuid(claims.fid)) throw new UnauthorizedException();
    if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
      throw new UnauthorizedException();
    }
    const s = await this.staff.findActiveForSession(claims.sub, claims.fid);
    if (!s || s.sessionVersion !== claims.sv) throw new UnauthorizedException();
    const user = { id: s.id, email: s.email, roles: s.roles };
    if (this.cls.isActive()) this.cls.set('user', user);
    return user;
  }
}
