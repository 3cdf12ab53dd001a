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
  revoke_reason: string | null;
  family_expires_at: Date | null;
  issued_to: IssuedTo;
}

/** Who a refresh token was issued to: the staff console's idle rule follows `CONSOLE` tokens. */
export type IssuedTo = 'API' | 'CONSOLE';

/** Revokes a family's live tokens with a reason, and drops its sealed answers. */
const REVOKE_FAMILY = `
  UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()),
         revoke_reason = CASE WHEN revoked_at IS NULL THEN $2 ELSE revoke_reason END,
         successor_sealed = NULL
   WHERE family_id = $1 AND (revoked_at IS NULL OR successor_sealed IS NOT NULL)`;

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
    return one<RefreshTokenRow>(
      this.tx,
      `SELECT id, staff_id, family_id, token_hash, expires_at, created_at, revoked_at,
              replaced_by_id, revoke_reason, family_expires_at, issued_to
         FROM refresh_tokens WHERE id = $1`,
      [id],
    );
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
    issuedTo: IssuedTo;
  }) {
    await rows(
      this.tx,
      `WITH f AS (SELECT coalesce($6::timestamptz, now() + make_interval(hours => $7)) AS ends)
       INSERT INTO refresh_tokens (id, staff_id, family_id, token_hash, expires_at, family_expires_at,
                                   issued_to)
       SELECT $1, $2, $3, $4, least(now() + make_interval(days => $5), f.ends), f.ends, $8 FROM f`,
      [
        t.id,
        t.staffId,
        t.familyId,
        t.tokenHash,
        t.ttlDays,
        t.familyExpiresAt,
        t.absoluteHours,
        t.issuedTo,
      ],
    );
  }

  /**
   * Rotation in one statement (one round trip, one commit; the statement is atomic as the
   * transaction of consume + insert was): marks the live token `id` used with its sealed answer,
   * drops the sealed answer of the token `id` replaced (this one was received) and any past their
   * seconds, and inserts its successor `next`. False, and nothing
   * written, when another request used or revoked `id` first.
   */
  async rotate(
    id: string,
    sealed: Buffer,
    replaySeconds: number,
    next: {
      id: string;
      staffId: string;
      familyId: string;
      tokenHash: string;
      ttlDays: number;
      familyExpiresAt: Date | null;
      absoluteHours: number;
      issuedTo: IssuedTo;
    },
  ): Promise<boolean> {
    const r = await rows<{ id: string }>(
      this.tx,
      `WITH used AS (
         UPDATE refresh_tokens SET revoked_at = now(), revoke_reason = 'ROTATED',
                replaced_by_id = $2, successor_sealed = $3
          WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()
            AND (family_expires_at IS NULL OR family_expires_at > now()) RETURNING id),
       cleared AS (
         UPDATE refresh_tokens SET successor_sealed = NULL
          WHERE successor_sealed IS NOT NULL AND id <> $1 AND EXISTS (SELECT 1 FROM used)
            AND (replaced_by_id = $1 OR revoked_at < now() - make_interval(secs => $4))),
       f AS (SELECT coalesce($8::timestamptz, now() + make_interval(hours => $9)) AS ends),
       inserted AS (
         INSERT INTO refresh_tokens (id, staff_id, family_id, token_hash, expires_at,
                                     family_expires_at, issued_to)
         SELECT $2, $5, $6, $7, least(now() + make_interval(days => $10), f.ends), f.ends, $11
           FROM f WHERE EXISTS (SELECT 1 FROM used) RETURNING id)
       SELECT id FROM inserted`,
      [
        id,
        next.id,
        sealed,
        replaySeconds,
        next.staffId,
        next.familyId,
        next.tokenHash,
        next.familyExpiresAt,
        next.absoluteHours,
        next.ttlDays,
        next.issuedTo,
      ],
    );
    return r.length === 1;
  }

  /**
   * The sealed answer of a token rotated less than `replaySeconds` ago, taken once (cleared in
   * the same statement): only while the token that replaced it is still unused and live.
   * Committed on its own, like revokeFamilyNow.
   */
  async claimReplay(id: string, replaySeconds: number): Promise<Buffer | undefined> {
    const r = await this.txHost.pool.query<{ sealed: Buffer }>(
      `WITH old AS (SELECT id, successor_sealed FROM refresh_tokens WHERE id = $1 FOR UPDATE)
       UPDATE refresh_tokens o SET successor_sealed = NULL
         FROM old, refresh_tokens n
        WHERE o.id = old.id AND o.successor_sealed IS NOT NULL AND o.revoke_reason = 'ROTATED'
          AND o.revoked_at > now() - make_interval(secs => $2)
          AND n.id = o.replaced_by_id AND n.revoked_at IS NULL AND n.expires_at > now()
          AND (n.family_expires_at IS NULL OR n.family_expires_at > now())
       RETURNING old.successor_sealed AS sealed`,
      [id, replaySeconds],
    );
    return r.rows[0]?.sealed;
  }

  /**
   * Ends a sign-in: every live token of the family (its access tokens die with it), and any
   * sealed answer it kept.
   */
  async revokeFamily(familyId: string, reason: string): Promise<void> {
    await rows(this.tx, REVOKE_FAMILY, [familyId, reason]);
  }

  /**
   * A dead token was presented: someone holds a stolen copy. Revoke the whole chain, committed on
   * its own connection so the refusal that follows cannot roll it back.
   */
  async revokeFamilyNow(familyId: string): Promise<void> {
    await this.dataSource.query(REVOKE_FAMILY, [familyId, 'REUSE_DETECTED']);
  }

  async revokeAllForStaff(staffId: string, reason: string): Promise<number> {
    const revoked = await rows<{ revoked: boolean }>(
      this.tx,
      `UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()),
              revoke_reason = CASE WHEN revoked_at IS NULL THEN $2 ELSE revoke_reason END,
              successor_sealed = NULL
        WHERE staff_id = $1 AND (revoked_at IS NULL OR successor_sealed IS NOT NULL)
        RETURNING (revoke_reason = $2) AS revoked`,
      [staffId, reason],
    );
    return revoked.filter((r) => r.revoked).length;
  }
}
