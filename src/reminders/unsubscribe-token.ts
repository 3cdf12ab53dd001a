import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Channel } from './message-templates';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The token of an email's one-click unsubscribe link: it names one participant and one channel,
 * signed with a key derived from the server's secret (JWT_SECRET, the same on every instance).
 * It opens nothing and never expires (an email may be read months later); all it can do is
 * withdraw that channel's consent.
 */
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('unsubscribe-token/v1').digest();
  }

  sign(participantId: string, channel: Channel): string {
    const payload = Buffer.from(`${participantId.toLowerCase()}.${channel}`).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The participant and channel a token names, or undefined for a forged or altered one. */
  verify(token: unknown): { participantId: string; channel: Channel } | undefined {
    if (typeof token !== 'string' || token.length > 200) return undefined;
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return undefined;
    const [participantId, channel, more] = Buffer.from(payload, 'base64url')
      .toString('utf8')
      .split('.');
    if (more !== undefined || !UUID.test(participantId ?? '')) return undefined;
    if (channel !== 'SMS' && channel !== 'EMAIL') return undefined;
    // The whole token compared with its one canonical spelling: no second encoding passes.
    const expected = Buffer.from(this.sign(participantId, channel));
    const given = Buffer.from(token);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return { participantId, channel };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
