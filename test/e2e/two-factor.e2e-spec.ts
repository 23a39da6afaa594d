import supertest from 'supertest';
import { AuditEventEntity } from '../../libs/persistence/src';
import { totpCode, TOTP_PERIOD_SECONDS } from '../../libs/accounts/src/second-factors/totp';
import { authorizeUrl, idTokenClaims, passwordStep } from '../support/two-factor';
import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';
import { hiddenInput, pkcePair } from '../support/browser-flow';
import { ADMIN, ALICE, createClient, createUser } from '../support/fixtures';

/**
 * Issue 18: TOTP two-step verification (RFC 6238) with recovery codes, for users and operators.
 * The enrolment page shows the key as text (#totp-secret) and takes the first code in
 * form#totp-enroll-form; after the password, form#mfa-form takes a TOTP or a recovery code.
 *
 * A code is accepted once per 30-second step, and the enrolment code counts as used: so the tests
 * use the codes of the previous, current and next steps (all inside the ±1 step window) in order.
 */
const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
const codeAt = (secret: string, steps: number) => totpCode(secret, Date.now() + steps * STEP_MS);

/** The second step: form#mfa-form with `code`. */
async function codeStep(agent: supertest.Agent, code: string): Promise<supertest.Response> {
  const page = await agent.get('/login/mfa').expect(200);
  expect(page.text).toContain('id="mfa-form"');
  return agent.post('/login/mfa').type('form').send({ code, _csrf: hiddenInput(page.text, '_csrf') });
}

/** Signs in with the password alone (the user has no second factor yet) and sets one up; the key and recovery codes. */
async function enrol(t: TestApp, agent: supertest.Agent, path = '/account/security'): Promise<{ secret: string; recovery: string[] }> {
  const page = await agent.get(path).expect(200);
  expect(page.text).toContain('id="totp-enroll-form"');
  expect(page.text).toContain('<svg');
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page.text)?.[1] ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const wrong = await agent.post(`${path}/confirm`).type('form').send({ code: '000000', _csrf: hiddenInput(page.text, '_csrf') });
  expect(wrong.status).toBe(400);
  const done = await agent.post(`${path}/confirm`).type('form').send({ code: codeAt(secret, -1), _csrf: hiddenInput(page.text, '_csrf') }).expect(200);
  const recovery = [...done.text.matchAll(/<li><code>([0-9a-f]{5}-[0-9a-f]{5})<\/code><\/li>/g)].map((m) => m[1]);
  expect(recovery).toHaveLength(10);
  return { secret, recovery };
}

describe('two-step verification for users', () => {
  let t: TestApp;
  let aliceId: string;
  let secret: string;
  let recovery: string[];

  beforeAll(async () => {
    t = await startTestApp();
    aliceId = (await createUser(t, ALICE)).id;
    const agent = t.http();
    expect((await passwordStep(agent, ALICE)).headers.location).toBe('/account/grants');
    ({ secret, recovery } = await enrol(t, agent));
  });
  afterAll(() => t.close());

  it('stores the key sealed and the recovery codes hashed; the enrolment is audited', async () => {
    const rows: { type: string; secret: string }[] = await t.dataSource.query('SELECT type, secret FROM user_credentials WHERE user_id = ?', [aliceId]);
    expect(rows.find((r) => r.type === 'totp')?.secret).toMatch(/^v1\./);
    expect(rows.map((r) => r.secret).join(' ')).not.toContain(secret);
    for (const code of recovery) expect(rows.map((r) => r.secret).join(' ')).not.toContain(code.replace('-', ''));
    expect(await t.dataSource.getRepository(AuditEventEntity).countBy({ action: 'user.mfa_enrolled', targetId: aliceId })).toBe(1);
  });

  it('after the password the user is not signed in yet: the second step asks for a code, then signs in', async () => {
    const agent = t.http();
    const afterPassword = await passwordStep(agent, ALICE);
    expect(afterPassword.status).toBe(302);
    expect(afterPassword.headers.location).toBe('/login/mfa');
    // Half signed in is not signed in.
    expect((await agent.get('/account/grants')).status).toBe(302);
    const done = await codeStep(agent, codeAt(secret, 0));
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe('/account/grants');
    expect((await agent.get('/account/grants')).status).toBe(200);
  });

  it('a code that was used (or an older one) is refused, also in another browser', async () => {
    const agent = t.http();
    await passwordStep(agent, ALICE);
    expect((await codeStep(agent, codeAt(secret, 0))).status).toBe(401); // used by the previous test
    expect((await codeStep(agent, codeAt(secret, -1))).status).toBe(401); // the enrolment's
    expect((await codeStep(agent, codeAt(secret, 1))).status).toBe(302);
  });

  it('a recovery code works once', async () => {
    const first = t.http();
    await passwordStep(first, ALICE);
    expect((await codeStep(first, recovery[0])).status).toBe(302);
    const second = t.http();
    await passwordStep(second, ALICE);
    expect((await codeStep(second, recovery[0])).status).toBe(401);
    expect((await codeStep(second, recovery[1].toUpperCase().replace('-', ' '))).status).toBe(302);
    const status = await supertest(t.app.getHttpServer()).get(`/api/admin/users/${aliceId}/second-factors`).set('Authorization', bearer(await adminToken(t)));
    expect(status.body).toEqual({ totp: true, recovery_codes_left: 8, passkeys: 0 });
  });

  it('the second step cannot be reached without the password step', async () => {
    const agent = t.http();
    expect((await agent.get('/login/mfa')).headers.location).toBe('/login');
  });

  it('wrong codes are throttled like passwords: after five, even a right code waits', async () => {
    const bob = { username: 'bob-mfa', password: 'bob-password-1' };
    await createUser(t, bob);
    const setup = t.http();
    await passwordStep(setup, bob);
    const bobKey = await enrol(t, setup);
    const agent = t.http();
    await passwordStep(agent, bob);
    for (let i = 0; i < 5; i++) expect((await codeStep(agent, '123456')).status).toBe(401);
    const locked = await codeStep(agent, codeAt(bobKey.secret, 0));
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
  });

  it('ID Tokens carry amr pwd+otp+mfa and acr mfa after the second step; pwd alone before', async () => {
    const rp = await createClient(t, { scope: 'openid profile user_id_read' });
    const carol = { username: 'carol-mfa', password: 'carol-password-1' };
    await createUser(t, carol);
    const claimsAfter = async (agent: supertest.Agent, extra: Record<string, string> = {}) => idTokenClaims(t, rp, agent, extra);
    const plain = t.http();
    await passwordStep(plain, carol);
    expect(await claimsAfter(plain)).toMatchObject({ amr: ['pwd'], acr: 'pwd' });

    const setup = t.http();
    await passwordStep(setup, carol);
    const key = await enrol(t, setup);
    const agent = t.http();
    await passwordStep(agent, carol);
    expect((await codeStep(agent, codeAt(key.secret, 0))).status).toBe(302);
    expect(await claimsAfter(agent)).toMatchObject({ amr: ['pwd', 'otp', 'mfa'], acr: 'mfa' });

    // Step-up: the first browser is still signed in with the password alone; acr_values=mfa asks for the code.
    const pkce = pkcePair();
    const url = authorizeUrl(rp, pkce.challenge, { acr_values: 'mfa' });
    const ask = await plain.get(url);
    expect(ask.status).toBe(302);
    expect(ask.headers.location).toBe('/login/mfa');
    expect((await codeStep(plain, codeAt(key.secret, 1))).headers.location).toBe(url);
    expect(await claimsAfter(plain, { acr_values: 'mfa' })).toMatchObject({ amr: ['pwd', 'otp', 'mfa'], acr: 'mfa' });
  });

  it('removal needs a fresh code; an operator reset needs none and is audited', async () => {
    const dave = { username: 'dave-mfa', password: 'dave-password-1' };
    const daveId = (await createUser(t, dave)).id;
    const agent = t.http();
    await passwordStep(agent, dave);
    const key = await enrol(t, agent);
    const page = await agent.get('/account/security').expect(200);
    expect(page.text).toContain('id="totp-remove-form"');
    expect((await agent.post('/account/security/remove').type('form').send({ code: '999999', _csrf: hiddenInput(page.text, '_csrf') })).status).toBe(400);
    expect((await agent.post('/account/security/remove').type('form').send({ code: codeAt(key.secret, 0), _csrf: hiddenInput(page.text, '_csrf') })).status).toBe(200);
    expect((await passwordStep(t.http(), dave)).headers.location).toBe('/account/grants'); // no second step any more

    const again = await enrol(t, agent);
    expect(again.secret).not.toBe(key.secret);
    const admin = bearer(await adminToken(t));
    const http = supertest(t.app.getHttpServer());
    await http.delete(`/api/admin/users/${daveId}/second-factors`).set('Authorization', admin).expect(204);
    await http.delete(`/api/admin/users/${daveId}/second-factors`).set('Authorization', admin).expect(404);
    expect((await passwordStep(t.http(), dave)).headers.location).toBe('/account/grants');
    expect(await t.dataSource.getRepository(AuditEventEntity).countBy({ action: 'user.mfa_reset', targetId: daveId })).toBe(1);
    expect(await t.dataSource.getRepository(AuditEventEntity).countBy({ action: 'user.mfa_removed', targetId: daveId })).toBe(1);
  });
});

describe('two-step verification for operators (ADMIN_MFA=required)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_MFA: 'required' } });
    await createUser(t, { ...ADMIN, isAdmin: true });
  });
  afterAll(() => t.close());

  const consoleLogin = async (agent: supertest.Agent) => {
    const page = await agent.get('/admin/login').expect(200);
    return agent.post('/admin/login').type('form').send({ username: ADMIN.username, password: ADMIN.password, _csrf: hiddenInput(page.text, '_csrf'), return_to: '/admin' });
  };
  const apiSession = (body: Record<string, string>) => supertest(t.app.getHttpServer()).post('/api/admin/session').send({ ...ADMIN, ...body });

  it('an operator without a second factor reaches only its set-up, in the console and through the API', async () => {
    expect((await apiSession({})).status).toBe(403);
    const agent = t.http();
    expect((await consoleLogin(agent)).headers.location).toBe('/admin');
    const dashboard = await agent.get('/admin');
    expect(dashboard.status).toBe(302);
    expect(dashboard.headers.location).toBe('/admin/security');
    expect((await agent.get('/admin/users')).headers.location).toBe('/admin/security');
    const { secret } = await enrol(t, agent, '/admin/security');
    // Enrolled in this session: it now counts as signed in with the second factor.
    expect((await agent.get('/admin')).status).toBe(200);

    // The API session now needs the code.
    expect((await apiSession({})).status).toBe(401);
    expect((await apiSession({ otp: '000000' })).status).toBe(401);
    const ok = await apiSession({ otp: codeAt(secret, 0) });
    expect(ok.status).toBe(200);
    expect(ok.body.access_token).toEqual(expect.any(String));
    expect((await apiSession({ otp: codeAt(secret, 0) })).status).toBe(401); // the same code again

    // A new console login goes through the second step.
    const fresh = t.http();
    expect((await consoleLogin(fresh)).headers.location).toBe('/login/mfa');
    expect((await codeStep(fresh, codeAt(secret, 1))).headers.location).toBe('/admin');
    expect((await fresh.get('/admin')).status).toBe(200);
  });
});
