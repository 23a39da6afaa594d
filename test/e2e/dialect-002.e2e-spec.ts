import { UsersService, UserView } from '../../libs/accounts/src';
import { AuthorizationCodeEntity } from '../../libs/persistence/src';
import { sha256Hex } from '../../libs/common/src';
import { startTestApp, TestApp } from '../support/app';
import { loginAndAuthorize } from '../support/browser-flow';
import { expectNotLogged } from '../support/dialects';
import { ALICE, BOB, createClient, createUser, TestClient } from '../support/fixtures';
import { me } from '../support/tokens';

/** Seed 002 "mall": every call of 002_mall_oauth2.md, exactly as written, over the core. */
describe('seed 002 mall dialect', () => {
  let t: TestApp;
  let channel: TestClient;
  let alice: UserView;
  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t, ALICE);
    channel = await createClient(t);
  });
  afterAll(async () => { await t.close(); });

  const authorizeUrl = (c: TestClient, over: Record<string, string> = {}) =>
    `/v1/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: c.clientId, redirect_uri: c.redirectUri, state: 'bb38108d1aaf567c72da0f1167e87142d0e20cb2bb24ec5a', ...over })}`;
  const codeFor = async (c: TestClient, over: Record<string, string> = {}, user = ALICE) => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(c, over), user });
    if (!result.code) throw new Error(`no code: ${result.location}`);
    return result.code;
  };
  const accessToken = (c: TestClient, code: string, over: Record<string, string> = {}) => t.http().post('/v1/oauth2/accessToken').type('form').send({
    client_id: c.clientId, client_secret: c.clientSecret!, redirect_uri: c.redirectUri, grant_type: 'authorization_code', code, ...over,
  });
  const refreshToken = (c: TestClient, token: string, over: Record<string, string> = {}) => t.http().post('/v1/oauth2/refreshToken').type('form').send({
    client_id: c.clientId, client_secret: c.clientSecret!, grant_type: 'refresh_token', refresh_token: token, ...over,
  });

  it('step 1-2: /v1/oauth2/authorize → login and consent → redirect_uri?code=…&state=…', async () => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(channel) });
    expect(result.location.startsWith(`${channel.redirectUri}?`)).toBe(true);
    expect(result.code).toEqual(expect.any(String));
    expect(result.state).toBe('bb38108d1aaf567c72da0f1167e87142d0e20cb2bb24ec5a');
  });

  /** The document's answer shapes, field for field (an extra `openid` on the token answers is allowed by PRODUCT.md). */
  const TOKEN_ANSWER = { access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer', scope: null, refresh_token: expect.any(String) };
  const INVALID_TOKEN = { error: 'invalid_token', error_description: 'The access token provided is invalid' };
  const getOpenId = (token: string) => t.http().get(`/v1/oauth2/getOpenId?access_token=${token}`);
  const getUserInfo = (token: string) => t.http().get(`/v1/oauth2/getUserInfo?access_token=${token}`);

  it('step 3: POST /v1/oauth2/accessToken → the document\'s answer, "scope": null (its authorize request has no scope), plus openid', async () => {
    const c = await createClient(t);
    const first = await loginAndAuthorize(t, { url: authorizeUrl(c) });
    expect(first.consentShown).toBe(true);
    const res = await accessToken(c, first.code!).expect(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.body).toEqual({ ...TOKEN_ANSWER, openid: expect.any(String) });
    // Consent remembered: the code is issued without the consent page, and still answers null.
    const again = await loginAndAuthorize(t, { url: authorizeUrl(c) });
    expect(again.consentShown).toBe(false);
    expect((await accessToken(c, again.code!).expect(200)).body).toEqual({ ...TOKEN_ANSWER, openid: res.body.openid });
    expect((await me(t, res.body.access_token).expect(200)).body.openid).toBe(res.body.openid);
    expectNotLogged(t, [c.clientSecret!, first.code!, res.body.access_token, res.body.refresh_token]);
  });

  it('step 3 with a scope in the authorize request: scope is answered as a string, on refresh too', async () => {
    const code = await codeFor(channel, { scope: 'profile' });
    const res = await accessToken(channel, code).expect(200);
    expect(res.body).toEqual({ ...TOKEN_ANSWER, scope: 'profile', openid: expect.any(String) });
    const refreshed = await refreshToken(channel, res.body.refresh_token).expect(200);
    expect(refreshed.body).toEqual({ ...TOKEN_ANSWER, scope: 'profile' });
    expect((await getOpenId(refreshed.body.access_token).expect(200)).body.result.scope).toBe('profile');
  });

  it('step 4.1: GET /v1/oauth2/getOpenId → {"status":1,"msg":"操作成功!","result":{access_token, client_id, expires, scope: null, open_id}}', async () => {
    const res = await accessToken(channel, await codeFor(channel)).expect(200);
    const before = Math.floor(Date.now() / 1000);
    const open = await getOpenId(res.body.access_token).expect(200);
    expect(open.headers['cache-control']).toContain('no-store');
    expect(open.body).toEqual({
      status: 1,
      msg: '操作成功!',
      result: { access_token: res.body.access_token, client_id: channel.clientId, expires: expect.any(Number), scope: null, open_id: res.body.openid },
    });
    expect(Number.isInteger(open.body.result.expires)).toBe(true);
    expect(open.body.result.expires).toBeGreaterThanOrEqual(before + 3600 - 5);
    expect(open.body.result.expires).toBeLessThanOrEqual(before + 3600 + 1);
    // A Bearer header works too and answers the same.
    const viaHeader = await t.http().get('/v1/oauth2/getOpenId').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    expect(viaHeader.body).toEqual(open.body);
  });

  it('step 4.2: GET /v1/oauth2/getUserInfo → {"status":1,"msg":"操作成功!","result":{"seller_name":…, …attributes}}', async () => {
    const users = t.app.get(UsersService);
    const ctx = { actor: 'test' };
    await users.setAttributes(alice.id, { seller_name: '倍升互聯(北京)科技有限公司', region: 'CN-BJ' }, ctx);
    const { body } = await accessToken(channel, await codeFor(channel)).expect(200);
    const info = await getUserInfo(body.access_token).expect(200);
    expect(info.headers['cache-control']).toContain('no-store');
    expect(info.body).toEqual({ status: 1, msg: '操作成功!', result: { seller_name: '倍升互聯(北京)科技有限公司', region: 'CN-BJ' } });
    expect(Object.keys(info.body.result)[0]).toBe('seller_name');
    // Without the attribute: the display name; without a display name: the username.
    await users.setAttributes(alice.id, { region: 'CN-BJ' }, ctx);
    expect((await getUserInfo(body.access_token).expect(200)).body).toEqual({ status: 1, msg: '操作成功!', result: { seller_name: 'Alice Liu', region: 'CN-BJ' } });
    const bob = await createUser(t, { ...BOB, displayName: undefined });
    const bobTokens = await accessToken(channel, await codeFor(channel, {}, BOB)).expect(200);
    expect((await getUserInfo(bobTokens.body.access_token).expect(200)).body).toEqual({ status: 1, msg: '操作成功!', result: { seller_name: 'bob' } });
    expect(bob.attributes).toEqual({});
    await users.setAttributes(alice.id, null, ctx);
  });

  it('getUserInfo needs the profile scope (403 insufficient_scope otherwise)', async () => {
    const code = await codeFor(channel, { scope: 'user_id_read' });
    const { body } = await accessToken(channel, code).expect(200);
    const res = await getUserInfo(body.access_token).expect(403);
    expect(res.body).toEqual({ error: 'insufficient_scope', error_description: expect.any(String) });
  });

  it('a bad token on getOpenId or getUserInfo → 401 {"error":"invalid_token","error_description":"The access token provided is invalid"}', async () => {
    const { body } = await accessToken(channel, await codeFor(channel)).expect(200);
    await t.http().post('/oauth2/revoke').type('form')
      .send({ token: body.access_token, client_id: channel.clientId, client_secret: channel.clientSecret! }).expect(200);
    for (const call of [getOpenId, getUserInfo]) {
      for (const token of ['fe7c425d163ba7739a710b1fe0f63184bc8cf703', '', body.access_token]) {
        const res = await call(token).expect(401);
        expect(res.headers['cache-control']).toContain('no-store');
        expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="gatehouse", error="invalid_token"/);
        expect(res.body).toEqual(INVALID_TOKEN);
      }
    }
    for (const path of ['getOpenId', 'getUserInfo']) expect((await t.http().get(`/v1/oauth2/${path}`).expect(401)).body).toEqual(INVALID_TOKEN);
  });

  it('a JSON body is accepted too', async () => {
    const code = await codeFor(channel);
    const res = await t.http().post('/v1/oauth2/accessToken').send({
      client_id: channel.clientId, client_secret: channel.clientSecret, redirect_uri: channel.redirectUri, grant_type: 'authorization_code', code,
    }).expect(200);
    expect(res.body.openid).toEqual(expect.any(String));
  });

  it('codes issued here live 30 seconds; an expired one → invalid_grant', async () => {
    const code = await codeFor(channel);
    const repo = t.dataSource.getRepository(AuthorizationCodeEntity);
    const row = await repo.findOneByOrFail({ codeHash: sha256Hex(code) });
    const lifetime = (row.expiresAt.getTime() - Date.now()) / 1000;
    expect(lifetime).toBeGreaterThan(25);
    expect(lifetime).toBeLessThanOrEqual(30);
    await repo.update({ id: row.id }, { expiresAt: new Date(Date.now() - 1000) });
    const res = await accessToken(channel, code).expect(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
  });

  it('#18 codes are single use: the second redemption fails and revokes the first tokens', async () => {
    const code = await codeFor(channel);
    const first = await accessToken(channel, code).expect(200);
    expect((await accessToken(channel, code).expect(400)).body.error).toBe('invalid_grant');
    expect((await t.http().get('/v1/oauth2/getOpenId').query({ access_token: first.body.access_token }).expect(401)).body.error).toBe('invalid_token');
  });

  it('#22 redirect_uri must equal the one of step 1', async () => {
    const code = await codeFor(channel);
    expect((await accessToken(channel, code, { redirect_uri: 'https://app.example/other' }).expect(400)).body.error).toBe('invalid_grant');
    const code2 = await codeFor(channel);
    const noRedirect = await t.http().post('/v1/oauth2/accessToken').type('form')
      .send({ client_id: channel.clientId, client_secret: channel.clientSecret!, grant_type: 'authorization_code', code: code2 }).expect(400);
    expect(noRedirect.body.error).toBe('invalid_grant');
  });

  it('#25 a wrong client_secret → 401 invalid_client', async () => {
    const code = await codeFor(channel);
    const res = await accessToken(channel, code, { client_secret: 'wrong' }).expect(401);
    expect(res.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it('step 5: refreshToken → the document\'s answer ("scope": null again); rotates; #31 replaying the old refresh token revokes the family', async () => {
    const code = await codeFor(channel);
    const first = await accessToken(channel, code).expect(200);
    const second = await refreshToken(channel, first.body.refresh_token).expect(200);
    expect(second.headers['cache-control']).toContain('no-store');
    expect(second.body).toEqual(TOKEN_ANSWER);
    const third = await refreshToken(channel, second.body.refresh_token).expect(200);
    expect(third.body).toEqual(TOKEN_ANSWER);
    expect((await getOpenId(third.body.access_token).expect(200)).body.result).toMatchObject({ scope: null, client_id: channel.clientId });
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    const replay = await refreshToken(channel, first.body.refresh_token).expect(400);
    expect(replay.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    expect((await refreshToken(channel, third.body.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    expect((await getOpenId(third.body.access_token).expect(401)).body).toEqual(INVALID_TOKEN);
  });

  it('#33 a refresh token is bound to its channel; a wrong secret is invalid_client', async () => {
    const other = await createClient(t);
    const { body } = await accessToken(channel, await codeFor(channel)).expect(200);
    expect((await refreshToken(other, body.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    expect((await refreshToken(channel, body.refresh_token, { client_secret: 'wrong' }).expect(401)).body.error).toBe('invalid_client');
  });

  it('#2 an unapproved channel or an unregistered redirect_uri gets the error page', async () => {
    const pending = await createClient(t, {}, { approve: false });
    for (const url of [authorizeUrl(pending), authorizeUrl(channel, { redirect_uri: 'https://www.baidu.com/' })]) {
      const res = await t.http().get(url).expect(400);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('bad input gets {error, error_description}, never a 500', async () => {
    expect((await t.http().post('/v1/oauth2/accessToken').set('Content-Type', 'text/plain').send('x').expect(400)).body.error).toBe('invalid_request');
    expect((await t.http().post('/v1/oauth2/accessToken').send({ client_id: 1, code: ['a'] }).expect(400)).body.error).toBe('invalid_request');
    expect((await t.http().post('/v1/oauth2/accessToken').send([1, 2]).expect(400)).body.error).toBe('invalid_request');
    expect((await accessToken(channel, 'x', { grant_type: 'refresh_token' }).expect(400)).body.error).toBe('unsupported_grant_type');
    expect((await t.http().get('/v1/oauth2/getOpenId').expect(401)).body.error).toBe('invalid_token');
  });
});
