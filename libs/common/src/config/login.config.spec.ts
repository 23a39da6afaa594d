import { loadConfig } from './app.config';
import { ConfigError } from './config-error';
import { readLoginConfig } from './login.config';

const base = { DATABASE_URL: 'sqlite::memory:' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe(readLoginConfig.name, () => {
  it('defaults to local', () => {
    expect(loadConfig(base).login).toEqual({ mode: 'local' });
  });

  it('reads provider mode', () => {
    expect(loadConfig({ ...base, LOGIN_MODE: 'provider', LOGIN_PROVIDER_URL: 'https://platform.example/sso/login' }).login)
      .toEqual({ mode: 'provider', providerUrl: 'https://platform.example/sso/login' });
  });

  it('reads verify mode with its defaults (5 s timeout, breaker 5 failures / 30 s, no migration)', () => {
    expect(loadConfig({ ...base, LOGIN_MODE: 'verify', LOGIN_VERIFY_URL: 'https://platform.example/verify', LOGIN_VERIFY_SECRET: 's'.repeat(32) }).login).toEqual({
      mode: 'verify',
      verify: { url: 'https://platform.example/verify', secret: 's'.repeat(32), migrate: false, timeoutMs: 5000, breakerFailures: 5, breakerOpenSeconds: 30 },
    });
    expect(loadConfig({ ...base, LOGIN_MODE: 'verify', LOGIN_VERIFY_URL: 'http://127.0.0.1:9000/v', LOGIN_VERIFY_SECRET: 's'.repeat(32), LOGIN_VERIFY_MIGRATE: 'true' }).login)
      .toMatchObject({ verify: { migrate: true } });
  });

  it.each([
    [{ LOGIN_MODE: 'sso' }, 'LOGIN_MODE="sso" must be one of: local, provider, verify'],
    [{ LOGIN_MODE: 'provider' }, 'LOGIN_PROVIDER_URL is required when LOGIN_MODE=provider'],
    [{ LOGIN_MODE: 'provider', LOGIN_PROVIDER_URL: 'not a url' }, 'LOGIN_PROVIDER_URL="not a url" is not a valid URL'],
    [{ LOGIN_MODE: 'provider', LOGIN_PROVIDER_URL: 'ftp://x.example/' }, 'LOGIN_PROVIDER_URL="ftp://x.example/" must use http: or https:'],
    [{ LOGIN_MODE: 'verify', LOGIN_VERIFY_SECRET: 's'.repeat(32) }, 'LOGIN_VERIFY_URL is required when LOGIN_MODE=verify'],
    [{ LOGIN_MODE: 'verify', LOGIN_VERIFY_URL: 'https://p.example/v' }, 'LOGIN_VERIFY_SECRET is required when LOGIN_MODE=verify'],
    [{ LOGIN_MODE: 'verify', LOGIN_VERIFY_URL: 'https://p.example/v', LOGIN_VERIFY_SECRET: 'short' }, 'LOGIN_VERIFY_SECRET must be at least 16 characters'],
    [{ LOGIN_MODE: 'verify', LOGIN_VERIFY_URL: 'https://p.example/v', LOGIN_VERIFY_SECRET: 's'.repeat(32), LOGIN_VERIFY_MIGRATE: 'perhaps' }, 'LOGIN_VERIFY_MIGRATE="perhaps" must be true or false'],
    [{ LOGIN_PROVIDER_URL: 'https://p.example/login' }, 'LOGIN_PROVIDER_URL is set but LOGIN_MODE=local ignores it (set LOGIN_MODE)'],
  ])('refuses %j', (env, message) => {
    expect(problems(env as Record<string, string>)).toContainEqual(expect.stringContaining(message));
  });
});
