import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/common';
import { buildDataSourceOptions, RateLimitEntity, RateLimiter } from '@app/persistence';
import { LoginSource, LoginThrottle } from './login-throttle';

const config = (loginTrustDays = 30) => ({
  throttle: { loginPerAccount: 3, loginPerAccountWindow: 900, loginPerAddress: 100, loginPerAddressWindow: 900, loginTrustDays },
}) as unknown as AppConfig;

describe(LoginThrottle.name, () => {
  let dataSource: DataSource;
  let limiter: RateLimiter;
  let n = 0;
  const name = () => `user${++n}`;

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions({ type: 'sqlite', url: 'sqlite::memory:', file: ':memory:' })).initialize();
    limiter = new RateLimiter(dataSource.getRepository(RateLimitEntity));
  });
  afterAll(async () => { await dataSource.destroy(); });

  /** One wrong password from `ip` (with `device`, a device id the cookie vouched for); the answer's status as the login page gives it. */
  async function wrong(throttle: LoginThrottle, user: string, ip: string, device: string | null = null): Promise<401 | 429> {
    const admitted = await throttle.admit(user, ip, await throttle.sourceOf(user, ip, device));
    if (!('attempt' in admitted)) return 429;
    await throttle.failed(admitted.attempt);
    return 401;
  }

  async function right(throttle: LoginThrottle, user: string, ip: string, device: string | null = null): Promise<302 | 429> {
    const admitted = await throttle.admit(user, ip, await throttle.sourceOf(user, ip, device));
    if (!('attempt' in admitted)) return 429;
    await throttle.succeeded(admitted.attempt);
    return 302;
  }

  it('an address becomes trusted for the account (and only that account) when a login from it succeeds', async () => {
    const throttle = new LoginThrottle(config(), limiter);
    const user = name();
    expect(await throttle.sourceOf(user, '192.0.2.1', null)).toEqual<LoginSource>({ kind: 'untrusted' });
    await right(throttle, user, '192.0.2.1');
    expect(await throttle.sourceOf(user.toUpperCase(), '192.0.2.1', null)).toEqual<LoginSource>({ kind: 'trusted-address' });
    expect(await throttle.sourceOf(name(), '192.0.2.1', null)).toEqual<LoginSource>({ kind: 'untrusted' });
    expect(await throttle.sourceOf(user, '192.0.2.1', 'dev')).toEqual<LoginSource>({ kind: 'device', deviceId: 'dev' });
  });

  it('untrusted failures lock the account for untrusted sources only; each trusted source has its own count', async () => {
    const throttle = new LoginThrottle(config(), limiter);
    const user = name();
    await right(throttle, user, '192.0.2.2');
    expect([await wrong(throttle, user, '198.51.100.1'), await wrong(throttle, user, '198.51.100.2'), await wrong(throttle, user, '198.51.100.3')]).toEqual([401, 401, 401]);
    expect(await right(throttle, user, '198.51.100.4')).toBe(429);
    expect(await right(throttle, user, '203.0.113.1', 'device-a')).toBe(302);
    expect(await right(throttle, user, '192.0.2.2')).toBe(302);
    // A device locks itself only.
    for (let i = 0; i < 3; i++) expect(await wrong(throttle, user, '203.0.113.2', 'device-b')).toBe(401);
    expect(await right(throttle, user, '203.0.113.2', 'device-b')).toBe(429);
    expect(await right(throttle, user, '203.0.113.2', 'device-a')).toBe(302);
    // So does a trusted address.
    for (let i = 0; i < 3; i++) expect(await wrong(throttle, user, '192.0.2.2')).toBe(401);
    expect(await right(throttle, user, '192.0.2.2')).toBe(429);
    expect(await right(throttle, user, '203.0.113.3', 'device-a')).toBe(302);
  });

  it('THROTTLE_LOGIN_TRUST_DAYS=0: no address is trusted', async () => {
    const throttle = new LoginThrottle(config(0), limiter);
    const user = name();
    await right(throttle, user, '192.0.2.3');
    expect(await throttle.sourceOf(user, '192.0.2.3', null)).toEqual<LoginSource>({ kind: 'untrusted' });
  });
});
