import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig, DatabaseConfig, serverKeySecret } from '@app/common';
import { buildDataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';
import { withMigrationLock } from './migrations/migration-lock';
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
          // Connecting runs the pending migrations: one instance at a time (withMigrationLock).
          dataSourceFactory: async (options) => withMigrationLock(databaseOf(options), () => new DataSource(options as DataSourceOptions).initialize()),
        }),
        HealthModule,
        InfrastructureModule,
        // Global: FloodCeilingGuard resolves wherever the persistence layer is (the server, the CLI).
        ThrottlerModule.forRootAsync(FLOOD_CEILING_OPTIONS),
      ],
    };
  }
}

/** The database an options object connects to, as withMigrationLock needs it. */
function databaseOf(options: unknown): DatabaseConfig {
  const o = options as { type: string; database?: string; host?: string; port?: number; username?: string; password?: string };
  if (o.type === 'better-sqlite3') return { type: 'sqlite', url: '', file: o.database ?? ':memory:' };
  return { type: 'mysql', url: '', host: o.host ?? '127.0.0.1', port: o.port ?? 3306, username: o.username ?? '', password: o.password, database: o.database ?? '' } as DatabaseConfig;
}
