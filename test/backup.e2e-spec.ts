import { execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BackupManifest, summarize } from '../src/database/backup';
import { checkInvariants, formatInvariantReport } from '../scripts/lib/invariants';
import { ApiFactory, EnrollmentFixture } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { backupServer, BackupServer } from './support/backup-server';
import { login, loginAdmin, STAFF_PASSWORD } from './support/http';
import { freePort } from './support/ports';

/** `npm run cli -- …` as the compiled CLI, with only the environment given. */
function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(process.env.TEST_BUILD_DIR!, 'src', 'cli.js'), ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, options: '-c TimeZone=America/Chicago' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const invariantsOf = (url: string) =>
  withClient(url, (c) => checkInvariants((sql) => c.query(sql).then((r) => r.rows)));

const lastReceipt = (url: string) =>
  withClient(url, async (c) => {
    const { rows } = await c.query<{ r: string | null }>(
      `SELECT max(receipt_number) AS r FROM ledger_entries
        WHERE receipt_number LIKE 'R-' || extract(year FROM now() AT TIME ZONE 'America/Chicago') || '-%'`,
    );
    return rows[0].r;
  });

const nextReceipt = (receipt: string) => {
  const m = /^(R-\d{4}-)(\d+)$/.exec(receipt)!;
  return `${m[1]}${String(Number(m[2]) + 1).padStart(m[2].length, '0')}`;
};

describe('Backup and restore (pg_dump of the owner, restore into an empty database)', () => {
  let server: BackupServer;
  let source: TestDatabase;
  let target: TestDatabase | undefined;
  let app: AppInstance | undefined;
  let restoredApp: AppInstance | undefined;
  let make: ApiFactory;
  let enrollments: EnrollmentFixture[];
  const dir = mkdtempSync(join(tmpdir(), 'case-manager-backup-test-'));
  const file = join(dir, 'nightly.dump');
  const apiUser = `restored_api_${randomBytes(4).toString('hex')}`;
  let manifest: BackupManifest;

  beforeAll(async () => {
    server = await backupServer();
    source = await TestDatabase.migratedOn(server.adminUrl);
    app = await startApp(source);
    make = await ApiFactory.create(app, await loginAdmin(app));
    enrollments = [];
    for (let i = 0; i < 4; i++) enrollments.push(await make.enroll());
  });

  afterAll(async () => {
    await restoredApp?.stop();
    await app?.stop();
    await source?.close();
    await target?.close();
    if (server) {
      await withClient(server.adminUrl, async (c) => {
        for (const db of [source, target])
          if (db) await c.query(`DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`);
        await c.query(`DROP ROLE IF EXISTS ${apiUser}`);
      });
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('a backup taken while payments are being posted restores with every invariant, its counts and totals, and a working API login', async () => {
    let posting = true;
    let posted = 0;
    let postedDuringBackup = 0;
    let backingUp = false;
    const today = await withClient(source.url, (c) =>
      c.query<{ d: string }>(`SELECT (now() AT TIME ZONE 'America/Chicago')::date::text AS d`),
    ).then((r) => r.rows[0].d);
    const payer = async (i: number) => {
      while (posting) {
        const e = enrollments[(posted + i) % enrollments.length];
        const res = await make.finance
          .post(`/enrollments/${e.enrollmentId}/payments`)
          .set('Idempotency-Key', randomUUID())
          .send({ amountCents: 100, method: 'CASH', receivedOn: today });
        if (res.status !== 201)
          throw new Error(`payment: ${res.status} ${JSON.stringify(res.body)}`);
        posted++;
        if (backingUp) postedDuringBackup++;
      }
    };
    const payers = [payer(0), payer(1)];
    while (posted < 5) await new Promise((r) => setTimeout(r, 20));

    backingUp = true;
    const backup = await cli(['backup', '--out', file], {
      DATABASE_URL: source.url,
      DATA_DIR: dir,
    });
    backingUp = false;
    const afterBackup = posted;
    while (posted < afterBackup + 3) await new Promise((r) => setTimeout(r, 20));
    posting = false;
    await Promise.all(payers);

    expect(backup.stderr).toContain(`pg_dump ${server.tools.version}`);
    expect(backup).toMatchObject({ code: 0, stdout: `backed up to ${file}\n` });
    expect(postedDuringBackup).toBeGreaterThan(0);
    manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as BackupManifest;
    expect(manifest).toMatchObject({ kind: 'pg_dump', server: { major: server.major } });
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('PGDMP');
    // A consistent snapshot: some of the payments, not the ones posted after it.
    const payments = await source.one<{ n: string }>(
      `SELECT count(*) AS n FROM ledger_entries WHERE kind = 'PAYMENT'`,
    );
    expect(manifest.ledger.byKind.PAYMENT.entries).toBeGreaterThanOrEqual(5);
    expect(manifest.ledger.byKind.PAYMENT.entries).toBeLessThan(Number(payments.n));
    expect(manifest.tables['public.ledger_entries']).toBe(
      manifest.ledger.byKind.PAYMENT.entries + 4 /* one FEE per enrollment */,
    );

    target = await TestDatabase.emptyOn(server.adminUrl);
    const apiUrl = new URL(target.url);
    apiUrl.username = apiUser;
    apiUrl.password = 'restored-api-password';
    const restore = await cli(['restore', '--from', file], {
      MIGRATION_DATABASE_URL: target.url,
      DATABASE_URL: apiUrl.toString(),
      DATA_DIR: dir,
    });
    expect(restore.stderr).toContain('All 20 invariants hold');
    expect(restore.stderr).toContain('Counts and totals match the manifest');
    expect(restore).toMatchObject({ code: 0, stdout: 'restored\n' });

    // Checked again here, independently of the command's own word.
    const results = await invariantsOf(target.url);
    expect(formatInvariantReport(results.filter((r) => r.violations > 0))).toBe('');
    const restored = await withClient(target.url, summarize);
    expect(restored.tables).toEqual(manifest.tables);
    expect(restored.ledger).toEqual(manifest.ledger);
    expect(restored.schemaVersion).toBe(manifest.schemaVersion);

    // The API's login was created, owns nothing, and the server runs on it: a payment gets the
    // receipt number after the last restored one.
    const role = await withClient(target.url, (c) =>
      c.query(
        `SELECT r.rolcanlogin, pg_has_role(r.oid, 'diversion_app', 'MEMBER') AS member
           FROM pg_roles r WHERE r.rolname = $1`,
        [apiUser],
      ),
    );
    expect(role.rows).toEqual([{ rolcanlogin: true, member: true }]);
    restoredApp = await startApp(target, {
      DATABASE_URL: apiUrl.toString(),
      MIGRATION_DATABASE_URL: target.url,
    });
    const last = (await lastReceipt(target.url))!;
    // The staff come back with their passwords.
    const finance = await login(restoredApp, make.finance.email, STAFF_PASSWORD);
    const res = await finance
      .post(`/enrollments/${enrollments[0].enrollmentId}/payments`)
      .set('Idempotency-Key', randomUUID())
      .send({ amountCents: 100, method: 'CASH', receivedOn: today });
    expect(res.status).toBe(201);
    expect(res.body.receiptNumber).toBe(nextReceipt(last));
    const after = await invariantsOf(target.url);
    expect(formatInvariantReport(after.filter((r) => r.violations > 0))).toBe('');
  });

  it('refuses to restore into a database that holds anything, and changes nothing there', async () => {
    const before = await source.one<{ n: string }>(`SELECT count(*) AS n FROM ledger_entries`);
    const refused = await cli(['restore', '--from', file], {
      DATABASE_URL: source.url,
      DATA_DIR: dir,
    });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`Error: the database ${source.name} is not empty`);
    const after = await source.one<{ n: string }>(`SELECT count(*) AS n FROM ledger_entries`);
    expect(after.n).toBe(before.n);
  });

  it('refuses a backup file that does not match its manifest', async () => {
    const damaged = join(dir, 'damaged.dump');
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(damaged, bytes);
    copyFileSync(`${file}.manifest.json`, `${damaged}.manifest.json`);
    const empty = await TestDatabase.emptyOn(server.adminUrl);
    try {
      const refused = await cli(['restore', '--from', damaged], {
        DATABASE_URL: empty.url,
        DATA_DIR: dir,
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('does not match its manifest');
    } finally {
      await empty.close();
      await withClient(server.adminUrl, (c) => c.query(`DROP DATABASE "${empty.name}"`));
    }
  });
});

describe('Backup and restore of the embedded default (a copy of the stopped data folder)', () => {
  const root = mkdtempSync(join(tmpdir(), 'case-manager-embedded-backup-'));
  chmodSync(root, 0o755); // the postgres user (when run as root) must reach it
  const file = join(root, 'office.tgz');

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('backs up DATA_DIR/pg while the server is stopped and restores it into an empty DATA_DIR only', async () => {
    const port = String(await freePort());
    const office = { DATA_DIR: join(root, 'office'), EMBEDDED_PG_PORT: port };
    const migrated = await cli(['migrate'], office);
    expect(migrated.code).toBe(0);

    // While the case manager runs on it, the folder is not copied; its first line says where the
    // data lives and how to back it up.
    const server = spawn(process.execPath, [join(process.env.TEST_BUILD_DIR!, 'src', 'main.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...office,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stdout = '';
    server.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    server.stdout.on('data', (d: Buffer) => (out += d.toString()));
    server.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((r) => server.once('exit', r));
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', () => /listening on/.test(out) && resolve());
        server.once('exit', () => reject(new Error(`the server exited:\n${out}`)));
      });
      expect(stdout.split('\n')[0]).toBe(
        `Data: ${join(root, 'office', 'pg')} (embedded PostgreSQL) and ${join(root, 'office', 'secrets.json')}; ` +
          'back up by stopping the server and running `npm run cli -- backup --out FILE` (README, Backups and recovery).',
      );
      const refused = await cli(['backup', '--out', file], office);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('the embedded PostgreSQL is running');
      expect(existsSync(file)).toBe(false);
    } finally {
      server.kill('SIGTERM');
      await exited;
    }

    const backup = await cli(['backup', '--out', file], office);
    expect(backup.stderr).toContain('a copy of the stopped data folder');
    expect(backup).toMatchObject({ code: 0, stdout: `backed up to ${file}\n` });
    const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as BackupManifest;
    expect(manifest.kind).toBe('data-directory');
    expect(manifest.schemaVersion).toMatch(/^\w+\d{13}$/);

    const other = { DATA_DIR: join(root, 'new-pc'), EMBEDDED_PG_PORT: port };
    const restore = await cli(['restore', '--from', file], other);
    expect(restore.stderr).toContain('API login "diversion_api" works, owns nothing.');
    expect(restore).toMatchObject({ code: 0, stdout: 'restored\n' });
    expect(existsSync(join(root, 'new-pc', 'pg', 'PG_VERSION'))).toBe(true);

    const again = await cli(['restore', '--from', file], office);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds a database');
  });
});
