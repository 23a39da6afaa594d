import supertest from 'supertest';
import { ClientLifecycle } from '../../libs/clients/src';
import { SecondFactors } from '../../libs/accounts/src';
import { totpCode } from '../../libs/accounts/src/second-factors/totp';
import { adminToken, bearer } from '../support/admin';
import { startTestApp, TestApp } from '../support/app';
import { loginAndAuthorize, pkcePair } from '../support/browser-flow';
import { rsaPair, sopParams } from '../support/dialects';
import { ALICE, basicAuth, createClient, createUser, TestClient } from '../support/fixtures';
import { OpenApiResponses } from '../support/openapi-responses';

/**
 * The document against the REAL answers: every request below goes through a supertest agent
 * that finds the operation by method + path and validates the JSON body against the documented
 * schema of that status (closed objects: an undocumented field fails too). The last test asserts
 * that every operation with a JSON answer was checked, so a new endpoint needs a call here.
 */
describe('OpenAPI document vs. real responses', () => {
  let t: TestApp;
  let doc: OpenApiResponses;
  let api: supertest.Agent;
  let admin: string;
  let channel: TestClient;

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_REGISTRATION: '100' } });
    doc = await OpenApiResponses.load(t);
    api = doc.agent(t);
    await createUser(t, ALICE);
    admin = bearer(await adminToken(t));
    channel = await createClient(t, { scope: 'openid user_id_read profile' });
  });
  afterAll(async () => { await t.close(); });

  const codeFor = async (url: string) => {
    const result = await loginAndAuthorize(t, { url });
    if (!result.code) throw new Error(`no code: ${result.location}`);
    return result.code;
  };
  const form = (test: supertest.Test, body: Record<string, string>) => test.type('form').send(body);

  it('registration: 201, the field errors of the validation pipe (400), 401 for a bad operator token', async () => {
    await api.post('/api/v1/clients').send({ client_name: 'Acme', redirect_uris: ['https://acme.example/cb'], owner_name: 'Acme Ltd.' }).expect(201);
    await api.post('/api/v1/clients').send({ client_name: 'Public', redirect_uris: ['https://acme.example/cb'], token_endpoint_auth_method: 'none' }).expect(201);
    const invalid = await api.post('/api/v1/clients').send({ client_name: 5, colour: 'red' }).expect(400);
    expect(invalid.body.message).toEqual(expect.arrayContaining(['property colour should not exist']));
    await api.post('/api/v1/clients').set('Authorization', 'Bearer nope').send({ client_name: 'X', redirect_uris: ['https://x.example/cb'] }).expect(401);
  });

  it('admin session: login 200 / 400 / 401, logout 204 / 401', async () => {
    await api.post('/api/admin/session').send({ username: 'admin', password: 'wrong-password' }).expect(401);
    await api.post('/api/admin/session').send({ username: 'admin' }).expect(400);
    const token = (await api.post('/api/admin/session').send({ username: 'admin', password: 'admin-password-1' }).expect(200)).body.access_token;
    await api.delete('/api/admin/session').set('Authorization', bearer(token)).expect(204);
    await api.delete('/api/admin/session').set('Authorization', bearer(token)).expect(401);
    await api.get('/api/admin/clients').expect(401);
  });

  it('admin channels: list, one, edit, rotate the secret, the lifecycle; 400, 403, 404, 409', async () => {
    const pending = await createClient(t, { owner_name: 'Acme Ltd.', description: 'Reads ids' }, { approve: false });
    await api.get('/api/admin/clients').query({ status: 'pending', limit: 5 }).set('Authorization', admin).expect(200);
    await api.get('/api/admin/clients').query({ status: 'nonsense' }).set('Authorization', admin).expect(400);
    await api.get(`/api/admin/clients/${pending.clientId}`).set('Authorization', admin).expect(200);
    await api.get('/api/admin/clients/no-such-client').set('Authorization', admin).expect(404);
    await api.patch(`/api/admin/clients/${pending.clientId}`).set('Authorization', admin).send({ access_token_ttl: 600, owner_name: null }).expect(200);
    await api.patch(`/api/admin/clients/${pending.clientId}`).set('Authorization', admin).send({ access_token_ttl: 'long' }).expect(400);
    await api.post(`/api/admin/clients/${pending.clientId}/approve`).set('Authorization', admin).send({ note: 'ok' }).expect(200);
    await api.post(`/api/admin/clients/${pending.clientId}/approve`).set('Authorization', admin).send({}).expect(409);
    await api.post(`/api/admin/clients/${pending.clientId}/suspend`).set('Authorization', admin).send({ reason: 'abuse' }).expect(200);
    await api.post(`/api/admin/clients/${pending.clientId}/reactivate`).set('Authorization', admin).send({}).expect(200);
    await api.post(`/api/admin/clients/${pending.clientId}/secret`).set('Authorization', admin).expect(200);
    const other = await createClient(t, {}, { approve: false });
    await api.post(`/api/admin/clients/${other.clientId}/reject`).set('Authorization', admin).send({}).expect(400);
    await api.post(`/api/admin/clients/${other.clientId}/reject`).set('Authorization', admin).send({ reason: 'spam' }).expect(200);
    const userToken = (await api.post('/api/admin/session').send({ username: ALICE.username, password: ALICE.password })).status;
    expect([401, 403]).toContain(userToken);
  });

  it('admin users, scopes, audit and keys', async () => {
    const created = await api.post('/api/admin/users').set('Authorization', admin).send({ username: 'carol', password: 'carol-password-1', display_name: 'Carol' }).expect(201);
    await api.post('/api/admin/users').set('Authorization', admin).send({ username: 'carol', password: 'carol-password-1' }).expect(409);
    await api.get('/api/admin/users').query({ search: 'car' }).set('Authorization', admin).expect(200);
    await api.get(`/api/admin/users/${created.body.id}`).set('Authorization', admin).expect(200);
    await api.patch(`/api/admin/users/${created.body.id}`).set('Authorization', admin).send({ disabled: true, display_name: null }).expect(200);
    await api.get('/api/admin/users/6f1c3c1e-0d7a-4a4e-9d55-2b1f0f2f8a10').set('Authorization', admin).expect(404);
    await api.get('/api/admin/scopes').set('Authorization', admin).expect(200);
    await api.post('/api/admin/scopes').set('Authorization', admin).send({ name: 'orders_read', description: 'Read orders', description_zh: '读取订单' }).expect(201);
    await api.post('/api/admin/scopes').set('Authorization', admin).send({ name: 'orders_read', description: 'Again' }).expect(409);
    const page = await api.get('/api/admin/audit').query({ limit: 2 }).set('Authorization', admin).expect(200);
    if (page.body.next_cursor !== null) await api.get('/api/admin/audit').query({ limit: 2, cursor: page.body.next_cursor }).set('Authorization', admin).expect(200);
    await api.get('/api/admin/audit').query({ since: 'yesterday' }).set('Authorization', admin).expect(400);
    await api.post('/api/admin/keys/rotate').set('Authorization', admin).expect(200);
  });

  it('discovery documents and the JWKS', async () => {
    await api.get('/.well-known/oauth-authorization-server').expect(200);
    await api.get('/.well-known/openid-configuration').expect(200);
    await api.get('/oauth2/jwks').expect(200);
  });

  it('tokens: authorization_code with PKCE, refresh, client_credentials, introspect, revoke, and their RFC 6749 errors', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(`/oauth2/authorize?${new URLSearchParams({
      response_type: 'code', client_id: channel.clientId, redirect_uri: channel.redirectUri, scope: 'openid user_id_read profile', state: 's', code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n',
    })}`);
    const basic = basicAuth(channel.clientId, channel.clientSecret!);
    const issued = await form(api.post('/oauth2/token').set('Authorization', basic), { grant_type: 'authorization_code', code, redirect_uri: channel.redirectUri, code_verifier: verifier }).expect(200);
    const refreshed = await form(api.post('/oauth2/token').set('Authorization', basic), { grant_type: 'refresh_token', refresh_token: issued.body.refresh_token }).expect(200);
    const cc = await form(api.post('/oauth2/token').set('Authorization', basic), { grant_type: 'client_credentials' }).expect(200);
    await form(api.post('/oauth2/token').set('Authorization', basicAuth(channel.clientId, 'wrong')), { grant_type: 'client_credentials' }).expect(401);
    await form(api.post('/oauth2/token').set('Authorization', basic), { grant_type: 'password' }).expect(400);
    await form(api.post('/oauth2/token').set('Authorization', basic), { grant_type: 'client_credentials', scope: 'admin' }).expect(400);
    await form(api.post('/oauth2/introspect').set('Authorization', basic), { token: cc.body.access_token }).expect(200);
    await form(api.post('/oauth2/introspect').set('Authorization', basic), { token: 'nope' }).expect(200);
    await form(api.post('/oauth2/introspect'), { token: 'nope' }).expect(401);
    await form(api.post('/oauth2/revoke').set('Authorization', basic), { token: 'nope' }).expect(200);
    await form(api.post('/oauth2/revoke').set('Authorization', basic), {}).expect(400);

    await api.get('/api/v1/me').set('Authorization', bearer(refreshed.body.access_token)).expect(200);
    await api.get('/api/v1/me').set('Authorization', bearer(cc.body.access_token)).expect(403);
    await api.get('/api/v1/me').expect(401);
    await api.get('/oauth2/userinfo').set('Authorization', bearer(refreshed.body.access_token)).expect(200);
    await api.post('/oauth2/userinfo').set('Authorization', bearer(refreshed.body.access_token)).expect(200);
    await api.get('/oauth2/userinfo').set('Authorization', bearer(cc.body.access_token)).expect(403);
    await api.post('/oauth2/userinfo').expect(401);
    // A replayed code: invalid_grant (and the tokens issued with it are revoked).
    await form(api.post('/oauth2/token').set('Authorization', basic), { grant_type: 'authorization_code', code, redirect_uri: channel.redirectUri, code_verifier: verifier }).expect(400);
  });

  it('seed 000 (listener): access_token, user_id', async () => {
    const c = await createClient(t, { scope: 'user_id_read profile' });
    const code = await codeFor(`/authorize.html?${new URLSearchParams({ channel_id: c.clientId, redirect_uri: c.redirectUri, response_type: 'code', scope: 'user_id_read', state: 'S' })}`);
    const token = await api.get('/access_token').query({ channel_id: c.clientId, token: c.clientSecret!, code, grant_type: 'authorization_code' }).expect(200);
    await api.get('/access_token').query({ channel_id: c.clientId, token: 'wrong', code, grant_type: 'authorization_code' }).expect(401);
    await api.get('/user_id').query({ access_token: token.body.access_token }).expect(200);
    await api.get('/user_id').expect(401);
  });

  it('seed 001 (liuyuan): POST /index.php?app=token', async () => {
    const c = await createClient(t);
    const code = await codeFor(`/index.php?app=authorize&${new URLSearchParams({ response_type: 'code', client_id: c.clientId, state: 'xyz' })}`);
    const basic = `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;
    await form(api.post('/index.php?app=token').set('Authorization', basic), { grant_type: 'authorization_code', code, client_id: c.clientId }).expect(200);
    await form(api.post('/index.php?app=token').set('Authorization', basic), { grant_type: 'authorization_code', code, client_id: c.clientId }).expect(400);
  });

  it('seed 002 (mall): accessToken, refreshToken, getOpenId', async () => {
    const c = await createClient(t);
    const code = await codeFor(`/v1/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: c.clientId, redirect_uri: c.redirectUri, state: 'st' })}`);
    const creds = { client_id: c.clientId, client_secret: c.clientSecret! };
    const token = await form(api.post('/v1/oauth2/accessToken'), { ...creds, redirect_uri: c.redirectUri, grant_type: 'authorization_code', code }).expect(200);
    await form(api.post('/v1/oauth2/accessToken'), { ...creds, grant_type: 'refresh_token' }).expect(400);
    const refreshed = await form(api.post('/v1/oauth2/refreshToken'), { ...creds, grant_type: 'refresh_token', refresh_token: token.body.refresh_token }).expect(200);
    await api.get('/v1/oauth2/getOpenId').query({ access_token: refreshed.body.access_token }).expect(200);
    await api.get('/v1/oauth2/getOpenId').query({ access_token: 'nope' }).expect(401);
    await api.get('/v1/oauth2/getUserInfo').query({ access_token: refreshed.body.access_token }).expect(200);
    await api.get('/v1/oauth2/getUserInfo').query({ access_token: 'nope' }).expect(401);
  });

  it('admin: second factors, locks and the importer', async () => {
    const dave = await api.post('/api/admin/users').set('Authorization', admin).send({ username: 'dave', password: 'dave-password-1' }).expect(201);
    await api.get(`/api/admin/users/${dave.body.id}/second-factors`).set('Authorization', admin).expect(200);
    await api.delete(`/api/admin/users/${dave.body.id}/second-factors`).set('Authorization', admin).expect(404);
    const factors = t.app.get(SecondFactors);
    const { secret } = await factors.beginTotp(dave.body.id, 'dave');
    await factors.confirmTotp(dave.body.id, totpCode(secret), { actor: 'test' });
    await api.delete(`/api/admin/users/${dave.body.id}/second-factors`).set('Authorization', admin).expect(204);

    // Five wrong passwords from an address that never signed in to the account: the account is locked.
    for (let i = 0; i < 5; i++) await api.post('/api/admin/session').send({ username: 'dave', password: 'wrong-password' }).expect(401);
    const locks = await api.get('/api/admin/locks').set('Authorization', admin).expect(200);
    const lock = (locks.body.items ?? locks.body).find((l: { subject?: string }) => String(l.subject ?? '').includes('dave'));
    expect(lock).toBeDefined();
    await api.delete(`/api/admin/locks/${encodeURIComponent(lock.id)}`).set('Authorization', admin).expect(200);
    await api.delete('/api/admin/locks/nope').set('Authorization', admin).expect((res) => expect(res.status).toBeGreaterThanOrEqual(400));

    const line = JSON.stringify({ type: 'user', user_id: 'imported-1', username: 'imported_one', display_name: 'Imported One' });
    await api.post('/api/admin/import').query({ dry_run: 'true' }).set('Authorization', admin).set('Content-Type', 'application/x-ndjson').send(`${line}\n`).expect(200);
    await api.post('/api/admin/import').set('Authorization', admin).set('Content-Type', 'application/x-ndjson').send(`${line}\n{"type":"user"}\n`).expect(200);
  });

  it('seed 003 (sop): the signed gateway, success and error envelopes', async () => {
    const app = rsaPair();
    const c = await createClient(t, { redirect_uris: ['http://localhost:8087/oauth2callback'], sop_public_key: app.publicKey });
    const code = await codeFor(`/oauth2/appToAppAuth?app_id=${c.clientId}&redirect_uri=${encodeURIComponent(c.redirectUri)}`);
    await form(api.post('/sop/gateway'), sopParams(c.clientId, app.privateKey, { grant_type: 'authorization_code', code })).expect(200);
    await form(api.post('/sop/gateway'), sopParams(c.clientId, app.privateKey, { grant_type: 'authorization_code', code: 'used' }, { sign: 'bad' })).expect(200);
    await api.post('/sop/gateway').send({}).expect(200);
  });

  it('seed 004 (authserver): register, exchange (GET and POST), refresh', async () => {
    const reg = await api.get('/client/add').query({ clientName: '应用名称', redirectUrl: 'http://localhost:8051/test', description: '应用描述' }).expect(200);
    await api.get('/client/add').query({ redirectUrl: 'http://localhost:8051/test' }).expect(400);
    const { clientId, clientSecret } = reg.body.data as { clientId: string; clientSecret: string };
    await t.app.get(ClientLifecycle).approve(clientId, undefined, { actor: 'test' });
    const authorize = () => codeFor(`/authorize?client_id=${clientId}&response_type=code&redirect_uri=http://localhost:8051/test&scope=snsapi_login&state=1`);
    const query = (code: string) => ({ client_id: clientId, client_secret: clientSecret, grant_type: 'authorization_code', redirect_uri: 'http://localhost:8051/test', code });
    const byGet = await api.get('/oauth2/access_token').query(query(await authorize())).expect(200);
    await form(api.post('/oauth2/access_token'), query(await authorize())).expect(200);
    await api.get('/oauth2/access_token').query(query('used')).expect(400);
    await api.post(`/oauth2/refresh_token?client_id=${clientId}&grant_type=refresh_token&refresh_token=${byGet.body.refresh_token}`).expect(200);
    await api.post(`/oauth2/refresh_token?client_id=${clientId}&grant_type=password`).expect(400);
  });

  it('the check itself fails on a drifted answer: an undocumented field, a wrong type, a missing field, an undocumented status', async () => {
    const doc = await OpenApiResponses.load(t); // its own instance: these checks do not count as coverage
    const json = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json; charset=utf-8' }, body, text: JSON.stringify(body) });
    const me = { openid: 'x', user_id: 'u' };
    expect(() => doc.check('GET', '/api/v1/me', json(200, me))).not.toThrow();
    expect(() => doc.check('GET', '/api/v1/me', json(200, { ...me, email: 'a@b' }))).toThrow(/must NOT have additional properties/);
    expect(() => doc.check('GET', '/api/v1/me', json(200, { ...me, openid: 5 }))).toThrow(/must be string/);
    expect(() => doc.check('GET', '/api/v1/me', json(200, { user_id: 'u' }))).toThrow(/must have required property 'openid'/);
    expect(() => doc.check('GET', '/api/v1/me', json(418, {}))).toThrow(/does not list/);
    expect(() => doc.check('POST', '/oauth2/token', json(400, { error: 'invalid_grant' }))).toThrow(/error_description/);
    expect(() => doc.check('GET', '/api/admin/clients/abc', json(404, { statusCode: 404, error: 'not_found', error_description: 'x', message: 'x' }))).not.toThrow();
    expect(() => doc.check('GET', '/nowhere', json(200, {}))).toThrow(/not in the OpenAPI document/);
  });

  // Last before the coverage check: a second app in this process takes over passport's global
  // strategy registration, so no browser login of the first app may follow it.
  it('admin: login requests (LOGIN_MODE=provider)', async () => {
    const provider = await startTestApp({ env: { LOGIN_MODE: 'provider', LOGIN_PROVIDER_URL: 'https://platform.example/signin' } });
    try {
      const providerApi = doc.agent(provider);
      const providerAdmin = bearer(await adminToken(provider));
      const app = await createClient(provider, { scope: 'user_id_read profile' });
      const challengeFor = async () => {
        const { challenge } = pkcePair();
        const res = await provider.http().get(`/oauth2/authorize?${new URLSearchParams({
          response_type: 'code', client_id: app.clientId, redirect_uri: app.redirectUri, scope: 'profile', state: 's', code_challenge: challenge, code_challenge_method: 'S256',
        })}`).expect(302);
        return new URL(res.headers.location as string).searchParams.get('login_challenge') as string;
      };
      const first = await challengeFor();
      await providerApi.get(`/api/admin/login-requests/${first}`).set('Authorization', providerAdmin).expect(200);
      await providerApi.post(`/api/admin/login-requests/${first}/accept`).set('Authorization', providerAdmin).send({ user_id: 'platform-7', username: 'platform_seven' }).expect(200);
      await providerApi.post(`/api/admin/login-requests/${first}/accept`).set('Authorization', providerAdmin).send({ user_id: 'platform-7' }).expect((res) => expect([409, 410]).toContain(res.status));
      const second = await challengeFor();
      await providerApi.post(`/api/admin/login-requests/${second}/reject`).set('Authorization', providerAdmin).send({ error: 'access_denied', error_description: 'Cancelled' }).expect(200);
      await providerApi.get('/api/admin/login-requests/ghlc_unknown').set('Authorization', providerAdmin).expect(404);
    } finally {
      await provider.close();
    }
  });

  it('checked a real answer of every operation that documents a JSON response', () => {
    const seen = new Set(doc.checked.filter((c) => c.status < 300).map((c) => `${c.method.toUpperCase()} ${c.template}`));
    const missing = doc.jsonOperations().filter((op) => !seen.has(op));
    expect(missing).toEqual([]);
    expect(doc.checked.length).toBeGreaterThanOrEqual(70);
  });
});
