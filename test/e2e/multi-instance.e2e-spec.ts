import { createConnection } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import type { TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { loginAndAuthorize, pkcePair } from '../support/browser-flow';
import { ADMIN, ALICE, basicAuth, REDIRECT_URI } from '../support/fixtures';
import { builtEntry, Instance, Proxy, roundRobinProxy, startInstance } from '../support/instances';
import { bearer } from '../support/admin';

/**
 * Issue 20: two real Gatehouse processes on one database behind a round-robin proxy. A change made
 * through one instance is seen by the other — whose cache was warmed just before — within the
 * bound, and with CACHE_MS=0 at once. Each setting starts both instances together on an empty
 * database (so the first signing key is generated exactly once).
 *
 * - `CACHE_MS=60000`: caches would lag a minute; only the change feed (polled every 100 ms) can make
 *   the other instance see a change within the wait, so this proves the feed.
 * - `CACHE_MS=0`: no caches at all; every change is seen at once.
 * - `REDIS_URL` with the feed polled only every 10 s: only the Redis nudge can be this fast.
 */
const SECRET = 'multi-instance-session-secret-0123456789abcdef';
const REDIS = { host: '127.0.0.1', port: 6379 };

interface Setting {
  name: string;
  env: Record<string, string>;
  /** How long the test waits after a change before it looks on the other instance. */
  waitMs: number;
  needsRedis?: boolean;
}

const SETTINGS: Setting[] = [
  { name: 'caches of a minute kept coherent by the change feed', env: { CACHE_MS: '60000' }, waitMs: 100 + 600 },
  { name: 'CACHE_MS=0 (no caches)', env: { CACHE_MS: '0' }, waitMs: 0 },
  { name: 'REDIS_URL announcing changes (feed polled every 10 s)', env: { CACHE_MS: '60000', CHANGE_FEED_POLL_MS: '10000', REDIS_URL: `redis://${REDIS.host}:${REDIS.port}` }, waitMs: 600, needsRedis: true },
];

function redisReachable(): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection(REDIS, () => { socket.end(); done(true); });
    socket.on('error', () => done(false));
    socket.setTimeout(1000, () => { socket.destroy(); done(false); });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(SETTINGS)('two instances on one database: $name', (setting) => {
  let db: TestDatabase;
  let dir: string | undefined;
  let proxy: Proxy;
  let a: Instance;
  let b: Instance;
  let adminBearer: string;
  let skip = false;

  beforeAll(async () => {
    if (setting.needsRedis && !(await redisReachable())) {
      skip = true;
      process.stdout.write(`SKIPPED "${setting.name}": no Redis at ${REDIS.host}:${REDIS.port}\n`);
      return;
    }
    db = await createTestDatabase();
    let url = db.url;
    if (db.kind === 'sqlite') {
      dir = mkdtempSync(join(tmpdir(), 'gh-multi-'));
      url = `sqlite:${join(dir, 'gatehouse.sqlite')}`;
    }
    proxy = await roundRobinProxy();
    const env = {
      DATABASE_URL: url, ISSUER: proxy.url, SESSION_SECRET: SECRET, NODE_ENV: 'test',
      ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn', ...setting.env,
    };
    // Together, on an empty database: both run the migrations and look for a signing key at once.
    const entry = builtEntry();
    [a, b] = await Promise.all([startInstance(entry, env), startInstance(entry, env)]);
    proxy.targets = [a.url, b.url];
    const session = await supertest(a.url).post('/api/admin/session').send(ADMIN).expect(200);
    adminBearer = bearer(session.body.access_token);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await proxy?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const admin = (path: string, body?: object) => supertest(a.url).post(path).set('Authorization', adminBearer).send(body ?? {});

  async function registerApproved(): Promise<{ clientId: string; secret: string }> {
    const reg = await supertest(a.url).post('/api/v1/clients')
      .send({ client_name: 'Scaled App', redirect_uris: [REDIRECT_URI], scope: 'user_id_read profile', grant_types: ['authorization_code', 'refresh_token'] })
      .expect(201);
    await admin(`/api/admin/clients/${reg.body.client_id}/approve`).expect(200);
    return { clientId: reg.body.client_id, secret: reg.body.client_secret };
  }

  /** The authorize request as a browser sends it: 302 to the login page when the channel may authorize, the 400 page when not. */
  const authorizeStatus = (base: string, clientId: string) =>
    supertest(base).get(`/oauth2/authorize?response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&code_challenge=${pkcePair().challenge}&code_challenge_method=S256`)
      .then((r) => r.status);

  /** Client authentication on `base`: RFC 7009 answers 200 to an authenticated client for any token. */
  const authenticates = (base: string, clientId: string, secret: string) =>
    supertest(base).post('/oauth2/revoke').set('Authorization', basicAuth(clientId, secret)).type('form').send({ token: 'not-a-token' })
      .then((r) => r.status);

  /** A user token through the proxy: login, consent and token each land on whichever instance is next. */
  async function userTokens(client: { clientId: string; secret: string }, user: { username: string; password: string } = ALICE) {
    const pkce = pkcePair();
    const browser = supertest.agent(proxy.url);
    const flow = await loginAndAuthorize({ http: () => browser } as unknown as TestApp, {
      clientId: client.clientId, redirectUri: REDIRECT_URI, scope: 'user_id_read profile', state: 's', codeChallenge: pkce.challenge, agent: browser, user,
    });
    expect(flow.code).toBeDefined();
    const token = await supertest(proxy.url).post('/oauth2/token').set('Authorization', basicAuth(client.clientId, client.secret)).type('form')
      .send({ grant_type: 'authorization_code', code: flow.code, redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier }).expect(200);
    return { access: token.body.access_token as string, refresh: token.body.refresh_token as string };
  }

  const me = (base: string, access: string) => supertest(base).get('/api/v1/me').set('Authorization', bearer(access)).then((r) => r.status);

  it('generated exactly one signing key, and both instances publish and use it', async () => {
    if (skip) return;
    const [ja, jb] = await Promise.all([supertest(a.url).get('/oauth2/jwks'), supertest(b.url).get('/oauth2/jwks')]);
    expect(ja.status).toBe(200);
    expect(ja.body.keys).toHaveLength(1);
    expect(jb.body).toEqual(ja.body);
  });

  it('login, consent and token spread over both instances', async () => {
    if (skip) return;
    const client = await registerApproved();
    await admin('/api/admin/users', { username: ALICE.username, password: ALICE.password, display_name: ALICE.displayName }).expect(201);
    const { access } = await userTokens(client);
    expect(await me(a.url, access)).toBe(200);
    expect(await me(b.url, access)).toBe(200);
  });

  it('a suspension and a reactivation made on one instance hold on the other', async () => {
    if (skip) return;
    const client = await registerApproved();
    expect(await authorizeStatus(b.url, client.clientId)).toBe(302); // b now holds the approved channel
    await admin(`/api/admin/clients/${client.clientId}/suspend`, { reason: 'abuse' }).expect(200);
    await sleep(setting.waitMs);
    expect(await authorizeStatus(b.url, client.clientId)).toBe(400);
    await admin(`/api/admin/clients/${client.clientId}/reactivate`).expect(200);
    await sleep(setting.waitMs);
    expect(await authorizeStatus(b.url, client.clientId)).toBe(302);
  });

  it('a secret rotated on one instance: the old secret stops working on the other', async () => {
    if (skip) return;
    const client = await registerApproved();
    expect(await authenticates(b.url, client.clientId, client.secret)).toBe(200);
    const rotated = await admin(`/api/admin/clients/${client.clientId}/secret`).expect(200);
    const fresh = rotated.body.client_secret as string;
    await sleep(setting.waitMs);
    expect(await authenticates(b.url, client.clientId, client.secret)).toBe(401);
    expect(await authenticates(b.url, client.clientId, fresh)).toBe(200);
  });

  it('a user disabled on one instance: their token stops working on the other', async () => {
    if (skip) return;
    const client = await registerApproved();
    const user = { username: `u${Date.now()}`, password: 'scaled-password-1' };
    const created = await admin('/api/admin/users', user).expect(201);
    const { access } = await userTokens(client, user);
    expect(await me(b.url, access)).toBe(200);
    await supertest(a.url).patch(`/api/admin/users/${created.body.id}`).set('Authorization', adminBearer).send({ disabled: true }).expect(200);
    await sleep(setting.waitMs);
    expect(await me(b.url, access)).toBe(401);
  });

  it('a token revoked on one instance is refused by the other', async () => {
    if (skip) return;
    const client = await registerApproved();
    const { access } = await userTokens(client);
    expect(await me(b.url, access)).toBe(200);
    await supertest(a.url).post('/oauth2/revoke').set('Authorization', basicAuth(client.clientId, client.secret)).type('form').send({ token: access }).expect(200);
    await sleep(setting.waitMs);
    expect(await me(b.url, access)).toBe(401);
  });

  it('a refresh token reused on the other instance revokes the family everywhere', async () => {
    if (skip) return;
    const client = await registerApproved();
    const first = await userTokens(client);
    const refresh = (base: string, token: string) => supertest(base).post('/oauth2/token').set('Authorization', basicAuth(client.clientId, client.secret))
      .type('form').send({ grant_type: 'refresh_token', refresh_token: token });
    const rotated = await refresh(a.url, first.refresh).expect(200);
    expect(await me(a.url, rotated.body.access_token)).toBe(200);
    expect(await me(b.url, rotated.body.access_token)).toBe(200);
    expect((await refresh(b.url, first.refresh).expect(400)).body.error).toBe('invalid_grant');
    await sleep(setting.waitMs);
    expect(await me(a.url, rotated.body.access_token)).toBe(401);
    expect(await me(b.url, rotated.body.access_token)).toBe(401);
  });

  it('the feed rows are in the shared database, one per change', async () => {
    if (skip) return;
    const ds = new DataSource(db.kind === 'sqlite'
      ? { type: 'better-sqlite3', database: join(dir as string, 'gatehouse.sqlite') }
      : { type: 'mysql', url: db.url });
    await ds.initialize();
    try {
      const rows: { topic: string; n: string | number }[] = await ds.query('SELECT topic, COUNT(*) AS n FROM change_events GROUP BY topic');
      const byTopic = Object.fromEntries(rows.map((r) => [r.topic, Number(r.n)]));
      expect(byTopic.client).toBeGreaterThanOrEqual(2 + 2 + 1); // approvals, suspend + reactivate, rotation
      expect(byTopic.user).toBeGreaterThanOrEqual(1);
      expect(byTopic.token).toBeGreaterThanOrEqual(1);
    } finally {
      await ds.destroy();
    }
  });
});
