import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Tx, TransactionHost, one, rows } from '../common/transactions';

export interface RefreshTokenRow {
  id: string;
  staff_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Date;
  created_at: Date;
  revoked_at: Date | null;
  replaced_by_id: string | null;
  family_expires_at: Date | null;
}

@Injectable()
export class RefreshTokenRepository {
  constructor(
    private readonly txHost: TransactionHost,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private get tx(): Tx {
    return this.txHost;
  }

  find(id: string): Promise<RefreshTokenRow | undefined> {
    return one<RefreshTokenRow>(this.tx, 'SELECT * FROM refresh_tokens WHERE id = $1', [id]);
  }

  async insert(t: {
    id: string;
    staffId: string;
    familyId: string;
    tokenHash: string;
    ttlDays: number;
    /** The end of the sign-in: carried over on rotation, or `absoluteHours` from now on login. */
    familyExpiresAt: Date | null;
    absoluteHours: number;
  }) {
    await rows(
      this.tx,
      `WITH f AS (SELECT coalesce($6::timestamptz, now() + make_interval(hours => $7)) AS ends)
       INSERT INTO refresh_tokens (id, staff_id, family_id, token_hash, expires_at, family_expires_at)
       SELECT $1, $2, $3, $4, least(now() + make_interval(days => $5), f.ends), f.ends FROM f`,
      [t.id, t.staffId, t.familyId, t.tokenHash, t.ttlDays, t.familyExpiresAt, t.absoluteHours],
    );
  }

  /** Marks a live token used; false when another request used or revoked it first. */
  async consume(id: string, replacedById: string): Promise<boolean> {
    const r = await rows(
      this.tx,
      `UPDATE refresh_tokens SET revoked_at = now(), revoke_reason = 'ROTATED', replaced_by_id = $2
        WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()
          AND (family_expires_at IS NULL OR family_expires_at > now()) RETURNING id`,
      [id, replacedById],
    );
    return r.length === 1;
  }

  async revoke(id: string, reason: string): Promise<void> {
    await rows(
      this.tx,
      `UPDATE refresh_tokens SET revoked_at = now(), revoke_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [id, reason],
    );
  }

  /**
   * A dead token was presented: someone holds a stolen copy. Revoke the whole chain, committed on
   * its own connection so the refusal that follows cannot roll it back.
   */
  async revokeFamilyNow(familyId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE refresh_tokens SET revoked_at = now(), revoke_reason = 'REUSE_DETECTED'
        WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }

  async revokeAllForStaff(staffId: string, reason: string): Promise<number> {
    const revoked = await rows(
      this.tx,
      `UPDATE refresh_tokens SET revoked_at = now(), revoke_reason = $2
        WHERE staff_id = $1 AND revoked_at IS NULL RETURNING id`,
      [staffId, reason],
    );
    return revoked.length;
  }
}
