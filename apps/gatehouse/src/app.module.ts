import { DynamicModule, Module } from '@nestjs/common';
import { AllowedMethodsModule, AppConfig, ConfigModule, LoggingOptions, MetricsModule } from '@app/common';
import { PersistenceModule } from '@app/persistence';
import { AccountsModule } from '@app/accounts';
import { ClientsModule } from '@app/clients';
import { AuthorizationModule } from '@app/authorization';
import { TokensModule } from '@app/tokens';
import { ResourceModule } from '@app/resource';
import { AdminModule } from '@app/admin';
import { DialectsModule } from '@app/dialects';

export interface AppModuleOptions {
  /** Read by createGatehouse (the logger is shared with the HTTP adapter). */
  logging?: LoggingOptions;
}

/** The composition root: imports the libs, has no providers of its own. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        MetricsModule,
        PersistenceModule.forRoot(),
        AccountsModule,
        ClientsModule,
        AuthorizationModule,
        TokensModule,
        ResourceModule,
        AdminModule,
        DialectsModule,
        AllowedMethodsModule,
      ],
    };
  }
}
