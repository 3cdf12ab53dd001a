// `npm run openapi`: writes the OpenAPI document to openapi.json without a database (Nest preview
// mode builds the module graph but instantiates nothing). A test keeps the committed file in sync.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { validateConfig } from './config/app-config';

export async function buildOpenApiDocument(): Promise<object> {
  // Preview mode connects to nothing; the document does not depend on the configuration.
  const config = validateConfig({
    JWT_SECRET: 'openapi-export-only-0123456789abcdef0123',
    DATABASE_URL: 'postgres://openapi-export@127.0.0.1:1/none',
  });
  const app = await NestFactory.create(AppModule.forRoot(config), {
    preview: true,
    logger: false,
    bodyParser: false,
  });
  return (await configureApp(app, { bodyLimit: '1mb', trustProxy: false }))();
}

if (require.main === module) {
  buildOpenApiDocument().then(
    (doc) => {
      const file = join(__dirname, '..', '..', 'openapi.json');
      writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
      process.stdout.write(`Wrote ${file}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`OpenAPI export failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
