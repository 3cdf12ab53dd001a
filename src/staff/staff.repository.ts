import { Injectable } from '@nestjs/common';
import { StaffRole } from '../common/roles';
import { Tx, TransactionHost, one, rows } from '../common/transactions';

/** A staff account as the code sees it (never its password hash; see `StaffWithHash`). */
export interface Staff {
  id: string;
  email: string;
  displayName: string;
  roles: StaffRole[];
  active: boolean;
  failedLoginCount: number;
  lockedUntil: Date | null;
  sessionVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface StaffWithHash extends Staff {
  passwordHash: string;
}

interface StaffRow {
  id: string;
  email: string;
  display_name: string;
  roles: StaffRole[];
  active: boolean;
  failed_login_count: number;
  locked_until: Date | null;
  session_version: number;
  created_at: Date;
  updated_at: Date;
}

const STAFF_COLUMNS = `s.id, s.email, s.display_name, s.roles, s.active, s.failed_login_count,
  s.locked_until, s.session_version, s.created_at, s.updated_at`;

const toStaff = (r: StaffRow): Staff => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  roles: r.roles,
  active: r.active,
  failedLoginCount: r.failed_login_count,
  lockedUntil: r.locked_until,
  sessionVersion: r.session_version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface LoginAttemptResult {
  id: string;
  failedLoginCount: number;
  lockedUntil: Date | null;
}

const ADMIN_CHANGES_LOCK = 7_204_611_002;

/** Owns `staff` and `login_failures`. Runs in the request's transaction when there is one. */
@Injectable()
export class StaffRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** Statements that must commit whatever happens to the request's transaction. */
  private get onItsOwn(): Tx {
    return { client: undefined, pool: this.txHost.pool } as unknown as Tx;
  }

  private async oneStaff(where: string, params: unknown[]): Promise<Staff | null> {
    const r = await one<StaffRow>(
      this.tx,
      `SELECT ${STAFF_COLUMNS} FROM staff s WHERE ${where}`,
      params,
    );
    return r ? toStaff(r) : null;
  }

  findById(id: string): Promise<Staff | null> {
    return this.oneStaff('s.id = $1', [id]);
  }

  findActiveForToken(id: string): Promise<Staff | null> {
    return this.oneStaff('s.id = $1 AND s.active', [id]);
  }

  /**
   * The account behind an access token, if it is active and the login the token belongs to
   * (its refresh-token family) still has a live refresh token: logout ends the access token too.
   * Every authenticated request runs this: one statement, only the columns the guard reads.
   */
  async findActiveForSession(
    id: string,
    familyId: string,
  ): Promise<Pick<Staff, 'id' | 'email' | 'roles' | 'sessionVersion'> | null> {
    const r = await one<Pick<StaffRow, 'id' | 'email' | 'roles' | 'session_version'>>(
      this.tx,
      `SELECT s.id, s.email, s.roles, s.session_version FROM staff s
        WHERE s.id = $1 AND s.active
          AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.staff_id = s.id
                        AND t.revoked_at IS NULL AND t.expires_at > now()
                        AND (t.family_expires_at IS NULL OR t.family_expires_at > now()))`,
      [id, familyId],
    );
    return r
      ? { id: r.id, email: r.email, roles: r.roles, sessionVersion: r.session_version }
      : null;
  }

  async findByEmailWithHash(email: string): Promise<StaffWithHash | null> {
    const r = await one<StaffRow & { password_hash: string }>(
      this.tx,
      `SELECT ${STAFF_COLUMNS}, s.password_hash FROM staff s WHERE s.email = $1`,
      [email],
    );
    return r ? { ...toStaff(r), passwordHash: r.password_hash } : null;
  }

  /** What a current-password check needs: the hash, the email, and any lockout. */
  async credentialsOf(
    id: string,
  ): Promise<{ passwordHash: string; email: string; lockedUntil: Date | null } | undefined> {
    const r = await one<{ password_hash: string; email: string; locked_until: Date | null }>(
      this.tx,
      'SELECT password_hash, email, locked_until FROM staff WHERE id = $1',
      [id],
    );
    return r && { passwordHash: r.password_hash, email: r.email, lockedUntil: r.locked_until };
  }

  async list(limit: number, offset: number): Promise<[Staff[], number]> {
    const found = await rows<StaffRow & { total: number }>(
      this.tx,
      `SELECT ${STAFF_COLUMNS}, count(*) OVER ()::int AS total FROM staff s
        ORDER BY s.email LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    const total = found[0]?.total ?? (offset > 0 ? await this.countAll() : 0);
    return [found.map(toStaff), total];
  }

  /** Everyone's name and roles, for pickers and "who" columns: no emails, no account state. */
  async directory(): Promise<Pick<Staff, 'id' | 'displayName' | 'roles' | 'active'>[]> {
    const found = await rows<Pick<StaffRow, 'id' | 'display_name' | 'roles' | 'active'>>(
      this.tx,
      `SELECT id, display_name, roles, active FROM staff
        ORDER BY lower(display_name), display_name, id`,
    );
    return found.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      roles: r.roles,
      active: r.active,
    }));
  }

  /** In a transaction: no other first ADMIN can be created until it ends (see bootstrapAdmin). */
  async lockAgainstAnotherFirstAdmin(): Promise<void> {
    if (!this.txHost.isTransactionActive()) return;
    await rows(this.tx, 'LOCK TABLE staff IN SHARE ROW EXCLUSIVE MODE');
  }

  async countAll(): Promise<number> {
    return (await one<{ n: number }>(this.tx, 'SELECT count(*)::int AS n FROM staff'))?.n ?? 0;
  }

  async insert(values: {
    email: string;
    displayName: string;
    roles: StaffRole[];
    passwordHash: string;
  }): Promise<Staff> {
    const r = await one<StaffRow>(
      this.tx,
      `INSERT INTO staff AS s (email, display_name, roles, password_hash, active, failed_login_count,
                               session_version)
       VALUES ($1, $2, $3::text[], $4, true, 0, 1)
       RETURNING ${STAFF_COLUMNS}`,
      [values.email, values.displayName, values.roles, values.passwordHash],
    );
    return toStaff(r!);
  }

  /** Locks the row for the rest of the transaction (role and activity changes). */
  async lockById(id: string): Promise<Staff | undefined> {
    return (await this.oneStaff('s.id = $1 FOR UPDATE', [id])) ?? undefined;
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
   * consecutive failure locks the account and starts the count again. Committed on its own,
   * outside any request transaction: the refusal that follows must not roll the count back
   * (a wrong current password on `POST /staff/:id/password` counts too).
   */
  async recordFailedLogin(
    id: string,
    threshold: number,
    lockMinutes: number,
  ): Promise<LoginAttemptResult> {
    const r = await one<{ id: string; failed_login_count: number; locked_until: Date | null }>(
      this.onItsOwn,
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
      this.onItsOwn,
      `DELETE FROM login_failures WHERE updated_at < now() - interval '1 day'
          AND (locked_until IS NULL OR locked_until < now())`,
    );
    const r = await one<{ locked_until: Date | null }>(
      this.onItsOwn,
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

  /**
   * Failed sign-ins from one client address in its current window (the address limit of the
   * sign-in throttle), and the seconds until that window ends; none once the window is over.
   */
  async addressFailures(
    address: string,
    windowSeconds: number,
  ): Promise<{ failures: number; retryAfterSeconds: number } | undefined> {
    const r = await one<{ failures: number; retry_after: number }>(
      this.onItsOwn,
      `SELECT failures,
              greatest(1, ceil(extract(epoch FROM window_started_at
                + make_interval(secs => $2) - now())))::int AS retry_after
         FROM sign_in_failures_by_address
        WHERE address = $1 AND window_started_at > now() - make_interval(secs => $2)`,
      [address, windowSeconds],
    );
    return r && { failures: r.failures, retryAfterSeconds: r.retry_after };
  }

  /**
   * Counts a failed sign-in of an address, on its own connection like the account's count: a
   * window starts at the first failure and lasts `windowSeconds`. Windows that are over are
   * dropped on the way.
   */
  async recordAddressFailure(address: string, windowSeconds: number): Promise<void> {
    await rows(
      this.onItsOwn,
      `DELETE FROM sign_in_failures_by_address
        WHERE window_started_at < now() - make_interval(secs => $1)`,
      [windowSeconds],
    );
    await rows(
      this.onItsOwn,
      `INSERT INTO sign_in_failures_by_address AS f (address, window_started_at, failures)
       VALUES ($1, now(), 1)
       ON CONFLICT (address) DO UPDATE SET
          failures = CASE WHEN f.window_started_at <= now() - make_interval(secs => $2)
                          THEN 1 ELSE f.failures + 1 END,
          window_started_at = CASE WHEN f.window_started_at <= now() - make_interval(secs => $2)
                                   THEN now() ELSE f.window_started_at END`,
      [address, windowSeconds],
    );
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
