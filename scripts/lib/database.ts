import { validateConfig } from '../../src/config/app-config';
import {
  EmbeddedDatabase,
  localSecrets,
  startEmbeddedPostgres,
} from '../../src/database/embedded-postgres';

/**
 * The database a tool works on: the given URL, else DATABASE_URL, else the embedded PostgreSQL
 * the server itself would start (same DATA_DIR, port and password) — as src/cli.ts does.
 */
export async function resolveDatabase(
  explicitUrl?: string,
): Promise<{ url: string; label: string; embedded?: EmbeddedDatabase }> {
  if (explicitUrl) return { url: explicitUrl, label: redact(explicitUrl) };
  const config = validateConfig(process.env);
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, label: redact(config.DATABASE_URL) };
  const secrets = localSecrets(config.DATA_DIR);
  const embedded = await startEmbeddedPostgres({
    dataDir: config.DATA_DIR,
    port: config.EMBEDDED_PG_PORT,
    password: secrets.pgPassword,
  });
  return {
    url: embedded.url,
    label: `embedded PostgreSQL (DATA_DIR ${config.DATA_DIR}, port ${config.EMBEDDED_PG_PORT})`,
    embedded,
  };
}

export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** `--name value` from argv. */
export function argOf(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  const inline = argv.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}
