import { ApiError } from './problem';

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost); on a
 * plain-HTTP office address the console still needs keys for its money posts.
 */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * An answer settles a submission unless it leaves open whether it was recorded: a lost
 * connection, a 5xx, or 409 IDEMPOTENCY_IN_PROGRESS. Only then is the same key sent again.
 */
function settles(err: unknown): boolean {
  return err instanceof ApiError && err.status < 500 && err.status !== 409;
}

/**
 * The `Idempotency-Key`s of one money form (API.md, Ledger): one key per submission, the
 * submission being what is sent. Sending the same body again while its earlier send is
 * unsettled reuses its key, so the server records it once; once answered, the next identical
 * body is a new submission with a new key.
 */
export class Submissions {
  private readonly keys = new Map<string, string>();

  constructor(private readonly makeKey: () => string = newKey) {}

  async send<T>(body: unknown, post: (idempotencyKey: string) => Promise<T>): Promise<T> {
    const text = JSON.stringify(body);
    let key = this.keys.get(text);
    if (!key) {
      key = this.makeKey();
      this.keys.set(text, key);
    }
    try {
      const answer = await post(key);
      this.keys.delete(text);
      return answer;
    } catch (err) {
      if (settles(err)) this.keys.delete(text);
      throw err;
    }
  }
}
