import supertest from 'supertest';
import { createHash } from 'node:crypto';
import { LoginRequestEntity, PurgeService, RefreshTokenEntity, UserEntity } from '../../libs/persistence/src';
import { adminToken, bearer } from '../support/admin';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput, pkcePair } from '../support/browser-flow';
import { ADMIN, ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { FakePlatform } from '../support/fake-platform';
import { tokenRequest } from '../support/tokens';

/**
 * PRODUCT.md "Delegated login", LOGIN_MODE=provider: the browser goes to the platform with a
 * login_challenge, the platform accepts or rejects over the admin API, the browser comes back
 * through /login/resume. The platform here is a real HTTP server on 127.0.0.1:0.
 */
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The payload of a JWT (the signature is checked by the OIDC specs). */
function decodeJwt(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('delegated login: LOGIN_MODE=provider', () => {
  let t: TestApp;
  let platform: FakePlatform;
  let app: TestClient;
  let platformChannel: TestClient;
  let channelToken: string;

  beforeAll(async () => {
    platform = new FakePlatform('unused-in-provider-mode');
    const platformUrl = await platform.start();
    t = await startTestApp({ env: { LOGIN_MODE: 'provider', LOGIN_PROVIDER_URL: `${platformUrl}/signin?brand=blue` } });
    platform.gatehouse.baseUrl = await t.listen();
    app = await createClient(t, { scope: 'openid profile user_id_read', grant_types: ['authorization_code', 'refresh_token'] });
    platformChannel = await createClient(t, { scope: 'gatehouse:login', grant_types: ['client_credentials'] });
    const res = await tokenRequest(t, platformChannel, { grant_type: 'client_credentials', scope: 'gatehouse:login' });
    expect(res.status).toBe(200);
    channelToken = res.body.access_token;
    platform.gatehouse.token = channelToken;
  });

  afterAll(async () => {
    await t?.close();
    await platform?.stop();
  });

  beforeEach(() => {
    platform.gatehouse.token = channelToken;
    platform.signIn = { accept: { user_id: 'platform-1001', username: 'carol', display_name: 'Carol Chen', amr: ['pwd', 'otp'] } };
  });

  /** GET /oauth2/authorize in `agent`; returns where it sent the browser. */
  async function authorize(agent: supertest.Agent, extra: Record<string, string> = {}): Promise<{ location: string; challenge: string | null; pkce: { verifier: string; challenge: string } }> {
    const pkce = pkcePair();
    const q = new URLSearchParams({
      response_type: 'code', client_id: app.clientId, redirect_uri: app.redirectUri, scope: 'openid profile user_id_read',
      state: 'st-1', nonce: 'n-1', code_challenge: pkce.challenge, code_challenge_method: 'S256', ...extra,
    });
    const res = await agent.get(`/oauth2/authorize?${q}`);
    expect(res.status).toBe(302);
    const location = res.headers.location as string;
    const challenge = location.startsWith(platform.baseUrl) ? new URL(location).searchParams.get('login_challenge') : null;
    return { location, challenge, pkce };
  }

  /** The browser at the platform: its sign-in page answers the challenge and redirects back. */
  async function atPlatform(location: string): Promise<string> {
    const res = await fetch(location, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location') as string);
    expect(`${back.origin}`).toBe(t.config.server.issuer);
    return back.pathname + back.search;
  }

  /** From /login/resume on: the authorize request again, the consent page, the app's redirect. */
  async function finish(agent: supertest.Agent, resumePath: string): Promise<URL> {
    let res = await agent.get(resumePath);
    for (let i = 0; i < 5; i++) {
      if (res.status === 302 && (res.headers.location as string).startsWith('/')) {
        res = await agent.get(res.headers.location as string);
      } else if (res.status === 200 && /id="consent-form"/.test(res.text)) {
        res = await agent.post('/oauth2/authorize/decision').type('form').send({
          transaction_id: hiddenInput(res.text, 'transaction_id'), _csrf: hiddenInput(res.text, '_csrf'), decision: 'allow',
        });
      } else break;
    }
    expect(res.status).toBe(302);
    return new URL(res.headers.location as string);
  }

  it('sends the browser to LOGIN_PROVIDER_URL with an opaque login_challenge, stored only as a hash', async () => {
    const { location, challenge } = await authorize(t.http());
    expect(location.startsWith(`${platform.baseUrl}/signin?`)).toBe(true);
    expect(new URL(location).searchParams.get('brand')).toBe('blue');
    expect(challenge).toMatch(/^ghlc_[A-Za-z0-9_-]{43}$/);
    const rows = await t.dataSource.getRepository(LoginRequestEntity).find();
    expect(JSON.stringify(rows)).not.toContain(challenge);
  });

  it('signs a platform user in: created with its user_id, amr in the ID Token, /api/v1/me answers the platform id', async () => {
    const agent = t.http();
    const { location, pkce } = await authorize(agent, { login_hint: 'carol@example.com', max_age: '600' });
    const resume = await atPlatform(location);
    expect(platform.lastLoginRequest).toEqual({
      status: 200,
      body: {
        challenge: new URL(location).searchParams.get('login_challenge'),
        client: { client_id: app.clientId, client_name: app.client.client_name },
        requested_scope: ['openid', 'profile', 'user_id_read'],
        expires_at: expect.any(String),
        prompt: null, max_age: 600, login_hint: 'carol@example.com', status: 'pending',
      },
    });
    const expiresIn = Date.parse(platform.lastLoginRequest!.body.expires_at as string) - Date.now();
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThanOrEqual(600_000);

    const back = await finish(agent, resume);
    expect(back.origin + back.pathname).toBe(app.redirectUri);
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code') as string;
    const tokens = await tokenRequest(t, app, { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, code_verifier: pkce.verifier });
    expect(tokens.status).toBe(200);
    const idToken = decodeJwt(tokens.body.id_token);
    expect(idToken.amr).toEqual(['pwd', 'otp']);
    expect(idToken.nonce).toBe('n-1');
    const me = await t.http().get('/api/v1/me').set('Authorization', bearer(tokens.body.access_token));
    expect(me.status).toBe(200);
    expect(me.body.user_id).toBe('platform-1001');

    const user = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: 'platform-1001' });
    expect(user).toMatchObject({ username: 'carol', displayName: 'Carol Chen', passwordHash: null, isAdmin: false });

    // The login's amr rides on the refresh token, and on its successor after rotation.
    const refreshRows = t.dataSource.getRepository(RefreshTokenEntity);
    expect((await refreshRows.findOneByOrFail({ tokenHash: sha256(tokens.body.refresh_token) })).amr).toEqual(['pwd', 'otp']);
    const rotated = await tokenRequest(t, app, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token });
    expect(rotated.status).toBe(200);
    expect((await refreshRows.findOneByOrFail({ tokenHash: sha256(rotated.body.refresh_token) })).amr).toEqual(['pwd', 'otp']);

    // The same browser is signed in now: the next request of the app does not go to the platform.
    const again = await authorize(agent);
    expect(again.challenge).toBeNull();
  });

  it('updates the user on a later sign-in and omits amr when the platform sends none', async () => {
    platform.signIn = { accept: { user_id: 'platform-1001', display_name: 'Carol C.' } };
    const agent = t.http();
    const { location, pkce } = await authorize(agent);
    const back = await finish(agent, await atPlatform(location));
    const tokens = await tokenRequest(t, app, { grant_type: 'authorization_code', code: back.searchParams.get('code') as string, redirect_uri: app.redirectUri, code_verifier: pkce.verifier });
    expect(decodeJwt(tokens.body.id_token).amr).toBeUndefined();
    const user = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: 'platform-1001' });
    expect(user).toMatchObject({ username: 'carol', displayName: 'Carol C.' });
  });

  it('reject: the app receives access_denied with the state and the platform\'s description', async () => {
    platform.signIn = { reject: { error: 'access_denied', error_description: 'The user cancelled' } };
    const agent = t.http();
    const { location } = await authorize(agent);
    const res = await agent.get(await atPlatform(location));
    expect(res.status).toBe(302);
    const back = new URL(res.headers.location as string);
    expect(back.origin + back.pathname).toBe(app.redirectUri);
    expect(Object.fromEntries(back.searchParams)).toEqual({
      error: 'access_denied', error_description: 'The user cancelled', state: 'st-1', iss: t.config.server.issuer,
    });
    expect((await t.http().get('/api/v1/me')).status).toBe(401);
  });

  it('a challenge is single use: second accept 409, GET after use 410, the verifier replayed → start again', async () => {
    const agent = t.http();
    const { location, challenge } = await authorize(agent);
    const resume = await atPlatform(location);
    const api = (suffix = '') => `/api/admin/login-requests/${challenge}${suffix}`;
    const second = await t.http().post(api('/accept')).set('Authorization', bearer(channelToken)).send({ user_id: 'someone-else' });
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(/already accepted/);
    const reject = await t.http().post(api('/reject')).set('Authorization', bearer(channelToken)).send({ error: 'access_denied' });
    expect(reject.status).toBe(409);
    await finish(agent, resume);
    const gone = await t.http().get(api()).set('Authorization', bearer(channelToken));
    expect(gone.status).toBe(410);
    expect(gone.body.message).toMatch(/already used/);
    expect((await t.http().post(api('/accept')).set('Authorization', bearer(channelToken)).send({ user_id: 'x1' })).status).toBe(410);
    const replay = await agent.get(resume);
    expect(replay.status).toBe(400);
    expect(replay.text).toMatch(/already used.*start again|sign in again/i);
    const unknown = await t.http().get('/api/admin/login-requests/ghlc_nope').set('Authorization', bearer(channelToken));
    expect(unknown.status).toBe(404);
  });

  it('two accepts at the same moment: exactly one wins, the other is 409', async () => {
    const { challenge } = await authorize(t.http());
    const accept = (id: string) => t.http().post(`/api/admin/login-requests/${challenge}/accept`).set('Authorization', bearer(channelToken)).send({ user_id: id });
    const results = await Promise.all([accept('race-a'), accept('race-b'), accept('race-c')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    // The same new user signed in twice at once (two challenges): one user, no 500.
    const [one, two] = [(await authorize(t.http())).challenge, (await authorize(t.http())).challenge];
    const same = await Promise.all([one, two].map((c) => t.http().post(`/api/admin/login-requests/${c}/accept`).set('Authorization', bearer(channelToken)).send({ user_id: 'twin-1', username: 'twin' })));
    expect(same.map((r) => r.status)).toEqual([200, 200]);
    expect(await t.dataSource.getRepository(UserEntity).countBy({ username: 'twin' })).toBe(1);
  });

  it('expires after 10 minutes: GET and accept 410, an accepted request no longer completes; the purge job removes it', async () => {
    const repo = t.dataSource.getRepository(LoginRequestEntity);
    const { challenge } = await authorize(t.http());
    const ageRows = () => repo.createQueryBuilder().update(LoginRequestEntity).set({ expiresAt: new Date(Date.now() - 1000) }).execute();
    await ageRows();
    const res = await t.http().get(`/api/admin/login-requests/${challenge}`).set('Authorization', bearer(channelToken));
    expect(res.status).toBe(410);
    expect(res.body.message).toMatch(/expired/);
    expect((await t.http().post(`/api/admin/login-requests/${challenge}/accept`).set('Authorization', bearer(channelToken)).send({ user_id: 'u-late' })).status).toBe(410);

    const agent = t.http();
    const fresh = await authorize(agent);
    const resume = await atPlatform(fresh.location);
    await ageRows();
    const late = await agent.get(resume);
    expect(late.status).toBe(400);
    expect(late.text).toMatch(/expired/);
    expect((await agent.get('/account/grants')).status).not.toBe(200);

    await t.app.get(PurgeService).purgeAll();
    expect(await repo.count()).toBe(0);
  });

  it('completes only in the browser that started it: another browser gets the start-again page and no session', async () => {
    const first = t.http();
    const { location } = await authorize(first);
    const resume = await atPlatform(location);
    const other = t.http();
    await other.get('/login'); // a browser with a session of its own
    const stolen = await other.get(resume);
    expect(stolen.status).toBe(403);
    expect(stolen.text).toMatch(/another browser/);
    expect(stolen.headers['set-cookie'] ?? []).toHaveLength(0);
    expect((await authorize(other)).challenge).not.toBeNull(); // still not signed in
    const cookieless = await t.http().get(resume);
    expect(cookieless.status).toBe(403);
    // The browser that started it still can.
    const back = await finish(first, resume);
    expect(back.searchParams.get('code')).toBeTruthy();
  });

  it('parallel tabs: two requests in one browser each complete', async () => {
    const agent = t.http();
    const a = await authorize(agent, { state: 'tab-a' });
    const b = await authorize(agent, { state: 'tab-b' });
    expect(a.challenge).not.toBe(b.challenge);
    const resumeA = await atPlatform(a.location);
    const resumeB = await atPlatform(b.location);
    expect((await finish(agent, resumeB)).searchParams.get('state')).toBe('tab-b');
    const res = await agent.get(resumeA);
    expect(res.status).toBe(302); // signed in again (new session id), back to tab A's request
  });

  it('wrong callers: no token 401, unknown token 401, a user token 403, a channel token without gatehouse:login 403', async () => {
    const { challenge } = await authorize(t.http());
    const api = `/api/admin/login-requests/${challenge}`;
    const none = await t.http().get(api);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await t.http().get(api).set('Authorization', 'Bearer gha_nonsense')).status).toBe(401);

    const other = await createClient(t, { scope: 'user_id_read', grant_types: ['client_credentials'] });
    const otherToken = (await tokenRequest(t, other, { grant_type: 'client_credentials' })).body.access_token;
    const noScope = await t.http().post(`${api}/accept`).set('Authorization', bearer(otherToken)).send({ user_id: 'evil' });
    expect(noScope.status).toBe(403);
    expect(noScope.headers['www-authenticate']).toMatch(/insufficient_scope/);

    // A user's token (authorization code flow) even with the scope approved is not a platform.
    const both = await createClient(t, { scope: 'gatehouse:login user_id_read', grant_types: ['authorization_code', 'client_credentials'] });
    const userId = (await createUser(t, { username: 'dora', password: 'dora-password-1' })).id;
    const { issueCode } = await import('../support/tokens');
    const code = await issueCode(t, both, userId, { scopes: ['gatehouse:login'] });
    const userToken = (await tokenRequest(t, both, { grant_type: 'authorization_code', code, redirect_uri: both.redirectUri })).body.access_token;
    expect(userToken).toBeTruthy();
    expect((await t.http().post(`${api}/accept`).set('Authorization', bearer(userToken)).send({ user_id: 'evil' })).status).toBe(403);
    expect((await t.dataSource.getRepository(UserEntity).findOneBy({ id: 'evil' }))).toBeNull();

    // An operator's admin token may answer.
    const operator = await adminToken(t);
    const ok = await t.http().get(api).set('Authorization', bearer(operator));
    expect(ok.status).toBe(200);
  });

  it('refuses bad input with field errors and never signs in as an operator', async () => {
    const { challenge } = await authorize(t.http());
    const accept = (body: Record<string, unknown>) => t.http().post(`/api/admin/login-requests/${challenge}/accept`).set('Authorization', bearer(channelToken)).send(body);
    expect((await accept({})).status).toBe(400);
    expect((await accept({ user_id: '' })).status).toBe(400);
    expect((await accept({ user_id: 'x'.repeat(65) })).status).toBe(400);
    const badAmr = await accept({ user_id: 'u-1', amr: ['password'] });
    expect(badAmr.status).toBe(400);
    expect(JSON.stringify(badAmr.body.message)).toMatch(/RFC 8176/);
    expect((await accept({ user_id: 'u-1', username: 'a b' })).status).toBe(400);
    expect((await accept({ user_id: 'u-1', surprise: true })).status).toBe(400);
    const operator = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ username: ADMIN.username }).catch(async () => {
      await adminToken(t);
      return t.dataSource.getRepository(UserEntity).findOneByOrFail({ username: ADMIN.username });
    });
    const asOperator = await accept({ user_id: operator.id });
    expect(asOperator.status).toBe(403);
    expect(asOperator.body.message).toMatch(/operator/);
    // Still pending: a proper answer goes through.
    expect((await accept({ user_id: 'u-1' })).status).toBe(200);
  });

  it('prompt=none without a session is login_required at the app, no platform involved', async () => {
    const { location } = await authorize(t.http(), { prompt: 'none' });
    const back = new URL(location);
    expect(back.origin + back.pathname).toBe(app.redirectUri);
    expect(back.searchParams.get('error')).toBe('login_required');
  });

  it('prompt=login sends a signed-in browser to the platform again and says so', async () => {
    const agent = t.http();
    const first = await authorize(agent);
    await finish(agent, await atPlatform(first.location));
    const again = await authorize(agent, { prompt: 'login' });
    expect(again.challenge).not.toBeNull();
    const resume = await atPlatform(again.location);
    expect(platform.lastLoginRequest?.body.prompt).toBe('login');
    const back = await finish(agent, resume);
    expect(back.searchParams.get('code')).toBeTruthy();
  });

  it('seed 000: /authorize.html goes through the platform too, and /user_id answers the platform id', async () => {
    platform.signIn = { accept: { user_id: 'platform-0007', username: 'erin' } };
    const seed = await createClient(t, { scope: 'user_id_read profile' });
    const agent = t.http();
    const q = new URLSearchParams({ channel_id: seed.clientId, redirect_uri: seed.redirectUri, response_type: 'code', scope: 'user_id_read,profile', state: 'S0' });
    const start = await agent.get(`/authorize.html?${q}`);
    expect(start.status).toBe(302);
    const resume = await atPlatform(start.headers.location as string);
    expect(platform.lastLoginRequest?.body.requested_scope).toEqual(['user_id_read', 'profile']);
    const back = await finish(agent, resume);
    expect(back.searchParams.get('state')).toBe('S0');
    const token = await t.http().get('/access_token')
      .query({ channel_id: seed.clientId, token: seed.clientSecret as string, code: back.searchParams.get('code') as string, grant_type: 'authorization_code' });
    expect(token.status).toBe(200);
    expect(token.body.user_id).toBe('platform-0007');
    const me = await t.http().get('/user_id').query({ access_token: token.body.access_token });
    expect(me.body).toEqual({ user_id: 'platform-0007' });
  });

  it('Swagger documents the login-request API with examples', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    const accept = doc.paths['/api/admin/login-requests/{challenge}/accept'].post;
    expect(accept.requestBody.content['application/json'].examples.basic.value).toMatchObject({ user_id: '100042', amr: ['pwd', 'otp'] });
    expect(Object.keys(accept.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '410']));
    const reject = doc.paths['/api/admin/login-requests/{challenge}/reject'].post;
    expect(reject.requestBody.content['application/json'].examples.cancelled.value.error).toBe('access_denied');
    const view = doc.components.schemas.LoginRequestView;
    expect(Object.keys(view.properties)).toEqual(expect.arrayContaining(['challenge', 'client', 'requested_scope', 'expires_at', 'prompt', 'max_age', 'login_hint']));
    expect(view.properties.requested_scope.example).toEqual(['openid', 'profile']);
    expect(doc.components.schemas.LoginRedirectView.properties.redirect_to.example).toMatch(/\/login\/resume\?login_verifier=/);
  });

  it('another user accepted into a signed-in browser replaces the session (new id, that user, that amr)', async () => {
    const agent = t.http();
    const first = await authorize(agent);
    await finish(agent, await atPlatform(first.location));
    const before = await agent.get('/account/grants');
    expect(before.status).toBe(200);
    platform.signIn = { accept: { user_id: 'platform-2002', username: 'frank', amr: ['hwk'] } };
    const again = await authorize(agent, { prompt: 'login' });
    const back = await finish(agent, await atPlatform(again.location));
    const tokens = await tokenRequest(t, app, { grant_type: 'authorization_code', code: back.searchParams.get('code') as string, redirect_uri: app.redirectUri, code_verifier: again.pkce.verifier });
    expect(decodeJwt(tokens.body.id_token).amr).toEqual(['hwk']);
    const me = await t.http().get('/api/v1/me').set('Authorization', bearer(tokens.body.access_token));
    expect(me.body.user_id).toBe('platform-2002');
  });

  it('local operators still sign in to the console with their password', async () => {
    await adminToken(t);
    const page = await t.http().get('/admin/login');
    expect(page.status).toBe(200);
    const agent = t.http();
    const form = await agent.get('/admin/login');
    const res = await agent.post('/admin/login').type('form').send({ username: ADMIN.username, password: ADMIN.password, _csrf: hiddenInput(form.text, '_csrf') });
    expect(res.status).toBe(302);
    expect((await agent.get('/admin')).status).toBe(200);
    void ALICE;
  });
});
