// `npm run cli -- <command>`: operations that do not need the HTTP server.
import 'reflect-metadata';
import { Client } from 'pg';
import { validateConfig } from './config/app-config';
import {
  localSecrets,
  startEmbeddedPostgres,
  EmbeddedDatabase,
  EMBEDDED_API_USER,
} from './database/embedded-postgres';
import { ensureApiLogin } from './database/api-login';
import { revertLastMigration, runMigrations } from './database/migrator';
import { hashPassword } from './common/passwords';

const USAGE = `Usage: npm run cli -- <command>
  migrate                      apply pending migrations (under the advisory lock)
  migrate:revert               revert the last applied migration
  create-admin --email E [--name N]   create the first ADMIN (no staff yet); password from ADMIN_PASSWORD or stdin
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

async function createAdmin(url: string): Promise<void> {
  const email = arg('email')?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email))
    throw new Error('--email must be an email address');
  const password = process.env.ADMIN_PASSWORD ?? (await readStdin());
  if (password.length < 12 || password.length > 128)
    throw new Error('the password must be 12 to 128 characters');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    // Like BOOTSTRAP_ADMIN_*: only the first account; after that an ADMIN uses POST /staff.
    await client.query('LOCK TABLE staff IN SHARE ROW EXCLUSIVE MODE');
    const { rows } = await client.query('SELECT count(*)::int AS n FROM staff');
    if (rows[0].n > 0) {
      throw new Error(
        'staff accounts exist already; an ADMIN creates accounts with POST /api/v1/staff',
      );
    }
    const r = await client.query(
      `INSERT INTO staff (email, display_name, roles, password_hash) VALUES ($1, $2, ARRAY['ADMIN'], $3)
       RETURNING id`,
      [email, arg('name') ?? 'Administrator', await hashPassword(password)],
    );
    await client.query(
      `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, outcome)
       VALUES (NULL, 'staff.create.cli', 'staff', $1, 'SUCCESS')`,
      [r.rows[0].id],
    );
    await client.query('COMMIT');
    process.stdout.write(`Created ADMIN ${email} (${r.rows[0].id as string}).\n`);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const command = process.argv[2];
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const { url, apiUrl, embedded } = await database();
  try {
    switch (command) {
      case 'migrate': {
        const { applied } = await runMigrations(url);
        if (apiUrl) await ensureApiLogin(url, apiUrl);
        process.stdout.write(
          applied.length ? `Applied ${applied.join(', ')}\n` : 'No pending migrations.\n',
        );
        break;
      }
      case 'migrate:revert':
        await revertLastMigration(url);
        process.stdout.write('Reverted the last migration.\n');
        break;
      case 'create-admin':
        await createAdmin(url);
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
