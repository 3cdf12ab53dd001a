import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/** The role the running API acts as: it may not UPDATE/DELETE/TRUNCATE append-only tables. */
export const APP_DB_ROLE = 'diversion_app';

const root = join(__dirname, '..', '..');

export interface DbOptionsInput {
  url: string;
  poolSize?: number;
  /** Act as the restricted application role (the API); migrations and the CLI run as the owner. */
  asAppRole?: boolean;
  applicationName?: string;
}

export function dataSourceOptions(input: DbOptionsInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    synchronize: false,
    migrationsRun: false,
    entities: [], // none: repositories run SQL; the schema is migrations/
    migrations: [join(root, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
    applicationName: input.applicationName ?? 'diversion-case-manager',
    extra: {
      max: input.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      // Time zone fixed so SQL date arithmetic means America/Chicago calendar days.
      options: `-c TimeZone=America/Chicago${input.asAppRole ? ` -c role=${APP_DB_ROLE}` : ''}`,
    },
  };
}
