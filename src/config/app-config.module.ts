import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';

/**
 * The configuration, validated once by the entry point (main.ts, openapi-export.ts) and completed
 * there (the embedded database's URLs, the local JWT secret), injected typed as `AppConfig`.
 * Nothing is written back into process.env. ConfigService answers from the same object (never
 * from process.env) for the providers that still ask it by name.
 */
@Global()
@Module({})
export class AppConfigModule {
  static of(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => ({ ...config })],
        }),
      ],
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
