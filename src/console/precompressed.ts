import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';

/** The encodings the build writes beside each asset (web/vite.config.mts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** An asset's name as the build writes it: no directory, no `..`. */
const ASSET = /^\/[\w.-]+\.(js|css|svg|json|txt)$/;

/**
 * Serves the console's assets (`/assets/*`) as the build compressed them (`.br`, `.gz` beside
 * each file) to a browser that accepts that encoding: no CPU spent per request, and brotli at its
 * best level. Any other request, or an asset without a compressed copy, goes on to the static
 * files as before. The answer varies with Accept-Encoding either way.
 */
export function precompressedAssets(assetsDir: string) {
  // Hashed names never change content: whether a copy exists is looked up once per name.
  const known = new Map<string, boolean>();
  const exists = (file: string) => {
    let found = known.get(file);
    if (found === undefined) {
      found = existsSync(file);
      if (known.size < 10_000) known.set(file, found);
    }
    return found;
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !ASSET.test(req.path)) return next();
    const file = join(assetsDir, req.path);
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const encoding = ENCODINGS.find(
      (e) => accepts(accepted, e.name) && exists(`${file}${e.suffix}`),
    );
    if (ENCODINGS.some((e) => exists(`${file}${e.suffix}`))) res.vary('Accept-Encoding');
    if (!encoding) return next();
    res.setHeader('Content-Type', contentType(extname(file)));
    res.setHeader('Content-Encoding', encoding.name);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.sendFile(`${file}${encoding.suffix}`, { dotfiles: 'deny' }, (err?: Error) => {
      if (!err) return;
      // Gone since it was looked up (a new build swapped in): the static files answer.
      known.delete(`${file}${encoding.suffix}`);
      if (!res.headersSent) {
        res.removeHeader('Content-Encoding');
        res.removeHeader('Content-Type');
        next();
      }
    });
  };
}

/** Whether an Accept-Encoding header accepts `name` (listed, and not with q=0). */
function accepts(header: string, name: string): boolean {
  return header
    .toLowerCase()
    .split(',')
    .some((part) => {
      const [token, ...params] = part.trim().split(';');
      if (token.trim() !== name) return false;
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return !q || Number(q.slice(2)) > 0;
    });
}

function contentType(ext: string): string {
  switch (ext) {
    case '.js':
      return 'text/javascript; charset=utf-8';
    case '.css':
      return 'text/css; charset=utf-8';
    case '.svg':
      return 'image/svg+xml';
    case '.json':
      return 'application/json; charset=utf-8';
    default:
      return 'text/plain; charset=utf-8';
  }
}
