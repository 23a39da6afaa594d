import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { ExternalUsers } from '../external-users';
import { LocalPasswordVerifier } from './local-password.verifier';
import { PASSWORD_VERIFIER, PasswordVerifier } from './password-verifier';
import { WebhookPasswordVerifier } from './webhook-password.verifier';

/** The one place accounts looks at the login settings: verify mode binds the webhook verifier. */
export const PASSWORD_VERIFIER_PROVIDER: Provider = {
  provide: PASSWORD_VERIFIER,
  inject: [APP_CONFIG, LocalPasswordVerifier, ExternalUsers],
  useFactory: (config: AppConfig, local: LocalPasswordVerifier, external: ExternalUsers): PasswordVerifier =>
    config.login?.mode === 'verify' ? new WebhookPasswordVerifier(config.login.verify, local, external) : local,
};
