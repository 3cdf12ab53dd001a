import { INestApplication, NotFoundException, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { join } from 'node:path';
import { bodyParserErrorHandler, bodyShapeGuard } from './common/body-parsing';
import { API_PREFIX } from './common/api-prefix';
import { requestIdMiddleware } from './common/http-utils';
import { sendProblem, toProblem } from './common/problem-details.filter';
import { RejectNulCharactersPipe } from './common/nul-characters.pipe';
import { JsonObjectBodyPipe } from './common/json-object-body.pipe';
import { createValidationPipe } from './common/validation';
import { buildDocument, trackModels } from './common/openapi-document';
import pluginMetadata from './metadata';
import type { TrustProxy } from './config/app-config';
import { consoleDir } from './console/console.module';
import { precompressedAssets } from './console/precompressed';

export interface SetupOptions {
  bodyLimit: string;
  trustProxy: TrustProxy;
}

/**
 * Everything main.ts and the OpenAPI export share: middleware order, prefix, pipes, docs. Returns
 * the OpenAPI document's factory: the document (a walk over every controller and DTO, a few
 * hundred ms and about a megabyte kept) is built on the first /docs or /docs-json request, not at
 * start, and kept from then on.
 */
export async function configureApp(
  app: INestApplication,
  opts: SetupOptions,
): Promise<() => OpenAPIObject> {
  // What the @nestjs/swagger plugin read from the DTOs' types and validators (src/metadata.ts,
  // written by `npm run openapi`): applied to the classes before any document is built.
  await SwaggerModule.loadPluginMetadata(pluginMetadata);
  await trackModels(pluginMetadata);
  const expressApp = app as NestExpressApplication;
  // Only the named hops may set the client address; a forged X-Forwarded-For entry is ignored.
  if (opts.trustProxy !== false) expressApp.set('trust proxy', opts.trustProxy);
  expressApp.disable('x-powered-by');
  // API answers are never stored (no-store below), so never revalidated: Express's ETag, a SHA-1
  // of every body, buys nothing. The console's files keep theirs (serve-static sets its own).
  expressApp.set('etag', false);
  app.use(requestIdMiddleware);
  // Personal data, receipts and CSVs: no browser or proxy cache keeps any API answer.
  app.use(noStoreForApi);
  app.use(noSourceMaps);
  app.use(securityHeaders());
  // The console's assets as the build compressed them; every other answer (JSON, CSV, the
  // console's index.html, the docs) compressed on the fly when the client accepts it.
  app.use('/assets', precompressedAssets(join(consoleDir(), 'assets')));
  app.use(httpCompression());
  app.use(
    express.json({
      limit: opts.bodyLimit,
      strict: false,
      type: ['application/json', 'application/*+json'],
    }),
  );
  // Form posts only where others send them: the SMS gateway's webhooks and the one-click
  // unsubscribe of mail clients (RFC 8058). Every other route takes JSON alone.
  app.use(
    [`/${API_PREFIX}/webhooks/`, '/unsubscribe'],
    express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }),
  );
  app.use(bodyParserErrorHandler);
  app.use(bodyShapeGuard);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      // The link in every email's List-Unsubscribe header: {PUBLIC_BASE_URL}/unsubscribe?token=…
      { path: 'unsubscribe', method: RequestMethod.GET },
      { path: 'unsubscribe', method: RequestMethod.POST },
    ],
  });
  app.useGlobalPipes(
    new RejectNulCharactersPipe(),
    new JsonObjectBodyPipe(),
    createValidationPipe(),
  );
  let document: OpenAPIObject | undefined;
  const openApiDocument = () => (document ??= buildDocument(app, openApiConfig()));
  SwaggerModule.setup('docs', app, openApiDocument, {
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
  });
  return openApiDocument;
}

/**
 * helmet's headers, with a Content-Security-Policy whose script-src is 'self' only: the console
 * and the API run no inline script. Swagger UI needs its inline script on /docs (and its assets
 * under /docs/), so there alone 'unsafe-inline' is allowed.
 */
function securityHeaders() {
  const withScripts = (scriptSrc: string[]) =>
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': scriptSrc, 'img-src': ["'self'", 'data:'] },
      },
    });
  const strict = withScripts(["'self'"]);
  const docs = withScripts(["'self'", "'unsafe-inline'"]);
  return (req: Request, res: Response, next: NextFunction) =>
    (req.path === '/docs' || req.path.startsWith('/docs/') ? docs : strict)(req, res, next);
}

/**
 * gzip or brotli (what the client prefers) for answers over 1 KB of a compressible type: JSON
 * lists shrink about tenfold. Brotli at level 4, cheap enough per request. PDFs (compressed
 * already) and anything already encoded (the precompressed assets) go out as they are; a CSV
 * streams through the compressor.
 */
function httpCompression() {
  return compression({
    threshold: 1024,
    filter: (req, res) =>
      !/^application\/pdf/i.test(String(res.getHeader('Content-Type') ?? '')) &&
      compression.filter(req, res),
  });
}

/**
 * Express routes paths without regard to case (`/API/v1/...` reaches the API), so the check is
 * case-insensitive too, and ignores repeated slashes.
 */
const API_PATH = new RegExp(`^/+${API_PREFIX.split('/')[0]}(/|$)`, 'i');

function noStoreForApi(req: Request, res: Response, next: NextFunction): void {
  if (API_PATH.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * The console is built without source maps; should a `.map` file ever be put beside it, it is
 * still not served (the single-page fallback would otherwise answer every such path too).
 */
function noSourceMaps(req: Request, res: Response, next: NextFunction): void {
  if ((req.method === 'GET' || req.method === 'HEAD') && /\.map$/i.test(req.path)) {
    sendProblem(res, req, toProblem(new NotFoundException(`No route GET ${req.path}.`)));
    return;
  }
  next();
}

function openApiConfig() {
  return new DocumentBuilder()
    .setTitle('Diversion program case manager')
    .setDescription(
      'Staff API for the Johnz School and The OAR Program diversion programs: intake, eligibility, ' +
        "enrollments, attendance, fee ledger and remittances to Veronica's Voice. Errors are " +
        'application/problem+json with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
}
