import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { dummyPasswordHash, verifyPassword } from '../common/passwords';
import { TransactionHost } from '../common/transactions';
import type { Staff } from '../staff/staff.repository';
import { StaffRepository } from '../staff/staff.repository';
import {
  JWT_ALGORITHM,
  JWT_AUDIENCE,
  JWT_ISSUER,
  LOCKOUT_MINUTES,
  LOCKOUT_THRESHOLD,
} from './auth.constants';
import { TokenPairDto } from './auth.dto';
import { RefreshTokenRepository } from './refresh-token.repository';
import { AppConfig } from '../config/app-config';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly txHost: TransactionHost,
  ) {}

  /**
   * Checks credentials; failures are counted in the database (autocommit) so the lockout holds
   * across instances. An email that is no active account takes the same path — its failures are
   * counted and lock it too, a dummy hash is verified — so statuses, bodies and timing never
   * tell whether an account exists.
   */
  async validateLogin(email: string, password: string): Promise<Staff> {
    this.audit.describe('staff', null, 'auth.login');
    const found = await this.staff.findByEmailWithHash(email);
    const s = found?.active ? found : null;
    const unknownKey = s ? null : sha256(`login:${email}`);
    if (s) {
      this.audit.setActor(s.id);
      this.audit.describe('staff', s.id, 'auth.login');
    }
    const lockedUntil = s ? s.lockedUntil : await this.staff.lockedUntilOfUnknown(unknownKey!);
    if (lockedUntil && lockedUntil > new Date()) throw this.locked(lockedUntil);
    const matches = await verifyPassword(s ? s.passwordHash : await dummyPasswordHash(), password);
    if (!s || !matches) {
      const after = s
        ? (await this.staff.recordFailedLogin(s.id, LOCKOUT_THRESHOLD, LOCKOUT_MINUTES)).lockedUntil
        : await this.staff.recordFailedLoginOfUnknown(
            unknownKey!,
            LOCKOUT_THRESHOLD,
            LOCKOUT_MINUTES,
          );
      if (after && after > new Date()) throw this.locked(after);
      throw new UnauthorizedException('Wrong email or password.');
    }
    await this.staff.recordSuccessfulLogin(s.id);
    const { passwordHash, ...account } = s;
    void passwordHash; // the hash goes no further than this check
    return account;
  }

  async issueTokens(s: Staff, familyId: string = randomUUID()): Promise<TokenPairDto> {
    const refresh = await this.newRefreshToken(s.id, familyId, null);
    return this.pair(s, refresh, familyId);
  }

  /** Rotates a refresh token; presenting a dead one revokes its whole chain. */
  /** `idleMinutes`: refuse a token unused for longer (the console's cookie sessions). */
  async refresh(presented: string, idleMinutes?: number): Promise<TokenPairDto> {
    this.audit.describe('refresh_token', null, 'auth.refresh');
    const [id, secret] = presented.split('.');
    const row = id && secret && /^[0-9a-f-]{36}$/.test(id) ? await this.tokens.find(id) : undefined;
    if (!row || !this.matches(row.token_hash, secret))
      throw new UnauthorizedException('Invalid refresh token.');
    this.audit.setActor(row.staff_id);
    this.audit.describe('refresh_token', row.id, 'auth.refresh');
    if (row.revoked_at) {
      await this.tokens.revokeFamilyNow(row.family_id);
      throw new UnauthorizedException(
        'Refresh token was already used; all sessions of this login are ended.',
      );
    }
    if (row.expires_at <= new Date()) throw new UnauthorizedException('Refresh token expired.');
    if (idleMinutes !== undefined && row.created_at.getTime() < Date.now() - idleMinutes * 60_000) {
      await this.tokens.revokeFamilyNow(row.family_id);
      throw new UnauthorizedException(
        `This session was not used for ${idleMinutes} minutes and has ended; sign in again.`,
      );
    }
    if (row.family_expires_at && row.family_expires_at <= new Date()) {
      throw new UnauthorizedException(
        `This sign-in is older than ${this.absoluteHours} hours; log in again.`,
      );
    }
    const s = await this.staff.findActiveForToken(row.staff_id);
    if (!s) throw new UnauthorizedException('Account is not active.');
    const nextId = randomUUID();
    // Rotation is one short transaction of its own; the route runs outside a request transaction
    // so that revoking a reused token's chain commits although the request fails.
    const refresh = await this.txHost.withTransaction(async () => {
      if (!(await this.tokens.consume(row.id, nextId))) return undefined;
      return this.newRefreshToken(s.id, row.family_id, row.family_expires_at, nextId);
    });
    if (!refresh) {
      await this.tokens.revokeFamilyNow(row.family_id);
      throw new UnauthorizedException(
        'Refresh token was already used; all sessions of this login are ended.',
      );
    }
    return this.pair(s, refresh, row.family_id);
  }

  get refreshTtlDays(): number {
    return this.config.REFRESH_TOKEN_TTL_DAYS;
  }

  private get absoluteHours(): number {
    return this.config.REFRESH_ABSOLUTE_HOURS;
  }

  /** Ends every sign-in of the caller, on every device: their access tokens die with them. */
  async logoutAll(staffId: string): Promise<void> {
    this.audit.describe('staff', staffId, 'auth.logout_all');
    await this.tokens.revokeAllForStaff(staffId, 'LOGOUT_ALL');
  }

  /** `presented` is undefined when a cookie-mode logout carries no cookie: nothing to end. */
  async logout(staffId: string, presented: string | undefined): Promise<void> {
    const [id, secret] = (presented ?? '').split('.');
    const row = id && secret && /^[0-9a-f-]{36}$/.test(id) ? await this.tokens.find(id) : undefined;
    // Logging out with someone else's or a garbled token changes nothing and says nothing.
    if (row && row.staff_id === staffId && this.matches(row.token_hash, secret)) {
      this.audit.describe('refresh_token', row.id, 'auth.logout');
      await this.tokens.revoke(row.id, 'LOGOUT');
    } else {
      this.audit.describe('refresh_token', null, 'auth.logout');
    }
  }

  private locked(until: Date): DomainError {
    return new DomainError(
      'ACCOUNT_LOCKED',
      `Too many failed logins; the account is locked until ${until.toISOString()}.`,
      undefined,
      { lockedUntil: until.toISOString() },
    );
  }

  private matches(hash: string, secret: string): boolean {
    const a = Buffer.from(hash, 'hex');
    const b = Buffer.from(sha256(secret), 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private async newRefreshToken(
    staffId: string,
    familyId: string,
    familyExpiresAt: Date | null,
    id: string = randomUUID(),
  ): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    await this.tokens.insert({
      id,
      staffId,
      familyId,
      tokenHash: sha256(secret),
      ttlDays: this.refreshTtlDays,
      familyExpiresAt,
      absoluteHours: this.absoluteHours,
    });
    return `${id}.${secret}`;
  }

  private async pair(s: Staff, refreshToken: string, familyId: string): Promise<TokenPairDto> {
    const expiresIn = this.config.JWT_ACCESS_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(
      { sub: s.id, sv: s.sessionVersion, fid: familyId },
      { algorithm: JWT_ALGORITHM, expiresIn, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
    );
    return {
      accessToken,
      refreshToken,
      expiresIn,
      user: {
        id: s.id,
        email: s.email,
        displayName: s.displayName,
        roles: s.roles,
        active: s.active,
      },
    };
  }
}
