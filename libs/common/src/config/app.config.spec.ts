import { loadConfig } from './app.config';
import { ConfigError } from './config-error';

const base = { DATABASE_URL: 'sqlite::memory:' };

describe(loadConfig.name, () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(base);
    expect(c.server.port).toBe(3000);
    expect(c.server.host).toBe('127.0.0.1');
    expect(c.server.issuer).toBe('http://localhost:3000');
    expect(c.tokens).toMatchObject({ accessTokenTtl: 3600, refreshTokenTtl: 2592000, codeTtl: 60 });
    expect(c.tokens.bearerCacheMs).toBeUndefined();
    expect(c.cache).toEqual({ ms: 250, feedPollMs: 100, redisUrl: undefined });
    expect(c.registration).toBe('open');
    expect(c.purge).toEqual({ intervalSeconds: 300, batchSize: 100, maxBatches: 10_000 });
    expect(c.database).toMatchObject({ type: 'sqlite', file: ':memory:' });
  });

  it('derives the issuer from PORT and strips a trailing slash from ISSUER', () => {
    expect(loadConfig({ ...base, PORT: '8080' }).server.issuer).toBe('http://localhost:8080');
    expect(loadConfig({ ...base, ISSUER: 'https://id.example.com/' }).server.issuer).toBe('https://id.example.com');
  });

  it('reads the cache bound, the feed interval and REDIS_URL; refuses a REDIS_URL that is not redis:', () => {
    expect(loadConfig({ ...base, CACHE_MS: '0', CHANGE_FEED_POLL_MS: '50', REDIS_URL: 'redis://127.0.0.1:6379' }).cache)
      .toEqual({ ms: 0, feedPollMs: 50, redisUrl: 'redis://127.0.0.1:6379' });
    expect(loadConfig({ ...base, BEARER_CACHE_MS: '0' }).tokens.bearerCacheMs).toBe(0);
    expect(() => loadConfig({ ...base, REDIS_URL: 'http://x' })).toThrow(/REDIS_URL="http:\/\/x" must use redis: or rediss:/);
    expect(() => loadConfig({ ...base, CACHE_MS: '-1' })).toThrow(/CACHE_MS/);
  });

  it('parses a MySQL URL', () => {
    const c = loadConfig({ DATABASE_URL: 'mysql://gh:s%40cret@db.local:3307/gatehouse' });
    expect(c.database).toMatchObject({ type: 'mysql', host: 'db.local', port: 3307, username: 'gh', password: 's@cret', database: 'gatehouse' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc" is not a whole number'],
    [{ PORT: '70000' }, 'PORT=70000 is out of range'],
    [{ DATABASE_URL: 'nonsense://x' }, 'DATABASE_URL scheme "nonsense:" is not supported'],
    [{ DATABASE_URL: 'mysql://root@localhost' }, 'DATABASE_URL must name a database'],
    [{ ISSUER: 'not a url' }, 'ISSUER="not a url" is not a valid URL'],
    [{ CODE_TTL: '3600' }, 'CODE_TTL=3600 is out of range (1..600)'],
    [{ BEARER_CACHE_MS: '-1' }, 'BEARER_CACHE_MS=-1 is out of range (0..60000)'],
    [{ ACCESS_TOKEN_TTL: '0' }, 'ACCESS_TOKEN_TTL=0 is out of range'],
    [{ REGISTRATION: 'maybe' }, 'REGISTRATION="maybe" must be one of: open, closed'],
    [{ ADMIN_USERNAME: 'root' }, 'ADMIN_USERNAME and ADMIN_PASSWORD must be set together'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET is required when NODE_ENV=production'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET must be at least 32 characters'],
    [{ SOP_TIMEZONE: 'Mars/Olympus' }, 'SOP_TIMEZONE="Mars/Olympus" is not a known IANA time zone'],
  ])('rejects %p', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ ...base, PORT: 'x', REGISTRATION: 'y' });
      fail('expected a ConfigError');
    } catch (err) {
      expect((err as ConfigError).problems).toHaveLength(2);
    }
  });

  it('allows lifetimes as low as one second', () => {
    const c = loadConfig({ ...base, ACCESS_TOKEN_TTL: '1', REFRESH_TOKEN_TTL: '1', CODE_TTL: '1' });
    expect(c.tokens).toMatchObject({ accessTokenTtl: 1, refreshTokenTtl: 1, codeTtl: 1 });
  });
});
