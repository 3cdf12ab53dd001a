import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The blind index key of the servers a tool starts (NODE_ENV=production requires one); a tool's
 * own `records:` commands use it too.
 */
export const RECORDS_INDEX_KEY = `tool-records-index-${randomBytes(24).toString('hex')}`;

export interface Server {
  url: string;
  api: string;
  pid: number;
  process: ChildProcess;
  /** From spawn to the first 200 of /health/ready. */
  readyMs: number;
  output(): string;
  /** Peak resident set size so far (VmHWM), in KiB. */
  peakRssKb(): number;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** The compiled tree (swc of scripts, bench, src and migrations into .build/scripts). */
export const BUILD_DIR = join(__dirname, '..', '..');

/**
 * The environment the server runs with under `npm start` (package.json): the variables set in
 * front of `node` and its flags, the flags as NODE_OPTIONS. The benchmarks and the soak start the
 * compiled server with these, so what they measure is the server as it is run (the Dockerfile
 * sets the same).
 */
export function startSettings(root = join(BUILD_DIR, '..', '..')): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const m = /^((?:\w+=\S+\s+)*)node\s+((?:--\S+\s+)*)\S+$/.exec(pkg.scripts.start.trim());
  if (!m) throw new Error(`package.json "start" is not "[VAR=value …] node [--flag …] file"`);
  const env = Object.fromEntries(
    m[1]
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
  );
  const flags = m[2].trim();
  return flags ? { ...env, NODE_OPTIONS: flags } : env;
}

/**
 * Starts the compiled server (`node src/main.js`) bound to 127.0.0.1 on a free port and waits
 * until it is ready.
 */
export async function startServer(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Server> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '-r',
      join(BUILD_DIR, 'scripts', 'lib', 'loopback.js'),
      join(BUILD_DIR, 'src', 'main.js'),
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: '0',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'case-manager-tool-')),
        LOG_LEVEL: 'warn',
        LOGIN_THROTTLE_LIMIT: '100000',
        MIGRATIONS_RUN: 'false',
        // One key for every server this process starts: they may share (or restore) a database.
        RECORDS_INDEX_KEY,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in 60 s:\n${out}`)),
      60_000,
    );
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  for (;;) {
    const ok = await fetch(`${url}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() - started > 60_000) throw new Error(`server not ready in 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = Date.now() - started;
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    api: `${url}/api/v1`,
    pid: child.pid!,
    process: child,
    readyMs,
    output: () => out,
    peakRssKb: () => peakRssKb(child.pid!),
    stop: () => kill('SIGTERM'),
    kill: () => kill('SIGKILL'),
  };
}

export function peakRssKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
