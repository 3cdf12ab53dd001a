import { Injectable } from '@nestjs/common';

/** Why every session of a staff member ends. */
export type SessionEndReason = 'DEACTIVATED' | 'PASSWORD_CHANGED';

/**
 * A staff member deactivated or given a new password loses every session, in the transaction of
 * the change. The sessions belong to the auth module, which depends on this one: it answers
 * here once at start-up (`answeredBy`), so no import runs back from staff to auth. Ending
 * sessions before anyone answered is a wiring fault, refused loudly rather than skipped.
 */
@Injectable()
export class SessionEnding {
  private end?: (staffId: string, reason: SessionEndReason) => Promise<unknown>;

  answeredBy(end: (staffId: string, reason: SessionEndReason) => Promise<unknown>): void {
    if (this.end) throw new Error('Sessions already have their ending.');
    this.end = end;
  }

  async endAll(staffId: string, reason: SessionEndReason): Promise<void> {
    if (!this.end) throw new Error('No module ends staff sessions (AuthModule not loaded).');
    await this.end(staffId, reason);
  }
}
