import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { LoginRequests } from '../../login-requests/login-requests.service';
import { BrowserSessions } from '../../sessions/browser-sessions.service';
import { SignInFacts } from './sign-in-facts';
import { SIGN_IN_STEPS, SignInStep } from './sign-in-step';
import { ProviderLoginStep } from './steps/provider-login.step';
import { SessionLoginStep } from './steps/session-login.step';

/**
 * The one place the sign-in steps are chosen from the login settings (DESIGN-NEXT §2.2):
 * provider mode signs in at the platform, local and verify modes on Gatehouse's login page
 * (verify changes only who checks the password, in accounts). Later steps (a second factor)
 * are appended here.
 */
export const SIGN_IN_STEPS_PROVIDER: Provider = {
  provide: SIGN_IN_STEPS,
  inject: [APP_CONFIG, SignInFacts, SessionLoginStep, BrowserSessions, LoginRequests],
  useFactory: (config: AppConfig, facts: SignInFacts, sessionLogin: SessionLoginStep, sessions: BrowserSessions, requests: LoginRequests): SignInStep[] => {
    const login = config.login?.mode === 'provider'
      ? new ProviderLoginStep(config.login.providerUrl, facts, sessions, requests)
      : sessionLogin;
    return [login];
  },
};
