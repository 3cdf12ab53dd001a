import request from 'supertest';
import { AppInstance, startApp, TestDatabase } from './app';

/**
 * Several server processes on one database, as behind a load balancer. The first one starts
 * alone (it creates the bootstrap ADMIN), the others together.
 */
export async function startInstances(
  db: TestDatabase,
  count: number,
  env: Record<string, string> = {},
): Promise<AppInstance[]> {
  const first = await startApp(db, env);
  const rest = await Promise.all(Array.from({ length: count - 1 }, () => startApp(db, env)));
  return [first, ...rest];
}

export async function stopInstances(apps: (AppInstance | undefined)[]): Promise<void> {
  await Promise.all(apps.map((a) => a?.stop()));
}

/** Polls GET /health/ready until it answers 200; the statuses seen on the way. */
export async function waitUntilReady(
  app: AppInstance,
  timeoutMs = 15_000,
): Promise<{ ready: boolean; seen: number[]; ms: number }> {
  const started = Date.now();
  const seen: number[] = [];
  while (Date.now() - started < timeoutMs) {
    const status = await request(app.url)
      .get('/health/ready')
      .timeout(5_000)
      .then(
        (r) => r.status,
        () => 0,
      );
    seen.push(status);
    if (status === 200) return { ready: true, seen, ms: Date.now() - started };
    await new Promise((r) => setTimeout(r, 100));
  }
  return { ready: false, seen, ms: Date.now() - started };
}

export const isAlive = (app: AppInstance): boolean =>
  app.process.exitCode === null && app.process.signalCode === null;
