import { EnvReader } from './env-reader';

/**
 * PRODUCT.md "Delegated login": who checks a user's identity.
 * - local: Gatehouse's login page and its own password hashes;
 * - provider: the authorize flow sends the browser to the platform's own sign-in page with a
 *   login challenge (LOGIN_PROVIDER_URL), which the platform accepts or rejects over the admin API;
 * - verify: Gatehouse's login page stays, the password check is a signed POST to LOGIN_VERIFY_URL.
 * LOGIN_MODE is read here once; the libs bind their strategy from this typed value (the sign-in
 * steps in authorization, the password verifier in accounts), never by testing the mode elsewhere.
 */
export type LoginConfig =
  | { mode: 'local' }
  | { mode: 'provider'; providerUrl: string }
  | { mode: 'verify'; verify: VerifyWebhookConfig };

export interface VerifyWebhookConfig {
  url: string;
  secret: string;
  /** LOGIN_VERIFY_MIGRATE: store the password as argon2id after a successful check (lazy migration). */
  migrate: boolean;
  /** How long the platform has to answer (PRODUCT: 5 s). */
  timeoutMs: number;
  /** Circuit breaker: this many failures in a row (timeouts, errors, 5xx) open it … */
  breakerFailures: number;
  /** … and calls are skipped (sign-in unavailable) for this long before one is tried again. */
  breakerOpenSeconds: number;
}

export const LOGIN_MODES = ['local', 'provider', 'verify'] as const;

export function readLoginConfig(env: EnvReader): LoginConfig {
  const mode = env.oneOf('LOGIN_MODE', 'local', LOGIN_MODES);
  if (mode === 'provider') {
    const url = env.optional('LOGIN_PROVIDER_URL');
    if (!url) {
      env.problem('LOGIN_PROVIDER_URL is required when LOGIN_MODE=provider');
      return { mode: 'local' };
    }
    return { mode, providerUrl: env.url('LOGIN_PROVIDER_URL', url, ['http:', 'https:']) };
  }
  if (mode === 'verify') {
    const url = env.optional('LOGIN_VERIFY_URL');
    const secret = env.optional('LOGIN_VERIFY_SECRET');
    if (!url) env.problem('LOGIN_VERIFY_URL is required when LOGIN_MODE=verify');
    if (!secret) env.problem('LOGIN_VERIFY_SECRET is required when LOGIN_MODE=verify');
    else if (secret.length < 16) env.problem('LOGIN_VERIFY_SECRET must be at least 16 characters');
    const verify: VerifyWebhookConfig = {
      url: url ? env.url('LOGIN_VERIFY_URL', url, ['http:', 'https:']) : '',
      secret: secret ?? '',
      migrate: env.bool('LOGIN_VERIFY_MIGRATE', false),
      timeoutMs: env.int('LOGIN_VERIFY_TIMEOUT_MS', 5000, 100, 60_000),
      breakerFailures: env.int('LOGIN_VERIFY_BREAKER_FAILURES', 5, 1, 1000),
      breakerOpenSeconds: env.int('LOGIN_VERIFY_BREAKER_SECONDS', 30, 1, 3600),
    };
    return { mode, verify };
  }
  for (const name of ['LOGIN_PROVIDER_URL', 'LOGIN_VERIFY_URL', 'LOGIN_VERIFY_SECRET']) {
    if (env.optional(name) && mode === 'local') env.problem(`${name} is set but LOGIN_MODE=local ignores it (set LOGIN_MODE)`);
  }
  return { mode: 'local' };
}
