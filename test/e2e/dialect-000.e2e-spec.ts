import { startTestApp, TestApp } from '../support/app';
import { loginAndAuthorize } from '../support/browser-flow';
import { expectNotLogged } from '../support/dialects';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { sleep } from '../support/tokens';

/** Seed 000 "listener": every call of 000_listener_oauth2.md, exactly as written, over the core. */
describe('seed 000 listener dialect', () => {
  let t: TestApp;
  let channel: TestClient;
  let aliceId: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_CLIENT_AUTH: '5' } });
    aliceId = (await createUser(t, ALICE)).id;
    channel = await createClient(t, { scope: 'user_id_read profile' });
  });
  afterAll(async () => { await t.close(); });

  const authorizeUrl = (c: TestClient, over: Record<string, string> = {}) =>
    `/authorize.html?${new URLSearchParams({ channel_id: c.clientId, redirect_uri: c.redirectUri, response_type: 'code', scope: 'user_id_read', state: 'STATE', ...over })}`;
  const accessToken = (c: TestClient, code: string, over: Record<string, string> = {}) =>
    t.http().get('/access_token').query({ channel_id: c.clientId, token: c.clientSecret!, code, grant_type: 'authorization_code', ...over });
  const codeFor = async (c: TestClient, over: Record<string, string> = {}) => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(c, over) });
    if (!result.code) throw new Error(`no code: ${result.location}`);
    return result.code;
  };

  it('step 1: /authorize.html → login and consent → redirect_uri?code=CODE&state=STATE', async () => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(channel) });
    expect(result.loginShown).toBe(true);
    expect(result.consentShown).toBe(true);
    expect(result.location.startsWith(`${channel.redirectUri}?`)).toBe(true);
    expect(result.code).toEqual(expect.any(String));
    expect(result.state).toBe('STATE');
  });

  it('step 2 and 3: GET /access_token → {access_token, expires_at, user_id, scope}; GET /user_id with the token in the query or a Bearer header', async () => {
    const code = await codeFor(channel);
    const res = await accessToken(channel, code).expect(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.body).toEqual({ access_token: expect.any(String), expires_at: 3600, user_id: aliceId, scope: 'user_id_read' });
    const byQuery = await t.http().get('/user_id').query({ access_token: res.body.access_token }).expect(200);
    expect(byQuery.body).toEqual({ user_id: aliceId });
    const byHeader = await t.http().get('/user_id').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    expect(byHeader.body).toEqual({ user_id: aliceId });
    expect(t.logs()).toContain('/access_token');
    expectNotLogged(t, [channel.clientSecret!, code, res.body.access_token]);
  });

  it('scopes are comma-separated in the request and in the response; expires_at follows the channel lifetime', async () => {
    const c = await createClient(t, { scope: 'user_id_read profile', access_token_ttl: 7200 });
    const code = await codeFor(c, { scope: 'user_id_read,profile' });
    const res = await accessToken(c, code).expect(200);
    expect(res.body.scope.split(',').sort()).toEqual(['profile', 'user_id_read']);
    expect(res.body.expires_at).toBe(7200);
  });

  it('a denial returns to redirect_uri with state and without code', async () => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(channel, { scope: 'profile', state: 'DENIED' }), decision: 'deny' });
    expect(result.params.get('code')).toBeNull();
    expect(result.state).toBe('DENIED');
    expect(result.error).toBe('access_denied');
  });

  it('#18 a reused code fails with invalid_grant and revokes the token the first use issued', async () => {
    const code = await codeFor(channel);
    const first = await accessToken(channel, code).expect(200);
    expect((await accessToken(channel, code).expect(400)).body.error).toBe('invalid_grant');
    const after = await t.http().get('/user_id').query({ access_token: first.body.access_token }).expect(401);
    expect(after.body.error).toBe('invalid_token');
  });

  it('#20 an expired code → invalid_grant', async () => {
    const c = await createClient(t, { code_ttl: 1 });
    const code = await codeFor(c);
    await sleep(1500);
    expect((await accessToken(c, code).expect(400)).body.error).toBe('invalid_grant');
  });

  it('#25 a wrong token (secret) or none → 401 invalid_client', async () => {
    const code = await codeFor(channel);
    expect((await accessToken(channel, code, { token: 'wrong-secret' }).expect(401)).body.error).toBe('invalid_client');
    const noSecret = await t.http().get('/access_token').query({ channel_id: channel.clientId, code, grant_type: 'authorization_code' }).expect(401);
    expect(noSecret.body.error).toBe('invalid_client');
    expectNotLogged(t, ['wrong-secret']);
  });

  it('#26 failed secrets are throttled: afterwards even the right one gets 429', async () => {
    const c = await createClient(t);
    const code = await codeFor(c);
    for (let i = 0; i < 5; i++) await accessToken(c, code, { token: `wrong-${i}` }).expect(401);
    const res = await accessToken(c, code).expect(429);
    expect(res.headers['retry-after']).toEqual(expect.any(String));
  });

  it('#21 a code is bound to its channel', async () => {
    const other = await createClient(t);
    const code = await codeFor(channel);
    expect((await accessToken(other, code).expect(400)).body.error).toBe('invalid_grant');
  });

  it('#22 no redirect_uri is needed at the token step; one that is sent must match', async () => {
    const code = await codeFor(channel);
    expect((await accessToken(channel, code, { redirect_uri: 'https://app.example/other' }).expect(400)).body.error).toBe('invalid_grant');
    const code2 = await codeFor(channel);
    await accessToken(channel, code2, { redirect_uri: channel.redirectUri }).expect(200);
  });

  it('#2 an unapproved channel or an unregistered redirect_uri gets the error page, never a redirect', async () => {
    const pending = await createClient(t, {}, { approve: false });
    for (const url of [authorizeUrl(pending), authorizeUrl(channel, { redirect_uri: 'https://app.example/cb/' }), authorizeUrl(channel, { channel_id: 'nope' })]) {
      const res = await t.http().get(url).expect(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('invalid_request');
    }
  });

  it('#3 an unknown scope redirects with invalid_scope and the state', async () => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(channel, { scope: 'user_id_read,admin' }) });
    expect(result.error).toBe('invalid_scope');
    expect(result.state).toBe('STATE');
  });

  it('/user_id needs user_id_read (403 insufficient_scope) and a valid token (401 invalid_token)', async () => {
    const code = await codeFor(channel, { scope: 'profile' });
    const { body } = await accessToken(channel, code).expect(200);
    expect((await t.http().get('/user_id').query({ access_token: body.access_token }).expect(403)).body.error).toBe('insufficient_scope');
    expect((await t.http().get('/user_id').query({ access_token: 'gha_nope' }).expect(401)).body.error).toBe('invalid_token');
    expect((await t.http().get('/user_id').expect(401)).body.error).toBe('invalid_token');
  });

  it('bad input gets an RFC error code, never a 500', async () => {
    expect((await t.http().get('/access_token').query({ channel_id: channel.clientId, token: channel.clientSecret!, code: 'x', grant_type: 'password' }).expect(400)).body.error).toBe('unsupported_grant_type');
    expect((await t.http().get(`/access_token?channel_id=${channel.clientId}&channel_id=x&grant_type=authorization_code`).expect(400)).body.error).toBe('invalid_request');
    expect((await accessToken(channel, 'not-a-code').expect(400)).body.error).toBe('invalid_grant');
    expect((await t.http().get('/access_token').query({ grant_type: 'authorization_code', code: 'x' }).expect(401)).body.error).toBe('invalid_client');
  });

  it('the Swagger docs describe every dialect endpoint under the Compatibility tag', async () => {
    const { body } = await t.http().get('/docs-json').expect(200);
    const tagged = Object.entries(body.paths as Record<string, Record<string, { tags?: string[]; summary?: string }>>)
      .flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => op.tags?.includes('Compatibility') && op.summary).map(([method]) => `${method.toUpperCase()} ${path}`));
    expect(tagged).toEqual(expect.arrayContaining([
      'GET /authorize.html', 'GET /access_token', 'GET /user_id', 'GET /index.php', 'POST /index.php',
      'GET /v1/oauth2/authorize', 'POST /v1/oauth2/accessToken', 'POST /v1/oauth2/refreshToken', 'GET /v1/oauth2/getOpenId', 'GET /v1/oauth2/getUserInfo',
      'GET /oauth2/appToAppAuth', 'POST /sop/gateway', 'GET /sop/platform-key',
      'GET /client/add', 'GET /authorize', 'GET /oauth2/access_token', 'POST /oauth2/access_token', 'POST /oauth2/refresh_token',
    ]));
  });
});
