import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { LoginRequests } from '../../login-requests/login-requests.service';
import { BrowserSessions } from '../../sessions/browser-sessions.service';
import { SignInFacts } from './sign-in-facts';
import { SIGN_IN_STEPS, SignInStep } from './sign-in-step';
import { ProviderLoginStep } from './steps/provider-login.step';
import { SessionLoginStep } from './steps/session-login.step';
import { SecondFactorStep } from './steps/second-factor.step';

/**
 * The one place the sign-in steps are chosen from the login settings (DESIGN-NEXT §2.2):
 * provider mode signs in at the platform, local and verify modes on Gatehouse's login page
 * (verify changes only who checks the password, in accounts), followed there by the second
 * factor's step-up.
 */
export const SIGN_IN_STEPS_PROVIDER: Provider = {
  provide: SIGN_IN_STEPS,
  inject: [APP_CONFIG, SignInFacts, SessionLoginStep, BrowserSessions, LoginRequests, SecondFactorStep],
  useFactory: (
    config: AppConfig, facts: SignInFacts, sessionLogin: SessionLoginStep, sessions: BrowserSessions, requests: LoginRequests, secondFactor: SecondFactorStep,
  ): SignInStep[] => {
    // Provider mode: the platform's sign-in is the whole sign-in (its own factors reach the ID
    // Token through the accepted amr); Gatehouse's page asks for Gatehouse's second factor.
    if (config.login?.mode === 'provider') return [new ProviderLoginStep(config.login.providerUrl, facts, sessions, requests)];
    return [sessionLogin, secondFactor];
  },
};
