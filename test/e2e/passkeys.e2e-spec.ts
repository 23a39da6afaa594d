import supertest from 'supertest';
import { AuditEventEntity, UserCredentialEntity } from '../../libs/persistence/src';
import { SessionStore, UsersService } from '../../libs/accounts/src';
import { authorizeUrl, idTokenClaims, passwordStep } from '../support/two-factor';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput, pkcePair } from '../support/browser-flow';
import { ADMIN, ALICE, createClient, createUser } from '../support/fixtures';
import { SoftAuthenticator } from '../support/soft-authenticator';

/**
 * Issue 18, passkeys (WebAuthn with @simplewebauthn/server): registration on the security pages,
 * a passkey as the second step on /login/mfa, and a passwordless sign-in from /login. The browser
 * is played by a software authenticator (ES256, "none" attestation) signing for the ISSUER's
 * origin (http://localhost:3000 in tests, so the rpID is `localhost`).
 */
const ORIGIN = 'http://localhost:3000';

/** The CSRF token of a page the agent can open. */
async function csrfOf(agent: supertest.Agent, path: string): Promise<string> {
  return hiddenInput((await agent.get(path).expect(200)).text, '_csrf');
}

const postJson = (agent: supertest.Agent, path: string, csrf: string | null, body: Record<string, unknown> = {}) => {
  const req = agent.post(path).set('Accept', 'application/json');
  if (csrf !== null) req.set('X-CSRF-Token', csrf);
  return req.send(body);
};

/** Registers a passkey from a signed-in session; the server's answer. */
async function register(agent: supertest.Agent, key: SoftAuthenticator, path = '/account/security', name = 'Laptop'): Promise<supertest.Response> {
  const csrf = await csrfOf(agent, path);
  const options = await postJson(agent, `${path}/passkeys/options`, csrf).expect(200);
  return postJson(agent, `${path}/passkeys`, csrf, { response: key.register(options.body), name });
}

/** The passkey as a second factor, after the password step. */
async function passkeyStep(agent: supertest.Agent, key: SoftAuthenticator, opts: { bump?: boolean } = {}): Promise<supertest.Response> {
  const csrf = await csrfOf(agent, '/login/mfa');
  const options = await postJson(agent, '/login/mfa/passkey/options', csrf).expect(200);
  return postJson(agent, '/login/mfa/passkey', csrf, { response: key.assert(options.body, opts) });
}

/** A sign-in without a password from /login. */
async function passwordless(agent: supertest.Agent, key: SoftAuthenticator, opts: { userVerified?: boolean } = {}, returnTo = '/account/grants'): Promise<supertest.Response> {
  const csrf = await csrfOf(agent, '/login');
  const options = await postJson(agent, '/login/passkey/options', csrf, { return_to: returnTo }).expect(200);
  return postJson(agent, '/login/passkey', csrf, { response: key.assert(options.body, opts), return_to: returnTo });
}

const audits = (t: TestApp, action: string, targetId: string) => t.dataSource.getRepository(AuditEventEntity).find({ where: { action, targetId } });

describe('passkeys', () => {
  let t: TestApp;
  let aliceId: string;
  const alicesKey = new SoftAuthenticator(ORIGIN);

  beforeAll(async () => {
    t = await startTestApp();
    aliceId = (await createUser(t, ALICE)).id;
  });
  afterAll(() => t.close());

  it('the security page offers a passkey; the options name the ISSUER as relying party; JSON posts need the CSRF token', async () => {
    const agent = t.http();
    await passwordStep(agent, ALICE);
    const page = await agent.get('/account/security').expect(200);
    expect(page.text).toContain('id="passkey-add"');
    expect(page.text).toContain('src="/static/webauthn/index.umd.min.js"');
    expect(page.text).toContain('src="/static/passkeys.js"');
    const csrf = hiddenInput(page.text, '_csrf');
    // Both scripts come from this origin (CSP script-src 'self'); the plain stylesheet still does.
    const bundle = await agent.get('/static/webauthn/index.umd.min.js').expect(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(bundle.text).toContain('SimpleWebAuthnBrowser');
    expect((await agent.get('/static/passkeys.js').expect(200)).text).toContain('startRegistration');
    await agent.get('/static/gatehouse.css').expect(200);

    expect((await postJson(agent, '/account/security/passkeys/options', null)).status).toBe(403);
    expect((await postJson(agent, '/account/security/passkeys/options', 'not-the-token')).status).toBe(403);
    expect((await postJson(agent, '/account/security/passkeys', null, { response: {} })).status).toBe(403);
    const options = await postJson(agent, '/account/security/passkeys/options', csrf).expect(200);
    expect(options.headers['cache-control']).toBe('no-store');
    expect(options.body).toMatchObject({
      rp: { id: 'localhost' },
      user: { id: Buffer.from(aliceId).toString('base64url'), name: ALICE.username },
      excludeCredentials: [],
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      attestation: 'none',
    });
    expect(options.body.challenge).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(options.body.pubKeyCredParams).toEqual(expect.arrayContaining([{ alg: -7, type: 'public-key' }]));
    // The body's _csrf works as well as the header.
    expect((await agent.post('/account/security/passkeys/options').send({ _csrf: csrf })).status).toBe(200);
    // Anonymous: sent to the login page, nothing issued.
    const anonymous = await t.http().post('/account/security/passkeys/options').send({});
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/login?return_to=%2Faccount%2Fsecurity');
  });

  it('a forged or garbage answer is a 400 with a message, never a 500; a challenge answers once', async () => {
    const agent = t.http();
    await passwordStep(agent, ALICE);
    const csrf = await csrfOf(agent, '/account/security');
    const garbage: unknown[] = [undefined, 'x', 42, {}, { id: 'abc', response: {} }, { id: 'abc', rawId: 'abc', type: 'public-key', response: { clientDataJSON: '!!', attestationObject: 'zz' } }];
    for (const response of garbage) {
      await postJson(agent, '/account/security/passkeys/options', csrf).expect(200);
      const res = await postJson(agent, '/account/security/passkeys', csrf, { response });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_passkey' });
      expect(typeof res.body.message).toBe('string');
    }
    // Signed for another origin (a phishing site): refused.
    const key = new SoftAuthenticator(ORIGIN);
    const options = await postJson(agent, '/account/security/passkeys/options', csrf).expect(200);
    const phished = await postJson(agent, '/account/security/passkeys', csrf, { response: key.register(options.body, 'http://evil.example') });
    expect(phished.status).toBe(400);
    expect(phished.body.message).toMatch(/origin/i);
    // No challenge waiting (it was used, right or wrong): refused.
    const again = await postJson(agent, '/account/security/passkeys', csrf, { response: key.register(options.body) });
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/challenge/);
    expect(await t.dataSource.getRepository(UserCredentialEntity).countBy({ userId: aliceId, type: 'webauthn' })).toBe(0);
  });

  it('registers passkeys (listed, audited); a registration answer is not accepted twice', async () => {
    const agent = t.http();
    await passwordStep(agent, ALICE);
    const csrf = await csrfOf(agent, '/account/security');
    const options = await postJson(agent, '/account/security/passkeys/options', csrf).expect(200);
    const response = alicesKey.register(options.body);
    const added = await postJson(agent, '/account/security/passkeys', csrf, { response, name: 'Laptop' });
    expect(added.status).toBe(201);
    expect(added.body.passkey).toMatchObject({ name: 'Laptop', last_used_at: null });
    // The session id (and its CSRF token) changed: the session now counts as signed in with the passkey.
    const csrfAfter = await csrfOf(agent, '/account/security');
    expect(csrfAfter).not.toBe(csrf);
    const replay = await postJson(agent, '/account/security/passkeys', csrfAfter, { response, name: 'Laptop' });
    expect(replay.status).toBe(400);

    const row = await t.dataSource.getRepository(UserCredentialEntity).findOneByOrFail({ userId: aliceId, type: 'webauthn' });
    expect(JSON.parse(row.data!)).toMatchObject({ credentialId: alicesKey.id, counter: 0, transports: ['internal'] });
    const page = await agent.get('/account/security').expect(200);
    expect(page.text).toContain('id="passkey-list"');
    expect(page.text).toContain('Laptop');
    expect(await audits(t, 'user.passkey_added', aliceId)).toHaveLength(1);
    // The next registration excludes the passkey already there.
    const next = await postJson(agent, '/account/security/passkeys/options', csrfAfter).expect(200);
    expect(next.body.excludeCredentials).toEqual([{ id: alicesKey.id, type: 'public-key', transports: ['internal'] }]);
  });

  it('with only a passkey, signing in asks for it: /login/mfa offers the passkey, amr pwd+hwk+mfa', async () => {
    const agent = t.http();
    expect((await passwordStep(agent, ALICE)).headers.location).toBe('/login/mfa');
    const page = await agent.get('/login/mfa').expect(200);
    expect(page.text).toContain('id="passkey-mfa"');
    expect(page.text).not.toContain('id="mfa-form"'); // no authenticator app: no code form
    const csrf = hiddenInput(page.text, '_csrf');
    expect((await postJson(agent, '/login/mfa/passkey/options', null)).status).toBe(403);
    const options = await postJson(agent, '/login/mfa/passkey/options', csrf).expect(200);
    expect(options.body.allowCredentials).toEqual([{ id: alicesKey.id, type: 'public-key', transports: ['internal'] }]);
    expect(options.body.rpId).toBe('localhost');
    const done = await postJson(agent, '/login/mfa/passkey', csrf, { response: alicesKey.assert(options.body) });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ redirect: '/account/grants' });
    expect((await agent.get('/account/grants')).status).toBe(200);
    const logins = await audits(t, 'user.login', aliceId);
    expect(logins.at(-1)?.details).toMatchObject({ amr: ['pwd', 'hwk', 'mfa'], second_factor: 'webauthn' });
  });

  it('an assertion answers its challenge once; a counter that does not go up (a cloned key) is refused', async () => {
    const agent = t.http();
    await passwordStep(agent, ALICE);
    const csrf = await csrfOf(agent, '/login/mfa');
    const options = await postJson(agent, '/login/mfa/passkey/options', csrf).expect(200);
    const assertion = alicesKey.assert(options.body);
    // Garbage first: 400, and the challenge is gone with it.
    expect((await postJson(agent, '/login/mfa/passkey', csrf, { response: { id: alicesKey.id, response: { clientDataJSON: 'x' } } })).status).toBe(400);
    const reused = await postJson(agent, '/login/mfa/passkey', csrf, { response: assertion });
    expect(reused.status).toBe(400);
    expect(reused.body.message).toMatch(/challenge/);
    // A fresh challenge, but the counter of the last accepted use again (what a copy of the key
    // would send): the signature is right, the counter is not.
    const stored = JSON.parse((await t.dataSource.getRepository(UserCredentialEntity).findOneByOrFail({ userId: aliceId, type: 'webauthn' })).data!).counter as number;
    expect(stored).toBeGreaterThan(0);
    alicesKey.counter = stored;
    const fresh = await postJson(agent, '/login/mfa/passkey/options', csrf).expect(200);
    const cloned = await postJson(agent, '/login/mfa/passkey', csrf, { response: alicesKey.assert(fresh.body, { bump: false }) });
    expect(cloned.status).toBe(400);
    expect((await agent.get('/account/grants')).status).toBe(302);
    const failed = await audits(t, 'user.mfa_failed', aliceId);
    expect(failed.some((e) => /counter/i.test(String((e.details as Record<string, unknown>)?.reason)))).toBe(true);
    // A sign-in challenge does not answer the second step.
    const loginCsrf = await csrfOf(agent, '/login');
    const other = await postJson(agent, '/login/passkey/options', loginCsrf).expect(200);
    expect((await postJson(agent, '/login/mfa/passkey', csrf, { response: alicesKey.assert(other.body) })).status).toBe(400);
    // The same answer posted twice at once: one challenge, so one of them at most passes.
    const racing = await postJson(agent, '/login/mfa/passkey/options', csrf).expect(200);
    const answer = alicesKey.assert(racing.body);
    const both = await Promise.all([0, 1].map(() => postJson(agent, '/login/mfa/passkey', csrf, { response: answer })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    // And a new sign-in still works with the right one.
    const again = t.http();
    await passwordStep(again, ALICE);
    expect((await passkeyStep(again, alicesKey)).status).toBe(200);
  });

  it('signs in without a password (discoverable passkey, user verified): amr hwk, acr mfa in the ID Token', async () => {
    const rp = await createClient(t, { scope: 'openid profile user_id_read' });
    const agent = t.http();
    const page = await agent.get('/login').expect(200);
    expect(page.text).toContain('id="passkey-sign-in"');
    const csrf = hiddenInput(page.text, '_csrf');
    expect((await postJson(agent, '/login/passkey/options', null)).status).toBe(403);
    const options = await postJson(agent, '/login/passkey/options', csrf).expect(200);
    expect(options.body).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    expect(options.body.allowCredentials ?? []).toEqual([]);
    // Without user verification: refused.
    const unverified = await postJson(agent, '/login/passkey', csrf, { response: alicesKey.assert(options.body, { userVerified: false }) });
    expect(unverified.status).toBe(400);
    expect((await agent.get('/account/grants')).status).toBe(302);

    const done = await passwordless(agent, alicesKey, {}, '/account/security');
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ redirect: '/account/security' });
    expect((await agent.get('/account/security')).status).toBe(200);
    expect((await audits(t, 'user.login', aliceId)).at(-1)?.details).toMatchObject({ amr: ['hwk'], method: 'passkey' });
    expect(await idTokenClaims(t, rp, agent)).toMatchObject({ amr: ['hwk'], acr: 'mfa' });

    // An unknown passkey (not registered here) signs no one in.
    const stranger = new SoftAuthenticator(ORIGIN);
    stranger.register({ challenge: 'x', rp: { id: 'localhost' }, user: { id: Buffer.from(aliceId).toString('base64url') } });
    const refused = await passwordless(t.http(), stranger);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_passkey');
    // A return_to of another site is not followed.
    expect((await passwordless(t.http(), alicesKey, {}, 'https://evil.example/')).body.redirect).toBe('/');
  });

  it('a challenge is taken out of the session with a conditional UPDATE: a stale copy of the session data cannot take it again', async () => {
    const store = t.app.get(SessionStore);
    const { session } = await store.create('browser', 600, null, { passkeyChallenge: { challenge: 'c', purpose: 'sign-in', at: new Date().toISOString() }, keep: 1 });
    expect(await store.replaceData(session.id, session.data, { keep: 1 })).toBe(true);
    expect(await store.replaceData(session.id, session.data, { keep: 1 })).toBe(false);
    expect((await t.dataSource.query('SELECT data FROM sessions WHERE id = ?', [session.id]))[0].data).toBe('{"keep":1}');
  });

  it('acr_values=mfa steps a password-only session up with the passkey: ID Token amr pwd+hwk+mfa, acr mfa', async () => {
    const rp = await createClient(t, { scope: 'openid profile user_id_read' });
    const ivy = { username: 'ivy-passkey', password: 'ivy-password-1' };
    await createUser(t, ivy);
    const plain = t.http();
    await passwordStep(plain, ivy); // no second factor yet: signed in with the password alone
    const setup = t.http();
    await passwordStep(setup, ivy);
    const key = new SoftAuthenticator(ORIGIN);
    expect((await register(setup, key)).status).toBe(201);

    const pkce = pkcePair();
    const url = authorizeUrl(rp, pkce.challenge, { acr_values: 'mfa' });
    const ask = await plain.get(url);
    expect(ask.headers.location).toBe('/login/mfa');
    const done = await passkeyStep(plain, key);
    expect(done.body).toEqual({ redirect: url });
    expect(await idTokenClaims(t, rp, plain, { acr_values: 'mfa' })).toMatchObject({ amr: ['pwd', 'hwk', 'mfa'], acr: 'mfa' });
  });

  it('a disabled account cannot sign in with its passkey', async () => {
    const erin = { username: 'erin-passkey', password: 'erin-password-1' };
    const erinId = (await createUser(t, erin)).id;
    const key = new SoftAuthenticator(ORIGIN);
    const agent = t.http();
    await passwordStep(agent, erin);
    expect((await register(agent, key)).status).toBe(201);
    await t.app.get(UsersService).update(erinId, { disabled: true }, { actor: 'test' });
    expect((await passwordless(t.http(), key)).status).toBe(400);
  });

  it('removes a passkey (audited); then the password alone signs in again', async () => {
    const frank = { username: 'frank-passkey', password: 'frank-password-1' };
    const frankId = (await createUser(t, frank)).id;
    const key = new SoftAuthenticator(ORIGIN);
    const agent = t.http();
    await passwordStep(agent, frank);
    expect((await register(agent, key)).status).toBe(201);
    expect((await register(agent, new SoftAuthenticator(ORIGIN), '/account/security', 'Phone')).status).toBe(201);
    const page = await agent.get('/account/security').expect(200);
    const ids = [...page.text.matchAll(/name="id" value="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    const csrf = hiddenInput(page.text, '_csrf');
    expect((await agent.post('/account/security/passkeys/remove').type('form').send({ id: ids[0] })).status).toBe(403);
    expect((await agent.post('/account/security/passkeys/remove').type('form').send({ id: 'nope', _csrf: csrf })).status).toBe(400);
    for (const id of ids) expect((await agent.post('/account/security/passkeys/remove').type('form').send({ id, _csrf: csrf })).status).toBe(200);
    expect(await audits(t, 'user.passkey_removed', frankId)).toHaveLength(2);
    expect((await passwordStep(t.http(), frank)).headers.location).toBe('/account/grants');
  });
});

describe('passkeys for operators (/admin/security)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_MFA: 'required' } });
    await createUser(t, { ...ADMIN, isAdmin: true });
  });
  afterAll(() => t.close());

  const operatorsKey = new SoftAuthenticator(ORIGIN);

  it('an operator registers a passkey in the console; signing in to the console then asks for it', async () => {
    const key = operatorsKey;
    const agent = t.http();
    const login = await agent.get('/admin/login').expect(200);
    await agent.post('/admin/login').type('form').send({ username: ADMIN.username, password: ADMIN.password, _csrf: hiddenInput(login.text, '_csrf'), return_to: '/admin' });
    expect((await agent.get('/admin')).headers.location).toBe('/admin/security');
    expect((await register(agent, key, '/admin/security', 'Security key')).status).toBe(201);
    // Registered in this session: it now counts as signed in with the second factor.
    expect((await agent.get('/admin/security')).text).toContain('Security key');
    expect((await agent.get('/admin')).status).toBe(200);

    const fresh = t.http();
    const page = await fresh.get('/admin/login').expect(200);
    const next = await fresh.post('/admin/login').type('form').send({ username: ADMIN.username, password: ADMIN.password, _csrf: hiddenInput(page.text, '_csrf'), return_to: '/admin' });
    expect(next.headers.location).toBe('/login/mfa');
    const done = await passkeyStep(fresh, key);
    expect(done.body).toEqual({ redirect: '/admin' });
    expect((await fresh.get('/admin')).status).toBe(200);
    // The admin API cannot ask for a passkey: with ADMIN_MFA=required it says so (after the right password only).
    const api = await supertest(t.app.getHttpServer()).post('/api/admin/session').send({ username: ADMIN.username, password: ADMIN.password });
    expect(api.status).toBe(403);
    expect(JSON.stringify(api.body)).toMatch(/passkey/);
    expect((await supertest(t.app.getHttpServer()).post('/api/admin/session').send({ username: ADMIN.username, password: 'wrong-password-1' })).status).toBe(401);
  });

  it("a user with only passkeys shows as protected on the console's user page; the operator's reset removes the passkeys (audited)", async () => {
    const gina = { username: 'gina-passkey', password: 'gina-password-1' };
    const ginaId = (await createUser(t, gina)).id;
    const own = t.http();
    await passwordStep(own, gina);
    expect((await register(own, new SoftAuthenticator(ORIGIN))).status).toBe(201);

    const admin = t.http();
    const login = await admin.get('/admin/login').expect(200);
    await admin.post('/admin/login').type('form').send({ username: ADMIN.username, password: ADMIN.password, _csrf: hiddenInput(login.text, '_csrf'), return_to: '/admin' });
    expect(await passkeyStep(admin, operatorsKey)).toMatchObject({ status: 200 });
    const page = await admin.get(`/admin/users/${ginaId}`).expect(200);
    expect(page.text).toContain('id="user-passkeys"');
    expect(page.text).toContain('id="mfa-reset-form"');
    await admin.post(`/admin/users/${ginaId}/second-factors/reset`).type('form').send({ _csrf: hiddenInput(page.text, '_csrf'), confirm: 'yes' }).expect(302);
    expect(await t.dataSource.getRepository(UserCredentialEntity).countBy({ userId: ginaId })).toBe(0);
    expect(await audits(t, 'user.mfa_reset', ginaId)).toHaveLength(1);
    expect((await passwordStep(t.http(), gina)).headers.location).toBe('/account/grants');
  });
});
