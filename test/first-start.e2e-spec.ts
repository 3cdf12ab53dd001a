import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/ports';

const asRoot = process.getuid?.() === 0;

/** The newcomer's first `npm start` (issue 14, point 13): no DATABASE_URL, embedded PostgreSQL. */
describe('first start with the embedded database', () => {
  (asRoot ? it : it.skip)(
    'as root in a folder the postgres user cannot enter: one line saying why and what to do, exit 1',
    async () => {
      const closed = mkdtempSync(join(tmpdir(), 'case-manager-private-'));
      expect(statSync(closed).mode & 0o777).toBe(0o700);
      try {
        const main = join(process.env.TEST_BUILD_DIR!, 'src', 'main.js');
        const child = spawn(process.execPath, [main], {
          env: {
            PATH: process.env.PATH ?? '',
            PORT: '0',
            HOST: '127.0.0.1',
            DATA_DIR: join(closed, '.data'),
            EMBEDDED_PG_PORT: String(await freePort()),
            LOG_LEVEL: 'info',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        const code = await new Promise<number | null>((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          child.once('exit', (c) => {
            clearTimeout(timer);
            resolve(c);
          });
        });
        expect(code).toBe(1);
        // The compiled test server has no console bundle beside it, and says so (a warning).
        const lines = out.split('\n').filter((l) => l.trim() && !l.includes('No staff console at'));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`cannot enter ${closed} (mode 700)`);
        expect(lines[0]).toMatch(/DATA_DIR=.*DATABASE_URL.*non-root user/);
        expect(out).not.toMatch(/EACCES|\n\s+at /);
      } finally {
        rmSync(closed, { recursive: true, force: true });
      }
    },
  );
});
