import { Global, Module, DynamicModule } from '@nestjs/common';
import { Clock } from '../time/clock';
import { AppConfig } from './app.config';

/** Injection token of the validated, frozen AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: Object.freeze(config) }, Clock],
      exports: [APP_CONFIG, Clock],
    };
  }
}
