import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput } from '../support/browser-flow';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ALICE, basicAuth, createClient, createUser, TestClient } from '../support/fixtures';
import { sleep } from '../support/tokens';

/**
 * Issue 7 "Abuse": the flood ceiling (@nestjs/throttler with DatabaseThrottlerStorage) — at most
 * THROTTLE_REQUESTS_PER_ADDRESS requests per window from one address to the login and
 * registration entry points together, successful or not, counted in the database so that every
 * instance shares the count. Each entry point answers the 429 as it answers its own throttling.
 * The token endpoints are not behind it (authenticated channels, throttled per client on failed
 * authentication; a per-address count would cost two statements on every token request).
 */

const LIMIT = 6;
const WINDOW_SECONDS = 2;
const ENV = {
  THROTTLE_REQUESTS_PER_ADDRESS: String(LIMIT), THROTTLE_REQUESTS_PER_ADDRESS_WINDOW: String(WINDOW_SECONDS), TRUST_PROXY: '127.0.0.1',
  THROTTLE_REGISTRATION: '100000', // the registration limit of its own stays out of the way
};

let addresses = 0;
/** A fresh caller address for each test (X-Forwarded-For from the trusted proxy 127.0.0.1). */
const freshAddress = () => `198.51.100.${++addresses}`;

const register = (t: TestApp, ip: string) => t.http().post('/api/v1/clients').set('X-Forwarded-For', ip)
  .send({ client_name: 'Flood', redirect_uris: ['https://flood.example/cb'] });
const token = (t: TestApp, client: TestClient, ip: string) => t.http().post('/oauth2/token').type('form').set('X-Forwarded-For', ip)
  .set('Authorization', basicAuth(client.clientId, client.clientSecret!)).send({ grant_type: 'client_credentials' });

function expectTooMany(res: supertest.Response): void {
  expect(res.status).toBe(429);
  expect(res.body.error).toBe('too_many_requests');
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(WINDOW_SECONDS);
}

describe('flood ceiling on one instance', () => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
    client = await createClient(t);
    await createUser(t, ALICE);
  });
  afterAll(async () => { await t.close(); });

  it('counts successful requests too: LIMIT registrations answer 201, the next one 429 with Retry-After; other addresses are not affected', async () => {
    const ip = freshAddress();
    for (let i = 0; i < LIMIT; i++) await register(t, ip).expect(201);
    expectTooMany(await register(t, ip));
    await register(t, freshAddress()).expect(201);
  });

  it('a parallel burst from one address: exactly LIMIT requests pass, every other one is refused', async () => {
    const ip = freshAddress();
    const answers = await Promise.all(Array.from({ length: 20 }, () => register(t, ip)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(LIMIT);
    for (const r of answers.filter((x) => x.status !== 201)) expectTooMany(r);
  });

  it('resets after the window: a refused address gets a whole new window (LIMIT requests) once the window has passed', async () => {
    const ip = freshAddress();
    for (let i = 0; i < LIMIT; i++) await register(t, ip).expect(201);
    expectTooMany(await register(t, ip));
    await sleep(WINDOW_SECONDS * 1000 + 300);
    for (let i = 0; i < LIMIT; i++) await register(t, ip).expect(201);
    expectTooMany(await register(t, ip));
  });

  it('one count per address across the guarded entry points; each answers the 429 in its own shape; token endpoints and pages still serve', async () => {
    const ip = freshAddress();
    const browser = t.http();
    const page = await browser.get('/login').set('X-Forwarded-For', ip).expect(200); // GET pages are not counted
    const csrf = hiddenInput(page.text, '_csrf');
    const login = () => browser.post('/login').type('form').set('X-Forwarded-For', ip).send({ ...ALICE, _csrf: csrf, return_to: '/account/grants' });
    await register(t, ip).expect(201);
    await register(t, ip).expect(201);
    await login().expect(302);
    await t.http().post('/api/admin/session').set('X-Forwarded-For', ip).send({ username: 'nobody-here', password: 'wrong-password' }).expect(401);
    await register(t, ip).expect(201);
    await register(t, ip).expect(201);

    expectTooMany(await register(t, ip));
    expectTooMany(await t.http().post('/api/admin/session').set('X-Forwarded-For', ip).send({ username: 'admin', password: 'x-password' }));
    const loginPage = await login();
    expect(loginPage.status).toBe(429);
    expect(loginPage.headers['content-type']).toMatch(/^text\/html/);
    expect(loginPage.text).toContain('slow_down');
    expect(Number(loginPage.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const consoleLogin = await t.http().post('/admin/login').type('form').set('X-Forwarded-For', ip).send({ username: 'admin', password: 'x' });
    expect(consoleLogin.status).toBe(429);
    expect(consoleLogin.headers['content-type']).toMatch(/^text\/html/);
    const seed004 = await t.http().get('/client/add').set('X-Forwarded-For', ip).query({ clientName: 'Flood', redirectUrl: 'https://flood.example/cb' });
    expect(seed004.status).toBe(429);
    expect(seed004.body).toMatchObject({ result: false, errcode: 4029 });
    expect(Number(seed004.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // Not guarded: the token endpoint, discovery, the login page, introspection.
    await token(t, client, ip).expect(200);
    await t.http().get('/.well-known/oauth-authorization-server').set('X-Forwarded-For', ip).expect(200);
    await t.http().get('/login').set('X-Forwarded-For', ip).expect(200);
    await t.http().post('/oauth2/introspect').type('form').set('X-Forwarded-For', ip)
      .set('Authorization', basicAuth(client.clientId, client.clientSecret!)).send({ token: 'x' }).expect(200);
  });
});

describe('flood ceiling shared by two instances on one database', () => {
  let shared: { url: string; drop: () => Promise<void> };
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    shared = await sharedDatabase();
    first = await startTestApp({ env: { ...ENV, DATABASE_URL: shared.url } });
    // @nestjs/passport registers its strategies process-wide: the second app starts once the first is up.
    second = await startTestApp({ env: { ...ENV, DATABASE_URL: shared.url } });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await shared?.drop();
  });

  it('requests to either instance count against one ceiling', async () => {
    const ip = freshAddress();
    for (let i = 0; i < LIMIT; i++) await register(i % 2 ? second : first, ip).expect(201);
    expectTooMany(await register(first, ip));
    expectTooMany(await register(second, ip));
  });

  it('a parallel burst split over both instances: exactly LIMIT requests pass in all', async () => {
    const ip = freshAddress();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => register(i % 2 ? second : first, ip)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(LIMIT);
    for (const r of answers.filter((x) => x.status !== 201)) expectTooMany(r);
  });
});

/** One database for two apps: a SQLite file, or (DATABASE_URL=mysql://…) a fresh MySQL database. */
async function sharedDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (process.env.DATABASE_URL?.startsWith('mysql')) {
    const db: TestDatabase = await createTestDatabase();
    return { url: db.url, drop: () => db.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-flood-'));
  return { url: `sqlite:${join(dir, 'shared.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
