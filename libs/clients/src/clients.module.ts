import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientEntity, ClientStatusChangeEntity, ScopeEntity } from '@app/persistence';
import { ClientAuthenticator } from './client-authenticator';
import { ClientEvents } from './client-events';
import { ClientLifecycle } from './client-lifecycle.service';
import { ClientRegistry } from './client-registry';
import { ClientsService } from './clients.service';
import { ScopesService } from './scopes.service';

@Module({
  imports: [TypeOrmModule.forFeature([ClientEntity, ClientStatusChangeEntity, ScopeEntity])],
  providers: [ClientRegistry, ClientsService, ClientLifecycle, ClientAuthenticator, ClientEvents, ScopesService],
  exports: [ClientRegistry, ClientsService, ClientLifecycle, ClientAuthenticator, ClientEvents, ScopesService],
})
export class ClientsModule {}
