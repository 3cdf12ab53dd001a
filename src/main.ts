import 'reflect-metadata';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, requireDatabaseUrl, validateConfig } from './config/app-config';
import {
  EMBEDDED_API_USER,
  EmbeddedDatabase,
  localSecrets,
  startEmbeddedPostgres,
} from './database/embedded-postgres';
import { assertApiLoginRestricted, ensureApiLogin } from './database/api-login';

/**
 * Memory (issue 13): after a full GC V8 lets the old generation grow to up to 4× what survived
 * before collecting again — under load ~100 MB of garbage over a ~50 MB live heap. Growing by
 * 30 % keeps the peak near the live heap with no hard limit (a large export still fits). V8
 * reads this at every GC, so setting it here works however the server is started;
 * `node --heap-growing-percent=N` overrides it.
 */
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) {
  setFlagsFromString('--heap-growing-percent=30');
}

let app: Awaited<ReturnType<typeof NestFactory.create>> | undefined;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function bootstrap(): Promise<void> {
  let validated: AppConfig;
  try {
    validated = validateConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }

  // The validated configuration, completed here (never written back into process.env) and
  // injected typed as AppConfig (AppConfigModule).
  let config: AppConfig;
  let embedded: EmbeddedDatabase | undefined;
  let databaseLabel: string;
  if (!validated.DATABASE_URL) {
    const secrets = localSecrets(validated.DATA_DIR);
    embedded = await startEmbeddedPostgres({
      dataDir: validated.DATA_DIR,
      port: validated.EMBEDDED_PG_PORT,
      password: secrets.pgPassword,
    });
    const { embeddedBackupHint } = await import('./database/backup-embedded.js');
    process.stdout.write(`${embeddedBackupHint(validated.DATA_DIR)}\n`);
    // The owner migrates; the API logs in as a login of its own that owns nothing.
    config = Object.assign(new AppConfig(), validated, {
      MIGRATION_DATABASE_URL: embedded.url,
      DATABASE_URL: embedded.apiUrl(EMBEDDED_API_USER, secrets.apiPassword),
      JWT_SECRET: validated.JWT_SECRET ?? secrets.jwtSecret,
      RECORDS_INDEX_KEY: validated.RECORDS_INDEX_KEY ?? secrets.recordsIndexKey,
    });
    databaseLabel = `embedded PostgreSQL (data in ${resolve(config.DATA_DIR, 'pg')}, 127.0.0.1:${config.EMBEDDED_PG_PORT})`;
  } else {
    const u = new URL(validated.DATABASE_URL);
    databaseLabel = `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
    const local = () => localSecrets(validated.DATA_DIR);
    config = Object.assign(new AppConfig(), validated, {
      JWT_SECRET: validated.JWT_SECRET ?? local().jwtSecret,
      RECORDS_INDEX_KEY: validated.RECORDS_INDEX_KEY ?? local().recordsIndexKey,
    });
  }

  const shutdown = async (signal: string) => {
    process.stderr.write(`Received ${signal}; shutting down.\n`);
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const apiUrl = requireDatabaseUrl(config);
  const migrationUrl = config.MIGRATION_DATABASE_URL;
  if (config.MIGRATIONS_RUN) {
    const { runMigrations } = await import('./database/migrator.js');
    await runMigrations(migrationUrl ?? apiUrl);
    if (migrationUrl) await ensureApiLogin(migrationUrl, apiUrl);
  }
  if (migrationUrl) {
    await assertApiLoginRestricted(apiUrl);
  } else {
    process.stderr.write(
      'Warning: no MIGRATION_DATABASE_URL: the API connects as the database owner and only switches to the restricted role (development only; README, Configuration).\n',
    );
  }

  // The application itself (Nest, TypeORM, every module, controller and DTO: most of a start's
  // CPU) is loaded once the settings are valid and the database login checked, so that a wrong
  // setting is refused at once.
  const [
    { NestFactory },
    { ClsService },
    { Logger },
    { AppModule },
    { configureApp },
    { StartupQuietLogger },
    { StaffService },
  ] = await Promise.all([
    import('@nestjs/core'),
    import('nestjs-cls'),
    import('nestjs-pino'),
    import('./app.module.js'),
    import('./app.setup.js'),
    import('./common/startup-logger.js'),
    import('./staff/staff.service.js'),
  ]);
  const nest = await NestFactory.create(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app = nest;
  nest.useLogger(new StartupQuietLogger(nest.get(Logger)));
  await configureApp(app, { bodyLimit: config.BODY_LIMIT, trustProxy: config.TRUST_PROXY });

  const { BOOTSTRAP_ADMIN_EMAIL: adminEmail, BOOTSTRAP_ADMIN_PASSWORD: adminPassword } = config;
  if (adminEmail && adminPassword) {
    const cls = nest.get(ClsService);
    await cls.run(() =>
      nest
        .get(StaffService)
        .bootstrapAdmin(adminEmail, adminPassword)
        .catch((err: { code?: string }) => {
          // Another instance created it at the same moment.
          if (err.code !== 'DUPLICATE_EMAIL') throw err;
        }),
    );
  }

  await (config.HOST ? nest.listen(config.PORT, config.HOST) : nest.listen(config.PORT));
  const url = (await nest.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  process.stdout.write(
    `Case manager listening on ${url} — database: ${databaseLabel} — API docs: ${url}/docs\n`,
  );
}

bootstrap().catch((err: unknown) => {
  fail(`Failed to start: ${err instanceof Error ? err.message : String(err)}`);
});
