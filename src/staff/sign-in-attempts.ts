import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from '../auth/auth.constants';
import { DomainError } from '../common/domain-error';
import { RequestStore } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { StaffRepository } from './staff.repository';

/** Whose password was wrong: an account, or an email that is no active account. */
export type FailedAccount = { staffId: string } | { email: string };

/**
 * The sign-in throttle, in PostgreSQL so that every instance shares it. Two limits:
 * - per account: five consecutive failures lock it for fifteen minutes (423 ACCOUNT_LOCKED), an
 *   email that is no account alike;
 * - per client address: LOGIN_THROTTLE_LIMIT failures per LOGIN_THROTTLE_TTL_SECONDS, then 429
 *   RATE_LIMITED until the window ends, for every sign-in from that address.
 * Failures are wrong passwords at sign-in and wrong current passwords of `POST /staff/:id/password`.
 * Successful sign-ins and refreshes are not counted.
 */
@Injectable()
export class SignInAttempts {
  constructor(
    private readonly staff: StaffRepository,
    private readonly config: AppConfig,
    private readonly cls: ClsService<RequestStore>,
  ) {}

  /** 429 when the caller's address has used up its failures: checked before any password. */
  async assertAddressAllowed(): Promise<void> {
    const address = this.address();
    if (!address) return;
    const seen = await this.staff.addressFailures(address, this.config.LOGIN_THROTTLE_TTL_SECONDS);
    if (seen && seen.failures >= this.config.LOGIN_THROTTLE_LIMIT) {
      throw new DomainError(
        'RATE_LIMITED',
        `Too many failed sign-ins from this address; try again in ${seen.retryAfterSeconds} seconds.`,
        undefined,
        { retryAfterSeconds: seen.retryAfterSeconds },
      );
    }
  }

  /** When the account (or unknown email) is locked, if it is. */
  lockedUntilOfUnknown(email: string): Promise<Date | null> {
    return this.staff.lockedUntilOfUnknown(unknownKey(email));
  }

  /** Counts a failure of the account and of the caller's address; the account's lock, if now locked. */
  async failed(account: FailedAccount): Promise<Date | null> {
    const address = this.address();
    if (address)
      await this.staff.recordAddressFailure(address, this.config.LOGIN_THROTTLE_TTL_SECONDS);
    const lockedUntil =
      'staffId' in account
        ? (await this.staff.recordFailedLogin(account.staffId, LOCKOUT_THRESHOLD, LOCKOUT_MINUTES))
            .lockedUntil
        : await this.staff.recordFailedLoginOfUnknown(
            unknownKey(account.email),
            LOCKOUT_THRESHOLD,
            LOCKOUT_MINUTES,
          );
    return lockedUntil && lockedUntil > new Date() ? lockedUntil : null;
  }

  private address(): string | null {
    return this.cls.isActive() ? (this.cls.get('ip') ?? null) : null;
  }
}

/** An email that is no active account is counted by a hash: the typed email is not kept. */
const unknownKey = (email: string) => createHash('sha256').update(`login:${email}`).digest('hex');

export function accountLocked(until: Date): DomainError {
  return new DomainError(
    'ACCOUNT_LOCKED',
    `Too many failed logins; the account is locked until ${until.toISOString()}.`,
    undefined,
    { lockedUntil: until.toISOString() },
  );
}
