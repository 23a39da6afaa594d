import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, serverKeySecret } from '@app/common';
import { buildDataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';
import { HealthModule } from './health/health.module';
import { InfrastructureModule } from './infrastructure.module';
import { FLOOD_CEILING_OPTIONS } from './rate-limit/flood-ceiling';

@Module({})
export class PersistenceModule {
  static forRoot(): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            await ensureDatabase(config.database);
            return { ...buildDataSourceOptions(config.database, { keySecret: serverKeySecret(config) }), retryAttempts: 2, retryDelay: 1000 };
          },
        }),
        HealthModule,
        InfrastructureModule,
        // Global: FloodCeilingGuard resolves wherever the persistence layer is (the server, the CLI).
        ThrottlerModule.forRootAsync(FLOOD_CEILING_OPTIONS),
      ],
    };
  }
}
