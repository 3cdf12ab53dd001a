import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { redact } from './database';

export interface ScratchDatabase {
  url: string;
  label: string;
  stop(): Promise<void>;
}

/**
 * The database a load tool runs against: `url` when given (used as it is), else a throw-away
 * embedded PostgreSQL in a temporary directory, removed afterwards.
 */
export async function scratchDatabase(url?: string): Promise<ScratchDatabase> {
  if (url) return { url, label: redact(url), stop: async () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'case-manager-scratch-pg-'));
  chmodSync(dir, 0o755); // the postgres user (when run as root) must reach it
  const port = await freePort();
  const db = await startEmbeddedPostgres({
    dataDir: dir,
    port,
    password: randomBytes(12).toString('hex'),
  });
  return {
    url: db.url,
    label: `throw-away embedded PostgreSQL (127.0.0.1:${port})`,
    stop: async () => {
      await db.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** p-th percentile (0–100) of numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
