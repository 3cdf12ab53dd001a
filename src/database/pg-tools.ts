import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** PostgreSQL's client programs of one version, found on this machine. */
export interface PgTools {
  dir: string;
  major: number;
  /** e.g. "15.20" */
  version: string;
  pgDump: string;
  pgRestore: string;
}

/** Folders that hold PostgreSQL programs on the usual systems, besides PATH. */
function candidateDirs(): string[] {
  const dirs: string[] = [];
  if (process.env.PG_BIN_DIR) dirs.push(process.env.PG_BIN_DIR);
  const versioned = (parent: string, pattern: RegExp, bin: (name: string) => string) => {
    if (!existsSync(parent)) return;
    for (const name of readdirSync(parent)) if (pattern.test(name)) dirs.push(bin(name));
  };
  // Debian/Ubuntu, RHEL (PGDG), Homebrew.
  versioned('/usr/lib/postgresql', /^\d+$/, (n) => join('/usr/lib/postgresql', n, 'bin'));
  versioned('/usr', /^pgsql-\d+$/, (n) => join('/usr', n, 'bin'));
  for (const brew of ['/opt/homebrew/opt', '/usr/local/opt'])
    versioned(brew, /^(postgresql|libpq)(@\d+)?$/, (n) => join(brew, n, 'bin'));
  dirs.push(...(process.env.PATH ?? '').split(delimiter).filter(Boolean));
  return dirs;
}

function versionOf(program: string): { major: number; version: string } | undefined {
  try {
    const out = execFileSync(program, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    const m = /\)\s+(\d+)(?:\.(\d+))?/.exec(out);
    return m ? { major: Number(m[1]), version: m[2] ? `${m[1]}.${m[2]}` : m[1] } : undefined;
  } catch {
    return undefined;
  }
}

/** Every pg_dump + pg_restore pair on this machine, one per folder, newest first. */
export function findPgTools(): PgTools[] {
  const seen = new Set<string>();
  const found: PgTools[] = [];
  for (const dir of candidateDirs()) {
    const pgDump = join(dir, 'pg_dump');
    const pgRestore = join(dir, 'pg_restore');
    if (!existsSync(pgDump) || !existsSync(pgRestore)) continue;
    let real: string;
    try {
      real = realpathSync(pgDump);
    } catch {
      continue;
    }
    // Debian's /usr/bin/pg_dump is a wrapper choosing a version by itself: use the real folders.
    if (real.endsWith('pg_wrapper') || seen.has(real)) continue;
    seen.add(real);
    const v = versionOf(pgDump);
    if (v) found.push({ dir, ...v, pgDump, pgRestore });
  }
  return found.sort((a, b) => b.major - a.major);
}

/** Why no suitable client programs were found, said in one paragraph. */
export class PgToolsMissing extends Error {}

/**
 * The client programs for a server of major version `serverMajor`: the same major when present;
 * else (`allowNewer`) the oldest newer one — pg_dump reads older servers. `atLeast`: the archive
 * was written by that pg_dump major, which an older pg_restore cannot read.
 */
export function pgToolsFor(
  serverMajor: number,
  opts: { allowNewer?: boolean; atLeast?: number; purpose: string },
): PgTools {
  const all = findPgTools();
  const need = Math.max(serverMajor, opts.atLeast ?? 0);
  const exact = all.find((t) => t.major === need);
  if (exact) return exact;
  const newer = opts.allowNewer
    ? all.filter((t) => t.major > need).sort((a, b) => a.major - b.major)[0]
    : undefined;
  if (newer) return newer;
  const have = all.length
    ? `found: ${all.map((t) => `${t.version} in ${t.dir}`).join(', ')}`
    : 'none found in PATH, PG_BIN_DIR or /usr/lib/postgresql/*/bin';
  throw new PgToolsMissing(
    `${opts.purpose} needs pg_dump and pg_restore of PostgreSQL ${need} (the server's major version` +
      `${opts.atLeast && opts.atLeast > serverMajor ? ` is ${serverMajor}, the backup was written by pg_dump ${opts.atLeast}` : ''}); ` +
      `${have}. Install them (Debian/Ubuntu: apt-get install postgresql-client-${need}; ` +
      `RHEL: postgresql${need}; macOS: brew install postgresql@${need}) or set PG_BIN_DIR to their folder.`,
  );
}
