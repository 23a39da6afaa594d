import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { ClientEntity, ClientStatusChangeEntity, ScopeEntity } from '@app/persistence';
import { ClientAuthThrottle } from './client-auth-throttle';
import { ClientAuthenticator } from './client-authenticator';
import { ClientImport } from './client-import';
import { ClientEvents } from './client-events';
import { ClientLifecycle } from './client-lifecycle.service';
import { ClientRegistry } from './client-registry';
import { ClientsService } from './clients.service';
import { OriginRegistry } from './origin-registry';
import { RegistrationController } from './registration/registration.controller';
import { RegistrationGate } from './registration/registration-gate';
import { ScopesService } from './scopes.service';

@Module({
  imports: [TypeOrmModule.forFeature([ClientEntity, ClientStatusChangeEntity, ScopeEntity]), AccountsModule],
  controllers: [RegistrationController],
  providers: [ClientRegistry, OriginRegistry, ClientsService, ClientLifecycle, ClientAuthenticator, ClientAuthThrottle, ClientEvents, ScopesService, RegistrationGate, ClientImport],
  exports: [ClientRegistry, OriginRegistry, ClientsService, ClientLifecycle, ClientAuthenticator, ClientAuthThrottle, ClientEvents, ScopesService, RegistrationGate, ClientImport],
})
export class ClientsModule {}
