import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/**
 * The server runs with a malloc setting and node flags that keep its memory down (README,
 * "Performance"): `npm start`, `npm run start:prod` and the Docker image must run it alike, or
 * one of them quietly runs a server twice the size.
 */
describe('how the server is started', () => {
  const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
  const parse = (command: string) => {
    const m = /^((?:\w+=\S+\s+)*)node\s+((?:--\S+\s+)*)(\S+)$/.exec(command.trim());
    if (!m) throw new Error(`not "[VAR=value …] node [--flag …] file": ${command}`);
    return {
      env: m[1].trim().split(/\s+/).filter(Boolean).sort(),
      flags: m[2].trim().split(/\s+/).filter(Boolean),
      file: m[3],
    };
  };

  it('gives npm start, start:prod and the Docker image the same flags and malloc setting', () => {
    const start = parse(scripts.start);
    expect(start.env).toContain('MALLOC_MMAP_THRESHOLD_=1048576');
    expect(start.flags).toContain('--max-semi-space-size=16');
    expect(parse(scripts['start:prod'])).toEqual(start);

    const docker = read('Dockerfile');
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(docker)![1]) as string[];
    expect(cmd).toEqual(['node', ...start.flags, start.file]);
    const env = /^ENV (.*)$/m.exec(docker)![1].split(/\s+/);
    for (const setting of start.env) expect(env).toContain(setting);
  });
});
