import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseConfig, readDatabaseConfig } from './database.config';
import { ConfigError } from './config-error';
import { Env, EnvReader } from './env-reader';
import { LoginConfig, readLoginConfig } from './login.config';

export interface ServerConfig {
  port: number;
  host: string;
  issuer: string;
  production: boolean;
  platformName: string;
  /** Addresses whose X-Forwarded-* headers are trusted (RFC 9700 §4.13); empty = none. */
  trustProxy: string[];
  bodyLimitBytes: number;
  workers: number;
  /** When set, GET /metrics requires it as a bearer token. */
  metricsToken?: string;
  /** How long a stopping server lets in-flight requests finish before it closes (SIGTERM). */
  shutdownGraceMs: number;
}

export interface SessionConfig {
  secret: string;
  ttlSeconds: number;
}

export interface TokenLifetimes {
  accessTokenTtl: number;
  refreshTokenTtl: number;
  refreshIdleTtl: number;
  codeTtl: number;
  /**
   * BEARER_CACHE_MS (kept for compatibility): how long (ms) a bearer check may reuse a token's row
   * it read; 0 = read every time. Unset: CACHE_MS. Never more than CACHE_MS. See BearerCache.
   */
  bearerCacheMs?: number;
}

/** Per-instance caches and the change feed that keeps them coherent (see ChangeFeed). */
export interface CacheConfig {
  /** CACHE_MS: the most any per-instance cache may lag the database; 0 = no caches. */
  ms: number;
  /** How often each instance reads the change feed. */
  feedPollMs: number;
  /** REDIS_URL: when set, changes are also announced through Redis pub/sub (near-instant). */
  redisUrl?: string;
}

export interface ThrottleConfig {
  loginPerAccount: number;
  loginPerAccountWindow: number;
  loginPerAddress: number;
  loginPerAddressWindow: number;
  /** Failed client authentications per (client, address) pair in clientAuthWindow; reaching it locks the pair. */
  clientAuthPerClient: number;
  /** Failed client authentications per address (any client) in clientAuthWindow; reaching it locks the address. */
  clientAuthPerAddress: number;
  clientAuthWindow: number;
  /**
   * How long a browser (device cookie) or an address that signed in to an account stays trusted
   * for it: its failures no longer count against the account, only against itself. 0 = no trust.
   */
  loginTrustDays: number;
  registrationPerAddress: number;
  registrationWindow: number;
  /** Flood ceiling: all requests (successful or not) per address to the throttled entry points. */
  requestsPerAddress: number;
  requestsPerAddressWindow: number;
}

export interface AppConfig {
  /** ADMIN_MFA: `required` makes operators set up a second factor before the console and the admin API. */
  adminMfa?: 'optional' | 'required';
  server: ServerConfig;
  database: DatabaseConfig;
  session: SessionConfig;
  admin: { username?: string; password?: string };
  tokens: TokenLifetimes;
  registration: 'open' | 'closed';
  throttle: ThrottleConfig;
  sop: { timezone: string };
  purge: { intervalSeconds: number; batchSize: number; maxBatches: number };
  /** OIDC signing keys: KEYS_SECRET encrypts them at rest (else SESSION_SECRET); the algorithm of new keys. */
  keys?: {
    secret?: string;
    signingAlg: 'RS256' | 'ES256' | 'EdDSA';
    /** Scheduled signing key rotation every so many days (KEY_ROTATION_DAYS); 0 = only when an operator rotates. */
    rotationDays?: number;
  };
  /** LOGIN_MODE and its settings (PRODUCT.md "Delegated login"); absent = local. */
  login?: LoginConfig;
  /** Absent in hand-built test configs: then DEFAULT_CACHE_MS with the feed's default poll. */
  cache?: CacheConfig;
}

/** CACHE_MS's default (bench/RESULTS.md "Caches across instances" has the measurements behind it). */
export const DEFAULT_CACHE_MS = 250;
export const DEFAULT_FEED_POLL_MS = 100;

const DAY = 86_400;

function readCacheConfig(env: EnvReader): CacheConfig {
  const redisUrl = env.optional('REDIS_URL');
  if (redisUrl !== undefined) env.url('REDIS_URL', redisUrl, ['redis:', 'rediss:']);
  return {
    ms: env.int('CACHE_MS', DEFAULT_CACHE_MS, 0, 60_000),
    feedPollMs: env.int('CHANGE_FEED_POLL_MS', DEFAULT_FEED_POLL_MS, 10, 60_000),
    redisUrl,
  };
}

/**
 * Reads and validates every variable of PRODUCT.md's configuration table.
 * Throws one ConfigError listing every problem; the caller exits with code 1.
 */
export function loadConfig(source: Env = process.env): AppConfig {
  const env = new EnvReader(source);
  const production = env.string('NODE_ENV', 'development') === 'production';
  const port = env.int('PORT', 3000, 0, 65535);
  const server: ServerConfig = {
    port,
    host: env.string('HOST', '127.0.0.1'),
    issuer: env.url('ISSUER', `http://localhost:${port}`, ['http:', 'https:']).replace(/\/+$/, ''),
    production,
    platformName: env.string('PLATFORM_NAME', 'Gatehouse'),
    trustProxy: (env.optional('TRUST_PROXY') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    bodyLimitBytes: env.int('BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    workers: env.int('WORKERS', 1, 1, 64),
    metricsToken: env.optional('METRICS_TOKEN'),
    shutdownGraceMs: env.int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
  };
  if (production && server.issuer.startsWith('http:') && !isLoopbackUrl(server.issuer)) {
    env.problem(`ISSUER="${server.issuer}" must use https when NODE_ENV=production`);
  }
  const database = readDatabaseConfig(env);
  const session: SessionConfig = {
    secret: readSessionSecret(env, production, database),
    ttlSeconds: env.int('SESSION_TTL', 8 * 3600, 60, 30 * DAY),
  };
  const username = env.optional('ADMIN_USERNAME');
  const password = env.optional('ADMIN_PASSWORD');
  if (!!username !== !!password) env.problem('ADMIN_USERNAME and ADMIN_PASSWORD must be set together');
  if (password && password.length < 8) env.problem('ADMIN_PASSWORD must be at least 8 characters');
  const tokens: TokenLifetimes = {
    accessTokenTtl: env.int('ACCESS_TOKEN_TTL', 3600, 1, 365 * DAY),
    refreshTokenTtl: env.int('REFRESH_TOKEN_TTL', 30 * DAY, 1, 3650 * DAY),
    refreshIdleTtl: env.int('REFRESH_IDLE_TTL', 30 * DAY, 1, 3650 * DAY),
    // RFC 9700 / OAuth 2.1: codes live at most 10 minutes.
    codeTtl: env.int('CODE_TTL', 60, 1, 600),
    // A revocation made on this instance applies at once; on other instances within this bound.
    bearerCacheMs: env.optional('BEARER_CACHE_MS') === undefined ? undefined : env.int('BEARER_CACHE_MS', 0, 0, 60_000),
  };
  const throttle: ThrottleConfig = {
    loginPerAccount: env.int('THROTTLE_LOGIN_PER_ACCOUNT', 5, 1, 1_000_000),
    loginPerAccountWindow: env.int('THROTTLE_LOGIN_PER_ACCOUNT_WINDOW', 900, 1, DAY),
    loginPerAddress: env.int('THROTTLE_LOGIN_PER_ADDRESS', 100, 1, 1_000_000),
    loginPerAddressWindow: env.int('THROTTLE_LOGIN_PER_ADDRESS_WINDOW', 900, 1, DAY),
    clientAuthPerClient: env.int('THROTTLE_CLIENT_AUTH', 10, 1, 1_000_000),
    clientAuthPerAddress: 0,
    clientAuthWindow: env.int('THROTTLE_CLIENT_AUTH_WINDOW', 60, 1, DAY),
    loginTrustDays: env.int('THROTTLE_LOGIN_TRUST_DAYS', 30, 0, 3650),
    registrationPerAddress: env.int('THROTTLE_REGISTRATION', 20, 1, 1_000_000),
    registrationWindow: env.int('THROTTLE_REGISTRATION_WINDOW', 3600, 1, DAY),
    requestsPerAddress: env.int('THROTTLE_REQUESTS_PER_ADDRESS', 600, 1, 100_000_000),
    requestsPerAddressWindow: env.int('THROTTLE_REQUESTS_PER_ADDRESS_WINDOW', 60, 1, DAY),
  };
  // One address may fail for several channels (a shared host): by default five times the per-pair limit.
  throttle.clientAuthPerAddress = env.int('THROTTLE_CLIENT_AUTH_PER_ADDRESS', Math.min(throttle.clientAuthPerClient * 5, 100_000_000), 1, 100_000_000);
  const config: AppConfig = {
    server,
    database,
    session,
    admin: { username, password },
    tokens,
    registration: env.oneOf('REGISTRATION', 'open', ['open', 'closed'] as const),
    adminMfa: env.oneOf('ADMIN_MFA', 'optional', ['optional', 'required'] as const),
    throttle,
    sop: { timezone: readTimezone(env) },
    purge: {
      intervalSeconds: env.int('PURGE_INTERVAL', 300, 0, DAY),
      // Small batches (a 500-row batch took ~200 ms on SQLite at 20 million tokens), up to
      // 1,000,000 rows per table per pass (bench/RESULTS.md, "At scale").
      batchSize: env.int('PURGE_BATCH_SIZE', 100, 1, 100_000),
      maxBatches: env.int('PURGE_MAX_BATCHES', 10_000, 1, 100_000),
    },
    cache: readCacheConfig(env),
    keys: {
      secret: env.optional('KEYS_SECRET'),
      signingAlg: env.oneOf('SIGNING_ALG', 'RS256', ['RS256', 'ES256', 'EdDSA'] as const),
      rotationDays: env.int('KEY_ROTATION_DAYS', 90, 0, 3650),
    },
    login: readLoginConfig(env),
  };
  if (env.problems.length) throw new ConfigError(env.problems);
  return config;
}

function readTimezone(env: EnvReader): string {
  const tz = env.string('SOP_TIMEZONE', 'Asia/Shanghai');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    env.problem(`SOP_TIMEZONE="${tz}" is not a known IANA time zone`);
  }
  return tz;
}

function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/**
 * SESSION_SECRET is required in production. In development it is generated once and kept
 * next to the SQLite file (or in ./data), so sessions survive a restart.
 */
function readSessionSecret(env: EnvReader, production: boolean, database: DatabaseConfig): string {
  const given = env.optional('SESSION_SECRET');
  if (given) {
    if (given.length < 32) env.problem('SESSION_SECRET must be at least 32 characters');
    return given;
  }
  if (production) {
    env.problem('SESSION_SECRET is required when NODE_ENV=production');
    return '';
  }
  if (database.type === 'sqlite' && database.file === ':memory:') return randomBytes(32).toString('base64url');
  const dir = database.type === 'sqlite' ? dirname(resolve(database.file)) : resolve('data');
  const file = resolve(dir, '.session-secret');
  try {
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  } catch (err) {
    env.problem(`SESSION_SECRET is not set and ${file} cannot be written: ${(err as Error).message}`);
    return '';
  }
}
