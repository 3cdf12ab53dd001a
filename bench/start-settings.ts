import { AppConfig } from '../src/config/app-config';
import { ensureApiLogin } from '../src/database/api-login';

/**
 * The pool size the bench's servers (API and peer) run with: `BENCH_DB_POOL_SIZE`, else the
 * server's own default (`DB_POOL_SIZE`, README). A pool as large as the 16 clients puts 16
 * transactions at once in PostgreSQL's queue for the receipt counter on 2 cores; the default
 * queues the rest in the pool, first come first served, and that tail is shorter (bench/README.md).
 */
export const BENCH_POOL_SIZE =
  process.env.BENCH_DB_POOL_SIZE ?? String(new AppConfig().DB_POOL_SIZE);

/**
 * The environment the bench's API server runs with on a migrated scratch database: the API on a
 * login of its own (created here), the owner for migrations, a bootstrap ADMIN, the bench's pool
 * size and log level. Callers add `npm start`'s settings (startSettings) or their own.
 */
export async function benchServerEnv(
  ownerUrl: string,
  admin: { email: string; password: string },
): Promise<Record<string, string>> {
  const apiUrl = new URL(ownerUrl);
  apiUrl.username = 'bench_api';
  apiUrl.password = 'bench-api-password';
  await ensureApiLogin(ownerUrl, apiUrl.toString());
  return {
    DATABASE_URL: apiUrl.toString(),
    MIGRATION_DATABASE_URL: ownerUrl,
    JWT_SECRET: `bench-secret-${Date.now()}-0123456789abcdef0123456789abcdef`,
    JWT_ACCESS_TTL_SECONDS: '3600',
    BOOTSTRAP_ADMIN_EMAIL: admin.email,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    DB_POOL_SIZE: BENCH_POOL_SIZE,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    // The reminders phase runs its own server with the job runner and fake providers; this one
    // would otherwise claim its messages and end them NOT_SENT (no provider configured).
    JOB_RUNNER_ENABLED: 'false',
  };
}
