import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule, LoggingModule, LoggingOptions } from '@app/common';
import { PersistenceModule } from '@app/persistence';
import { AccountsModule } from '@app/accounts';
import { ClientsModule } from '@app/clients';

export interface AppModuleOptions {
  logging?: LoggingOptions;
}

/** The composition root: imports the libs, has no providers of its own. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(options.logging),
        PersistenceModule.forRoot(),
        AccountsModule,
        ClientsModule,
      ],
    };
  }
}
