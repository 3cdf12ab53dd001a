import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, useProgramClock } from '../common/clock';
import { AppConfig } from './app-config';

/**
 * The configuration, validated once by the entry point (main.ts, openapi-export.ts) and completed
 * there (the embedded database's URLs, the local JWT secret), injected typed as `AppConfig`.
 * Nothing is written back into process.env, and nothing reads it after start-up.
 */
@Global()
@Module({})
export class AppConfigModule {
  static of(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: useProgramClock(clockOf(config)) },
      ],
      exports: [AppConfig, Clock],
    };
  }
}

/** The real time, or the time CLOCK_START sets (tests and training). */
export const clockOf = (config: AppConfig): Clock =>
  config.CLOCK_START ? Clock.startingAt(new Date(config.CLOCK_START)) : new Clock();
