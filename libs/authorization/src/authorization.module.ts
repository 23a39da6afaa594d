import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { ClientsModule } from '@app/clients';
import { AuthorizationCodeEntity, ConsentEntity, InteractionEntity, LoginRequestEntity } from '@app/persistence';
import { AccountGrants } from './account/account-grants';
import { HomeController } from './account/home.controller';
import { AccountGrantsController } from './account/account-grants.controller';
import { AuthorizationResponses } from './authorize/authorization-response';
import { AuthorizeController } from './authorize/authorize.controller';
import { AuthorizeFlow } from './authorize/authorize-flow';
import { ConsentStep } from './authorize/consent-step';
import { SignInFacts } from './authorize/sign-in/sign-in-facts';
import { SignInPolicy } from './authorize/sign-in/sign-in-policy';
import { SIGN_IN_STEPS_PROVIDER } from './authorize/sign-in/sign-in-steps.provider';
import { SessionLoginStep } from './authorize/sign-in/steps/session-login.step';
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
import { DeviceCookies } from './login/device-cookie';
import { LoginResume } from './login/login-resume';
import { LoginRequests } from './login-requests/login-requests.service';
import { LoginThrottle } from './login/login-throttle';
import { PasswordLogin } from './login/password-login';
import { SecondFactorController } from './login/second-factor/second-factor.controller';
import { SecondFactorFlow } from './login/second-factor/second-factor-flow';
import { SignInCompletion } from './login/second-factor/sign-in-completion';
import { SecurityController } from './account/security.controller';
import { SecurityPage } from './account/security-page';
import { SecurityPasskeys } from './account/security-passkeys';
import { PasskeyChallenges } from './login/passkeys/passkey-challenges';
import { PasskeySignIn } from './login/passkeys/passkey-sign-in';
import { PasskeySignInController } from './login/passkeys/passkey-sign-in.controller';
import { PasskeySecondFactor } from './login/second-factor/passkey-second-factor';
import { SecondFactorStep } from './authorize/sign-in/steps/second-factor.step';
import { BrowserSessions } from './sessions/browser-sessions.service';

/**
 * The front channel: /oauth2/authorize and its checks, login, consent, browser sessions and
 * the account's grants page; plus authorization codes and consents, which the token lib uses.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AuthorizationCodeEntity, ConsentEntity, InteractionEntity, LoginRequestEntity]),
    AccountsModule,
    ClientsModule,
  ],
  controllers: [AuthorizeController, LoginController, PasskeySignInController, SecondFactorController, AccountGrantsController, SecurityController, HomeController],
  providers: [
    AuthorizationCodes, ConsentEvents, Consents, ConsentImport, Interactions,
    BrowserSessions, LocalStrategy, LoginThrottle, DeviceCookies, PasswordLogin, LoginFlow,
    SignInFacts, SessionLoginStep, SIGN_IN_STEPS_PROVIDER, SignInPolicy, LoginRequests, LoginResume,
    SignInCompletion, SecondFactorFlow, SecurityPage, SecondFactorStep,
    PasskeyChallenges, SecurityPasskeys, PasskeySecondFactor, PasskeySignIn,
    AuthorizationResponses, ConsentStep, AuthorizeFlow, ScopeDescriptions, ConsentPage, ConsentDecision, AccountGrants,
  ],
  exports: [
    AuthorizationCodes, ConsentEvents, Consents, ConsentImport, BrowserSessions, PasswordLogin, AuthorizeFlow, AuthorizationResponses, LoginRequests,
    SignInCompletion, SecurityPage, SecurityPasskeys,
  ],
})
export class AuthorizationModule {}
