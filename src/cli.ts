// `npm run cli -- <command>`: operations that do not need the HTTP server. The Nest application
// (1.5 s of CPU to load) is loaded only by the command that needs it, create-admin; the others
// start in a fraction of that.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { passwordProblem } from './common/password-policy';
import { AppConfig, validateConfig } from './config/app-config';
import {
  localSecrets,
  startEmbeddedPostgres,
  EmbeddedDatabase,
  EMBEDDED_API_USER,
} from './database/embedded-postgres';
import { ensureApiLogin } from './database/api-login';
import { backupDatabase, manifestPathOf, restoreDatabase } from './database/backup';
import { backupDataDirectory, restoreDataDirectory } from './database/backup-embedded';
import { findPgTools } from './database/pg-tools';
import { chicagoDate, isCalendarDate } from './common/dates';
import { BlindIndexKey } from './records/blind-index';
import { progressBar } from './common/progress-bar';
import { pseudonymizeClosedRecords, rekeyBlindIndex, RetentionReport } from './records/retention';
import { Pool } from 'pg';

const USAGE = `Usage: npm run cli -- <command>
  migrate                      apply pending migrations (under the advisory lock)
  migrate:revert [--all]       revert the last applied migration (--all: every one, newest first)
  create-admin --email E [--name N]   create the first ADMIN (no staff yet); password from ADMIN_PASSWORD or stdin
  backup --out FILE            pg_dump (custom format) of the database as its owner, and FILE.manifest.json;
                               with no DATABASE_URL, a copy of the stopped embedded data folder
  restore --from FILE          into an empty database only; re-creates the API's login, checks every
                               invariant and the manifest's counts and totals, then says "restored"
  records:pseudonymize --closed-before YYYY-MM-DD [--dry-run]
                               pseudonymize the records closed before that day (README, Retention):
                               progress on stderr, then how many records and rows per table;
                               --dry-run counts the same without keeping anything
  records:rekey --old-key-file FILE
                               rotate the blind index key: FILE holds the key(s) it was made with,
                               RECORDS_INDEX_KEY the same followed by the new key (API stopped)
`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (12-128 characters): ');
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  return data.replace(/\r?\n$/, '');
}

/** The owner's URL (migrations, the first ADMIN), and the API's login when it has one. */
async function database(): Promise<{ url: string; apiUrl?: string; embedded?: EmbeddedDatabase }> {
  const config = validateConfig(process.env);
  if (config.DATABASE_URL) {
    return config.MIGRATION_DATABASE_URL
      ? { url: config.MIGRATION_DATABASE_URL, apiUrl: config.DATABASE_URL }
      : { url: config.DATABASE_URL };
  }
  const secrets = localSecrets(config.DATA_DIR);
  const embedded = await startEmbeddedPostgres({
    dataDir: config.DATA_DIR,
    port: config.EMBEDDED_PG_PORT,
    password: secrets.pgPassword,
  });
  return {
    url: embedded.url,
    apiUrl: embedded.apiUrl(EMBEDDED_API_USER, secrets.apiPassword),
    embedded,
  };
}

/**
 * The first ADMIN through the same code as BOOTSTRAP_ADMIN_* (StaffService.bootstrapAdmin) and
 * the audit module's writer, in one transaction, connected as the owner switched to the API's
 * restricted role.
 */
async function createAdmin(url: string): Promise<void> {
  const email = arg('email')?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email))
    throw new Error('--email must be an email address');
  const password = process.env.ADMIN_PASSWORD ?? (await readStdin());
  const problem = passwordProblem(password, email);
  if (problem) throw new Error(`the password ${problem}`);
  const config = Object.assign(new AppConfig(), validateConfig(process.env), {
    DATABASE_URL: url,
    MIGRATION_DATABASE_URL: undefined,
    MIGRATIONS_RUN: false,
    // Signs nothing here; the module graph only needs one.
    JWT_SECRET: randomBytes(32).toString('hex'),
    RECORDS_INDEX_KEY: recordsIndexKeyOf(validateConfig(process.env)).keys.join(','),
  });
  const [{ NestFactory }, { ClsService }, { AppModule }, { AuditService }, { TransactionHost }] =
    await Promise.all([
      import('@nestjs/core'),
      import('nestjs-cls'),
      import('./app.module.js'),
      import('./audit/audit.service.js'),
      import('./common/transactions.js'),
    ]);
  const { StaffService } = await import('./staff/staff.service.js');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: false,
  });
  try {
    const admin = await app.get(ClsService).run(() =>
      app.get(TransactionHost).withTransaction(async () => {
        const created = await app
          .get(StaffService)
          .bootstrapAdmin(email, password, arg('name') ?? 'Administrator');
        // Like BOOTSTRAP_ADMIN_*: only the first account; after that an ADMIN uses POST /staff.
        if (!created) {
          throw new Error(
            'staff accounts exist already; an ADMIN creates accounts with POST /api/v1/staff',
          );
        }
        await app.get(AuditService).record({
          action: 'staff.create.cli',
          entityType: 'staff',
          entityId: created.id,
          outcome: 'SUCCESS',
          actorId: null,
        });
        return created;
      }),
    );
    process.stdout.write(`Created ADMIN ${email} (${admin.id}).\n`);
  } finally {
    await app.close();
  }
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

/**
 * On DATABASE_URL: pg_dump / pg_restore as the owner (MIGRATION_DATABASE_URL when set). With no
 * DATABASE_URL: the embedded PostgreSQL, whose backup is a copy of its stopped data folder unless
 * this machine has a pg_dump of its version.
 */
async function backupOrRestore(command: 'backup' | 'restore'): Promise<void> {
  const config = validateConfig(process.env);
  const file = command === 'backup' ? arg('out') : arg('from');
  if (!file) throw new Error(`${command} needs ${command === 'backup' ? '--out' : '--from'} FILE`);
  if (config.DATABASE_URL) {
    const ownerUrl = config.MIGRATION_DATABASE_URL ?? config.DATABASE_URL;
    const apiUrl = config.MIGRATION_DATABASE_URL ? config.DATABASE_URL : undefined;
    const where = new URL(ownerUrl);
    progress(
      `Database: ${where.hostname}:${where.port || 5432}${where.pathname} as ${where.username}`,
    );
    if (command === 'backup') {
      await backupDatabase(ownerUrl, file, progress);
      process.stdout.write(`backed up to ${file}\n`);
    } else {
      await restoreDatabase(ownerUrl, apiUrl, file, progress);
      process.stdout.write('restored\n');
    }
    return;
  }
  const place = { dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT };
  if (command === 'backup') {
    const versionFile = join(resolve(config.DATA_DIR), 'pg', 'PG_VERSION');
    const major = existsSync(versionFile) ? Number(readFileSync(versionFile, 'utf8').trim()) : NaN;
    const tools = findPgTools().find((t) => t.major === major);
    if (tools) {
      progress(
        `pg_dump ${tools.version} found (${tools.dir}): a pg_dump of the embedded database.`,
      );
      const { url, embedded } = await database();
      try {
        await backupDatabase(url, file, progress);
      } finally {
        await embedded?.stop();
      }
    } else {
      await backupDataDirectory(place, file, progress);
    }
    process.stdout.write(`backed up to ${file}\n`);
    return;
  }
  const manifestFile = manifestPathOf(file);
  const kind = existsSync(manifestFile)
    ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as { kind?: string }).kind
    : undefined;
  if (kind === 'pg_dump') {
    const { url, apiUrl, embedded } = await database();
    try {
      await restoreDatabase(url, apiUrl, file, progress);
    } finally {
      await embedded?.stop();
    }
  } else {
    await restoreDataDirectory(place, file, progress);
  }
  process.stdout.write('restored\n');
}

/** RECORDS_INDEX_KEY, or the key generated into DATA_DIR (as the server finds it). */
function recordsIndexKeyOf(config: AppConfig): BlindIndexKey {
  return new BlindIndexKey(
    config.RECORDS_INDEX_KEY ?? localSecrets(config.DATA_DIR).recordsIndexKey,
  );
}

const retentionPool = (url: string) =>
  new Pool({
    connectionString: url,
    max: 2,
    application_name: 'diversion-retention',
    options: '-c TimeZone=America/Chicago',
  });

function printRetention(r: RetentionReport): void {
  const lines: string[] = [];
  lines.push(
    r.dryRun
      ? `Dry run: ${r.records} of ${r.candidates} records closed before ${r.closedBefore} would be pseudonymized; nothing was written.`
      : `Pseudonymized ${r.records} of ${r.candidates} records closed before ${r.closedBefore}.`,
  );
  if (r.indexed) {
    lines.push(
      r.dryRun
        ? `${r.indexed} participants have no blind index yet (a run fills it in first).`
        : `Blind index filled in for ${r.indexed} participants.`,
    );
  }
  const tables = Object.entries(r.tables).sort(([a], [b]) => a.localeCompare(b));
  lines.push(
    tables.length
      ? `Rows ${r.dryRun ? 'that would be ' : ''}touched per table:`
      : 'No rows touched.',
  );
  for (const [table, n] of tables) lines.push(`  ${table.padEnd(24)} ${String(n).padStart(8)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const f of r.failed)
    process.stderr.write(`Not pseudonymized: participant ${f.participantId}: ${f.error}\n`);
}

/** `records:pseudonymize`: as the API's login when there is one (EXECUTE is all it needs). */
async function pseudonymize(url: string): Promise<void> {
  const closedBefore = arg('closed-before');
  if (!closedBefore || !isCalendarDate(closedBefore))
    throw new Error('--closed-before must be a date, YYYY-MM-DD');
  // Erasure is final: a day in the future is a typo, not a retention period.
  if (closedBefore > chicagoDate())
    throw new Error(`--closed-before must not be after today (${chicagoDate()}): erasure is final`);
  const key = recordsIndexKeyOf(validateConfig(process.env));
  const pool = retentionPool(url);
  const bar = progressBar('Pseudonymizing');
  try {
    const report = await pseudonymizeClosedRecords(pool, key, {
      closedBefore,
      dryRun: process.argv.includes('--dry-run'),
      wait: true,
      onWaiting: () =>
        process.stderr.write('Another retention run is in progress; waiting for it to finish…\n'),
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.done();
    printRetention(report);
    if (report.failed.length)
      throw new Error(`${report.failed.length} records were refused (see above); the rest is done`);
  } finally {
    await pool.end();
  }
}

/** `records:rekey`: as the owner, with the API stopped (README, Retention). */
async function rekey(url: string): Promise<void> {
  const file = arg('old-key-file');
  if (!file)
    throw new Error('records:rekey needs --old-key-file FILE (the key the index was made with)');
  const oldKey = new BlindIndexKey(readFileSync(file, 'utf8').trim());
  const newKey = recordsIndexKeyOf(validateConfig(process.env));
  const pool = retentionPool(url);
  const bar = progressBar('Re-keying');
  try {
    const r = await rekeyBlindIndex(pool, oldKey, newKey, (done, total) => bar.update(done, total));
    bar.done();
    process.stdout.write(
      `Re-keyed the blind index of ${r.participants} participants (${r.pseudonymized} pseudonymized); the key now has ${r.keys} parts. Start the API with this RECORDS_INDEX_KEY.\n`,
    );
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const command = process.argv[2];
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === 'backup' || command === 'restore') {
    await backupOrRestore(command);
    return;
  }
  const { url, apiUrl, embedded } = await database();
  try {
    switch (command) {
      case 'migrate': {
        // TypeORM (a fifth of a second of CPU) only for the commands that migrate.
        const { runMigrations } = await import('./database/migrator.js');
        const { applied } = await runMigrations(url);
        if (apiUrl) await ensureApiLogin(url, apiUrl);
        process.stdout.write(
          applied.length ? `Applied ${applied.join(', ')}\n` : 'No pending migrations.\n',
        );
        break;
      }
      case 'migrate:revert': {
        const { revertMigrations } = await import('./database/migrator.js');
        const reverted = await revertMigrations(url, {
          all: process.argv.includes('--all'),
          progress: (name, done, total) =>
            process.stderr.write(`Reverting ${done + 1}/${total}: ${name}\n`),
        });
        process.stdout.write(
          reverted.length === 0
            ? 'No migration to revert.\n'
            : reverted.length === 1
              ? `Reverted ${reverted[0]}.\n`
              : `Reverted ${reverted.length} migrations.\n`,
        );
        break;
      }
      case 'create-admin':
        await createAdmin(url);
        break;
      case 'records:pseudonymize':
        await pseudonymize(apiUrl ?? url);
        break;
      case 'records:rekey':
        await rekey(url);
        break;
      default:
        throw new Error(`unknown command "${command}"\n${USAGE}`);
    }
  } finally {
    await embedded?.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
