import { Injectable } from '@nestjs/common';
import { Staff, StaffRepository, StaffWithHash } from './staff.repository';

/**
 * What signing in and checking a session read of the staff module: the narrow face it shows the
 * auth module (which owns the sessions), instead of its repository.
 */
@Injectable()
export class StaffAccounts {
  constructor(private readonly staff: StaffRepository) {}

  /** The account an email names, with its password hash (sign-in only). */
  withHashByEmail(email: string): Promise<StaffWithHash | null> {
    return this.staff.findByEmailWithHash(email);
  }

  /** An active account, for a new token pair. */
  activeForToken(id: string): Promise<Staff | null> {
    return this.staff.findActiveForToken(id);
  }

  /** An active account whose session (refresh-token family) is still live: every request. */
  activeForSession(
    id: string,
    familyId: string,
  ): Promise<Pick<Staff, 'id' | 'email' | 'roles' | 'sessionVersion'> | null> {
    return this.staff.findActiveForSession(id, familyId);
  }

  recordSuccessfulLogin(id: string): Promise<void> {
    return this.staff.recordSuccessfulLogin(id);
  }
}
