import { Client } from 'pg';
import { APP_DB_ROLE } from './database-options';

/** Why the API's database login cannot be used, said in one line. */
export class ApiLoginError extends Error {}

const userOf = (url: string) => decodeURIComponent(new URL(url).username);

/**
 * The API connects with a login of its own that owns nothing and holds only what the migrations
 * grant `diversion_app` (it is a member): `SET ROLE NONE` then leaves it exactly as restricted.
 * The owner (MIGRATION_DATABASE_URL) creates that login when it is missing — under the password
 * DATABASE_URL gives — and makes it a member; an existing login is left as its DBA made it, only
 * the membership is granted.
 */
export async function ensureApiLogin(migrationUrl: string, apiUrl: string): Promise<void> {
  const user = userOf(apiUrl);
  if (!user) throw new ApiLoginError('DATABASE_URL must name the API’s database user.');
  if (user === userOf(migrationUrl)) {
    throw new ApiLoginError(
      `DATABASE_URL and MIGRATION_DATABASE_URL both log in as "${user}": the API needs a login of its own that owns nothing (README, Configuration).`,
    );
  }
  const owner = new Client({ connectionString: migrationUrl });
  await owner.connect();
  try {
    const exists = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
    const role = owner.escapeIdentifier(user);
    if (exists.rowCount === 0) {
      const password = decodeURIComponent(new URL(apiUrl).password);
      await owner
        .query(
          `CREATE ROLE ${role} LOGIN ${password ? `PASSWORD ${owner.escapeLiteral(password)}` : ''}
             NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT`,
        )
        .catch((err: { code?: string }) => {
          // Another instance created it at the same moment.
          if (err.code !== '42710') throw err;
        });
    }
    const member = await owner.query(
      `SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
         JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = $1 AND u.rolname = $2`,
      [APP_DB_ROLE, user],
    );
    if (member.rowCount === 0) await owner.query(`GRANT ${APP_DB_ROLE} TO ${role}`);
  } finally {
    await owner.end();
  }
}

/**
 * Refuses a login that could undo the database's own guarantees: a superuser, a role that may
 * create roles or databases or bypass row security, or one owning any table (an owner may
 * disable triggers and truncate).
 */
export async function assertApiLoginRestricted(apiUrl: string): Promise<void> {
  const client = new Client({ connectionString: apiUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      rolname: string;
      rolsuper: boolean;
      rolcreaterole: boolean;
      rolcreatedb: boolean;
      rolbypassrls: boolean;
      owned: number;
    }>(
      `SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid
                  AND c.relnamespace = 'public'::regnamespace) AS owned
         FROM pg_roles r WHERE r.rolname = session_user`,
    );
    const r = rows[0];
    const problems = [
      r.rolsuper && 'is a superuser',
      r.rolcreaterole && 'may create roles',
      r.rolcreatedb && 'may create databases',
      r.rolbypassrls && 'bypasses row security',
      r.owned > 0 && `owns ${r.owned} table(s), index(es) or sequence(s)`,
    ].filter(Boolean);
    if (problems.length) {
      throw new ApiLoginError(
        `The API's database login "${r.rolname}" ${problems.join(', ')}: DATABASE_URL must be a login that owns nothing (migrations use MIGRATION_DATABASE_URL; README, Configuration).`,
      );
    }
  } finally {
    await client.end();
  }
}
