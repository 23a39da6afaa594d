import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { AuthorizationModule } from '@app/authorization';
import { ClientsModule } from '@app/clients';
import { TokensModule } from '@app/tokens';
import { MigrationModule } from '@app/migration';
import { AdminAuditController } from './audit/admin-audit.controller';
import { AdminAuthGuard } from './auth/admin-auth.guard';
import { AdminAuthService } from './auth/admin-auth.service';
import { AdminSessionController } from './auth/admin-session.controller';
import { AdminClientLifecycleController } from './clients/admin-client-lifecycle.controller';
import { AdminClientsController } from './clients/admin-clients.controller';
import { AdminImportController } from './import/admin-import.controller';
import { AdminKeysController } from './keys/admin-keys.controller';
import { AdminScopesController } from './scopes/admin-scopes.controller';
import { AdminUsersController } from './users/admin-users.controller';

/** The JSON admin API under /api/admin (Swagger tag "Admin"), bearer-authenticated. */
@Module({
  imports: [AccountsModule, ClientsModule, AuthorizationModule, TokensModule, MigrationModule],
  controllers: [
    AdminSessionController, AdminClientsController, AdminClientLifecycleController, AdminUsersController,
    AdminScopesController, AdminAuditController, AdminKeysController, AdminImportController,
  ],
  providers: [AdminAuthService, AdminAuthGuard],
  exports: [AdminAuthService, AdminAuthGuard],
})
export class AdminApiModule {}
