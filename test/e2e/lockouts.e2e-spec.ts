import fc from 'fast-check';
import supertest from 'supertest';
import { UsersService } from '../../libs/accounts/src';
import { AuditLog } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { bearer } from '../support/admin';
import { hiddenInput } from '../support/browser-flow';
import { ADMIN, ALICE, basicAuth, createClient, createUser, TestClient } from '../support/fixtures';

/**
 * Issue 14, finding 3: brute-force protection that nobody can turn against the rightful user.
 * Accounts: a browser that signed in before (device cookie) or an address that signed in before
 * is not locked by failures from elsewhere; untrusted failures still lock the account (5 / 15
 * min). Channels: failures lock the failing (client, address) pair and address, never the
 * client. Operators see and clear locks (admin API and console). The addresses come from
 * X-Forwarded-For, trusted from 127.0.0.1 (TRUST_PROXY) as in production behind a proxy.
 */

const ENV = { TRUST_PROXY: '127.0.0.1', THROTTLE_LOGIN_PER_ACCOUNT: '5', THROTTLE_LOGIN_PER_ACCOUNT_WINDOW: '900', THROTTLE_CLIENT_AUTH: '10', THROTTLE_CLIENT_AUTH_WINDOW: '60' };

/** name=value pairs of every Set-Cookie of a response. */
function setCookies(res: supertest.Response): string[] {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  return (raw ?? []).map((line) => line.split(';')[0]);
}

function deviceCookieOf(res: supertest.Response): string | undefined {
  return setCookies(res).find((c) => c.startsWith('gh_device_'));
}

/** One login through a login page (`/login` or `/admin/login`) from `ip`, as a fresh browser that may carry a device cookie. */
async function pageLogin(t: TestApp, path: '/login' | '/admin/login', ip: string, user: { username: string; password: string }, device?: string) {
  const page = await t.http().get(path).set('X-Forwarded-For', ip).expect(200);
  const cookies = [...setCookies(page), ...(device ? [device] : [])].join('; ');
  const res = await t.http().post(path).type('form').set('X-Forwarded-For', ip).set('Cookie', cookies)
    .send({ username: user.username, password: user.password, _csrf: hiddenInput(page.text, '_csrf'), return_to: path === '/login' ? '/account/grants' : '/admin' });
  return { status: res.status, device: deviceCookieOf(res), res };
}

function apiLogin(t: TestApp, ip: string, user: { username: string; password: string }, device?: string) {
  const req = t.http().post('/api/admin/session').set('X-Forwarded-For', ip);
  if (device) req.set('Cookie', device);
  return req.send(user);
}

function clientCredentialsFrom(t: TestApp, ip: string, client: TestClient, secret = client.clientSecret!) {
  return t.http().post('/oauth2/token').type('form').set('X-Forwarded-For', ip)
    .set('Authorization', basicAuth(client.clientId, secret)).send({ grant_type: 'client_credentials' });
}

async function makeAdmin(t: TestApp, username: string, password: string): Promise<void> {
  await t.app.get(UsersService).create({ username, password, isAdmin: true }, { actor: 'test' });
}

describe('account lockouts spare the rightful user (device cookies, trusted addresses)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: ENV }); });
  afterAll(async () => { await t.close(); });

  it('an operator who signed in before gets in from their browser (even from a new address) while an attacker has locked the account', async () => {
    const op = { username: 'op1', password: 'op1-password-long' };
    await makeAdmin(t, op.username, op.password);
    const first = await pageLogin(t, '/admin/login', '192.0.2.10', op);
    expect(first.status).toBe(302);
    expect(first.device).toMatch(/^gh_device_[0-9a-f]{16}=/);
    expect(first.res.headers['set-cookie']!.toString()).toMatch(/gh_device_[^;]*;[^,]*HttpOnly/i);

    for (let i = 0; i < 5; i++) expect((await pageLogin(t, '/admin/login', `198.51.100.${i + 1}`, { ...op, password: `guess-${i}` })).status).toBe(401);
    // Locked for everyone the account does not trust: even the right password from a fresh browser elsewhere.
    expect((await pageLogin(t, '/admin/login', '198.51.100.99', op)).status).toBe(429);
    expect((await apiLogin(t, '198.51.100.99', op)).status).toBe(429);
    // The operator's browser, from a hotel address it never used: in.
    expect((await pageLogin(t, '/admin/login', '203.0.113.50', op, first.device)).status).toBe(302);
    // The operator's usual address, a fresh browser or a script on the admin API: in.
    expect((await pageLogin(t, '/admin/login', '192.0.2.10', op)).status).toBe(302);
    expect((await apiLogin(t, '192.0.2.10', op)).status).toBe(200);
  });

  it('the same holds for users at /login', async () => {
    await createUser(t, ALICE);
    const first = await pageLogin(t, '/login', '192.0.2.20', ALICE);
    expect(first.status).toBe(302);
    for (let i = 0; i < 6; i++) await pageLogin(t, '/login', '198.51.100.20', { ...ALICE, password: `guess-${i}` });
    expect((await pageLogin(t, '/login', '198.51.100.21', ALICE)).status).toBe(429);
    expect((await pageLogin(t, '/login', '203.0.113.20', ALICE, first.device)).status).toBe(302);
    expect((await pageLogin(t, '/login', '192.0.2.20', ALICE)).status).toBe(302);
  });

  it('failures with a device cookie count against that device only; a cookie for another account, expired or forged does not help', async () => {
    const op = { username: 'op2', password: 'op2-password-long' };
    await makeAdmin(t, op.username, op.password);
    const laptop = (await pageLogin(t, '/admin/login', '192.0.2.30', op)).device!;
    const phone = (await pageLogin(t, '/admin/login', '192.0.2.31', op)).device!;
    expect(laptop).not.toBe(phone);
    for (let i = 0; i < 5; i++) expect((await pageLogin(t, '/admin/login', '203.0.113.30', { ...op, password: `typo-${i}` }, laptop)).status).toBe(401);
    expect((await pageLogin(t, '/admin/login', '203.0.113.30', op, laptop)).status).toBe(429);
    // The account itself is not locked: the phone, a trusted address and even a fresh untrusted browser still get in.
    expect((await pageLogin(t, '/admin/login', '203.0.113.31', op, phone)).status).toBe(302);
    expect((await pageLogin(t, '/admin/login', '198.51.100.30', op)).status).toBe(302);

    // op3 is locked by an attacker: op3's own device cookie gets in; op2's, or op3's with a changed id or signature, does not.
    const op3 = { username: 'op3', password: 'op3-password-long' };
    await makeAdmin(t, op3.username, op3.password);
    const op3Device = (await pageLogin(t, '/admin/login', '192.0.2.32', op3)).device!;
    for (let i = 0; i < 5; i++) await pageLogin(t, '/admin/login', '198.51.100.40', { ...op3, password: `guess-${i}` });
    expect((await pageLogin(t, '/admin/login', '198.51.100.41', op3, phone)).status).toBe(429);
    const [name, value] = op3Device.split('=');
    const [id, exp, mac] = value.split('.');
    const otherId = `${name}=${id.slice(0, -2)}${id.endsWith('AA') ? 'BB' : 'AA'}.${exp}.${mac}`;
    const longer = `${name}=${id}.${Number(exp) + 86_400}.${mac}`;
    const foreignMac = `${name}=${id}.${exp}.${phone.split('=')[1].split('.')[2]}`;
    for (const forged of [otherId, longer, foreignMac]) {
      expect((await pageLogin(t, '/admin/login', '198.51.100.42', op3, forged)).status).toBe(429);
    }
    expect((await pageLogin(t, '/admin/login', '198.51.100.42', op3, op3Device)).status).toBe(302);
  });

  it('an untrusted source is still locked after 5 failures, even with the right password, and the lock is audited', async () => {
    const op = { username: 'op4', password: 'op4-password-long' };
    await makeAdmin(t, op.username, op.password);
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await pageLogin(t, '/admin/login', `198.51.100.${50 + i}`, { ...op, password: `guess-${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect((await pageLogin(t, '/admin/login', '198.51.100.60', op)).status).toBe(429);
    const { items } = await t.app.get(AuditLog).query({ action: 'login.locked', targetId: 'op4' });
    expect(items[0]).toMatchObject({ details: { source: 'untrusted' } });
  });
});

describe('channel lockouts lock the failing address, never the channel', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: ENV }); });
  afterAll(async () => { await t.close(); });

  it('a channel with its right secret is never refused for other callers\' failures; the failing address is', async () => {
    const channel = await createClient(t);
    for (let i = 0; i < 15; i++) await clientCredentialsFrom(t, '198.51.100.70', channel, `ghs_guess-${i}`);
    // The attacker's address is locked for this channel, even with the right secret.
    const locked = await clientCredentialsFrom(t, '198.51.100.70', channel);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('slow_down');
    // The channel from its own address, and from a fresh one: served.
    expect((await clientCredentialsFrom(t, '192.0.2.70', channel)).status).toBe(200);
    expect((await clientCredentialsFrom(t, '203.0.113.70', channel)).status).toBe(200);
    // Introspection and revocation share the rule.
    const introspect = await t.http().post('/oauth2/introspect').type('form').set('X-Forwarded-For', '192.0.2.70')
      .set('Authorization', basicAuth(channel.clientId, channel.clientSecret!)).send({ token: 'x' });
    expect(introspect.status).toBe(200);
  });

  it('an address that fails for many channels is locked for all of them (THROTTLE_CLIENT_AUTH_PER_ADDRESS, 5 × per pair by default)', async () => {
    const channels = await Promise.all(Array.from({ length: 6 }, () => createClient(t)));
    for (const c of channels) for (let i = 0; i < 9; i++) await clientCredentialsFrom(t, '198.51.100.80', c, `ghs_guess-${i}`);
    const fresh = await createClient(t);
    expect((await clientCredentialsFrom(t, '198.51.100.80', fresh)).status).toBe(429);
    expect((await clientCredentialsFrom(t, '192.0.2.80', fresh)).status).toBe(200);
  });

  it('unknown client ids count against the address', async () => {
    for (let i = 0; i < 50; i++) {
      await t.http().post('/oauth2/token').type('form').set('X-Forwarded-For', '198.51.100.90')
        .set('Authorization', basicAuth(`no-such-client-${i}`, 'x')).send({ grant_type: 'client_credentials' }).expect(401);
    }
    const channel = await createClient(t);
    expect((await clientCredentialsFrom(t, '198.51.100.90', channel)).status).toBe(429);
  });
});

describe('operators see and clear locks (GET/DELETE /api/admin/locks, /admin/locks)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
    await makeAdmin(t, ADMIN.username, ADMIN.password);
    token = (await apiLogin(t, '192.0.2.1', ADMIN).expect(200)).body.access_token;
  });
  afterAll(async () => { await t.close(); });

  const locks = async () => (await t.http().get('/api/admin/locks').set('Authorization', bearer(token)).expect(200)).body as { id: string; kind: string; subject: string; locked_until: string }[];

  it('lists account and channel locks; clearing one ends it at once, resets its counter and is audited', async () => {
    const victim = { username: 'victim', password: 'victim-password-1' };
    await makeAdmin(t, victim.username, victim.password);
    for (let i = 0; i < 5; i++) await pageLogin(t, '/admin/login', '198.51.100.1', { ...victim, password: `guess-${i}` });
    const channel = await createClient(t);
    for (let i = 0; i < 10; i++) await clientCredentialsFrom(t, '198.51.100.2', channel, `ghs_guess-${i}`);

    const listed = await locks();
    const account = listed.find((l) => l.kind === 'login:account' && l.subject === 'victim')!;
    expect(account).toBeDefined();
    expect(Date.parse(account.locked_until)).toBeGreaterThan(Date.now() + 14 * 60_000);
    const pair = listed.find((l) => l.kind === 'client-auth:client-address')!;
    expect(pair.subject).toBe(`${channel.clientId}/198.51.100.2`);

    expect((await pageLogin(t, '/admin/login', '198.51.100.3', victim)).status).toBe(429);
    const cleared = await t.http().delete(`/api/admin/locks/${account.id}`).set('Authorization', bearer(token)).expect(200);
    expect(cleared.body).toMatchObject({ kind: 'login:account', subject: 'victim' });
    expect((await locks()).find((l) => l.id === account.id)).toBeUndefined();
    // The counter starts again: one more failure does not lock again, and the right password works.
    expect((await pageLogin(t, '/admin/login', '198.51.100.4', { ...victim, password: 'guess-x' })).status).toBe(401);
    expect((await pageLogin(t, '/admin/login', '198.51.100.3', victim)).status).toBe(302);
    const { items } = await t.app.get(AuditLog).query({ action: 'lock.cleared' });
    expect(items[0]).toMatchObject({ actor: `admin:${ADMIN.username}`, target_type: 'lock', target_id: 'victim', details: { kind: 'login:account' } });

    await t.http().delete(`/api/admin/locks/${account.id}`).set('Authorization', bearer(token)).expect(404);
    await t.http().delete('/api/admin/locks/not*an*id').set('Authorization', bearer(token)).expect(404);
    await t.http().delete(`/api/admin/locks/${Buffer.from('login:account:victim').toString('base64url')}`).set('Authorization', bearer(token)).expect(404);
  });

  it('clears long ids too (a device lock of a 64-character account, a channel locked from an IPv6 address)', async () => {
    const long = { username: `${'l'.repeat(60)}-op1`, password: 'long-name-password-1' };
    await makeAdmin(t, long.username, long.password);
    const device = (await pageLogin(t, '/admin/login', '192.0.2.5', long)).device!;
    for (let i = 0; i < 5; i++) await pageLogin(t, '/admin/login', '192.0.2.6', { ...long, password: `typo-${i}` }, device);
    const channel = await createClient(t);
    for (let i = 0; i < 10; i++) await clientCredentialsFrom(t, '2001:db8:ffff:ffff:ffff:ffff:ffff:fff1', channel, `ghs_guess-${i}`);
    const listed = await locks();
    const ids = [
      listed.find((l) => l.kind === 'login:device' && l.subject.startsWith(`${long.username}/`))!.id,
      listed.find((l) => l.subject === `${channel.clientId}/2001:db8:ffff:ffff:ffff:ffff:ffff:fff1`)!.id,
    ];
    for (const id of ids) {
      expect(id.length).toBeGreaterThan(100);
      await t.http().delete(`/api/admin/locks/${id}`).set('Authorization', bearer(token)).expect(200);
    }
    expect((await pageLogin(t, '/admin/login', '192.0.2.6', long, device)).status).toBe(302);
    expect((await clientCredentialsFrom(t, '2001:db8:ffff:ffff:ffff:ffff:ffff:fff1', channel)).status).toBe(200);
  });

  it('any id that names no lock in force is a 404, never a 5xx', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 400 }), async (id) => {
      const res = await t.http().delete(`/api/admin/locks/${encodeURIComponent(id)}`).set('Authorization', bearer(token));
      expect([400, 404]).toContain(res.status);
    }), { numRuns: 60 });
    for (const key of ['login:account-lock:', 'throttle:flood:127.0.0.1', 'login:trusted:admin/192.0.2.1', `login:account-lock:${'x'.repeat(1000)}`]) {
      await t.http().delete(`/api/admin/locks/${Buffer.from(key).toString('base64url')}`).set('Authorization', bearer(token)).expect(404);
    }
  });

  it('needs an operator token, and is in the OpenAPI document', async () => {
    await t.http().get('/api/admin/locks').expect(401);
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    expect(doc.paths['/api/admin/locks'].get).toBeDefined();
    expect(doc.paths['/api/admin/locks/{id}'].delete).toBeDefined();
  });

  it('the console page lists locks and clears one with a CSRF-checked form (no JavaScript), in English and Chinese', async () => {
    const channel = await createClient(t);
    for (let i = 0; i < 10; i++) await clientCredentialsFrom(t, '198.51.100.9', channel, `ghs_guess-${i}`);
    const browser = t.http();
    const login = await browser.get('/admin/login').set('X-Forwarded-For', '192.0.2.1').expect(200);
    await browser.post('/admin/login').type('form').set('X-Forwarded-For', '192.0.2.1')
      .send({ ...ADMIN, _csrf: hiddenInput(login.text, '_csrf'), return_to: '/admin/locks' }).expect(302);
    const page = await browser.get('/admin/locks').expect(200);
    expect(page.text).toContain(`${channel.clientId}/198.51.100.9`);
    expect(page.text).toContain('Channel authentication from one address');
    const pair = (await locks()).find((l) => l.subject === `${channel.clientId}/198.51.100.9`)!;
    expect(page.text).toContain(`action="/admin/locks/${pair.id}/clear"`);

    await browser.post(`/admin/locks/${pair.id}/clear`).type('form').send({ _csrf: 'wrong' }).expect(403);
    expect((await locks()).find((l) => l.id === pair.id)).toBeDefined();
    const done = await browser.post(`/admin/locks/${pair.id}/clear`).type('form').send({ _csrf: hiddenInput(page.text, '_csrf') }).expect(302);
    expect(done.headers.location).toBe('/admin/locks');
    expect((await locks()).find((l) => l.id === pair.id)).toBeUndefined();
    const after = await browser.get('/admin/locks').expect(200);
    expect(after.text).toContain(`The lock on ${channel.clientId}/198.51.100.9 was cleared`);
    expect((await clientCredentialsFrom(t, '198.51.100.9', channel)).status).toBe(200);

    const zh = await browser.get('/admin/locks?lang=zh-CN').expect(200);
    expect(zh.text).toContain('锁定');
  });
});
