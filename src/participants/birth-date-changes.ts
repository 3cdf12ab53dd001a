import { Injectable } from '@nestjs/common';

type Listener = (participantId: string) => Promise<unknown>;

/**
 * A participant's date of birth changed: what was decided from the old one (the referrals'
 * eligibility checks) must be decided again. Told in the transaction of the change. The referrals
 * module, which depends on this one, listens (`listen`) when it starts, so no import runs back
 * from participants to referrals.
 */
@Injectable()
export class BirthDateChanges {
  private readonly listeners: Listener[] = [];

  listen(listener: Listener): void {
    this.listeners.push(listener);
  }

  async changed(participantId: string): Promise<void> {
    for (const listener of this.listeners) await listener(participantId);
  }
}
