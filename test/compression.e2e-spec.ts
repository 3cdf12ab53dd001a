import { readdirSync, readFileSync } from 'node:fs';
import { get, IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { AppInstance, startApp, TestDatabase } from './support/app';

const DIST = join(__dirname, '..', 'web', 'dist');

/** A GET with the given Accept-Encoding, the body as it came over the wire. */
function fetchRaw(
  url: string,
  acceptEncoding?: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * The console's assets go out as the build compressed them, API answers are compressed on the
 * fly, and neither loses its security headers; a client that accepts no encoding gets the bytes
 * as they are.
 */
describe('Compression', () => {
  let db: TestDatabase;
  let app: AppInstance;
  const script = readdirSync(join(DIST, 'assets')).find(
    (f) => /^index-.*\.js$/.test(f) && readdirSync(join(DIST, 'assets')).includes(`${f}.br`),
  );

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db, { CONSOLE_DIR: DIST });
  });

  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('has the console built with compressed copies of its script', () => {
    expect(script).toBeDefined();
  });

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ])(
    'serves a console script stored as %s, with its type, cache and headers',
    async (enc, decode) => {
      const res = await fetchRaw(`${app.url}/assets/${script}`, `${enc}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(enc);
      expect(res.headers['content-type']).toMatch(/^text\/javascript/);
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(decode(res.body).equals(readFileSync(join(DIST, 'assets', script!)))).toBe(true);
    },
  );

  it('prefers brotli when both are accepted, and sends the file as it is to a client that accepts neither', async () => {
    const both = await fetchRaw(`${app.url}/assets/${script}`, 'gzip, deflate, br');
    expect(both.headers['content-encoding']).toBe('br');
    const plain = await fetchRaw(`${app.url}/assets/${script}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.body.equals(readFileSync(join(DIST, 'assets', script!)))).toBe(true);
  });

  it('serves no file from outside the assets folder', async () => {
    const res = await fetchRaw(`${app.url}/assets/..%2F..%2Fpackage.json`, 'identity');
    expect(res.body.toString('utf8')).not.toContain('"dependencies"');
  });

  it('compresses an API answer over 1 KB and keeps it out of caches', async () => {
    const res = await fetchRaw(`${app.url}/docs-json`, 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(res.body).toString('utf8'))).toHaveProperty('openapi');
    const problem = await fetchRaw(`${app.url}/api/v1/auth/me`, 'br');
    expect(problem.status).toBe(401);
    expect(problem.headers['cache-control']).toBe('no-store');
    expect(problem.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('compresses the console page, still revalidated every time', async () => {
    const res = await fetchRaw(`${app.url}/participants`, 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(res.body).equals(readFileSync(join(DIST, 'index.html')))).toBe(true);
  });
});
