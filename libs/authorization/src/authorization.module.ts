import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { ClientsModule } from '@app/clients';
import { AuthorizationCodeEntity, ConsentEntity, InteractionEntity } from '@app/persistence';
import { AccountGrants } from './account/account-grants';
import { HomeController } from './account/home.controller';
import { AccountGrantsController } from './account/account-grants.controller';
import { AuthorizationResponses } from './authorize/authorization-response';
import { AuthorizeController } from './authorize/authorize.controller';
import { AuthorizeFlow } from './authorize/authorize-flow';
import { ConsentStep } from './authorize/consent-step';
import { LoginStep } from './authorize/login-step';
import { AuthorizationCodes } from './codes/authorization-codes.service';
import { ConsentDecision } from './consent/consent-decision';
import { ConsentPage } from './consent/consent-page';
import { ScopeDescriptions } from './consent/scope-descriptions';
import { ConsentEvents } from './consents/consent-events';
import { Consents } from './consents/consents.service';
import { ConsentImport } from './consents/consent-import';
import { Interactions } from './interactions/interactions.service';
import { LocalStrategy } from './login/local.strategy';
import { LoginController } from './login/login.controller';
import { LoginFlow } from './login/login-flow';
import { LoginThrottle } from './login/login-throttle';
import { PasswordLogin } from './login/password-login';
import { BrowserSessions } from './sessions/browser-sessions.service';

/**
 * The front channel: /oauth2/authorize and its checks, login, consent, browser sessions and
 * the account's grants page; plus authorization codes and consents, which the token lib uses.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AuthorizationCodeEntity, ConsentEntity, InteractionEntity]),
    AccountsModule,
    ClientsModule,
  ],
  controllers: [AuthorizeController, LoginController, AccountGrantsController, HomeController],
  providers: [
    AuthorizationCodes, ConsentEvents, Consents, ConsentImport, Interactions,
    BrowserSessions, LocalStrategy, LoginThrottle, PasswordLogin, LoginFlow,
    AuthorizationResponses, LoginStep, ConsentStep, AuthorizeFlow, ScopeDescriptions, ConsentPage, ConsentDecision, AccountGrants,
  ],
  exports: [AuthorizationCodes, ConsentEvents, Consents, ConsentImport, BrowserSessions, PasswordLogin, AuthorizeFlow, AuthorizationResponses],
})
export class AuthorizationModule {}
