import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { freePort } from './support/ports';

const ROOT = join(__dirname, '..');
const main = () => join(process.env.TEST_BUILD_DIR!, 'src', 'main.js');

function runMain(env: Record<string, string>) {
  return spawnSync(process.execPath, [main()], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('operations', () => {
  it('refuses to start on bad configuration with one clear line', () => {
    const badPort = runMain({ PORT: 'abc', DATABASE_URL: 'postgres://x@127.0.0.1:1/x' });
    expect(badPort.status).toBe(1);
    expect(badPort.stderr.trim().split('\n')).toHaveLength(1);
    expect(badPort.stderr).toMatch(/^Invalid configuration: .*PORT/);

    const prod = runMain({ NODE_ENV: 'production' });
    expect(prod.status).toBe(1);
    expect(prod.stderr).toMatch(/DATABASE_URL is required when NODE_ENV=production/);
    expect(prod.stderr).toMatch(/JWT_SECRET is required when NODE_ENV=production/);

    const halfAdmin = runMain({
      DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
      BOOTSTRAP_ADMIN_EMAIL: 'a@b.example',
    });
    expect(halfAdmin.status).toBe(1);
    expect(halfAdmin.stderr).toMatch(/must be set together/);
  });

  it('creates the first ADMIN from the command line, and only the first', async () => {
    const db = await TestDatabase.create();
    try {
      const cli = (args: string[]) =>
        spawnSync(process.execPath, [join(process.env.TEST_BUILD_DIR!, 'src', 'cli.js'), ...args], {
          env: {
            PATH: process.env.PATH ?? '',
            DATABASE_URL: db.url,
            ADMIN_PASSWORD: 'tower-console-password',
          },
          encoding: 'utf8',
          timeout: 30_000,
        });
      const migrate = cli(['migrate']);
      expect(migrate.status).toBe(0);
      expect(migrate.stdout).toContain('No pending migrations.');
      const first = cli(['create-admin', '--email', 'CLI@Test.Example']);
      expect(first.status).toBe(0);
      const rows = await db.query(`SELECT email, roles FROM staff`);
      expect(rows).toEqual([{ email: 'cli@test.example', roles: ['ADMIN'] }]);
      const events = await db.query(
        `SELECT action FROM audit_events WHERE action = 'staff.create.cli'`,
      );
      expect(events).toHaveLength(1);
      const second = cli(['create-admin', '--email', 'other@test.example']);
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/staff accounts exist already/);
      expect(await db.query(`SELECT 1 FROM staff`)).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('migrates an empty database once when three instances start at the same moment', async () => {
    const db = await TestDatabase.create({ empty: true });
    const apps: AppInstance[] = [];
    try {
      apps.push(
        ...(await Promise.all([1, 2, 3].map(() => startApp(db, { MIGRATIONS_RUN: 'true' })))),
      );
      for (const app of apps)
        expect((await request(app.url).get('/health/ready')).status).toBe(200);
      const files = readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.ts'));
      const applied = await db.query(`SELECT name FROM schema_migrations`);
      expect(applied).toHaveLength(files.length);
      expect(await db.query(`SELECT code FROM programs ORDER BY code`)).toEqual([
        { code: 'JOHNZ_SCHOOL' },
        { code: 'OAR' },
      ]);
    } finally {
      await Promise.all(apps.map((a) => a.stop()));
      await db.close();
    }
  });

  it('serves the committed openapi.json at /docs-json, with Swagger UI at /docs', async () => {
    const db = await TestDatabase.create();
    let app: AppInstance | undefined;
    try {
      app = await startApp(db);
      const live = await request(app.url).get('/docs-json');
      expect(live.status).toBe(200);
      const committed = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'));
      // Out of date? Run `npm run openapi` and commit the result.
      expect(live.body).toEqual(committed);
      const ui = await request(app.url).get('/docs');
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
    } finally {
      await app?.stop();
      await db.close();
    }
  });

  it('runs on an embedded PostgreSQL when DATABASE_URL is unset, keeps its data across restarts, and stops it on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'case-manager-embedded-'));
    chmodSync(dataDir, 0o755);
    const pgPort = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      BOOTSTRAP_ADMIN_EMAIL: 'first-admin@test.example',
      BOOTSTRAP_ADMIN_PASSWORD: 'opening-day-password',
      LOG_LEVEL: 'warn',
    };
    const start = async () => {
      const child = spawn(process.execPath, [main()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.stderr.on('data', (d: Buffer) => (out += d));
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(out)), 90_000);
        child.stdout.on('data', () => {
          const m = /listening on (\S+) — database: embedded PostgreSQL/.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(m[1]);
          }
        });
        child.once('exit', () => reject(new Error(out)));
      });
      return { child, url, output: () => out };
    };
    const first = await start();
    expect((await request(first.url).get('/health/ready')).status).toBe(200);
    const login = await request(`${first.url}/api/v1`)
      .post('/auth/login')
      .send({ email: 'first-admin@test.example', password: 'opening-day-password' });
    expect(login.status).toBe(200);
    const created = await request(`${first.url}/api/v1`)
      .post('/staff')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .send({
        email: 'kept@test.example',
        displayName: 'Kept',
        roles: ['AUDITOR'],
        password: 'still-here-password-1',
      });
    expect(created.status).toBe(201);
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(true);
    const exited = new Promise<number | null>((r) => first.child.once('exit', (code) => r(code)));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await start();
    try {
      // Same data, same generated JWT secret: the old access token is still valid.
      const me = await request(`${second.url}/api/v1`)
        .get('/auth/me')
        .set('Authorization', `Bearer ${login.body.accessToken}`);
      expect(me.status).toBe(200);
      const kept = await request(`${second.url}/api/v1`)
        .post('/auth/login')
        .send({ email: 'kept@test.example', password: 'still-here-password-1' });
      expect(kept.status).toBe(200);
    } finally {
      const done = new Promise((r) => second.child.once('exit', r));
      second.child.kill('SIGINT');
      await done;
    }
  });
});
