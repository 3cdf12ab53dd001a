import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/**
 * Where the built staff console lives: `CONSOLE_DIR`, or `web/dist` of the checkout (this file
 * runs from `dist/src/console/`, in the Docker image too).
 */
export function consoleDir(): string {
  return process.env.CONSOLE_DIR
    ? resolve(process.env.CONSOLE_DIR)
    : resolve(__dirname, '..', '..', '..', 'web', 'dist');
}

/**
 * Serves the staff console at `/`, with a single-page fallback (any other GET answers
 * index.html) that never shadows the API, the docs, the health checks or the unsubscribe page: those keep their own
 * 404s. Hashed assets are cached for a year; index.html is revalidated every time.
 */
@Module({})
export class ConsoleModule {
  static register(): DynamicModule {
    const root = consoleDir();
    if (!existsSync(join(root, 'index.html'))) {
      new Logger('ConsoleModule').warn(
        `No staff console at ${root} (run \`npm run build\`); serving the API only.`,
      );
      return { module: ConsoleModule };
    }
    return {
      module: ConsoleModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: root,
          exclude: ['/api/{*path}', '/docs{*path}', '/health{*path}', '/unsubscribe{*path}'],
          serveStaticOptions: {
            index: false,
            setHeaders: (res, path) => {
              res.setHeader(
                'Cache-Control',
                basename(path) === 'index.html'
                  ? 'no-cache'
                  : 'public, max-age=31536000, immutable',
              );
            },
          },
        }),
      ],
    };
  }
}
