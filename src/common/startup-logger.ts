import { LoggerService } from '@nestjs/common';

/**
 * Nest's start-up chatter (modules loaded, every route mapped: ~60 lines) is for debugging; at
 * `info` a start prints one line of its own (address, database, docs). Everything else passes
 * through unchanged.
 */
const STARTUP_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

export class StartupQuietLogger implements LoggerService {
  constructor(
    private readonly inner: LoggerService & { debug(message: unknown, ...rest: unknown[]): void },
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) {
      this.inner.debug(message, ...rest);
    } else {
      this.inner.log(message, ...rest);
    }
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...rest);
  }
}
