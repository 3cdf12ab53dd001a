import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';

export const ADMIN_EMAIL = 'admin@test.example';

/** The API's own database login in tests (created by global-setup; owns nothing). */
export const API_DB_USER = 'case_manager_api';
export const API_DB_PASSWORD = 'api-login-for-tests';

/** `url` on the same server and database, logged in as the API's own login. */
export function apiUrlOf(url: string): string {
  const u = new URL(url);
  u.username = API_DB_USER;
  u.password = API_DB_PASSWORD;
  return u.toString();
}
export const ADMIN_PASSWORD = 'bootstrap-password-123';

/** RECORDS_INDEX_KEY of the servers tests start. */
export const TEST_RECORDS_INDEX_KEY = 'records-index-key-for-tests-0123456789abcdef';

/** A database of this test file's own, cloned from the migrated template. */
export class TestDatabase {
  readonly pool: Pool;

  private constructor(
    readonly name: string,
    readonly url: string,
  ) {
    this.pool = new Pool({ connectionString: url, max: 5, options: '-c TimeZone=America/Chicago' });
    // An idle connection cut by a database restart (fault tests) must not crash the test file.
    this.pool.on('error', () => undefined);
  }

  /**
   * A migrated database on another server (a test's own, see postgres-server.ts): created and
   * migrated here rather than cloned from the shared template.
   */
  static async migratedOn(adminUrl: string): Promise<TestDatabase> {
    const name = `t_${process.env.TEST_RUN_ID}_${randomBytes(5).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const build = join(process.env.TEST_BUILD_DIR!, 'src', 'database');
    const { runMigrations } = require(join(build, 'migrator.js'));
    const { ensureApiLogin } = require(join(build, 'api-login.js'));
    await runMigrations(url.toString());
    await ensureApiLogin(url.toString(), apiUrlOf(url.toString()));
    return new TestDatabase(name, url.toString());
  }

  /** An empty database (no schema) on another server (a restore's target). */
  static async emptyOn(adminUrl: string): Promise<TestDatabase> {
    const name = `t_${process.env.TEST_RUN_ID}_${randomBytes(5).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return new TestDatabase(name, url.toString());
  }

  /** `empty`: no schema at all (for testing migrations themselves). */
  static async create(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
    const adminUrl = process.env.TEST_PG_ADMIN_URL!;
    const name = `t_${process.env.TEST_RUN_ID}_${randomBytes(5).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(
        opts.empty
          ? `CREATE DATABASE "${name}"`
          : `CREATE DATABASE "${name}" TEMPLATE "${process.env.TEST_TEMPLATE_DB}"`,
      );
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return new TestDatabase(name, url.toString());
  }

  /** This database as the API's own login sees it (what servers started by startApp use). */
  get apiUrl(): string {
    return apiUrlOf(this.url);
  }

  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.pool.query(sql, params).then((r) => r.rows as T[]);
  }

  async one<T = any>(sql: string, params: unknown[] = []): Promise<T> {
    const r = await this.query<T>(sql, params);
    return r[0];
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export interface AppInstance {
  url: string;
  api: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a real server process (the compiled app) on a free port against `db`. Several may run
 * against one database: that is how the multi-instance tests work.
 */
export async function startApp(
  db: TestDatabase,
  env: Record<string, string> = {},
): Promise<AppInstance> {
  const main = join(process.env.TEST_BUILD_DIR!, 'src', 'main.js');
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      // The API's own login; the owner only for migrations (MIGRATIONS_RUN=true tests).
      DATABASE_URL: db.apiUrl,
      MIGRATION_DATABASE_URL: db.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'case-manager-app-')),
      JWT_SECRET: `test-secret-${db.name}-0123456789abcdef0123456789`,
      // One key for every test database: a restored database keeps its blind index.
      RECORDS_INDEX_KEY: TEST_RECORDS_INDEX_KEY,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      LOGIN_THROTTLE_LIMIT: '10000',
      MIGRATIONS_RUN: 'false',
      DB_POOL_SIZE: '10',
      // The job runner (sending reminders) only where a test asks for it (providerEnv).
      JOB_RUNNER_ENABLED: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in 60 s:\n${out}`)),
      60_000,
    );
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    api: `${url}/api/v1`,
    process: child,
    output: () => out,
    stop: () => kill('SIGTERM'),
    kill,
  };
}
