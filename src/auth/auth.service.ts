import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { dummyPasswordHash, verifyPassword } from '../common/passwords';
import type { Staff } from '../staff/staff.repository';
import { StaffAccounts } from '../staff/staff-accounts';
import { SessionEnding } from '../staff/session-ending';
import { signAccessToken } from './access-token';
import { accountLocked, SignInAttempts } from '../staff/sign-in-attempts';
import { TokenPairDto } from './auth.dto';
import { IssuedTo, RefreshTokenRepository, RefreshTokenRow } from './refresh-token.repository';
import { MeDto } from '../staff/staff.dto';
import { AppConfig, requireJwtSecret } from '../config/app-config';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * How long the token just replaced may come back and get the same answer (once): long enough
 * for a reload that never stored the rotated cookie or a retried request, short enough that a
 * copy stolen later is still caught as reuse.
 */
export const REFRESH_REPLAY_SECONDS = 10;

/** A new refresh token: its row id and 32 random bytes (the secret, stored only as a hash). */
const newSecret = () => ({ id: randomUUID(), secret: randomBytes(32).toString('base64url') });

/** `<uuid>.<secret>` as presented, or undefined when it cannot be a token. */
function parseToken(presented: string): { id: string; secret: string } | undefined {
  const [id, secret, extra] = presented.split('.');
  return id && secret && extra === undefined && /^[0-9a-f-]{36}$/.test(id)
    ? { id, secret }
    : undefined;
}

const userOf = (s: Staff): MeDto => ({
  id: s.id,
  email: s.email,
  displayName: s.displayName,
  roles: s.roles,
  active: s.active,
});

/** The answer a rotation gave, kept so that only the holder of the old token can read it. */
interface SealedAnswer {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/**
 * The key of a token's sealed answer: HKDF-SHA256 of the token's secret, salted with its id. The
 * database keeps only SHA-256 of the secret, from which this key cannot be derived: reading the
 * table does not open the answer, presenting the old token does.
 */
const sealingKey = (id: string, secret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', Buffer.from(secret), Buffer.from(id), 'refresh-token-replay', 32));

/** AES-256-GCM: 12-byte nonce, 16-byte tag, ciphertext; the token's id is the associated data. */
function seal(id: string, secret: string, answer: SealedAnswer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(id, secret), iv);
  cipher.setAAD(Buffer.from(id));
  const body = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(id: string, secret: string, sealed: Buffer): SealedAnswer | undefined {
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      sealingKey(id, secret),
      sealed.subarray(0, 12),
    );
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(sealed.subarray(12, 28));
    const text = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as SealedAnswer;
  } catch {
    return undefined;
  }
}

@Injectable()
export class AuthService {
  /** The key access tokens are signed with (jwt.strategy.ts verifies with the same). */
  private readonly accessSecret: Buffer;

  constructor(
    private readonly staff: StaffAccounts,
    private readonly tokens: RefreshTokenRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly attempts: SignInAttempts,
    sessions: SessionEnding,
  ) {
    this.accessSecret = Buffer.from(requireJwtSecret(config));
    sessions.answeredBy((staffId, reason) => this.tokens.revokeAllForStaff(staffId, reason));
  }

  /**
   * Checks credentials; failures are counted in the database (autocommit) so the lockout and the
   * address limit hold across instances (SignInAttempts). An email that is no active account
   * takes the same path — its failures are counted and lock it too, a dummy hash is verified —
   * so statuses, bodies and timing never tell whether an account exists.
   */
  async validateLogin(email: string, password: string): Promise<Staff> {
    this.audit.describe('staff', null, 'auth.login');
    // A throttled address learns nothing about any password, and is not audited (no actor yet).
    await this.attempts.assertAddressAllowed();
    const found = await this.staff.withHashByEmail(email);
    const s = found?.active ? found : null;
    if (s) {
      this.audit.setActor(s.id);
      this.audit.describe('staff', s.id, 'auth.login');
    }
    const lockedUntil = s ? s.lockedUntil : await this.attempts.lockedUntilOfUnknown(email);
    if (lockedUntil && lockedUntil > new Date()) throw accountLocked(lockedUntil);
    const matches = await verifyPassword(s ? s.passwordHash : await dummyPasswordHash(), password);
    if (!s || !matches) {
      const locked = await this.attempts.failed(s ? { staffId: s.id } : { email });
      if (locked) throw accountLocked(locked);
      throw new UnauthorizedException('Wrong email or password.');
    }
    await this.staff.recordSuccessfulLogin(s.id);
    const { passwordHash, ...account } = s;
    void passwordHash; // the hash goes no further than this check
    return account;
  }

  /** A new sign-in: a new token family, issued to the console or to an API client. */
  async issueTokens(s: Staff, issuedTo: IssuedTo): Promise<TokenPairDto> {
    const familyId = randomUUID();
    const next = newSecret();
    await this.tokens.insert({
      id: next.id,
      staffId: s.id,
      familyId,
      tokenHash: sha256(next.secret),
      ttlDays: this.refreshTtlDays,
      familyExpiresAt: null,
      absoluteHours: this.absoluteHours,
      issuedTo,
    });
    return this.pair(s, `${next.id}.${next.secret}`, familyId);
  }

  /**
   * Rotates a refresh token. A token issued to the console (or presented as the console's cookie)
   * unused for CONSOLE_IDLE_MINUTES has ended. The token that was just replaced, presented again
   * within REFRESH_REPLAY_SECONDS while its successor is unused, gets the same answer once (an
   * answer lost on the way); any other use of a replaced token is a stolen copy: the whole chain
   * is revoked and the attempt audited as `auth.refresh.reuse_detected`.
   */
  async refresh(presented: string, opts: { cookieMode: boolean }): Promise<TokenPairDto> {
    this.audit.describe('refresh_token', null, 'auth.refresh');
    const parsed = parseToken(presented);
    const row = parsed ? await this.tokens.find(parsed.id) : undefined;
    if (!parsed || !row || !this.matches(row.token_hash, parsed.secret))
      throw new UnauthorizedException('Invalid refresh token.');
    this.audit.setActor(row.staff_id);
    this.audit.describe('refresh_token', row.id, 'auth.refresh');
    if (row.revoked_at) return this.replayOrRefuse(row, parsed.secret);
    if (row.expires_at <= new Date()) throw new UnauthorizedException('Refresh token expired.');
    const issuedTo: IssuedTo =
      opts.cookieMode || row.issued_to === 'CONSOLE' ? 'CONSOLE' : row.issued_to;
    const idleMinutes = this.config.CONSOLE_IDLE_MINUTES;
    if (issuedTo === 'CONSOLE' && row.created_at.getTime() < Date.now() - idleMinutes * 60_000) {
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
    const s = await this.staff.activeForToken(row.staff_id);
    if (!s) throw new UnauthorizedException('Account is not active.');
    const next = newSecret();
    const pair = await this.pair(s, `${next.id}.${next.secret}`, row.family_id);
    const sealed = seal(row.id, parsed.secret, {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      expiresIn: pair.expiresIn,
    });
    // Rotation is one statement of its own (atomic, one round trip); the route runs outside a
    // request transaction so that revoking a reused token's chain commits although the request
    // fails.
    const rotated = await this.tokens.rotate(row.id, sealed, REFRESH_REPLAY_SECONDS, {
      id: next.id,
      staffId: s.id,
      familyId: row.family_id,
      tokenHash: sha256(next.secret),
      ttlDays: this.refreshTtlDays,
      familyExpiresAt: row.family_expires_at,
      absoluteHours: this.absoluteHours,
      issuedTo,
    });
    if (rotated) return pair;
    // Another request rotated it a moment ago (two tabs, a retry): the same answer, or a theft.
    const now = await this.tokens.find(row.id);
    if (!now?.revoked_at) throw new UnauthorizedException('Refresh token expired.');
    return this.replayOrRefuse(now, parsed.secret);
  }

  /** A dead token came back: its sealed answer once, else the end of the whole sign-in. */
  private async replayOrRefuse(row: RefreshTokenRow, secret: string): Promise<TokenPairDto> {
    if (row.revoke_reason !== 'ROTATED') {
      // Logged out, deactivated, password changed, or already revoked as stolen.
      throw new UnauthorizedException('This session has ended; sign in again.');
    }
    const sealed = await this.tokens.claimReplay(row.id, REFRESH_REPLAY_SECONDS);
    const answer = sealed && open(row.id, secret, sealed);
    const s = answer ? await this.staff.activeForToken(row.staff_id) : null;
    if (answer && s) {
      this.audit.describe('refresh_token', row.id, 'auth.refresh.replayed');
      return { ...answer, user: userOf(s) };
    }
    await this.tokens.revokeFamilyNow(row.family_id);
    this.audit.describe('refresh_token', row.id, 'auth.refresh.reuse_detected');
    throw new UnauthorizedException(
      'Refresh token was already used; all sessions of this login are ended.',
    );
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

  /**
   * Ends the sign-in each presented refresh token belongs to (its whole family, so the access
   * tokens of that sign-in die too), also when the token was already replaced. `staffId`: the
   * signed-in caller of a JSON-mode logout, whose tokens alone it may end; undefined in cookie
   * mode, where the cookie is the credential. Garbled, unknown or someone else's tokens change
   * nothing and say nothing. Nothing ended, nothing audited.
   */
  async logout(presented: string[], staffId: string | undefined): Promise<void> {
    let ended: RefreshTokenRow | undefined;
    for (const token of presented) {
      const parsed = parseToken(token);
      const row = parsed ? await this.tokens.find(parsed.id) : undefined;
      if (!parsed || !row || !this.matches(row.token_hash, parsed.secret)) continue;
      if (staffId !== undefined && row.staff_id !== staffId) continue;
      await this.tokens.revokeFamily(row.family_id, 'LOGOUT');
      ended ??= row;
    }
    if (ended) {
      this.audit.setActor(ended.staff_id);
      this.audit.describe('refresh_token', ended.id, 'auth.logout');
    } else if (staffId !== undefined) {
      this.audit.describe('refresh_token', null, 'auth.logout');
    } else {
      this.audit.nothingToRecord();
    }
  }

  private matches(hash: string, secret: string): boolean {
    const a = Buffer.from(hash, 'hex');
    const b = Buffer.from(sha256(secret), 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private async pair(s: Staff, refreshToken: string, familyId: string): Promise<TokenPairDto> {
    const expiresIn = this.config.JWT_ACCESS_TTL_SECONDS;
    const accessToken = signAccessToken(
      { sub: s.id, sv: s.sessionVersion, fid: familyId },
      this.accessSecret,
      Math.floor(Date.now() / 1000),
      expiresIn,
    );
    return { accessToken, refreshToken, expiresIn, user: userOf(s) };
  }
}
