import supertest from 'supertest';
import { AuditLog } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput } from '../support/browser-flow';
import { ALICE, BOB, basicAuth, createClient, createUser } from '../support/fixtures';
import { clientCredentials, sleep } from '../support/tokens';

/**
 * Issue 7 "Abuse" (PRODUCT.md "Throttling defaults", checklist #26): what the per-feature specs
 * (login, admin-auth, registration, token-endpoint) do not already prove — bursts of parallel
 * attempts, the end of a client lock, and that timing does not tell a known username from an
 * unknown one. Every counter is DB-backed (RateLimiter), so all instances share it.
 */

const LOCKED = 'Too many failed sign-in attempts. Wait a while and try again.';

/** A browser on the login page: it can post the login form any number of times. */
async function loginForm(t: TestApp, ip?: string): Promise<(user: { username: string; password: string }) => supertest.Test> {
  const agent = t.http();
  const page = agent.get('/login');
  if (ip) page.set('X-Forwarded-For', ip);
  const csrf = hiddenInput((await page.expect(200)).text, '_csrf');
  return (user) => {
    const req = agent.post('/login').type('form');
    if (ip) req.set('X-Forwarded-For', ip);
    return req.send({ ...user, _csrf: csrf, return_to: '/account/grants' });
  };
}

describe('#26 client authentication lock ends with its window', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { THROTTLE_CLIENT_AUTH: '3', THROTTLE_CLIENT_AUTH_WINDOW: '1' } }); });
  afterAll(async () => { await t.close(); });

  it('#26 after K failed secrets even the right one gets 429 (slow_down, Retry-After) until the window passes; then 200', async () => {
    const victim = await createClient(t);
    const bystander = await createClient(t);
    const guess = (i: number) => t.http().post('/oauth2/token').type('form')
      .set('Authorization', basicAuth(victim.clientId, `ghs_guess-${i}`)).send({ grant_type: 'client_credentials' });
    for (let i = 0; i < 3; i++) expect((await guess(i)).body.error).toBe('invalid_client');
    const locked = await clientCredentials(t, victim).expect(429);
    expect(locked.body.error).toBe('slow_down');
    expect(locked.headers['cache-control']).toBe('no-store');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // client_secret_post and the other back-channel endpoints share the same lock
    const posted = await t.http().post('/oauth2/introspect').type('form')
      .send({ token: 'x', client_id: victim.clientId, client_secret: victim.clientSecret });
    expect(posted.status).toBe(429);
    await clientCredentials(t, bystander).expect(200);
    await sleep(1100);
    await clientCredentials(t, victim).expect(200);
  });

  it('#26 successful client authentications never count toward the lock', async () => {
    const client = await createClient(t);
    for (let i = 0; i < 8; i++) await clientCredentials(t, client).expect(200);
  });
});

describe('login throttling under a burst on one account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LOGIN_PER_ACCOUNT: '5', THROTTLE_LOGIN_PER_ADDRESS: '100', TRUST_PROXY: '127.0.0.1' } });
    await createUser(t, ALICE);
    await createUser(t, BOB);
  });
  afterAll(async () => { await t.close(); });

  it('20 parallel wrong passwords for one account: at most 5 are checked, the rest 429; then the right password is refused too', async () => {
    const post = await loginForm(t, '198.51.100.1');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post({ username: ALICE.username, password: `guess-${i}` })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    for (const r of answers.filter((x) => x.status === 429)) expect(r.text).toContain(LOCKED);
    const fromElsewhere = await (await loginForm(t, '198.51.100.2'))(ALICE);
    expect(fromElsewhere.status).toBe(429);
    expect(fromElsewhere.text).toContain(LOCKED);
  });

  it('a locked account does not lock out another account, even from the same address', async () => {
    const post = await loginForm(t, '198.51.100.1');
    expect((await post(BOB)).status).toBe(302);
  });

  it('the locked answer is the same for an existing and an unknown account (nothing to enumerate)', async () => {
    const post = await loginForm(t, '198.51.100.3');
    for (let i = 0; i < 5; i++) await post({ username: 'nobody-at-all', password: `guess-${i}` });
    const unknown = await post({ username: 'nobody-at-all', password: 'again' });
    const known = await post({ username: ALICE.username, password: 'again' });
    expect(unknown.status).toBe(429);
    expect(known.status).toBe(429);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(unknown.text)).toBe(strip(known.text));
  });
});

describe('login throttling under a burst from one address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LOGIN_PER_ACCOUNT: '100', THROTTLE_LOGIN_PER_ADDRESS: '12', TRUST_PROXY: '127.0.0.1' } });
    await createUser(t, BOB);
  });
  afterAll(async () => { await t.close(); });

  it('30 parallel wrong passwords across accounts from one address: at most 12 are checked; the address is then locked, others are not', async () => {
    const post = await loginForm(t, '203.0.113.77');
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => post({ username: `user-${i}`, password: 'wrong-password' })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(12);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const res = await post(BOB);
    expect(res.status).toBe(429);
    expect(res.text).toContain(LOCKED);
    expect((await (await loginForm(t, '203.0.113.78'))(BOB)).status).toBe(302);
  });
});

describe('#40 X-Forwarded-For from an address that is not a configured proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LOGIN_PER_ACCOUNT: '100', THROTTLE_LOGIN_PER_ADDRESS: '3' } });
    await createUser(t, BOB);
  });
  afterAll(async () => { await t.close(); });

  it('#40 is ignored without TRUST_PROXY: rotating it neither escapes the per-address lock nor lands in the audit log', async () => {
    const post = await loginForm(t);
    for (let i = 0; i < 3; i++) {
      const res = await post({ username: `spoof-${i}`, password: 'wrong-password' }).set('X-Forwarded-For', `203.0.113.${i + 1}`);
      expect(res.status).toBe(401);
    }
    const locked = await post(BOB).set('X-Forwarded-For', '198.51.100.200');
    expect(locked.status).toBe(429);
    const [event] = (await t.app.get(AuditLog).query({ action: 'login.locked' })).items;
    expect(event.ip).toBe('127.0.0.1');
  });
});

describe('registration throttling under a burst', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { THROTTLE_REGISTRATION: '3', TRUST_PROXY: '127.0.0.1' } }); });
  afterAll(async () => { await t.close(); });

  it('10 parallel registrations from one address: at most THROTTLE_REGISTRATION succeed, the rest 429 too_many_requests', async () => {
    const body = { client_name: 'Burst', redirect_uris: ['https://burst.example/cb'] };
    const answers = await Promise.all(Array.from({ length: 10 }, () =>
      t.http().post('/api/v1/clients').set('X-Forwarded-For', '192.0.2.10').send(body)));
    const created = answers.filter((r) => r.status === 201).length;
    // Counted before the work, so a burst cannot slip past the limit (it may stop short of it).
    expect(created).toBeGreaterThanOrEqual(1);
    expect(created).toBeLessThanOrEqual(3);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(10 - created);
    for (const r of answers.filter((x) => x.status === 429)) {
      expect(r.body.error).toBe('too_many_requests');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    await t.http().post('/api/v1/clients').set('X-Forwarded-For', '192.0.2.11').send(body).expect(201);
  });
});

describe('no user enumeration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LOGIN_PER_ACCOUNT: '1000', THROTTLE_LOGIN_PER_ADDRESS: '1000' } });
    await createUser(t, ALICE);
    await createUser(t, { username: 'operator', password: 'operator-password-1', isAdmin: true });
  });
  afterAll(async () => { await t.close(); });

  it('the admin API answers an unknown user, a wrong password and a wrong admin password with one status and body', async () => {
    const answers = await Promise.all([
      { username: 'nobody-here', password: 'whatever-123' },
      { username: ALICE.username, password: 'wrong-password' },
      { username: 'operator', password: 'wrong-password' },
    ].map((body) => t.http().post('/api/admin/session').send(body)));
    for (const r of answers) expect(r.status).toBe(401);
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  it('login takes as long for an unknown user as for a wrong password (median of 15 each, within a factor of 2)', async () => {
    const post = await loginForm(t);
    const time = async (user: { username: string; password: string }) => {
      const start = process.hrtime.bigint();
      const res = await post(user);
      expect(res.status).toBe(401);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    await time({ username: 'warm-up-unknown', password: 'x-password' });
    await time({ username: ALICE.username, password: 'x-password' });
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 15; i++) {
      unknown.push(await time({ username: `ghost-${i}`, password: `wrong-${i}` }));
      known.push(await time({ username: ALICE.username, password: `wrong-${i}` }));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
