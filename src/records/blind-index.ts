import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The keyed blind index of a person (PRODUCT.md "Retention"): what "first time only" still
 * recognises once pseudonymization has erased the name, the date of birth and the state ID. Pure:
 * unit-tested in isolation.
 *
 * - `identity`: HMAC-SHA256 of the last-name key (identity.ts `lastNameKey`) and the date of
 *   birth — the identity rule's "same last-name key and birth date".
 * - `stateId`: HMAC-SHA256 of the state ID key (identity.ts `stateIdKey`) and the date of birth —
 *   the rule's "same state ID and birth date, whatever the name". With the birth date in it, two
 *   indexes of the same person compare exactly as the rule compares the clear values, before and
 *   after erasure alike.
 *
 * The input is a JSON array (a label and the values), so no two different inputs run together.
 *
 * **Rotation.** The key is a chain, oldest first (RECORDS_INDEX_KEY `k1,k2,…`): the index is
 * HMAC(k1, input) in hex, then HMAC(k2, that hex), and so on. Rotating adds a key and wraps every
 * stored index once more, HMAC(k_new, stored) — which needs no name, so pseudonymized rows are
 * re-keyed like the others. Whoever holds an earlier key alone (a leaked copy) can no longer test
 * guesses against the stored index: that needs every key of the chain.
 */
export class BlindIndexKey {
  readonly keys: readonly string[];

  constructor(chain: string) {
    this.keys = parseKeyChain(chain);
  }

  /** identity_index: the last-name key and the birth date. */
  identity(lastNameKey: string, dateOfBirth: string): string {
    return this.digest(JSON.stringify(['identity', lastNameKey, dateOfBirth]));
  }

  /** state_id_index: the state ID key and the birth date (null without a state ID). */
  stateId(stateIdKey: string | null, dateOfBirth: string): string | null {
    return stateIdKey === null
      ? null
      : this.digest(JSON.stringify(['state-id', stateIdKey, dateOfBirth]));
  }

  /**
   * What the database keeps to tell which key its index was made with (records_index_key_check):
   * the chain applied to a fixed label. Says nothing about the key.
   */
  check(): string {
    return this.digest(JSON.stringify(['key-check']));
  }

  /** Whether `check` (a stored check value) is this key's. */
  matches(check: string): boolean {
    const mine = Buffer.from(this.check(), 'hex');
    const theirs = Buffer.from(/^[0-9a-f]{64}$/.test(check) ? check : '', 'hex');
    return theirs.length === mine.length && timingSafeEqual(mine, theirs);
  }

  /**
   * The keys this chain adds to `older` (rotation), or undefined when it does not extend it: the
   * same keys in the same order, then at least one more.
   */
  extensionOf(older: BlindIndexKey): string[] | undefined {
    if (this.keys.length <= older.keys.length) return undefined;
    if (older.keys.some((k, i) => k !== this.keys[i])) return undefined;
    return this.keys.slice(older.keys.length);
  }

  private digest(input: string): string {
    return wrap(this.keys, input);
  }
}

/** An index wrapped by further keys: what rotation does to a stored index. */
export function wrap(keys: readonly string[], value: string): string {
  let out = value;
  for (const key of keys) out = createHmac('sha256', key).update(out).digest('hex');
  return out;
}

/** The keys of a RECORDS_INDEX_KEY value, oldest first; each at least 32 characters. */
export function parseKeyChain(chain: string): string[] {
  const keys = chain.trim().split(',');
  if (!keys.length || keys.some((k) => k.length < 32 || /\s/.test(k))) {
    throw new Error(
      'a records index key is at least 32 characters without spaces (several: separated by commas, oldest first)',
    );
  }
  return keys;
}
