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
import { AdminLocksController } from './locks/admin-locks.controller';
import { OperatorLocks } from '../locks/operator-locks';
import { AdminLoginRequestsController } from './login-requests/admin-login-requests.controller';
import { LoginCallerGuard } from './login-requests/login-caller.guard';
import { AdminScopesController } from './scopes/admin-scopes.controller';
import { AdminUsersController } from './users/admin-users.controller';

/** The JSON admin API under /api/admin (Swagger tag "Admin"), bearer-authenticated. */
@Module({
  imports: [AccountsModule, ClientsModule, AuthorizationModule, TokensModule, MigrationModule],
  controllers: [
    AdminSessionController, AdminClientsController, AdminClientLifecycleController, AdminUsersController,
    AdminScopesController, AdminAuditController, AdminKeysController, AdminLocksController, AdminLoginRequestsController, AdminImportController,
  ],
  providers: [AdminAuthService, AdminAuthGuard, OperatorLocks, LoginCallerGuard],
  exports: [AdminAuthService, AdminAuthGuard],
})
export class AdminApiModule {}
