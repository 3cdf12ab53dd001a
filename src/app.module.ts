import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Request } from 'express';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { levels } from 'pino';
import { AccessGuard } from './common/access.guard';
import { clientIp, clientRequestIdOf, requestIdOf } from './common/http-utils';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { RouteAccessCheck } from './common/route-access.check';
import { RequestTransactionInterceptor } from './common/request-transaction.interceptor';
import { TransactionsModule } from './common/transactions';
import { AppConfig, requireDatabaseUrl } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { dataSourceOptions } from './database/database-options';
import { DomainModule } from './domain.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ProgramsModule } from './programs/programs.module';
import { CourtsModule } from './courts/courts.module';
import { StaffModule } from './staff/staff.module';
import { HealthController } from './health/health.controller';
import { ConsoleModule } from './console/console.module';
import { JobsModule } from './jobs/job-runner';
import { RecordsModule } from './records/records.module';
import { ClosedRecordInterceptor } from './records/closed-record.interceptor';

/** The application, given the configuration its entry point validated (AppConfigModule). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AppModule, ...appModuleMetadata(config) };
  }
}

/** Whether a logger at `level` writes info lines ('silent' is not in pino's table: it writes none). */
const infoEnabled = (level: string): boolean =>
  (levels.values[level] ?? Infinity) <= levels.values.info;

function appModuleMetadata(config: AppConfig) {
  return {
    imports: [
      AppConfigModule.of(config),
      LoggerModule.forRootAsync({
        inject: [AppConfig],
        useFactory: (config: AppConfig) => ({
          pinoHttp: {
            level: config.LOG_LEVEL,
            genReqId: (req) => requestIdOf(req as unknown as Request),
            // The server's id; a client's own X-Request-Id only beside it.
            customProps: (req) => {
              const client = clientRequestIdOf(req as unknown as Request);
              return {
                requestId: requestIdOf(req as unknown as Request),
                ...(client ? { clientRequestId: client } : {}),
              };
            },
            // Never log credentials or personal data carried in headers, either way (the
            // serializers below log no headers at all; this holds should one ever be added).
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["idempotency-key"]',
              'res.headers["set-cookie"]',
              'res.headers.authorization',
            ],
            // One "request completed" line per request, at info. Above info nothing would be
            // written, so the per-request listeners and message are not set up at all.
            autoLogging: infoEnabled(config.LOG_LEVEL) && {
              ignore: (req) => (req.url ?? '').startsWith('/health'),
            },
            serializers: {
              // The query string is left out: searches carry names and case numbers.
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url.split('?')[0],
              }),
              // The status only: pino-http's default logs every response header, Set-Cookie with
              // a live refresh token included.
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      }),
      TypeOrmModule.forRootAsync({
        inject: [AppConfig],
        useFactory: (config: AppConfig) => ({
          ...dataSourceOptions({
            url: requireDatabaseUrl(config),
            poolSize: config.DB_POOL_SIZE,
            // With its own login the API is restricted already; without one (development) it
            // connects as the owner and switches to the restricted role.
            asAppRole: !config.MIGRATION_DATABASE_URL,
          }),
        }),
      }),
      ClsModule.forRoot({
        global: true,
        // No proxy providers here: resolving them is a dynamic import on every request.
        middleware: {
          mount: true,
          resolveProxyProviders: false,
          generateId: true,
          idGenerator: (req: Request) => requestIdOf(req),
          setup: (cls, req: Request) => {
            cls.set('requestId', requestIdOf(req));
            cls.set('clientRequestId', clientRequestIdOf(req));
            cls.set('ip', clientIp(req));
          },
        },
      }),
      TransactionsModule,
      JobsModule,
      DiscoveryModule,
      TerminusModule.forRoot({ logger: false }),
      AuditModule,
      RecordsModule,
      AuthModule,
      StaffModule,
      ProgramsModule,
      CourtsModule,
      DomainModule,
      ConsoleModule.register(),
    ],
    controllers: [HealthController],
    providers: [
      RouteAccessCheck,
      { provide: APP_GUARD, useClass: AccessGuard },
      { provide: APP_INTERCEPTOR, useClass: RequestTransactionInterceptor },
      // Inside the request's transaction (changes): a closed record's disclosure commits with it.
      { provide: APP_INTERCEPTOR, useClass: ClosedRecordInterceptor },
      { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    ],
  };
}
