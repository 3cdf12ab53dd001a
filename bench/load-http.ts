// The load generator, run as its own process by bench/run.ts: `node load-http.js <config.json>`.
// autocannon with a setupRequest that gives every request its own path/body/Idempotency-Key.
import { readFileSync } from 'node:fs';

export interface LoadConfig {
  url: string;
  token: string;
  connections: number;
  durationSeconds: number;
  method: 'POST' | 'PUT' | 'GET';
  /** Paths rotated request by request. */
  paths: string[];
  /** Bodies rotated request by request (JSON); none for GET. */
  bodies?: unknown[];
  /** A fresh `Idempotency-Key` per request, with this prefix. */
  idempotencyPrefix?: string;
  /** Also answer every request's latency (to pool several runs into one percentile). */
  keepLatencies?: boolean;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  statuses: Record<string, number>;
  errors: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** Each response's latency, sorted (keepLatencies only). */
  latenciesMs?: number[];
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function main(): Promise<void> {
  const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadConfig;
  const autocannon = require('autocannon') as (opts: object) => any;
  let n = 0;
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  const bodies = config.bodies?.map((b) => JSON.stringify(b));
  const instance = autocannon({
    url: config.url,
    connections: config.connections,
    duration: config.durationSeconds,
    requests: [
      {
        method: config.method,
        setupRequest: (req: Record<string, any>) => {
          const i = n++;
          req.path = config.paths[i % config.paths.length];
          req.headers = {
            ...req.headers,
            authorization: `Bearer ${config.token}`,
            'content-type': 'application/json',
            ...(config.idempotencyPrefix
              ? { 'idempotency-key': `${config.idempotencyPrefix}-${i}` }
              : {}),
          };
          if (bodies) req.body = bodies[i % bodies.length];
          return req;
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await new Promise<any>((resolve, reject) =>
    instance.on('done', resolve).on('error', reject),
  );
  times.sort((a, b) => a - b);
  const seconds = result.duration as number;
  const out: LoadResult = {
    requests: times.length,
    seconds,
    requestsPerSecond: times.length / seconds,
    statuses,
    errors: (result.errors as number) + (result.timeouts as number),
    latencyMs: {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      max: times[times.length - 1] ?? 0,
      mean: times.reduce((s, t) => s + t, 0) / Math.max(1, times.length),
    },
    ...(config.keepLatencies ? { latenciesMs: times } : {}),
  };
  process.stdout.write(JSON.stringify(out));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
