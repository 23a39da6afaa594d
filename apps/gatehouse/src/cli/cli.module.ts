import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/common';
import { PersistenceModule } from '@app/persistence';
import { AccountsModule } from '@app/accounts';
import { ClientsModule } from '@app/clients';

/** The services the operator commands need, on the same validated config as the server. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, extra: Type[] = []): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), PersistenceModule.forRoot(), AccountsModule, ClientsModule, ...extra],
    };
  }
}
