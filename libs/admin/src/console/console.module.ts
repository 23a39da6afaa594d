import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { AuthorizationModule } from '@app/authorization';
import { ClientsModule } from '@app/clients';
import { TokensModule } from '@app/tokens';
import { AuditController } from './audit/audit.controller';
import { ConsoleAdminGuard } from './auth/console-admin.guard';
import { ConsoleLoginController } from './auth/console-login.controller';
import { ConsoleMfaPolicy } from './auth/console-mfa-policy';
import { ConsoleSecurityController } from './security/security.controller';
import { ChannelActionsController } from './channels/channel-actions.controller';
import { ChannelsController } from './channels/channels.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { LocksController } from './locks/locks.controller';
import { OperatorLocks } from '../locks/operator-locks';
import { ConsoleActions } from './pages/console-actions';
import { ConsolePages } from './pages/console-pages';
import { UsersController } from './users/users.controller';

/**
 * The operators' console under /admin: server-rendered pages over the same services as the
 * admin API, signed in through the browser login's sessions, every form CSRF-checked.
 */
@Module({
  imports: [AccountsModule, ClientsModule, AuthorizationModule, TokensModule],
  controllers: [ConsoleLoginController, ConsoleSecurityController, DashboardController, ChannelsController, ChannelActionsController, UsersController, AuditController, LocksController],
  providers: [ConsoleAdminGuard, ConsolePages, ConsoleActions, OperatorLocks, ConsoleMfaPolicy],
})
export class ConsoleModule {}
