import { Injectable } from '@nestjs/common';
import { StaffRole } from '../common/roles';
import { Tx, TransactionHost, one, rows } from '../common/transactions';
import { StaffEntity } from './staff.entity';

export interface LoginAttemptResult {
  id: string;
  failedLoginCount: number;
  lockedUntil: Date | null;
}

const ADMIN_CHANGES_LOCK = 7_204_611_002;

/** Staff accounts. Runs in the request's transaction when there is one. */
@Injectable()
export class StaffRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  private get repo() {
    return this.tx.tx.getRepository(StaffEntity);
  }

  findById(id: string): Promise<StaffEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findActiveForToken(id: string): Promise<StaffEntity | null> {
    return this.repo.findOneBy({ id, active: true });
  }

  /**
   * The account behind an access token, if it is active and the login the token belongs to
   * (its refresh-token family) still has a live refresh token: logout ends the access token too.
   */
  findActiveForSession(id: string, familyId: string): Promise<StaffEntity | null> {
    return this.repo
      .createQueryBuilder('s')
      .where('s.id = :id AND s.active', { id })
      .andWhere(
        `EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = :familyId AND t.staff_id = s.id
                   AND t.revoked_at IS NULL AND t.expires_at > now()
                   AND (t.family_expires_at IS NULL OR t.family_expires_at > now()))`,
        { familyId },
      )
      .getOne();
  }

  findByEmailWithHash(email: string): Promise<StaffEntity | null> {
    return this.repo
      .createQueryBuilder('s')
      .addSelect('s.passwordHash')
      .where('s.email = :email', { email })
      .getOne();
  }

  async passwordHashOf(id: string): Promise<string | undefined> {
    return (
      await one<{ password_hash: string }>(
        this.tx,
        'SELECT password_hash FROM staff WHERE id = $1',
        [id],
      )
    )?.password_hash;
  }

  async list(limit: number, offset: number): Promise<[StaffEntity[], number]> {
    return this.repo.findAndCount({ order: { email: 'ASC' }, take: limit, skip: offset });
  }

  /** Everyone's name and roles, for pickers and "who" columns: no emails, no account state. */
  directory(): Promise<{ id: string; displayName: string; roles: StaffRole[]; active: boolean }[]> {
    return rows(
      this.tx,
      `SELECT id, display_name AS "displayName", roles, active FROM staff
        ORDER BY lower(display_name), display_name, id`,
    );
  }

  /** In a transaction: no other first ADMIN can be created until it ends (see bootstrapAdmin). */
  async lockAgainstAnotherFirstAdmin(): Promise<void> {
    if (!this.txHost.isTransactionActive()) return;
    await this.tx.tx.query('LOCK TABLE staff IN SHARE ROW EXCLUSIVE MODE');
  }

  countAll(): Promise<number> {
    return this.repo.count();
  }

  insert(values: { email: string; displayName: string; roles: StaffRole[]; passwordHash: string }) {
    return this.repo.save(
      this.repo.create({ ...values, active: true, failedLoginCount: 0, sessionVersion: 1 }),
    );
  }

  /** Locks the row for the rest of the transaction (role and activity changes). */
  async lockById(id: string): Promise<StaffEntity | undefined> {
    return this.repo
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne()
      .then((s) => s ?? undefined);
  }

  /** Changes that could remove an ADMIN take turns, so two of them cannot both see "one left". */
  async lockAdminChanges(): Promise<void> {
    await rows(this.tx, 'SELECT pg_advisory_xact_lock($1)', [ADMIN_CHANGES_LOCK]);
  }

  async countOtherActiveAdmins(excludingId: string): Promise<number> {
    const r = await one<{ n: number }>(
      this.tx,
      `SELECT count(*)::int AS n FROM staff WHERE active AND 'ADMIN' = ANY(roles) AND id <> $1`,
      [excludingId],
    );
    return r?.n ?? 0;
  }

  async update(
    id: string,
    changes: { displayName?: string; roles?: StaffRole[]; active?: boolean },
    endSessions: boolean,
  ): Promise<void> {
    await rows(
      this.tx,
      `UPDATE staff SET display_name = coalesce($2, display_name), roles = coalesce($3::text[], roles),
              active = coalesce($4, active),
              session_version = session_version + CASE WHEN $5 THEN 1 ELSE 0 END,
              updated_at = now()
        WHERE id = $1`,
      [id, changes.displayName ?? null, changes.roles ?? null, changes.active ?? null, endSessions],
    );
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await rows(
      this.tx,
      `UPDATE staff SET password_hash = $2, session_version = session_version + 1,
              failed_login_count = 0, locked_until = NULL, updated_at = now()
        WHERE id = $1`,
      [id, passwordHash],
    );
  }

  /**
   * Counts a failed login atomically in the database (so every instance sees it); the fifth
   * consecutive failure locks the account and starts the count again.
   */
  async recordFailedLogin(
    id: string,
    threshold: number,
    lockMinutes: number,
  ): Promise<LoginAttemptResult> {
    const r = await one<{ id: string; failed_login_count: number; locked_until: Date | null }>(
      this.tx,
      `UPDATE staff SET
          locked_until = CASE WHEN failed_login_count + 1 >= $2
                              THEN now() + make_interval(mins => $3) ELSE locked_until END,
          failed_login_count = CASE WHEN failed_login_count + 1 >= $2 THEN 0 ELSE failed_login_count + 1 END
        WHERE id = $1
        RETURNING id, failed_login_count, locked_until`,
      [id, threshold, lockMinutes],
    );
    return { id: r!.id, failedLoginCount: r!.failed_login_count, lockedUntil: r!.locked_until };
  }

  /**
   * The same count for an email that is no active account, so that it locks exactly like a
   * real one. Rows idle for a day are dropped on the way (the count is of consecutive failures).
   */
  async recordFailedLoginOfUnknown(
    emailHash: string,
    threshold: number,
    lockMinutes: number,
  ): Promise<Date | null> {
    await rows(
      this.tx,
      `DELETE FROM login_failures WHERE updated_at < now() - interval '1 day'
          AND (locked_until IS NULL OR locked_until < now())`,
    );
    const r = await one<{ locked_until: Date | null }>(
      this.tx,
      `INSERT INTO login_failures AS f (email_hash, failed_login_count, locked_until)
       VALUES ($1, CASE WHEN 1 >= $2 THEN 0 ELSE 1 END,
               CASE WHEN 1 >= $2 THEN now() + make_interval(mins => $3) END)
       ON CONFLICT (email_hash) DO UPDATE SET
          locked_until = CASE WHEN f.failed_login_count + 1 >= $2
                              THEN now() + make_interval(mins => $3) ELSE f.locked_until END,
          failed_login_count = CASE WHEN f.failed_login_count + 1 >= $2 THEN 0
                                    ELSE f.failed_login_count + 1 END,
          updated_at = now()
       RETURNING locked_until`,
      [emailHash, threshold, lockMinutes],
    );
    return r?.locked_until ?? null;
  }

  async lockedUntilOfUnknown(emailHash: string): Promise<Date | null> {
    const r = await one<{ locked_until: Date | null }>(
      this.tx,
      `SELECT locked_until FROM login_failures WHERE email_hash = $1`,
      [emailHash],
    );
    return r?.locked_until ?? null;
  }

  /** An ADMIN releases a lockout before its fifteen minutes are over. */
  async unlock(id: string): Promise<boolean> {
    const r = await rows(
      this.tx,
      `UPDATE staff SET locked_until = NULL, failed_login_count = 0, updated_at = now()
        WHERE id = $1 RETURNING id`,
      [id],
    );
    return r.length === 1;
  }

  async recordSuccessfulLogin(id: string): Promise<void> {
    await rows(
      this.tx,
      `UPDATE staff SET failed_login_count = 0 WHERE id = $1 AND failed_login_count <> 0`,
      [id],
    );
  }
}
