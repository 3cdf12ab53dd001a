import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

describe('The console’s typed API client', () => {
  it('is generated from the committed openapi.json (run `npm run api:types` after changing the API)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'api-types-')), 'schema.d.ts');
    execFileSync(
      join(ROOT, 'node_modules', '.bin', 'openapi-typescript'),
      [join(ROOT, 'openapi.json'), '-o', out],
      { cwd: ROOT, stdio: 'pipe' },
    );
    const committed = readFileSync(join(ROOT, 'web', 'src', 'api', 'schema.d.ts'), 'utf8');
    expect(readFileSync(out, 'utf8')).toBe(committed);
  });
});
