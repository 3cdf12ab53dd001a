import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The environment the server runs with under `npm start` (package.json): the variables set in
 * front of `node` and its flags, the flags as NODE_OPTIONS. The benchmarks start the compiled
 * server with these, so the memory they measure is the memory of the server as it is run (the
 * Dockerfile sets the same).
 */
export function startSettings(root: string): Record<string, string> {
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
