import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, requireRecordsIndexKey } from '../config/app-config';
import { one, rows, TransactionHost } from '../common/transactions';
import { BlindIndexKey } from './blind-index';
import { checkIndexKey, INDEX_KEY_LOCK, RecordsIndexKeyMismatch } from './retention';

/** Who a registration names, as the identity rule compares people (identity.ts). */
export interface IndexedIdentity {
  lastNameKey: string;
  dateOfBirth: string;
  stateIdKey: string | null;
}

/**
 * The API's side of the blind index (blind-index.ts): computed when a participant is registered
 * or their identity changes, and looked up so that "first time only" still recognises a
 * pseudonymized person. Every read or write of the index holds the shared index-key lock and
 * compares the key with the database's, so an instance never mixes keys with a re-keyed index.
 * At start-up, an instance whose RECORDS_INDEX_KEY is not the database's refuses to start.
 */
@Injectable()
export class RecordsIndex implements OnApplicationBootstrap {
  readonly key: BlindIndexKey;

  constructor(
    config: AppConfig,
    private readonly txHost: TransactionHost,
  ) {
    this.key = new BlindIndexKey(requireRecordsIndexKey(config));
  }

  async onApplicationBootstrap(): Promise<void> {
    await checkIndexKey(this.txHost.pool, this.key);
  }

  /**
   * Whether a pseudonymized participant is this person by the identity rule: the same identity
   * index (and state ID index when both have one), or the same state ID index.
   */
  async pseudonymizedSamePerson(identity: IndexedIdentity, exceptId?: string): Promise<boolean> {
    await this.guard();
    const row = await one<{ found: boolean }>(
      this.txHost,
      `SELECT EXISTS (
         SELECT 1 FROM participants
          WHERE pseudonymized_at IS NOT NULL
            AND ((identity_index = $1
                  AND ($2::text IS NULL OR state_id_index IS NULL OR state_id_index = $2))
                 OR state_id_index = $2)
            AND ($3::uuid IS NULL OR id <> $3)) AS found`,
      [
        this.key.identity(identity.lastNameKey, identity.dateOfBirth),
        this.key.stateId(identity.stateIdKey, identity.dateOfBirth),
        exceptId ?? null,
      ],
    );
    return row?.found ?? false;
  }

  /** Stores the participant's blind index (in the request's transaction). */
  async save(participantId: string, identity: IndexedIdentity): Promise<void> {
    await this.guard();
    const identityIndex = this.key.identity(identity.lastNameKey, identity.dateOfBirth);
    const stateIdIndex = this.key.stateId(identity.stateIdKey, identity.dateOfBirth);
    await rows(
      this.txHost,
      `UPDATE participants SET identity_index = $2, state_id_index = $3
        WHERE id = $1 AND pseudonymized_at IS NULL
          AND (identity_index, state_id_index) IS DISTINCT FROM ($2, $3)`,
      [participantId, identityIndex, stateIdIndex],
    );
  }

  /** The shared index-key lock, then the key compared with the database's (until commit). */
  private async guard(): Promise<void> {
    await rows(this.txHost, `SELECT pg_advisory_xact_lock_shared(${INDEX_KEY_LOCK})`);
    const row = await one<{ check_value: string }>(
      this.txHost,
      `SELECT check_value FROM records_index_key_check`,
    );
    if (row && !this.key.matches(row.check_value)) throw new RecordsIndexKeyMismatch();
    if (!row) {
      await rows(
        this.txHost,
        `INSERT INTO records_index_key_check (check_value, keys) VALUES ($1, $2)
         ON CONFLICT DO NOTHING`,
        [this.key.check(), this.key.keys.length],
      );
    }
  }
}
