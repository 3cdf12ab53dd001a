#!/usr/bin/env node
// Builds what `npm start` runs: the server (swc → dist/) and the staff console (vite → web/dist/).
// Each part is skipped when a hash of its sources matches the one written by its last build, so a
// restart does not pay for a build. Type-checking is `npm run typecheck` (and CI), not this.
//
//   node scripts/build.mjs            both parts, skipping unchanged ones
//   node scripts/build.mjs --server   the server only
//   node scripts/build.mjs --console  the console only
//   node scripts/build.mjs --force    rebuild even when nothing changed
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const args = new Set(process.argv.slice(2));
const force = args.has('--force');
const only = args.has('--server') ? 'server' : args.has('--console') ? 'console' : undefined;

const parts = [
  {
    name: 'server',
    inputs: ['src', 'migrations', '.swcrc', 'package-lock.json'],
    stamp: 'dist/.sources-hash',
    build() {
      rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
      execFileSync(
        join(BIN, 'swc'),
        ['src', 'migrations', '-d', 'dist', '--config-file', '.swcrc', '--only', '**/*.ts',
          '--ignore', '**/*.spec.ts', '-q'],
        { cwd: ROOT, stdio: 'inherit' },
      );
    },
  },
  {
    name: 'console',
    inputs: ['web/src', 'web/public', 'web/index.html', 'web/vite.config.mts', 'package-lock.json'],
    stamp: 'web/dist/.sources-hash',
    build() {
      // Built beside web/dist and swapped in, so a server serving web/dist never sees it half-written.
      const next = `web/dist.next-${process.pid}`;
      execFileSync(
        join(BIN, 'vite'),
        ['build', '--config', 'web/vite.config.mts', '--logLevel', 'warn', '--outDir', join(ROOT, next)],
        { cwd: ROOT, stdio: 'inherit' },
      );
      const old = join(ROOT, `web/dist.old-${process.pid}`);
      if (existsSync(join(ROOT, 'web/dist'))) renameSync(join(ROOT, 'web/dist'), old);
      renameSync(join(ROOT, next), join(ROOT, 'web/dist'));
      rmSync(old, { recursive: true, force: true });
    },
  },
];

function files(path) {
  const abs = join(ROOT, path);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [abs];
  return readdirSync(abs, { recursive: true })
    .map((f) => join(abs, String(f)))
    .filter((f) => statSync(f).isFile() && !f.endsWith('.spec.ts'));
}

function sourcesHash(inputs) {
  const h = createHash('sha256');
  for (const f of inputs.flatMap(files).sort()) {
    h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

for (const part of parts) {
  if (only && part.name !== only) continue;
  const hash = sourcesHash(part.inputs);
  const stamp = join(ROOT, part.stamp);
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    console.log(`${part.name}: up to date`);
    continue;
  }
  const started = Date.now();
  part.build();
  writeFileSync(stamp, hash);
  console.log(`${part.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
